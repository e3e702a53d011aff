# Pipeline overhead: 100,000 Finding objects through a cmdlet that binds them by property name
# (Get-ApiThreatRule looks up each finding's RuleId), objects/s and peak working set of this process.
param($ModulePath, $Lab)
$count = 100000
$rule = Get-ApiThreatRule | Select-Object -First 1
$ruleId = if ($rule) { $rule.Id } else { throw 'The rule catalogue is empty.' }
$findings = [System.Collections.Generic.List[ApiThreat.Finding]]::new($count)
for ($i = 0; $i -lt $count; $i++) {
    $findings.Add([ApiThreat.Finding]@{ RuleId = $ruleId; Target = "host$i.example.test"; Title = 't'; Evidence = 'e' })
}
[GC]::Collect()
$process = [System.Diagnostics.Process]::GetCurrentProcess()
$sw = [System.Diagnostics.Stopwatch]::StartNew()
$n = 0
$findings | Get-ApiThreatRule | Measure-Object | ForEach-Object { $n = $_.Count }
$sw.Stop()
$process.Refresh()
if ($n -ne $count) { throw "Expected $count rules out, got $n." }
[pscustomobject]@{ Benchmark = 'PipelineOverhead'; Metric = 'findings/s'; Value = [math]::Round($count / $sw.Elapsed.TotalSeconds); Unit = 'objects/s'; Target = '' }
[pscustomobject]@{ Benchmark = 'PipelineOverhead'; Metric = 'elapsed'; Value = [math]::Round($sw.Elapsed.TotalSeconds, 2); Unit = 's'; Target = "$count objects" }
[pscustomobject]@{ Benchmark = 'PipelineOverhead'; Metric = 'peak working set'; Value = [math]::Round($process.PeakWorkingSet64 / 1MB); Unit = 'MB'; Target = '' }
