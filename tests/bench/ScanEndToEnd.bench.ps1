# Invoke-ApiThreatScan end to end: -Profile Standard on the Lab's scan fleet, a domain of 20,000 names (zone transfer
# open) of which 200 answer (half JSON APIs with an OpenAPI document, half plain sites) and the rest resolve to
# addresses nothing listens on. Its own Lab, sized by APITHREAT_LAB_SCANFLEET; smaller with
#   $env:APITHREAT_BENCH_SCAN_SIZE = '2000,40'   (names,live)
# Reports hosts/s end to end (every discovered name, dead or alive), beside the discovery stage alone and the
# inventory of the live hosts alone, the peak working set and the managed heap after the scan.
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
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'hosts/s end to end (Standard)'; Value = [math]::Round($scan.Hosts.Count / $elapsed); Unit = 'hosts/s'; Target = "$names names, $live live: < 120 s" }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'elapsed'; Value = [math]::Round($elapsed, 1); Unit = 's'; Target = '< 120' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'discovery stage alone'; Value = [math]::Round(@($found).Count / $discovery); Unit = 'names/s'; Target = '—' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'inventory stage alone (live hosts)'; Value = [math]::Round(@($liveHosts).Count / $inventory); Unit = 'hosts/s'; Target = '—' }
    [pscustomobject]@{ Benchmark = 'ScanEndToEnd'; Metric = 'peak working set / managed heap after'; Value = "$([math]::Round($peak / 1MB)) / $([math]::Round($heap / 1MB))"; Unit = 'MB'; Target = 'flat' }
}
finally {
    $own | Stop-ApiThreatLab
}
