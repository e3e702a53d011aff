# Subdomain brute force, two servers:
# - a real authoritative server, Knot (Debian `knot`), started here on loopback with a generated zone of 20,000 names
#   (every 20th of n0..n399999): 400,000 candidates through Find-Subdomain in a fresh process (fresh-process pass first,
#   then the same list again in that process: the steady state), misses and false positives of each pass, and dnsperf
#   (Debian `dnsperf`) in the same run against the same server with the same names (queries/s, our ratio to it);
# - the Lab's own C# DNS server: 100,000 candidates (10% exist), the same figures, and a 10x longer wordlist (peak
#   working set must stay flat: the wordlist is streamed).
# $env:APITHREAT_BENCH_SCALE (0.01..1, default 1) shrinks every list, to check the bench itself runs.
param($ModulePath, $Lab)
$ErrorActionPreference = 'Stop'
$bench = 'SubdomainBruteForce'
$domain = "bench.$($Lab.zone)"
$server, $port = $Lab.resolver -split ':'
$work = Join-Path ([IO.Path]::GetTempPath()) "apithreat-subbench-$PID"
$null = New-Item -ItemType Directory -Force $work
$scale = if ($env:APITHREAT_BENCH_SCALE) { [math]::Clamp([double]$env:APITHREAT_BENCH_SCALE, 0.01, 1) } else { 1 }
. (Join-Path $PSScriptRoot '../Real/RealSoftware.ps1')

function New-Wordlist([int]$Count) {
    $path = Join-Path $work "n$Count.txt"
    $writer = [IO.StreamWriter]::new($path)
    try { for ($i = 0; $i -lt $Count; $i++) { $writer.WriteLine("n$i") } } finally { $writer.Dispose() }
    $path
}

function Invoke-Child([string]$Wordlist, [int]$Count, [string]$Domain = $domain, [string]$Resolver = $Lab.resolver, [int]$Every = 10, [int]$Passes = 1) {
    # A fresh process per run, so its peak working set is the brute force's own; with -Passes 2 the second pass runs
    # the same list in the same process (the JIT has tiered up: the steady state).
    $script = Join-Path $work 'child.ps1'
    @'
param($ModulePath, $Domain, $Resolver, $Wordlist, $Count, $Every, $Passes)
Import-Module (Join-Path $ModulePath 'ApiThreat.psd1')
$expected = [math]::Ceiling($Count / $Every)
for ($pass = 1; $pass -le $Passes; $pass++) {
    $found = [System.Collections.BitArray]::new($expected)
    $foundCount = 0
    $falsePositives = 0
    $first = $null
    $self = [Diagnostics.Process]::GetCurrentProcess()
    $cpu0 = $self.TotalProcessorTime
    $sw = [Diagnostics.Stopwatch]::StartNew()
    Find-Subdomain -Domain $Domain -Source Wordlist -Wordlist $Wordlist -Resolver $Resolver -WarningVariable w | ForEach-Object {
        if ($null -eq $first) { $first = $sw.Elapsed.TotalSeconds }
        $label = $_.HostName.Substring(0, $_.HostName.Length - $Domain.Length - 1)
        $n = 0
        if ($label.StartsWith('n') -and [int]::TryParse($label.Substring(1), [ref]$n) -and $n % $Every -eq 0 -and $n -lt $Count) {
            if (-not $found[$n / $Every]) { $found[$n / $Every] = $true; $foundCount++ }
        }
        else { $falsePositives++ }
    }
    $elapsed = $sw.Elapsed.TotalSeconds
    $self.Refresh()
    [pscustomobject]@{
        Pass = $pass; Elapsed = $elapsed; First = $first; Found = $foundCount; Misses = $expected - $foundCount; FalsePositives = $falsePositives
        CpuSeconds = ($self.TotalProcessorTime - $cpu0).TotalSeconds; PeakMB = [math]::Round($self.PeakWorkingSet64 / 1MB); Warnings = @($w).Count
    } | ConvertTo-Json -Compress
}
'@ | Set-Content $script
    $apphost = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $cmd, $prefix = if (Test-Path $apphost) { $apphost, @() } else { (Get-Process -Id $PID).Path, @((Join-Path $PSHOME 'pwsh.dll')) }
    $json = & $cmd @prefix -NoProfile -NonInteractive -File $script -ModulePath $ModulePath -Domain $Domain -Resolver $Resolver -Wordlist $Wordlist -Count $Count -Every $Every -Passes $Passes
    if ($LASTEXITCODE -ne 0) { throw "The Find-Subdomain child process failed: $json" }
    @($json | Where-Object { $_ -like '{*' } | ConvertFrom-Json)
}

