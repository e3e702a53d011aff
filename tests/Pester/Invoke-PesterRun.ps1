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
    [ordered]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } |
        ConvertTo-Json | Set-Content -Path $SummaryPath
    Write-Host ("Pester: {0} passed, {1} failed, {2} skipped" -f $result.PassedCount, $failed, $result.SkippedCount)
}
finally {
    $lab | Stop-ApiThreatLab
}
