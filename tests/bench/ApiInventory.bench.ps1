# API inventory throughput: Get-ApiInventory -Depth Standard over 2,000 Lab hosts of the invbench subtree (one in twenty
# an API with an OpenAPI document, the rest plain websites), HTTPS, one port. Reports hosts/s, requests/s, the
# requests/s `wrk` reaches against the same Lab server in the same run (keep-alive, HTTPS), and memory.
param($ModulePath, $Lab)
$count = 2000
$zone = "invbench.$($Lab.zone)"
$hosts = for ($i = 1; $i -le $count; $i++) { if ($i % 20 -eq 0) { "api-$i.$zone" } else { "site-$i.$zone" } }
$params = @{ Resolver = $Lab.resolver; AllowPrivateAddress = $true; TrustedRootCertificate = $Lab.rootCertificate; Port = $Lab.httpsPort; Depth = 'Standard' }
$control = @{ Uri = "http://127.0.0.1:$($Lab.httpPort)/reset"; Headers = @{ Host = "lab-control.$($Lab.zone)" } }

# Warm-up, not measured: 300 other names of the same subtree, so that the JIT's tiering of the HTTP/2, TLS and
# discovery code (seconds of CPU in a fresh process) is mostly behind us; what follows is the steady-state rate.
$warm = for ($i = 1; $i -le 300; $i++) { if ($i % 20 -eq 0) { "api-w$i.$zone" } else { "warm-$i.$zone" } }
$null = $warm | Get-ApiInventory @params -ThrottleLimit 64 -ErrorAction SilentlyContinue
$null = Invoke-RestMethod @control
[GC]::Collect()
$process = [System.Diagnostics.Process]::GetCurrentProcess()
$process.Refresh()
$startWs = $process.WorkingSet64
$labProcess = $Lab.Process
if ($labProcess) { $labProcess.Refresh(); $labCpu0 = $labProcess.TotalProcessorTime }
$cpu0 = $process.TotalProcessorTime
$samples = [System.Collections.Generic.List[long]]::new()
$sw = [System.Diagnostics.Stopwatch]::StartNew()
$found = 0
$n = 0
$hosts | Get-ApiInventory @params -ThrottleLimit 64 -ErrorAction SilentlyContinue -ErrorVariable benchErrors | ForEach-Object {
    $found++
    if ((++$n % 20) -eq 0) { $process.Refresh(); $samples.Add($process.WorkingSet64) }
}
$sw.Stop()
$process.Refresh()
$samples.Add($process.WorkingSet64)
$ourCpu = ($process.TotalProcessorTime - $cpu0).TotalSeconds
$labCpu = if ($labProcess) { $labProcess.Refresh(); ($labProcess.TotalProcessorTime - $labCpu0).TotalSeconds }
$log = Invoke-RestMethod -Uri "http://127.0.0.1:$($Lab.httpPort)/requests" -Headers $control.Headers
$requests = @($log | Where-Object { $_ -like "*.$zone*" }).Count
if ($found -ne $count / 20) { Write-Warning "Expected $($count / 20) API endpoints, found $found ($(@($benchErrors).Count) errors)." }
$seconds = $sw.Elapsed.TotalSeconds
$ours = $requests / $seconds

# wrk against the same server: HTTPS keep-alive GET of a plain bench page.
$wrk = Get-Command wrk -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
if (-not $wrk -and $IsLinux -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get install -y -qq wrk *> $null
    if ($LASTEXITCODE -ne 0) { & apt-get update -qq *> $null; & apt-get install -y -qq wrk *> $null }
    $wrk = Get-Command wrk -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
}
$wrkRate = $null
$wrkNote = ''
if ($wrk) {
    $out = & $wrk.Source -t2 -c64 -d5s -H "Host: site-1.$zone" "https://127.0.0.1:$($Lab.httpsPort)/" 2>&1 | Out-String
    if ($out -match 'Requests/sec:\s+([\d.]+)') { $wrkRate = [double]$Matches[1] } else { $wrkNote = "wrk gave no rate: $($out.Trim())" }
}
else { $wrkNote = 'wrk is not installed and could not be installed: comparison skipped' }

[pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = 'hosts/s'; Value = [math]::Round($count / $seconds, 1); Unit = 'hosts/s'; Target = '>= 300 on 2 cores' }
[pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = 'elapsed'; Value = [math]::Round($seconds, 2); Unit = 's'; Target = "$count hosts, Standard, HTTPS" }
[pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = 'requests/s'; Value = [math]::Round($ours); Unit = 'req/s'; Target = "$requests requests" }
[pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = 'endpoints found'; Value = $found; Unit = 'APIs'; Target = "$($count / 20) expected" }
# Client and Lab server share the 2 cores: the CPU each used says where the time went.
[pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = 'client CPU per host'; Value = [math]::Round($ourCpu * 1000 / $count, 2); Unit = 'ms'; Target = 'this process' }
if ($null -ne $labCpu) { [pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = 'Lab server CPU per host'; Value = [math]::Round($labCpu * 1000 / $count, 2); Unit = 'ms'; Target = 'Kestrel, same machine' } }
if ($wrkRate) {
    [pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = 'wrk requests/s'; Value = [math]::Round($wrkRate); Unit = 'req/s'; Target = 'same Lab server, HTTPS keep-alive' }
    [pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = 'ratio to wrk'; Value = [math]::Round($ours / $wrkRate, 3); Unit = 'x'; Target = '' }
}
else {
    [pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = 'wrk requests/s'; Value = 'skipped'; Unit = ''; Target = $wrkNote }
}
$half = [math]::Max(1, [int]($samples.Count / 2))
$firstHalf = ($samples | Select-Object -First $half | Measure-Object -Maximum).Maximum
$secondHalf = ($samples | Select-Object -Skip $half | Measure-Object -Maximum).Maximum
[pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = 'working set growth'; Value = [math]::Round(($process.PeakWorkingSet64 - $startWs) / 1MB); Unit = 'MB'; Target = 'flat' }
[pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = 'max WS 1st/2nd half'; Value = "$([math]::Round($firstHalf / 1MB))/$([math]::Round($secondHalf / 1MB))"; Unit = 'MB'; Target = 'second half not above first' }