function Install-DebianPackage([string]$Command, [string]$Package) {
    if (-not (Get-Command $Command -CommandType Application -ErrorAction SilentlyContinue) -and $IsLinux -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        $env:DEBIAN_FRONTEND = 'noninteractive'
        & apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends $Package *> $null
    }
    [bool](Get-Command $Command -CommandType Application -ErrorAction SilentlyContinue)
}

function Invoke-DnsPerf([int]$Count, [string]$Domain = $domain, [string]$Server = $server, [string]$Port = $port) {
    if (-not (Install-DebianPackage dnsperf dnsperf)) { return $null }
    $queries = Join-Path $work "dnsperf-$Count.txt"
    $writer = [IO.StreamWriter]::new($queries)
    try { for ($i = 0; $i -lt $Count; $i++) { $writer.WriteLine("n$i.$Domain A") } } finally { $writer.Dispose() }
    $out = & dnsperf -s $Server -p $Port -d $queries -n 1 -c 4 -T 1 -q 500 -t 5 2>&1 | Out-String
    $qps = [regex]::Match($out, 'Queries per second:\s+([\d.]+)').Groups[1].Value
    $lost = [regex]::Match($out, 'Queries lost:\s+(\d+)').Groups[1].Value
    if (-not $qps) { throw "dnsperf gave no rate: $out" }
    [pscustomobject]@{ Qps = [double]$qps; Lost = [int]$lost }
}

function Start-Knot([string]$Zone, [int]$Count, [int]$Every) {
    # knotd with its defaults plus a loopback listener, a temporary storage and one generated zone:
    # SOA, NS, the name server's address and A records for n0, n<Every>, n<2*Every>... below $Count.
    $dir = Join-Path $work 'knot'
    $null = New-Item -ItemType Directory -Force $dir
    $knotPort = Get-FreeTcpPort
    $zoneFile = Join-Path $dir "$Zone.zone"
    $writer = [IO.StreamWriter]::new($zoneFile)
    try {
        $writer.WriteLine("`$ORIGIN $Zone.`n`$TTL 300")
        $writer.WriteLine("@ SOA ns1 hostmaster 1 3600 600 86400 300")
        $writer.WriteLine("@ NS ns1`nns1 A 127.0.0.1")
        for ($i = 0; $i -lt $Count; $i += $Every) { $writer.WriteLine("n$i A 127.0.$([math]::Floor($i / 65536) % 256).$([math]::Floor($i / 256) % 256)") }
    }
    finally { $writer.Dispose() }
    @"
server:
    rundir: "$dir"
    listen: 127.0.0.1@$knotPort
log:
  - target: stderr
    any: warning
database:
    storage: "$dir"
template:
  - id: default
    storage: "$dir"
    file: "%s.zone"
zone:
  - domain: $Zone
"@ | Set-Content (Join-Path $dir 'knot.conf')
    $knot = Start-RealServer -Name knot -FilePath (Get-Command knotd -CommandType Application | Select-Object -First 1).Source -ArgumentList @('-c', (Join-Path $dir 'knot.conf')) -ReadyPort $knotPort
    # Ground truth: the server answers a name of the zone and denies one that is not.
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    do {
        $yes = (& dig +short +time=1 +tries=1 -p $knotPort '@127.0.0.1' "n0.$Zone" A 2>$null) -join ''
        if ($yes) { break }
        Start-Sleep -Milliseconds 200
    } while ([DateTime]::UtcNow -lt $deadline)
    $no = (& dig +time=1 +tries=1 -p $knotPort '@127.0.0.1' "n1.$Zone" A 2>$null) -join "`n"
    if (-not $yes -or $no -notmatch 'status: NXDOMAIN') { $knot | Stop-RealServer; throw "Knot did not serve the generated zone (n0: '$yes'): $(Get-Content -Raw $knot.LogPath -ErrorAction Ignore)" }
    $knot | Add-Member -NotePropertyName Port -NotePropertyValue $knotPort -PassThru
}

