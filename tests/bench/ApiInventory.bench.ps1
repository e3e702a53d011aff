# API inventory throughput: Get-ApiInventory -Depth Standard over 2,000 Lab hosts of the invbench subtree (one in twenty
# an API with an OpenAPI document, the rest plain websites), HTTPS, one port, each pass over names not seen before.
# The first measured pass runs in a freshly loaded module: the runtime is still tiering up the HTTP/2, TLS and
# discovery code (re-compiling hot methods with and then without profiling: seconds of CPU a process pays once).
# Tiering takes longer than one pass: the second pass still JIT-compiles ~3,000 methods (~4 s of JIT time of ~10 s of
# client CPU), so further passes run until one compiles fewer than 200 methods; that pass is the steady state
# (the rate a long scan runs at). The second pass is reported too, beside each pass's JIT methods and time.
# Reports hosts/s, requests/s, client and Lab server CPU per host, the requests/s `wrk` reaches against the same Lab
# server in the same run (keep-alive, HTTPS), and memory over every pass. Where the time goes: requests per host
# (plain sites and APIs apart, counted by the Lab server), client CPU per host and per request.
# $env:APITHREAT_BENCH_SCALE (0.05..1, default 1) shrinks the host lists, to check the bench itself runs.
param($ModulePath, $Lab)
$scale = if ($env:APITHREAT_BENCH_SCALE) { [math]::Clamp([double]$env:APITHREAT_BENCH_SCALE, 0.05, 1) } else { 1 }
$count = [int](2000 * $scale)
$zone = "invbench.$($Lab.zone)"
function Get-BenchHost([string]$Prefix, [int]$Count) {
    for ($i = 1; $i -le $Count; $i++) { if ($i % 20 -eq 0) { "api-$Prefix$i.$zone" } else { "$Prefix$i.$zone" } }
}
$params = @{ Resolver = $Lab.resolver; AllowPrivateAddress = $true; TrustedRootCertificate = $Lab.rootCertificate; Port = $Lab.httpsPort; Depth = 'Standard' }
# Hosts in flight. On loopback 24 already keep both cores busy; more only churn buffers: past ~30 TLS connections at
# once, .NET's shared buffer pool runs dry on 2 cores and every read allocates (about 0.7 MB a host at 64, 0.28 at 24).
$throttle = 24
$control = @{ Uri = "http://127.0.0.1:$($Lab.httpPort)/reset"; Headers = @{ Host = "lab-control.$($Lab.zone)" } }
$process = [System.Diagnostics.Process]::GetCurrentProcess()
$labProcess = $Lab.Process
$samples = [System.Collections.Generic.List[long]]::new()
# A pass that JIT-compiles fewer methods than this has the runtime's tier-up behind it; at most $maxPasses passes.
$settled = 200
$maxPasses = 6

# Warm-up, not measured: 300 other names (first calls, connection set-up, the Lab's certificate context).
$null = Get-BenchHost 'warm-' ([int](300 * $scale)) | Get-ApiInventory @params -ThrottleLimit $throttle -ErrorAction SilentlyContinue
[GC]::Collect()
$process.Refresh()
$startWs = $process.WorkingSet64

function Measure-Pass([string]$Prefix) {
    # The names are made before the clock starts: the pass measures the cmdlet, not the script that writes its input.
    $names = [string[]]@(Get-BenchHost $Prefix $count)
    $null = Invoke-RestMethod @control
    $process.Refresh()
    $cpu0 = $process.TotalProcessorTime
    $jit0 = [System.Runtime.JitInfo]::GetCompiledMethodCount($false); $jitTime0 = [System.Runtime.JitInfo]::GetCompilationTime($false)
    if ($labProcess) { $labProcess.Refresh(); $labCpu0 = $labProcess.TotalProcessorTime }
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $found = 0
    $names | Get-ApiInventory @params -ThrottleLimit $throttle -ErrorAction SilentlyContinue -ErrorVariable benchErrors | ForEach-Object {
        $found++
        if (($found % 5) -eq 0) { $process.Refresh(); $samples.Add($process.WorkingSet64) }
    }
    $sw.Stop()
    $process.Refresh()
    $samples.Add($process.WorkingSet64)
    $heap = [GC]::GetTotalMemory($true)
    $log = @(Invoke-RestMethod -Uri "http://127.0.0.1:$($Lab.httpPort)/requests" -Headers $control.Headers | ForEach-Object { $_ } | Where-Object { $_ -like "*.$zone*" })
    $apiRequests = @($log | Where-Object { $_ -like "*://api-$Prefix*" }).Count
    if ($found -ne $count / 20) { Write-Warning "Expected $($count / 20) API endpoints, found $found ($(@($benchErrors).Count) errors)." }
    [pscustomobject]@{
        Seconds = $sw.Elapsed.TotalSeconds
        Requests = $log.Count
        ApiRequests = $apiRequests
        Found = $found
        ClientCpu = ($process.TotalProcessorTime - $cpu0).TotalSeconds
        JitMethods = [System.Runtime.JitInfo]::GetCompiledMethodCount($false) - $jit0
        JitSeconds = ([System.Runtime.JitInfo]::GetCompilationTime($false) - $jitTime0).TotalSeconds
        Heap = $heap
        LabCpu = if ($labProcess) { $labProcess.Refresh(); ($labProcess.TotalProcessorTime - $labCpu0).TotalSeconds }
    }
}
$all = [System.Collections.Generic.List[object]]::new()
$all.Add((Measure-Pass 'site-'))
do { $all.Add((Measure-Pass "pass$($all.Count + 1)-")) } while ($all[-1].JitMethods -ge $settled -and $all.Count -lt $maxPasses)
$steadyLabel = if ($all[-1].JitMethods -lt $settled) { "steady state, pass $($all.Count)" } else { "pass $($all.Count), JIT not settled" }
$passes = [ordered]@{ 'fresh module' = $all[0] }
if ($all.Count -gt 2) { $passes['second pass'] = $all[1] }
$passes[$steadyLabel] = $all[-1]

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

