# Invoke-ApiThreatScan end to end: -Profile Standard on the Lab's scan fleet, a domain of 20,000 names (zone transfer
# open) of which 200 answer (half JSON APIs with an OpenAPI document, half plain sites) and the rest resolve to
# addresses nothing listens on. Its own Lab, sized by APITHREAT_LAB_SCANFLEET; smaller with
#   $env:APITHREAT_BENCH_SCAN_SIZE = '2000,40'   (names,live)
# Reports hosts/s end to end (every discovered name, dead or alive), beside the discovery stage alone and the
# inventory of the live hosts alone, the peak working set and the managed heap after the scan. The first row is the
# scan in a fresh process; the same scan with and without -Report, in pairs, gives the report's overhead as the
# median of the pairs' CPU time and elapsed time (target under 10 %), beside the report writer's own CPU time.
param($ModulePath, $Lab)
$size = if ($env:APITHREAT_BENCH_SCAN_SIZE) { $env:APITHREAT_BENCH_SCAN_SIZE } else { '20000,200' }
$names, $live = $size -split ',' | ForEach-Object { [int]$_ }
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
. (Join-Path $repo 'tests/Lab/LabControl.ps1')
$env:APITHREAT_LAB_SCANFLEET = "$names,$live"
$own = Start-ApiThreatLab -LabDll (Join-Path $repo 'output/lab/ApiThreat.Lab.dll')
Remove-Item Env:APITHREAT_LAB_SCANFLEET
try {
    $fleet = "scanfleet.$($own.zone)"
    $labParams = @{ Resolver = $own.resolver; AllowPrivateAddress = $true; TrustedRootCertificate = $own.rootCertificate }
    $common = @{ Port = $own.httpsPort; TlsPort = $own.httpsPort; NameServerPort = $own.dnsPort; CertificateTransparencyUri = "http://crt.$($own.zone):$($own.httpPort)/" }

    # First the figure a user sees: the scan in a fresh process (module just imported, nothing compiled yet).
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $cmd, $prefix = if (Test-Path $pwsh) { $pwsh, @() } else { (Get-Process -Id $PID).Path, @((Join-Path $PSHOME 'pwsh.dll')) }
    $freshScript = Join-Path ([System.IO.Path]::GetTempPath()) "apithreat-scan-bench-$PID.ps1"
    Set-Content $freshScript @"
Import-Module '$(Join-Path $ModulePath 'ApiThreat.psd1')'
`$p = @{ Domain = '$fleet'; Profile = 'Standard'; Port = $($own.httpsPort); TlsPort = $($own.httpsPort); NameServerPort = $($own.dnsPort)
    CertificateTransparencyUri = '$($common.CertificateTransparencyUri)'; Resolver = '$($own.resolver)'; AllowPrivateAddress = `$true
    TrustedRootCertificate = '$($own.rootCertificate)' }
