# Connect scan: Get-ApiInventory -Port Top1000 over 100 Lab hosts (127.79.0.1-100, names h1..h100 in the Lab's
# portscan zone) beside nmap -sT on the same addresses and ports (Debian nmap; loopback only). A few ports listen (the
# bench opens them: one every ten hosts, greeting with an SSH banner so that recognising them costs one read), the rest reset: ports/s of both tools, and whether both
# found the same open ports. APITHREAT_BENCH_PORTSCAN=hosts,ports sets a smaller run (e.g. 5,100).
param($ModulePath, $Lab)
$ErrorActionPreference = 'Stop'
$bench = 'PortScan'
$hostCount, $portCount = if ($env:APITHREAT_BENCH_PORTSCAN) { $env:APITHREAT_BENCH_PORTSCAN -split ',' | ForEach-Object { [int]$_ } } else { 100, 1000 }
$zone = 'portscan.apithreat.test'
Import-Module (Join-Path $ModulePath 'ApiThreat.psd1')
$ranked = Get-Content (Join-Path $ModulePath 'data/ports/tcp-top-ports.txt') | Where-Object { $_ -notmatch '^#' } | ForEach-Object { $_ -split '\s+' } |
    Where-Object { $_ } | ForEach-Object { [int]$_ }
$ports = $ranked | Select-Object -First $portCount

# Listeners on one host in ten, at a port of the list, each served by a thread job that greets with an SSH banner (a
# silent port would cost the recognition its reply timeouts, which is not the scan's speed): the open ports both tools
# must find.
$listeners = [System.Collections.Generic.List[System.Net.Sockets.TcpListener]]::new()
$servers = [System.Collections.Generic.List[object]]::new()
$expectedOpen = [System.Collections.Generic.List[string]]::new()
for ($i = 1; $i -le $hostCount; $i += 10) {
    $port = $ports[[math]::Min($ports.Count - 1, 10 + $i)]
    try {
        $l = [System.Net.Sockets.TcpListener]::new([ipaddress]"127.79.0.$i", $port); $l.Start(1024); $listeners.Add($l)
        $expectedOpen.Add("127.79.0.${i}:$port")
        $servers.Add((Start-ThreadJob -ArgumentList $l -ScriptBlock {
            param($listener)
            $banner = [Text.Encoding]::ASCII.GetBytes("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3`r`n")
            # Stopping the listener ends AcceptSocket with an exception, and the job.
            try { while ($true) { $s = $listener.AcceptSocket(); try { $null = $s.Send($banner) } catch { }; $s.Close() } } catch { }
        }))
    }
    catch { }
}
try {
    $names = 1..$hostCount | ForEach-Object { "h$_.$zone" }
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $log = Get-ApiInventory -Url $names -Port "Top$portCount" -Resolver $Lab.resolver -AllowPrivateAddress -ThrottleLimit 50 -TimeoutSec 3 -Verbose 4>&1 |
        Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
    $elapsed = $sw.Elapsed.TotalSeconds
    $found = foreach ($line in $log) {
        if ($line -match '^h\d+\.\S+ \((?<addr>[\d.]+)\): [\d,]+ port\(s\) in [\d.]+ s: \d+ open \((?<open>[^)]*)\)') {
            foreach ($p in ($Matches.open -split ', ' | Where-Object { $_ })) { "$($Matches.addr):$p" }
        }
    }
    $total = $hostCount * $ports.Count
    [pscustomobject]@{ Benchmark = $bench; Metric = 'Get-ApiInventory -Port connect scan'; Value = [math]::Round($total / $elapsed); Unit = 'ports/s'; Target = "$hostCount hosts x $($ports.Count) ports ($([math]::Round($elapsed, 2)) s, discovery of open ports included)" }
    [pscustomobject]@{ Benchmark = $bench; Metric = 'open ports found'; Value = "$(@($found).Count) of $($expectedOpen.Count)"; Unit = ''; Target = 'all' }

    if (-not (Get-Command nmap -ErrorAction SilentlyContinue)) {
        [pscustomobject]@{ Benchmark = $bench; Metric = 'nmap -sT'; Value = 'skipped'; Unit = ''; Target = 'nmap is not installed (apt-get install nmap)' }
        return
    }
    $xml = Join-Path ([IO.Path]::GetTempPath()) "apithreat-portbench-$PID.xml"
    $sw.Restart()
    & nmap -sT -Pn -n -T4 -p ($ports -join ',') -oX $xml "127.79.0.1-$hostCount" *> $null
    $nmapElapsed = $sw.Elapsed.TotalSeconds
    [xml]$report = Get-Content -Raw $xml
    Remove-Item $xml -ErrorAction SilentlyContinue
    $nmapOpen = foreach ($h in $report.nmaprun.host) { foreach ($p in @($h.ports.port) | Where-Object { $_.state.state -eq 'open' }) { "$($h.address.addr):$($p.portid)" } }
    [pscustomobject]@{ Benchmark = $bench; Metric = 'nmap -sT -T4'; Value = [math]::Round($total / $nmapElapsed); Unit = 'ports/s'; Target = "same hosts and ports ($([math]::Round($nmapElapsed, 2)) s)" }
    [pscustomobject]@{ Benchmark = $bench; Metric = 'ratio to nmap -sT'; Value = [math]::Round($nmapElapsed / $elapsed, 2); Unit = 'x'; Target = '>= 1' }
    $same = -not (Compare-Object @($found | Sort-Object) @($nmapOpen | Sort-Object))
    [pscustomobject]@{ Benchmark = $bench; Metric = 'same open ports as nmap'; Value = $same; Unit = ''; Target = 'True' }
}
finally {
    foreach ($l in $listeners) { $l.Stop() }
    $servers | Stop-Job -PassThru | Remove-Job -Force
}
