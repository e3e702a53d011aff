# Subdomain brute force: 100,000 candidate names (10% exist) against the Lab DNS server on loopback, through
# Find-Subdomain in a fresh process (names/s, misses, false positives, time to first result, peak working set),
# the same names through dnsperf against the same server in the same run (queries/s and our ratio to it), and the
# same run with a 10x longer wordlist (peak working set must stay flat: the wordlist is streamed).
param($ModulePath, $Lab)
$ErrorActionPreference = 'Stop'
$bench = 'SubdomainBruteForce'
$domain = "bench.$($Lab.zone)"
$server, $port = $Lab.resolver -split ':'
$work = Join-Path ([IO.Path]::GetTempPath()) "apithreat-subbench-$PID"
$null = New-Item -ItemType Directory -Force $work

function New-Wordlist([int]$Count) {
    $path = Join-Path $work "n$Count.txt"
    $writer = [IO.StreamWriter]::new($path)
    try { for ($i = 0; $i -lt $Count; $i++) { $writer.WriteLine("n$i") } } finally { $writer.Dispose() }
    $path
}

function Invoke-Child([string]$Wordlist, [int]$Count) {
    # A fresh process per run, so its peak working set is the brute force's own.
    $script = Join-Path $work 'child.ps1'
    @'
param($ModulePath, $Domain, $Resolver, $Wordlist, $Count)
Import-Module (Join-Path $ModulePath 'ApiThreat.psd1')
$expected = $Count / 10
$found = [System.Collections.BitArray]::new($Count / 10)
$foundCount = 0
$falsePositives = 0
$first = $null
$sw = [Diagnostics.Stopwatch]::StartNew()
Find-Subdomain -Domain $Domain -Source Wordlist -Wordlist $Wordlist -Resolver $Resolver -WarningVariable w | ForEach-Object {
    if ($null -eq $first) { $first = $sw.Elapsed.TotalSeconds }
    $label = $_.HostName.Substring(0, $_.HostName.Length - $Domain.Length - 1)
    $n = 0
    if ($label.StartsWith('n') -and [int]::TryParse($label.Substring(1), [ref]$n) -and $n % 10 -eq 0 -and $n -lt $Count) {
        if (-not $found[$n / 10]) { $found[$n / 10] = $true; $foundCount++ }
    }
    else { $falsePositives++ }
}
$elapsed = $sw.Elapsed.TotalSeconds
$p = [Diagnostics.Process]::GetCurrentProcess(); $p.Refresh()
[pscustomobject]@{
    Elapsed = $elapsed; First = $first; Found = $foundCount; Misses = $expected - $foundCount; FalsePositives = $falsePositives
    PeakMB = [math]::Round($p.PeakWorkingSet64 / 1MB); Warnings = @($w).Count
} | ConvertTo-Json -Compress
'@ | Set-Content $script
    $apphost = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $cmd, $prefix = if (Test-Path $apphost) { $apphost, @() } else { (Get-Process -Id $PID).Path, @((Join-Path $PSHOME 'pwsh.dll')) }
    $json = & $cmd @prefix -NoProfile -NonInteractive -File $script -ModulePath $ModulePath -Domain $domain -Resolver $Lab.resolver -Wordlist $Wordlist -Count $Count
    if ($LASTEXITCODE -ne 0) { throw "The Find-Subdomain child process failed: $json" }
    ($json | Select-Object -Last 1) | ConvertFrom-Json
}

function Invoke-DnsPerf([int]$Count) {
    if (-not (Get-Command dnsperf -ErrorAction SilentlyContinue) -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        & apt-get install -y -qq dnsperf *> $null
    }
    if (-not (Get-Command dnsperf -ErrorAction SilentlyContinue)) { return $null }
    $queries = Join-Path $work 'dnsperf.txt'
    $writer = [IO.StreamWriter]::new($queries)
    try { for ($i = 0; $i -lt $Count; $i++) { $writer.WriteLine("n$i.$domain A") } } finally { $writer.Dispose() }
    $out = & dnsperf -s $server -p $port -d $queries -n 1 -c 4 -T 1 -q 500 -t 5 2>&1 | Out-String
    $qps = [regex]::Match($out, 'Queries per second:\s+([\d.]+)').Groups[1].Value
    $lost = [regex]::Match($out, 'Queries lost:\s+(\d+)').Groups[1].Value
    if (-not $qps) { throw "dnsperf gave no rate: $out" }
    [pscustomobject]@{ Qps = [double]$qps; Lost = [int]$lost }
}

try {
    $count = 100000
    $list = New-Wordlist $count
    $perf = Invoke-DnsPerf $count
    $run = Invoke-Child $list $count
    $rate = [math]::Round($count / $run.Elapsed)
    [pscustomobject]@{ Benchmark = $bench; Metric = 'names/s'; Value = $rate; Unit = 'names/s'; Target = '>= 20000 (100,000 candidates, 10% exist)' }
    [pscustomobject]@{ Benchmark = $bench; Metric = 'elapsed'; Value = [math]::Round($run.Elapsed, 2); Unit = 's'; Target = '' }
    [pscustomobject]@{ Benchmark = $bench; Metric = 'misses'; Value = $run.Misses; Unit = 'names'; Target = '0' }
    [pscustomobject]@{ Benchmark = $bench; Metric = 'false positives'; Value = $run.FalsePositives; Unit = 'names'; Target = '0' }
    [pscustomobject]@{ Benchmark = $bench; Metric = 'time to first result'; Value = [math]::Round($run.First, 3); Unit = 's'; Target = '< 1' }
    [pscustomobject]@{ Benchmark = $bench; Metric = 'peak working set'; Value = $run.PeakMB; Unit = 'MB'; Target = '< 300' }
    if ($perf) {
        [pscustomobject]@{ Benchmark = $bench; Metric = 'dnsperf'; Value = [math]::Round($perf.Qps); Unit = 'queries/s'; Target = "same server, same names ($($perf.Lost) lost)" }
        [pscustomobject]@{ Benchmark = $bench; Metric = 'ratio to dnsperf'; Value = [math]::Round($rate / $perf.Qps, 2); Unit = 'x'; Target = '>= 0.5' }
    }
    else {
        [pscustomobject]@{ Benchmark = $bench; Metric = 'dnsperf'; Value = 'skipped'; Unit = ''; Target = 'dnsperf is not installed and could not be installed (apt-get install dnsperf)' }
    }
    Remove-Item $list
    $big = New-Wordlist ($count * 10)
    $run10 = Invoke-Child $big ($count * 10)
    [pscustomobject]@{ Benchmark = $bench; Metric = '10x wordlist names/s'; Value = [math]::Round($count * 10 / $run10.Elapsed); Unit = 'names/s'; Target = "1,000,000 candidates; misses $($run10.Misses), false positives $($run10.FalsePositives)" }
    [pscustomobject]@{ Benchmark = $bench; Metric = '10x wordlist peak working set'; Value = $run10.PeakMB; Unit = 'MB'; Target = "flat: vs $($run.PeakMB) MB at 1x (100,000 hosts written)" }
}
finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
