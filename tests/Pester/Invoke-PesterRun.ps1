# Runs the Pester suite against the built module with one Lab for the whole run, and writes a JSON summary.
param(
    [Parameter(Mandatory)][string]$PesterManifest,
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$LabDll,
    [Parameter(Mandatory)][string]$Path,
    [Parameter(Mandatory)][string]$SummaryPath,
    [Parameter(Mandatory)][string]$ResultsDirectory
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force
. (Join-Path $PSScriptRoot '../Lab/LabControl.ps1')
$lab = Start-ApiThreatLab -LabDll $LabDll
try {
    $env:APITHREAT_MODULE = $ModulePath
    $env:APITHREAT_LAB_MANIFEST = $lab.ManifestPath
    $env:APITHREAT_LAB_DLL = $LabDll
    $config = New-PesterConfiguration
    $config.Run.Path = $Path -split ','
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Normal'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputPath = Join-Path $ResultsDirectory 'pester.xml'
    $config.TestResult.OutputFormat = 'NUnitXml'
    $result = Invoke-Pester -Configuration $config
    $failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    # The failures' names and first error lines go into the summary, so the run's last lines say what failed.
    $names = @($result.Failed | ForEach-Object {
        $why = if ($_.ErrorRecord) { ("$($_.ErrorRecord[0].Exception.Message)" -split "`n")[0] } else { '' }
        '{0}: {1}' -f $_.ExpandedPath, ($why.Substring(0, [Math]::Min(300, $why.Length)))
    }) + @($result.FailedBlocks | ForEach-Object { 'block {0}' -f $_.Path -join '.' }) +
        @($result.FailedContainers | ForEach-Object { 'file {0}' -f $_.Item })
    [ordered]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount; Failures = $names } |
        ConvertTo-Json | Set-Content -Path $SummaryPath
    Write-Host ("Pester: {0} passed, {1} failed, {2} skipped" -f $result.PassedCount, $failed, $result.SkippedCount)
}
finally {
    $lab | Stop-ApiThreatLab
}