foreach ($name in $passes.Keys) {
    $p = $passes[$name]
    $rate = $p.Requests / $p.Seconds
    [pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = "hosts/s ($name)"; Value = [math]::Round($count / $p.Seconds, 1); Unit = 'hosts/s'; Target = '>= 300 on 2 cores' }
    [pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = "elapsed ($name)"; Value = [math]::Round($p.Seconds, 2); Unit = 's'; Target = "$count hosts, Standard, HTTPS, ThrottleLimit $throttle" }
    [pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = "requests/s ($name)"; Value = [math]::Round($rate); Unit = 'req/s'; Target = "$($p.Requests) requests" }
    [pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = "endpoints found ($name)"; Value = $p.Found; Unit = 'APIs'; Target = "$($count / 20) expected" }
    $apis = $count / 20
    [pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = "requests per host ($name)"; Value = [math]::Round($p.Requests / $count, 1); Unit = 'req'; Target = "plain site $([math]::Round(($p.Requests - $p.ApiRequests) / ($count - $apis), 1)), API $([math]::Round($p.ApiRequests / $apis, 1))" }
    # Client and Lab server share the 2 cores: the CPU each used says where the time went.
    [pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = "client CPU per host ($name)"; Value = [math]::Round($p.ClientCpu * 1000 / $count, 2); Unit = 'ms'; Target = 'this process' }
    if ($p.Requests) { [pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = "client CPU per request ($name)"; Value = [math]::Round($p.ClientCpu * 1e6 / $p.Requests); Unit = 'us'; Target = 'this process; one TLS handshake per host included' } }
    [pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = "JIT during the pass ($name)"; Value = [math]::Round($p.JitSeconds, 2); Unit = 's'; Target = "$($p.JitMethods) methods compiled; steady when < $settled" }
    if ($null -ne $p.LabCpu) { [pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = "Lab CPU per host ($name)"; Value = [math]::Round($p.LabCpu * 1000 / $count, 2); Unit = 'ms'; Target = 'Kestrel, same machine' } }
    if ($wrkRate) { [pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = "ratio to wrk ($name)"; Value = [math]::Round($rate / $wrkRate, 3); Unit = 'x'; Target = '' } }
}
if ($wrkRate) { [pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = 'wrk requests/s'; Value = [math]::Round($wrkRate); Unit = 'req/s'; Target = 'same Lab server, HTTPS keep-alive' } }
else { [pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = 'wrk requests/s'; Value = 'skipped'; Unit = ''; Target = $wrkNote } }
$half = [math]::Max(1, [int]($samples.Count / 2))
$firstHalf = ($samples | Select-Object -First $half | Measure-Object -Maximum).Maximum
$secondHalf = ($samples | Select-Object -Skip $half | Measure-Object -Maximum).Maximum
[pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = 'working set growth'; Value = [math]::Round(($process.PeakWorkingSet64 - $startWs) / 1MB); Unit = 'MB'; Target = "flat over $($all.Count * $count) hosts" }
# The working set also holds the code the JIT keeps writing while it tiers up; the managed heap after a full collection
# is where anything kept per host would show.
[pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = 'max WS 1st/2nd half of the passes'; Value = "$([math]::Round($firstHalf / 1MB))/$([math]::Round($secondHalf / 1MB))"; Unit = 'MB'; Target = 'JIT code included' }
[pscustomobject]@{ Benchmark = 'ApiInventory'; Metric = 'managed heap after first/last pass'; Value = "$([math]::Round($all[0].Heap / 1MB))/$([math]::Round($all[-1].Heap / 1MB))"; Unit = 'MB'; Target = 'first/last pass; last not above first' }
