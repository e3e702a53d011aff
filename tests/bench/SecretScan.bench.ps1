# Secret scanning throughput and memory: Find-ExposedSecret -Path on real minified bundles as npm publishes them
# (tests/Real/apps/secrets-corpus: react-dom, lodash, moment with locales, three, vue, jquery, d3, chart.js; install.sh
# or `npm ci` there). They hold no secret, so every finding is a false positive. Reports MB/s over the corpus read
# APITHREAT_SECRET_BENCH_PASSES times (default 5), then the peak working set after scanning one bundle made of the corpus
# repeated to APITHREAT_SECRET_BENCH_MB (default 50) against one of a tenth of it: flat memory means the two are close.
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
    # Warm-up (JIT, detector catalogue), not measured.
    $null = Find-ExposedSecret -LiteralPath $bundles[1]
    $found = 0
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    for ($p = 0; $p -lt $passes; $p++) { $found += @(Find-ExposedSecret -LiteralPath $bundles).Count }
    $sw.Stop()
    $mb = $corpusBytes * $passes / 1MB
    [pscustomobject]@{ Benchmark = 'SecretScan'; Metric = "throughput on $($bundles.Count) real minified bundles ($([math]::Round($corpusBytes / 1MB, 1)) MB x $passes)"; Value = [math]::Round($mb / $sw.Elapsed.TotalSeconds, 1); Unit = 'MB/s'; Target = '>= 100 (idle machine)' }
    [pscustomobject]@{ Benchmark = 'SecretScan'; Metric = 'findings on the clean corpus'; Value = $found; Unit = 'findings'; Target = '0' }

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