if (`$args[0]) { `$p.Shard = `$args[0] }
if (`$args[1]) { `$p.SaveTo = `$args[1]; `$p.ScanId = `$args[2] }
`$r = `$null
`$s = (Measure-Command { `$r = Invoke-ApiThreatScan @p -WarningAction SilentlyContinue -ErrorAction SilentlyContinue }).TotalSeconds
"`$s `$([Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds) `$(@(`$r.Hosts).Count) `$(`$r.Snapshot.Id) `$(`$Error.Count) `$([System.Runtime.JitInfo]::GetCompilationTime(`$false).TotalSeconds) `$([System.Runtime.JitInfo]::GetCompiledMethodCount(`$false))"
"@
    # Both sides save their snapshot: the shards of one ScanId meet in that store, and trade their discovery through it.
    $singleDb = Join-Path ([System.IO.Path]::GetTempPath()) "apithreat-scan-bench-$PID-single.db"
    $shardDb = Join-Path ([System.IO.Path]::GetTempPath()) "apithreat-scan-bench-$PID-shards.db"
    # Each process marks its CPU at the scan's phases (APITHREAT_CPU_TRACE): where the shards' extra CPU goes.
    $singleTrace = Join-Path ([System.IO.Path]::GetTempPath()) "apithreat-scan-bench-$PID-single.tsv"
    $shardTrace = Join-Path ([System.IO.Path]::GetTempPath()) "apithreat-scan-bench-$PID-shards.tsv"
    $env:APITHREAT_CPU_TRACE = $singleTrace
    $singleLine = [double[]]((& $cmd @prefix -NoProfile -NonInteractive -File $freshScript '' $singleDb "single-$PID" | Select-Object -Last 1) -split ' ')
    $fresh, $freshCpu, $singleHosts = $singleLine[0..2]
    # Each process compiles its own methods (PowerShell's own start-up is not ReadyToRun code): its JIT time and count.
    $singleJit, $singleJitted = $singleLine[5..6]
    $env:APITHREAT_CPU_TRACE = $shardTrace
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'elapsed, fresh process (Standard)'; Value = [math]::Round($fresh, 1); Unit = 's'; Target = "$names names, $live live: < 120" }
    # Three shard processes at once on the same input: together they do the one scan; their CPU beside the single run's.
    $shards = 0..2 | ForEach-Object {
        $out = Join-Path ([System.IO.Path]::GetTempPath()) "apithreat-scan-bench-$PID-shard$_.txt"
        [pscustomobject]@{ Out = $out; Process = Start-Process -FilePath $cmd -ArgumentList (@($prefix) + @('-NoProfile', '-NonInteractive', '-File', $freshScript, "$_/3", $shardDb, "shards-$PID")) -RedirectStandardOutput $out -PassThru }
    }
    $shardCpu = 0.0; $shardWall = 0.0; $shardHosts = 0; $shardSnapshots = @(); $shardErrors = 0; $shardJit = 0.0; $shardJitted = 0
    foreach ($s in $shards) {
        $s.Process.WaitForExit()
        $wall, $cpu, $hosts, $snapshot, $errors, $jit, $jitted = (Get-Content $s.Out | Select-Object -Last 1) -split ' '
        $shardJit += [double]$jit; $shardJitted += [int]$jitted
        $shardCpu += [double]$cpu; $shardWall = [math]::Max($shardWall, [double]$wall); $shardHosts += [int]$hosts
        $shardSnapshots += $snapshot; $shardErrors += [int]$errors
        Remove-Item $s.Out -ErrorAction SilentlyContinue
    }
    Remove-Item Env:APITHREAT_CPU_TRACE
    # A CPU sum means nothing if a shard lost its part: together the shards hold every host, in one snapshot.
    if ($shardHosts -ne $singleHosts -or @($shardSnapshots | Select-Object -Unique).Count -ne 1 -or -not $shardSnapshots[0]) {
        Remove-Item $freshScript, $singleDb, $shardDb, $singleTrace, $shardTrace -ErrorAction SilentlyContinue
        throw "The 3 shards assessed $shardHosts hosts into snapshot(s) '$($shardSnapshots -join "', '")' ($shardErrors error(s)); one process assessed $singleHosts."
    }
    # CPU per phase, summed over the processes of a run: start-up (PowerShell, import, binding), discovery, the rest
    # (assessment of the last hosts, IP intelligence, scoring, save); then the rest by its parts. Host workers run
    # during discovery, so a phase's CPU includes theirs: compare sums, not one phase alone.
    function Get-PhaseCpu([string]$Trace) {
        $marks = Get-Content $Trace -ErrorAction SilentlyContinue | ForEach-Object {
            $f = $_ -split "`t"
            [pscustomobject]@{ Process = $f[0]; Phase = $f[1]; Cpu = [double]($f[2] -replace '^cpu=') }
        }
        $edges = 'scan start', 'discovery done', 'hosts assessed', 'ip intelligence done', 'scored', 'saved', 'scan end'
        $sum = [double[]]::new($edges.Count)
        foreach ($p in $marks | Group-Object Process) {
            $at = @{}; foreach ($m in $p.Group) { $at[$m.Phase] = $m.Cpu }
            $sum[0] += $at['scan start']
            for ($i = 1; $i -lt $edges.Count; $i++) { $sum[$i] += $at[$edges[$i]] - $at[$edges[$i - 1]] }
        }
        $r = $sum | ForEach-Object { [math]::Round($_, 1) }
        # What the processes resolved and how busy their thread pools were: N shards resolve what one process does
        # (the same candidates and queries) unless one stood in for a sibling; a costly run shows which it was.
        $work = [long[]]::new(5)
        foreach ($line in Get-Content $Trace -ErrorAction SilentlyContinue) {
            $f = $line -split "`t"
            if ($f[1] -match 'discovery finished \((\d+) candidates, (\d+) queries, \d+ retransmitted, (\d+) stand-ins\)') {
                $work[0] += $Matches[1]; $work[1] += $Matches[2]; $work[2] += $Matches[3]
            }
            if ($f[1] -eq 'scan end') {
                foreach ($kv in $f[2..($f.Count - 1)]) {
                    if ($kv -like 'workitems=*') { $work[3] += [long]($kv -replace '^workitems=') }
                    if ($kv -like 'pool=*') { $work[4] += [long]($kv -replace '^pool=') }
                }
            }
        }
        [pscustomobject]@{
            Main = "$($r[0]) / $($r[1]) / $([math]::Round(($sum[2..6] | Measure-Object -Sum).Sum, 1))"
            Rest = "$($r[2]) / $($r[3]) / $($r[4]) / $($r[5]) / $($r[6])"
            Work = "$($work[0]) / $($work[1]) / $($work[2]) / $($work[3]) / $($work[4])"
        }
    }
    $singlePhases = Get-PhaseCpu $singleTrace
    $shardPhases = Get-PhaseCpu $shardTrace
    Remove-Item $freshScript, $singleDb, $shardDb, $singleTrace, $shardTrace -ErrorAction SilentlyContinue
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'CPU, one fresh process'; Value = [math]::Round($freshCpu, 1); Unit = 's'; Target = '' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'CPU, 3 shard processes (sum) / slowest elapsed'; Value = "$([math]::Round($shardCpu, 1)) / $([math]::Round($shardWall, 1))"; Unit = 's'; Target = '' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'shard CPU / single-run CPU'; Value = [math]::Round($shardCpu / $freshCpu, 2); Unit = 'x'; Target = '<= 1.15 (each process pays its own start-up and JIT)' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'JIT, one process: compile time / methods'; Value = "$([math]::Round($singleJit, 1)) / $singleJitted"; Unit = 's / n'; Target = '' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'JIT, 3 shards (sum): compile time / methods'; Value = "$([math]::Round($shardJit, 1)) / $shardJitted"; Unit = 's / n'; Target = '' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'CPU by phase, one process: start-up / discovery / rest'; Value = $singlePhases.Main; Unit = 's'; Target = '' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'CPU by phase, 3 shards (sum): start-up / discovery / rest'; Value = $shardPhases.Main; Unit = 's'; Target = '' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'rest, one process: last hosts / IP intelligence / scoring / save / report'; Value = $singlePhases.Rest; Unit = 's'; Target = '' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'rest, 3 shards (sum): last hosts / IP intelligence / scoring / save / report'; Value = $shardPhases.Rest; Unit = 's'; Target = '' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'work, one process: candidates / DNS queries / stand-ins / thread-pool work items / pool threads at end'; Value = $singlePhases.Work; Unit = 'n'; Target = '' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'work, 3 shards (sum): candidates / DNS queries / stand-ins / thread-pool work items / pool threads at end'; Value = $shardPhases.Work; Unit = 'n'; Target = 'candidates and queries as one process; 0 stand-ins' }

    # Stage alone: discovery (zone transfer, wordlist, CT, TLS names, permutations) of every name.
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $found = Find-Subdomain -Domain $fleet -NameServerPort $own.dnsPort -CertificateTransparencyUri $common.CertificateTransparencyUri @labParams -WarningAction SilentlyContinue
    $discovery = $sw.Elapsed.TotalSeconds
    if (@($found).Count -lt $names) { throw "Discovery found $(@($found).Count) names of $names." }
    # Stage alone: the inventory of the live hosts.
    $liveHosts = $found | Where-Object HostName -NotLike 'dark-*'
    $sw.Restart()
    $null = $liveHosts | Get-ApiInventory -Port $own.httpsPort @labParams -ErrorAction SilentlyContinue
    $inventory = $sw.Elapsed.TotalSeconds

    [GC]::Collect()
    $sw.Restart()
    $scan = Invoke-ApiThreatScan -Domain $fleet -Profile Standard @common @labParams -WarningAction SilentlyContinue -WarningVariable scanWarnings -ErrorAction SilentlyContinue
    $elapsed = $sw.Elapsed.TotalSeconds
    $heap = [GC]::GetTotalMemory($true)
    $peak = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
    if ($scan.Hosts.Count -lt $names -or $scan.UnansweredHosts -ne $names - $live) {
        throw "The scan saw $($scan.Hosts.Count) hosts, $($scan.UnansweredHosts) silent; expected $names names, $($names - $live) dark. Warnings: $($scanWarnings -join " | ")"
    }
    # The report's overhead: the same scan with and without -Report, in pairs (the order alternates so drift cancels),
    # measured as this process's CPU time as well as elapsed time; the medians of the pairs are reported, because on a
    # busy machine one pair's elapsed difference is as large as the target itself. Pairs: APITHREAT_BENCH_REPORT_PAIRS.
    $report = Join-Path ([System.IO.Path]::GetTempPath()) "apithreat-scan-bench-$PID.html"
    $pairs = if ($env:APITHREAT_BENCH_REPORT_PAIRS) { [int]$env:APITHREAT_BENCH_REPORT_PAIRS } else { 3 }
    $me = [System.Diagnostics.Process]::GetCurrentProcess()
    function Measure-Scan([string]$ReportPath) {
        $extra = if ($ReportPath) { @{ Report = $ReportPath } } else { @{} }
        [GC]::Collect()
        $me.Refresh(); $cpu0 = $me.TotalProcessorTime.TotalSeconds; $t0 = [System.Diagnostics.Stopwatch]::StartNew()
        $null = Invoke-ApiThreatScan -Domain $fleet -Profile Standard @extra @common @labParams -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $me.Refresh()
        [pscustomobject]@{ Elapsed = $t0.Elapsed.TotalSeconds; Cpu = $me.TotalProcessorTime.TotalSeconds - $cpu0 }
    }
    function Get-Median([double[]]$Values) { $v = $Values | Sort-Object; if ($v.Count % 2) { $v[[int][math]::Floor($v.Count / 2)] } else { ($v[$v.Count / 2 - 1] + $v[$v.Count / 2]) / 2 } }
    $elapsedOverhead = [System.Collections.Generic.List[double]]::new(); $cpuOverhead = [System.Collections.Generic.List[double]]::new()
    $withReport = 0.0
    foreach ($i in 1..$pairs) {
        $plain, $reported = if ($i % 2) { (Measure-Scan), (Measure-Scan $report) } else { $r = Measure-Scan $report; (Measure-Scan), $r }
        $elapsedOverhead.Add(($reported.Elapsed / $plain.Elapsed - 1) * 100)
        $cpuOverhead.Add(($reported.Cpu / $plain.Cpu - 1) * 100)
        $withReport = $reported.Elapsed
    }
    $reportSize = (Get-Item $report).Length
    # The report writer alone, on the scan already in memory: its CPU time is the report's whole cost.
    $me.Refresh(); $cpu0 = $me.TotalProcessorTime.TotalSeconds
    $scan | Export-ApiThreatReport -Path $report -Force
    $me.Refresh(); $writerCpu = $me.TotalProcessorTime.TotalSeconds - $cpu0
    Remove-Item $report -ErrorAction SilentlyContinue
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'hosts/s end to end (Standard)'; Value = [math]::Round($scan.Hosts.Count / $elapsed); Unit = 'hosts/s'; Target = "$names names, $live live: < 120 s" }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'elapsed'; Value = [math]::Round($elapsed, 1); Unit = 's'; Target = '< 120' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = "with -Report ($([math]::Round($reportSize / 1MB, 1)) MB)"; Value = [math]::Round($withReport, 1); Unit = 's'; Target = '' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = "report overhead, CPU (median of $pairs pairs)"; Value = [math]::Round((Get-Median $cpuOverhead), 1); Unit = '%'; Target = '< 10' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = "report overhead, elapsed (median of $pairs pairs)"; Value = [math]::Round((Get-Median $elapsedOverhead), 1); Unit = '%'; Target = '< 10' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'report writer alone, CPU'; Value = [math]::Round($writerCpu, 2); Unit = 's'; Target = '' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'discovery stage alone'; Value = [math]::Round(@($found).Count / $discovery); Unit = 'names/s'; Target = '—' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'inventory stage alone (live hosts)'; Value = [math]::Round(@($liveHosts).Count / $inventory); Unit = 'hosts/s'; Target = '—' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'peak working set / managed heap after'; Value = "$([math]::Round($peak / 1MB)) / $([math]::Round($heap / 1MB))"; Unit = 'MB'; Target = 'flat' }
}
finally {
    $own | Stop-ApiThreatLab
}