function Measure-Knot {
    $count = [int](400000 * $scale)
    $every = 20
    $zone = 'knot.bench.test'
    if (-not (Install-DebianPackage knotd knot)) {
        [pscustomobject]@{ Benchmark = $bench; Metric = 'Knot'; Value = 'skipped'; Unit = ''; Target = 'knot is not installed and could not be installed (apt-get install knot)' }
        return
    }
    if (-not (Install-DebianPackage dig dnsutils)) {
        [pscustomobject]@{ Benchmark = $bench; Metric = 'Knot'; Value = 'skipped'; Unit = ''; Target = 'dig is not installed (apt-get install dnsutils): the ground truth cannot be checked' }
        return
    }
    $knot = Start-Knot $zone $count $every
    try {
        $list = New-Wordlist $count
        $runs = Invoke-Child $list $count -Domain $zone -Resolver "127.0.0.1:$($knot.Port)" -Every $every -Passes 2
        $perf = Invoke-DnsPerf $count -Domain $zone -Server 127.0.0.1 -Port $knot.Port
        $target = "$($count.ToString('N0')) candidates, $([math]::Ceiling($count / $every).ToString('N0')) in the zone"
        foreach ($run in $runs) {
            $label = if ($run.Pass -eq 1) { 'fresh process' } else { 'steady state' }
            $rate = [math]::Round($count / $run.Elapsed)
            [pscustomobject]@{ Benchmark = $bench; Metric = "Knot names/s ($label)"; Value = $rate; Unit = 'names/s'; Target = $target }
            if ($perf) { [pscustomobject]@{ Benchmark = $bench; Metric = "Knot ratio to dnsperf ($label)"; Value = [math]::Round($rate / $perf.Qps, 2); Unit = 'x'; Target = '>= 0.5' } }
            [pscustomobject]@{ Benchmark = $bench; Metric = "Knot misses / false positives ($label)"; Value = "$($run.Misses) / $($run.FalsePositives)"; Unit = 'names'; Target = '0 / 0' }
            [pscustomobject]@{ Benchmark = $bench; Metric = "Knot client CPU per name ($label)"; Value = [math]::Round($run.CpuSeconds * 1e6 / $count, 1); Unit = 'us'; Target = 'lower is better' }
        }
        if ($perf) { [pscustomobject]@{ Benchmark = $bench; Metric = 'Knot dnsperf'; Value = [math]::Round($perf.Qps); Unit = 'queries/s'; Target = "same server, same names ($($perf.Lost) lost)" } }
        else { [pscustomobject]@{ Benchmark = $bench; Metric = 'Knot dnsperf'; Value = 'skipped'; Unit = ''; Target = 'dnsperf is not installed and could not be installed (apt-get install dnsperf)' } }
        [pscustomobject]@{ Benchmark = $bench; Metric = 'Knot peak working set'; Value = $runs[-1].PeakMB; Unit = 'MB'; Target = '< 300' }
        Remove-Item $list
    }
    finally { $knot | Stop-RealServer }
}

try {
    Measure-Knot
    $count = [int](100000 * $scale)
    $list = New-Wordlist $count
    $perf = Invoke-DnsPerf $count
    $run = Invoke-Child $list $count
    $rate = [math]::Round($count / $run.Elapsed)
    [pscustomobject]@{ Benchmark = $bench; Metric = 'names/s (fresh process)'; Value = $rate; Unit = 'names/s'; Target = '>= 20000 (100,000 candidates, 10% exist)' }
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
