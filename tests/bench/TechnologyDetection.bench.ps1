# Technology detection without network: 10,000 stored responses (the xunit fixtures, cycled), every bundled
# fingerprint loaded. Two rates: the engine's detector alone (TechnologyStack.Identify, reached in the module's
# private load context, one thread), and end to end through Get-TechnologyStack -InputObject (PowerShell pipeline,
# property reading, the async pipeline base). Plus the time to load the fingerprint database fresh (-Verbose).
param($ModulePath, $Lab)
$count = 10000
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$fixtures = foreach ($file in Get-ChildItem (Join-Path $repo 'tests/ApiThreat.Engine.Tests/Fingerprints/fixtures') -Filter *.json) {
    foreach ($f in (Get-Content -Raw $file.FullName | ConvertFrom-Json -NoEnumerate)) {
        $body = if ($null -ne $f.body) { $f.body } else { @($f.bodyLines) -join "`n" }
        [pscustomobject]@{
            Url               = if ($f.url) { $f.url } else { 'https://www.example.test/' }
            StatusCode        = if ($f.status) { $f.status } else { 200 }
            Headers           = @(foreach ($h in @($f.headers)) { if ($h) { [pscustomobject]@{ Name = $h[0]; Value = $h[1] } } })
            Body              = $body
            CertificateIssuer = $f.certIssuer
        }
    }
}
if (-not $fixtures) { throw 'No stored responses found under tests/ApiThreat.Engine.Tests/Fingerprints/fixtures.' }
$responses = [System.Collections.Generic.List[object]]::new($count)
for ($i = 0; $i -lt $count; $i++) { $responses.Add($fixtures[$i % $fixtures.Count]) }
$bytes = ($responses | Measure-Object -Property { $_.Body.Length } -Sum).Sum

# Fresh load (a -FingerprintPath bypasses the per-process cache of the bundled database).
$empty = Join-Path ([IO.Path]::GetTempPath()) "apithreat-bench-$([guid]::NewGuid().ToString('n'))"
$null = New-Item -ItemType Directory $empty
try {
    $loads = foreach ($i in 1..5) {
        $verbose = Get-TechnologyStack -InputObject $fixtures[0] -FingerprintPath $empty -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $m = [regex]::Match(($verbose.Message -join "`n"), 'Loaded (\d+) technologies \((\d+) patterns\) in (\d+) ms')
        if (-not $m.Success) { throw "No load time in the verbose output: $($verbose.Message -join ' | ')" }
        [int]$m.Groups[3].Value
        $techs = $m.Groups[1].Value; $patterns = $m.Groups[2].Value
    }
}
finally { Remove-Item -Recurse -Force $empty }

# Warm up (JIT, bundled database load), then measure.
$null = $responses | Select-Object -First 200 | Get-TechnologyStack
[GC]::Collect()
$sw = [System.Diagnostics.Stopwatch]::StartNew()
$detections = ($responses | Get-TechnologyStack | Measure-Object).Count
$sw.Stop()
$elapsed = $sw.Elapsed
# The engine alone: the detector the cmdlet runs, on one thread.
$engine = [System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object Assemblies | Where-Object { $_.GetName().Name -eq 'ApiThreat.Engine' } | Select-Object -First 1
$stack = $engine.GetType('ApiThreat.Engine.Fingerprints.TechnologyStack')::Load((Join-Path $ModulePath 'data/fingerprints'), $null)
$evidenceType = $engine.GetType('ApiThreat.Engine.Fingerprints.ResponseEvidence')
$stored = foreach ($f in $fixtures) {
    $e = [Activator]::CreateInstance($evidenceType)
    $e.Url = $f.Url; $e.Body = $f.Body; $e.CertificateIssuer = $f.CertificateIssuer
    $list = [System.Collections.Generic.List[System.Collections.Generic.KeyValuePair[string, string]]]::new()
    foreach ($h in $f.Headers) { $list.Add([System.Collections.Generic.KeyValuePair[string, string]]::new($h.Name, $h.Value)) }
    $e.Headers = $list
    $e
}
foreach ($e in $stored) { $null = $stack.Identify($e) }
$sw = [System.Diagnostics.Stopwatch]::StartNew()
$engineDetections = 0
for ($i = 0; $i -lt $count; $i++) { $engineDetections += $stack.Identify($stored[$i % $stored.Count]).Count }
$sw.Stop()
$engineRate = [math]::Round($count / $sw.Elapsed.TotalSeconds)

[pscustomobject]@{ Benchmark = 'TechnologyDetection'; Metric = 'engine responses/s (one thread, all fingerprints)'; Value = $engineRate; Unit = 'responses/s'; Target = '>= 5000' }
[pscustomobject]@{ Benchmark = 'TechnologyDetection'; Metric = 'cmdlet responses/s (-InputObject pipeline, no network)'; Value = [math]::Round($count / $elapsed.TotalSeconds); Unit = 'responses/s'; Target = '' }
[pscustomobject]@{ Benchmark = 'TechnologyDetection'; Metric = 'detections'; Value = "$detections (cmdlet) / $engineDetections (engine)"; Unit = 'technologies'; Target = "$count responses, $([math]::Round($bytes / 1MB, 1)) MiB of bodies" }
[pscustomobject]@{ Benchmark = 'TechnologyDetection'; Metric = 'fingerprint load (median of 5, fresh)'; Value = ($loads | Sort-Object)[2]; Unit = 'ms'; Target = "< 300 ($techs technologies, $patterns patterns)" }
