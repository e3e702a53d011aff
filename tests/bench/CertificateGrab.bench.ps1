# Certificate grabs per second: Get-CertificateIntelligence over 1,000 distinct Lab names (the wildcard zone
# bench.apithreat.test -> 127.0.0.1, the Lab's HTTPS port, SNI of one Lab host so the server's certificate is
# cached) with -ThrottleLimit 200; with and without the raw-hello OCSP probe. Compared in the same run with
# sequential `openssl s_time -new` handshakes against the same server. CPU milliseconds per certificate (this
# process, and the Lab's server process) are reported too: on a shared machine they vary far less than wall time.
param($ModulePath, $Lab)
$self = [System.Diagnostics.Process]::GetCurrentProcess()
$server = $Lab.Process
function Get-CpuMs($p) { $p.Refresh(); $p.TotalProcessorTime.TotalMilliseconds }
$count = 1000
$sni = ($Lab.scenarios | Where-Object name -EQ 'cert-good').host
$names = 1..$count | ForEach-Object { "h$_.bench.apithreat.test" }
$common = @{ Port = $Lab.httpsPort; ServerName = $sni; Resolver = $Lab.resolver; AllowPrivateAddress = $true; TrustedRootCertificate = $Lab.rootCertificate; ThrottleLimit = 200 }

# Warm-up: JIT, the Lab's certificate context, connection paths.
$null = $names[0..49] | Get-CertificateIntelligence @common

foreach ($mode in 'with OCSP probe', 'handshake only') {
    $extra = if ($mode -eq 'handshake only') { @{ SkipOcspCheck = $true } } else { @{} }
    $cpu0 = Get-CpuMs $self; $lab0 = if ($server) { Get-CpuMs $server }
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $got = @($names | Get-CertificateIntelligence @common @extra -ErrorAction SilentlyContinue -ErrorVariable errs)
    $sw.Stop()
    $cpu = (Get-CpuMs $self) - $cpu0; $labCpu = if ($server) { (Get-CpuMs $server) - $lab0 }
    [pscustomobject]@{ Benchmark = 'CertificateGrab'; Metric = "Get-CertificateIntelligence ($mode)"; Value = [math]::Round($got.Count / $sw.Elapsed.TotalSeconds); Unit = 'certs/s'; Target = '>= 500' }
    [pscustomobject]@{ Benchmark = 'CertificateGrab'; Metric = "elapsed, $($got.Count) certs, $($errs.Count) errors ($mode)"; Value = [math]::Round($sw.Elapsed.TotalSeconds, 2); Unit = 's'; Target = "$count names" }
    [pscustomobject]@{ Benchmark = 'CertificateGrab'; Metric = "client CPU per cert ($mode)"; Value = [math]::Round($cpu / [math]::Max(1, $got.Count), 3); Unit = 'ms'; Target = 'lower is better' }
    if ($server) { [pscustomobject]@{ Benchmark = 'CertificateGrab'; Metric = "Lab server CPU per cert ($mode)"; Value = [math]::Round($labCpu / [math]::Max(1, $got.Count), 3); Unit = 'ms'; Target = 'lower is better' } }
}

$openssl = Get-Command openssl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
if ($openssl) {
    $out = & $openssl.Source s_time -connect "127.0.0.1:$($Lab.httpsPort)" -new -time 5 2>&1 | Out-String
    if ($out -match '(\d+) connections in (\d+) real seconds') {
        [pscustomobject]@{ Benchmark = 'CertificateGrab'; Metric = 'openssl s_time -new (sequential, same server)'; Value = [math]::Round([int]$Matches[1] / [int]$Matches[2]); Unit = 'handshakes/s'; Target = 'reference' }
    } else {
        [pscustomobject]@{ Benchmark = 'CertificateGrab'; Metric = 'openssl s_time -new'; Value = 'unparsed output'; Unit = ''; Target = ($out -split "`n" | Select-Object -Last 3) -join ' ' }
    }
} else {
    [pscustomobject]@{ Benchmark = 'CertificateGrab'; Metric = 'openssl s_time -new'; Value = 'skipped: openssl not on PATH'; Unit = ''; Target = 'reference' }
}
