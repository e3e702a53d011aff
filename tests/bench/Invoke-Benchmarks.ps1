# Runs tests/bench/*.bench.ps1 against a fresh Lab and prints one table (also written to output/bench/results.json).
# Each bench script takes param($ModulePath, $Lab) and outputs rows: Benchmark, Metric, Value, Unit, Target.
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$LabDll,
    [string]$Name = '*'
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $ModulePath 'ApiThreat.psd1')
. (Join-Path $PSScriptRoot '../Lab/LabControl.ps1')
$lab = Start-ApiThreatLab -LabDll $LabDll
$rows = [System.Collections.Generic.List[object]]::new()
try {
    foreach ($script in Get-ChildItem $PSScriptRoot -Filter '*.bench.ps1' | Where-Object { $_.BaseName -replace '\.bench$' -like $Name } | Sort-Object Name) {
        Write-Host "== $($script.BaseName -replace '\.bench$')" -ForegroundColor Cyan
        try {
            foreach ($row in & $script.FullName -ModulePath $ModulePath -Lab $lab) { $rows.Add($row) }
        }
        catch {
            Write-Warning "$($script.Name) failed: $_"
            $rows.Add([pscustomobject]@{ Benchmark = $script.BaseName; Metric = 'error'; Value = $_.Exception.Message; Unit = ''; Target = '' })
        }
        [GC]::Collect()
    }
}
finally {
    $lab | Stop-ApiThreatLab
}
$rows | Format-Table Benchmark, Metric, Value, Unit, Target -AutoSize | Out-String -Width 200 | Write-Host
$out = Join-Path $PSScriptRoot '../../output/bench'
$null = New-Item -ItemType Directory -Force $out
$rows | ConvertTo-Json -Depth 4 | Set-Content (Join-Path $out 'results.json')
if ($rows | Where-Object Metric -EQ 'error') { exit 1 }
