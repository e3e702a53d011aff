# Export-ApiThreatReport at scale: a scan of 20,000 hosts and 100,000 findings (a quarter of the hosts with findings,
# 40 rules, half the evidence unique; the same generator as the report tests), and a fifth of it, to show the cost
# grows linearly. Reports seconds, CPU seconds (a shared machine's wall clock also counts waiting for a core), size.
# APITHREAT_BENCH_REPORT_HOSTS sets the large size (findings are 5 per host) for a quick run. The first row is the
# large export in a fresh process (what one runbook run pays); the rows after it are in this warmed process.
param($ModulePath, $Lab)
. (Join-Path $PSScriptRoot '../Pester/ExportSamples.ps1')
$hosts = if ($env:APITHREAT_BENCH_REPORT_HOSTS) { [int]$env:APITHREAT_BENCH_REPORT_HOSTS } else { 20000 }
$sizes = @([math]::Max(10, [int]($hosts / 5)), $hosts)
$out = Join-Path ([System.IO.Path]::GetTempPath()) "apithreat-report-bench-$PID"
$null = New-Item -ItemType Directory -Force $out
$process = [System.Diagnostics.Process]::GetCurrentProcess()
try {
    # First the figure a user sees: the export in a fresh process (module just imported, nothing compiled yet).
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $cmd, $prefix = if (Test-Path $pwsh) { $pwsh, @() } else { (Get-Process -Id $PID).Path, @((Join-Path $PSHOME 'pwsh.dll')) }
    $fresh = Join-Path $out 'fresh.ps1'
    Set-Content $fresh @"
Import-Module '$(Join-Path $ModulePath 'ApiThreat.psd1')'
. '$(Join-Path $PSScriptRoot '../Pester/ExportSamples.ps1')'
`$scan = New-LargeScan -HostCount $hosts -FindingCount $($hosts * 5)
(Measure-Command { `$null = `$scan | Export-ApiThreatReport -Path '$(Join-Path $out 'fresh.html')' }).TotalSeconds
"@
    $freshSeconds = [double](& $cmd @prefix -NoProfile -NonInteractive -File $fresh | Select-Object -Last 1)
    [pscustomobject]@{ Benchmark = 'Report'; Metric = ('elapsed, fresh process ({0:n0} hosts, {1:n0} findings)' -f $hosts, ($hosts * 5)); Value = [math]::Round($freshSeconds, 2); Unit = 's'; Target = $(if ($hosts -eq 20000) { '< 10' } else { '' }) }

    # Warm-up on a small scan: the JIT's first pass is not the report's cost.
    $null = New-LargeScan -HostCount 200 -FindingCount 1000 | Export-ApiThreatReport -Path (Join-Path $out 'warm.html')
    $perHost = @{}
    foreach ($n in $sizes) {
        $scan = New-LargeScan -HostCount $n -FindingCount ($n * 5)
        [GC]::Collect()
        $cpu0 = $process.TotalProcessorTime; $process.Refresh()
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $file = $scan | Export-ApiThreatReport -Path (Join-Path $out "report-$n.html") -PassThru
        $sw.Stop(); $process.Refresh()
        $cpu = ($process.TotalProcessorTime - $cpu0).TotalSeconds
        $perHost[$n] = $cpu / $n
        $label = '{0:n0} hosts, {1:n0} findings' -f $n, ($n * 5)
        $target = if ($n -eq 20000) { '< 10' } else { '' }
        [pscustomobject]@{ Benchmark = 'Report'; Metric = "elapsed ($label)"; Value = [math]::Round($sw.Elapsed.TotalSeconds, 2); Unit = 's'; Target = $target }
        [pscustomobject]@{ Benchmark = 'Report'; Metric = "CPU ($label)"; Value = [math]::Round($cpu, 2); Unit = 's'; Target = '' }
        [pscustomobject]@{ Benchmark = 'Report'; Metric = "size ($label)"; Value = [math]::Round($file.Length / 1MB, 1); Unit = 'MB'; Target = $(if ($n -eq 20000) { '< 15' } else { '' }) }
    }
    # Linear: CPU per host at the large size over CPU per host at a fifth of it (1.0 is perfectly linear).
    [pscustomobject]@{ Benchmark = 'Report'; Metric = 'CPU per host, large / small'; Value = [math]::Round($perHost[$sizes[1]] / $perHost[$sizes[0]], 2); Unit = 'ratio'; Target = '~1 (linear)' }
}
finally { Remove-Item -Recurse -Force $out -ErrorAction SilentlyContinue }
