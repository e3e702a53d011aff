# Secret scanning throughput and memory: Find-ExposedSecret -LiteralPath on real minified bundles as npm publishes them
# (tests/Real/apps/secrets-corpus: react-dom, lodash, moment with locales, three, vue, jquery, d3, chart.js; install.sh
# or `npm ci` there). They hold no secret, so every finding is a false positive. First the figure a user sees: the
# corpus scanned once in a fresh pwsh (module just imported, no detector built yet), with that process's CPU for the
# call; then the steady state: MB/s over the corpus read APITHREAT_SECRET_BENCH_PASSES times (default 5) in this
# process, with the CPU a pass. Then the peak working set after scanning one bundle made of the corpus repeated to
# APITHREAT_SECRET_BENCH_MB (default 50) against one of a tenth of it: flat memory means the two are close.
# Small sizes for a quick check: APITHREAT_SECRET_BENCH_PASSES=1 APITHREAT_SECRET_BENCH_MB=5.
param($ModulePath, $Lab)
$corpusRoot = Join-Path $PSScriptRoot '../Real/apps/secrets-corpus/node_modules'
$bundles = 'react-dom/umd/react-dom.production.min.js', 'lodash/lodash.min.js', 'moment/min/moment-with-locales.min.js',
'three/build/three.module.min.js', 'vue/dist/vue.global.prod.js', 'jquery/dist/jquery.min.js', 'd3/dist/d3.min.js', 'chart.js/dist/chart.umd.js' |
    ForEach-Object { Join-Path $corpusRoot $_ }
$missing = @($bundles | Where-Object { -not (Test-Path $_) })
if ($missing.Count) {
    Write-Warning "SecretScan: the corpus is not installed (npm ci in tests/Real/apps/secrets-corpus); missing $($missing -join ', ')"
    return
}
$passes = if ($env:APITHREAT_SECRET_BENCH_PASSES) { [int]$env:APITHREAT_SECRET_BENCH_PASSES } else { 5 }
$bigMb = if ($env:APITHREAT_SECRET_BENCH_MB) { [int]$env:APITHREAT_SECRET_BENCH_MB } else { 50 }
$work = Join-Path ([IO.Path]::GetTempPath()) "apithreat-secretbench-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
$null = New-Item -ItemType Directory $work
try {
    $corpusBytes = ($bundles | ForEach-Object { (Get-Item $_).Length } | Measure-Object -Sum).Sum
    $corpusLabel = "$($bundles.Count) real minified bundles ($([math]::Round($corpusBytes / 1MB, 1)) MB)"
    $self = [System.Diagnostics.Process]::GetCurrentProcess()
    function Get-CpuMs { $self.Refresh(); $self.TotalProcessorTime.TotalMilliseconds }

    # Fresh process: one Find-ExposedSecret over the corpus right after Import-Module; wall time and the CPU of the call.
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $cmd, $prefix = if (Test-Path $pwsh) { $pwsh, @() } else { (Get-Process -Id $PID).Path, @((Join-Path $PSHOME 'pwsh.dll')) }
    $freshScript = Join-Path $work 'fresh.ps1'
    $list = ($bundles | ForEach-Object { "'" + ($_ -replace "'", "''") + "'" }) -join ', '
    Set-Content $freshScript @"
Import-Module '$(Join-Path $ModulePath 'ApiThreat.psd1')'
`$self = [Diagnostics.Process]::GetCurrentProcess()
`$cpu0 = `$self.TotalProcessorTime.TotalMilliseconds
`$sw = [Diagnostics.Stopwatch]::StartNew()
`$n = @(Find-ExposedSecret -LiteralPath $list).Count
`$sw.Stop(); `$self.Refresh()
"`$(`$sw.Elapsed.TotalSeconds) `$(`$self.TotalProcessorTime.TotalMilliseconds - `$cpu0) `$n"
"@
    $freshSeconds, $freshCpu, $freshFound = [double[]]((& $cmd @prefix -NoProfile -NonInteractive -File $freshScript | Select-Object -Last 1) -split ' ')
    [pscustomobject]@{ Benchmark = 'SecretScan'; Metric = "$corpusLabel, fresh process: throughput"; Value = [math]::Round($corpusBytes / 1MB / $freshSeconds, 1); Unit = 'MB/s'; Target = '>= 100 (idle machine)' }
    [pscustomobject]@{ Benchmark = 'SecretScan'; Metric = "$corpusLabel, fresh process: CPU of the call (JIT, detectors built on first use)"; Value = [math]::Round($freshCpu); Unit = 'ms'; Target = 'lower is better' }

    # Steady state in this process (warmed on the whole corpus once: JIT, the detectors the corpus wakes).
    $null = Find-ExposedSecret -LiteralPath $bundles
    $found = $freshFound
    $cpu0 = Get-CpuMs
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    for ($p = 0; $p -lt $passes; $p++) { $found += @(Find-ExposedSecret -LiteralPath $bundles).Count }
    $sw.Stop()
    $cpu = (Get-CpuMs) - $cpu0
    $mb = $corpusBytes * $passes / 1MB
    [pscustomobject]@{ Benchmark = 'SecretScan'; Metric = "$corpusLabel, steady state x $($passes): throughput"; Value = [math]::Round($mb / $sw.Elapsed.TotalSeconds, 1); Unit = 'MB/s'; Target = '>= 100 (idle machine)' }
    [pscustomobject]@{ Benchmark = 'SecretScan'; Metric = "$corpusLabel, steady state: CPU a pass"; Value = [math]::Round($cpu / $passes, 1); Unit = 'ms'; Target = "lower is better ($([math]::Round($mb / ($cpu / 1000), 1)) MB per CPU second)" }
    [pscustomobject]@{ Benchmark = 'SecretScan'; Metric = 'findings on the clean corpus (fresh and steady passes)'; Value = $found; Unit = 'findings'; Target = '0' }

    # One big bundle: the corpus repeated (written once to disk, streamed by the scanner).
    function New-Bundle([string]$Path, [long]$Bytes) {
        $out = [IO.File]::Create($Path)
        try {
            while ($out.Length -lt $Bytes) {
                foreach ($b in $bundles) { $content = [IO.File]::ReadAllBytes($b); $out.Write($content, 0, $content.Length); $out.WriteByte(10); if ($out.Length -ge $Bytes) { break } }
            }
        }
        finally { $out.Dispose() }
    }
    $process = [System.Diagnostics.Process]::GetCurrentProcess()
    foreach ($size in [math]::Max(1, [int]($bigMb / 10)), $bigMb) {
        $file = Join-Path $work "bundle-$size.js"
        New-Bundle $file ($size * 1MB)
        [GC]::Collect()
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $n = @(Find-ExposedSecret -LiteralPath $file).Count
        $sw.Stop()
        $process.Refresh()
        [pscustomobject]@{ Benchmark = 'SecretScan'; Metric = "one $size MB bundle: throughput"; Value = [math]::Round($size / $sw.Elapsed.TotalSeconds, 1); Unit = 'MB/s'; Target = '>= 100 (idle machine)' }
        [pscustomobject]@{ Benchmark = 'SecretScan'; Metric = "one $size MB bundle: peak working set so far"; Value = [math]::Round($process.PeakWorkingSet64 / 1MB); Unit = 'MB'; Target = 'flat: about the same for both sizes' }
        [pscustomobject]@{ Benchmark = 'SecretScan'; Metric = "one $size MB bundle: findings"; Value = $n; Unit = 'findings'; Target = '0' }
        Remove-Item $file
    }
}
finally { Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue }
