# Certificate grabs per second: Get-CertificateIntelligence over 1,000 distinct Lab names (the wildcard zone
# bench.apithreat.test -> 127.0.0.1, the Lab's HTTPS port, SNI of one Lab host so the server's certificate is
# cached) with -ThrottleLimit 200; with and without the raw-hello OCSP probe. Compared in the same run with
# sequential `openssl s_time -new` handshakes against the same server. CPU milliseconds per certificate (this
# process, and the Lab's server process) are reported too: on a shared machine they vary far less than wall time.
param($ModulePath, $Lab)
$self = [System.Diagnostics.Process]::GetCurrentProcess()
$server = $Lab.Process
function Get-CpuMs($p) { $p.Refresh(); $p.TotalProcessorTime.TotalMilliseconds }
# $env:APITHREAT_BENCH_SCALE (0.01..1, default 1) shrinks the name lists, to check the bench itself runs.
$count = [int][math]::Max(20, 1000 * $(if ($env:APITHREAT_BENCH_SCALE) { [math]::Clamp([double]$env:APITHREAT_BENCH_SCALE, 0.01, 1) } else { 1 }))
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

# nginx (Debian), RSA-2048 certificate from a CA generated here, TLS 1.2/1.3, on loopback: Get-CertificateIntelligence
# -SkipOcspCheck over $count Lab names resolving to 127.0.0.1 (SNI = the name, the certificate covers *.bench.apithreat.test)
# in a fresh pwsh process (the fresh-process pass first, then other names in the same process: the steady state), and
# sequential `openssl s_time -new` against the same nginx in the same run.
. (Join-Path $PSScriptRoot '../Real/RealSoftware.ps1')
$nginxCommand = Get-Command nginx -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
if (-not $nginxCommand -and $IsLinux -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends nginx-light *> $null
    $nginxCommand = Get-Command nginx -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
}
if (-not $nginxCommand -or -not $openssl) {
    [pscustomobject]@{ Benchmark = 'CertificateGrab'; Metric = 'nginx'; Value = 'skipped'; Unit = ''; Target = 'nginx and openssl are needed (apt-get install nginx-light openssl)' }
    return
}
$dir = Join-Path ([IO.Path]::GetTempPath()) "apithreat-certbench-$PID"
$null = New-Item -ItemType Directory -Force $dir, (Join-Path $dir 'logs')
$nginxServer = $null
try {
    Push-Location $dir
    try {
        & $openssl.Source req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj '/CN=ApiThreat bench CA' `
            -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' 2>&1 | Out-Null
        & $openssl.Source req -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr -subj '/CN=bench.apithreat.test' 2>&1 | Out-Null
        'subjectAltName=DNS:*.bench.apithreat.test,DNS:bench.apithreat.test' + "`nextendedKeyUsage=serverAuth`nbasicConstraints=CA:FALSE" | Set-Content leaf.ext
        & $openssl.Source x509 -req -in leaf.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out leaf.crt -days 2 -sha256 -extfile leaf.ext 2>&1 | Out-Null
        Get-Content leaf.crt, ca.crt | Set-Content chain.crt
    }
    finally { Pop-Location }
    if (-not (Test-Path (Join-Path $dir 'chain.crt'))) { throw 'openssl could not make the bench certificates.' }
    $nginxPort = Get-FreeTcpPort
    @"
daemon off;
master_process on;
worker_processes 1;
pid $dir/nginx.pid;
error_log stderr warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    server {
        listen 127.0.0.1:$nginxPort ssl;
        server_name bench.apithreat.test *.bench.apithreat.test;
        ssl_certificate $dir/chain.crt;
        ssl_certificate_key $dir/leaf.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        location / { return 200 "ok\n"; }
    }
}
"@ | Set-Content (Join-Path $dir 'nginx.conf')
    $nginxServer = Start-RealServer -Name nginx -FilePath $nginxCommand.Source -ArgumentList @('-p', $dir, '-c', (Join-Path $dir 'nginx.conf'), '-e', 'stderr') -ReadyPort $nginxPort
    # Ground truth: nginx serves the generated chain, and it verifies against the bench CA.
    $check = 'Q' | & $openssl.Source s_client -connect "127.0.0.1:$nginxPort" -servername h1.bench.apithreat.test -CAfile (Join-Path $dir 'ca.crt') 2>&1 | Out-String
    if ($check -notmatch 'Verify return code: 0') { throw "nginx did not serve the bench certificate chain: $($check.Trim() -split "`n" | Select-Object -Last 5)" }

    $child = Join-Path $dir 'child.ps1'
    @'
param($ModulePath, $Port, $Resolver, $Root, $Count)
Import-Module (Join-Path $ModulePath 'ApiThreat.psd1')
$common = @{ Port = $Port; Resolver = $Resolver; AllowPrivateAddress = $true; TrustedRootCertificate = $Root; ThrottleLimit = 200; SkipOcspCheck = $true }
$self = [Diagnostics.Process]::GetCurrentProcess()
foreach ($pass in 'fresh', 'steady') {
    $names = 1..$Count | ForEach-Object { "$pass$_.bench.apithreat.test" }
    $self.Refresh(); $cpu0 = $self.TotalProcessorTime
    $jit0 = [Runtime.JitInfo]::GetCompilationTime($false); $methods0 = [Runtime.JitInfo]::GetCompiledMethodCount($false)
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $got = @($names | Get-CertificateIntelligence @common -ErrorAction SilentlyContinue -ErrorVariable errs)
    $sw.Stop(); $self.Refresh()
    $good = @($got | Where-Object HostnameMatches).Count
    [pscustomobject]@{ Pass = $pass; Seconds = $sw.Elapsed.TotalSeconds; Certs = $got.Count; Matching = $good; Errors = @($errs).Count
        CpuMs = ($self.TotalProcessorTime - $cpu0).TotalMilliseconds
        JitMs = ([Runtime.JitInfo]::GetCompilationTime($false) - $jit0).TotalMilliseconds; JitMethods = [Runtime.JitInfo]::GetCompiledMethodCount($false) - $methods0 } | ConvertTo-Json -Compress
}
'@ | Set-Content $child
    $apphost = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $cmd, $prefix = if (Test-Path $apphost) { $apphost, @() } else { (Get-Process -Id $PID).Path, @((Join-Path $PSHOME 'pwsh.dll')) }
    $nginxCount = $count
    $json = & $cmd @prefix -NoProfile -NonInteractive -File $child -ModulePath $ModulePath -Port $nginxPort -Resolver $Lab.resolver -Root (Join-Path $dir 'ca.crt') -Count $nginxCount
    if ($LASTEXITCODE -ne 0) { throw "The Get-CertificateIntelligence child process failed: $json" }
    $passes = @($json | Where-Object { $_ -like '{*' } | ConvertFrom-Json)
    $out = & $openssl.Source s_time -connect "127.0.0.1:$nginxPort" -new -time 5 2>&1 | Out-String
    $sTime = if ($out -match '(\d+) connections in ([\d.]+) real seconds') { [int]$Matches[1] / [double]$Matches[2] }
    foreach ($p in $passes) {
        $label = if ($p.Pass -eq 'fresh') { 'fresh process' } else { 'steady state' }
        $rate = $p.Certs / $p.Seconds
        [pscustomobject]@{ Benchmark = 'CertificateGrab'; Metric = "nginx Get-CertificateIntelligence -SkipOcspCheck ($label)"; Value = [math]::Round($rate); Unit = 'certs/s'; Target = "$nginxCount names; $($p.Certs) certs ($($p.Matching) matching the name), $($p.Errors) errors" }
        if ($sTime) { [pscustomobject]@{ Benchmark = 'CertificateGrab'; Metric = "nginx ratio to s_time ($label)"; Value = [math]::Round($rate / $sTime, 2); Unit = 'x'; Target = '>= 1.0' } }
        [pscustomobject]@{ Benchmark = 'CertificateGrab'; Metric = "nginx client CPU per cert ($label)"; Value = [math]::Round($p.CpuMs / [math]::Max(1, $p.Certs), 3); Unit = 'ms'; Target = 'lower is better' }
        # The JIT's share (its compile time over every thread, a wall-clock figure that load inflates): the fresh pass
        # pays the tier-up of the framework and PowerShell, which no change to the grab itself removes.
        [pscustomobject]@{ Benchmark = 'CertificateGrab'; Metric = "nginx client JIT per cert ($label)"; Value = [math]::Round($p.JitMs / [math]::Max(1, $p.Certs), 3); Unit = 'ms'; Target = "$($p.JitMethods) methods compiled" }
    }
    if ($sTime) { [pscustomobject]@{ Benchmark = 'CertificateGrab'; Metric = 'nginx openssl s_time -new (sequential, same server)'; Value = [math]::Round($sTime); Unit = 'handshakes/s'; Target = 'reference' } }
    else { [pscustomobject]@{ Benchmark = 'CertificateGrab'; Metric = 'nginx openssl s_time -new'; Value = 'unparsed output'; Unit = ''; Target = ($out -split "`n" | Select-Object -Last 3) -join ' ' } }
}
finally {
    $nginxServer | Stop-RealServer
    Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue
}
