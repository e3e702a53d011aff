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
        $result = Invoke-ApiThreatScan -Domain $lab.zone -Port $lab.httpsPort, $lab.httpPort -TlsPort $lab.httpsPort -Report $report @labParams -ErrorAction SilentlyContinue
        $result.Scores | Where-Object Scope -NE 'Host' | Format-Table Target, Scope, Grade, Score, FindingCount -AutoSize | Out-Host
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
