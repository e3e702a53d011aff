# Import-Module of the built module in a fresh `pwsh -NoProfile`: the median of 7 runs after one warm-up (target < 0.5 s).
param($ModulePath, $Lab)
$pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
$cmd, $prefix = if (Test-Path $pwsh) { $pwsh, @() } else { (Get-Process -Id $PID).Path, @((Join-Path $PSHOME 'pwsh.dll')) }
$manifest = Join-Path $ModulePath 'ApiThreat.psd1'
$null = & $cmd @prefix -NoProfile -NonInteractive -Command "Import-Module '$manifest'"
$times = 1..7 | ForEach-Object {
    [double](& $cmd @prefix -NoProfile -NonInteractive -Command "(Measure-Command { Import-Module '$manifest' }).TotalMilliseconds")
} | Sort-Object
[pscustomobject]@{ Benchmark = 'ModuleImport'; Metric = 'Import-Module (median of 7)'; Value = [math]::Round($times[3]); Unit = 'ms'; Target = '< 500 ms' }
[pscustomobject]@{ Benchmark = 'ModuleImport'; Metric = 'Import-Module (fastest)'; Value = [math]::Round($times[0]); Unit = 'ms'; Target = '' }
