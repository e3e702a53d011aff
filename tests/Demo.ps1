# The main job, against the Lab: what `build.ps1 -Task Demo` runs. It grows with the module: today it probes every
# Lab host through the Lab's DNS server, collects findings from whatever assessment cmdlets exist, and writes a report.
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$LabDll,
    [Parameter(Mandatory)][string]$OutputDirectory
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $ModulePath 'ApiThreat.psd1')
. (Join-Path $PSScriptRoot 'Lab/LabControl.ps1')
$null = New-Item -ItemType Directory -Force $OutputDirectory
$lab = Start-ApiThreatLab -LabDll $LabDll
try {
    $labParams = @{ Resolver = $lab.resolver; AllowPrivateAddress = $true; TrustedRootCertificate = $lab.rootCertificate; Scope = $lab.zone }
    Write-Host "Lab: DNS $($lab.resolver), HTTPS port $($lab.httpsPort), $($lab.scenarios.Count) scenarios in $($lab.zone)"
    $sw = [Diagnostics.Stopwatch]::StartNew()
    if (Get-Command Invoke-ApiThreatScan -ErrorAction SilentlyContinue) {
        $report = Join-Path $OutputDirectory 'apithreat-lab-report.html'
        # The Lab's host names are scenario names: give discovery a wordlist of them (as a pentester would bring one).
        $wordlist = Join-Path $OutputDirectory 'lab-wordlist.txt'
        $lab.scenarios.host | Where-Object { $_ -like "*.$($lab.zone)" } | ForEach-Object { $_.Substring(0, $_.Length - $lab.zone.Length - 1) } |
            Where-Object { $_ -notmatch '^hostile-' } | Sort-Object -Unique | Set-Content $wordlist
        $result = Invoke-ApiThreatScan -Wordlist $wordlist -NameServerPort $lab.dnsPort -CertificateTransparencyUri "http://crt.$($lab.zone):$($lab.httpPort)/" -Domain $lab.zone -Port $lab.httpsPort, $lab.httpPort -TlsPort $lab.httpsPort -Report $report @labParams -ErrorAction SilentlyContinue
        Write-Host "`nRisk: the organisation, the domain and the ten weakest hosts"
        $result.Scores | Where-Object Scope -NE 'Host' | Format-Table Target, Scope, Grade, Score, FindingCount -AutoSize | Out-Host
        $result.Scores | Where-Object Scope -EQ 'Host' | Sort-Object Score | Select-Object -First 10 | Format-Table Target, Grade, Score, FindingCount -AutoSize | Out-Host
        Write-Host 'Findings by severity'
        $result.Findings | Group-Object Severity | Sort-Object { [int][ApiThreat.Severity]$_.Name } -Descending | Format-Table Name, Count -AutoSize | Out-Host
        Write-Host ("{0} per-target errors (hostile and deliberately broken Lab hosts); the scan went on past each." -f $result.Errors.Count)
        $result | Format-List Domains, Profile, @{ n = 'Hosts'; e = { $_.Hosts.Count } }, @{ n = 'Endpoints'; e = { $_.Inventory.Count } },
            @{ n = 'Findings'; e = { $_.Findings.Count } }, ReportPath | Out-Host
        $written = if ($result.ReportPath) { $result.ReportPath } else { '(no report: Export-ApiThreatReport unavailable)' }
    }
    else {
        $targets = $lab.scenarios | Where-Object host -Like "*.$($lab.zone)" | ForEach-Object { "https://$($_.host):$($lab.httpsPort)/" }
        $probes = $targets | Invoke-HttpProbe @labParams -ErrorAction SilentlyContinue -ErrorVariable probeErrors
        $probes | Sort-Object Url | Format-Table StatusCode, Url, Title, CertificateErrors, RedirectStopped -AutoSize | Out-String -Width 200 | Out-Host
        $written = Join-Path $OutputDirectory 'probes.json'
        $probes | ConvertTo-Json -Depth 4 | Set-Content $written
        Write-Host ("{0} hosts answered, {1} failed (errors are per-target and did not stop the run)" -f @($probes).Count, @($probeErrors).Count)
    }
    Write-Host ("Done in {0:n1} s. Wrote: {1}" -f $sw.Elapsed.TotalSeconds, $written)
}
finally {
    $lab | Stop-ApiThreatLab
}
