# Get-ExternalRiskScore streaming aggregation: 1,000,000 findings (2,000 hosts x 40 rules, mixed severities and
# confidences, 5% duplicates) generated lazily and piped through the cmdlet in a fresh pwsh, so the peak working set
# is that run's alone. Reports findings/s through the pipeline and the child's peak working set.
param($ModulePath, $Lab)
$count = 1000000
$child = @'
param($ModulePath, $Count)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $ModulePath 'ApiThreat.psd1')
Add-Type -IgnoreWarnings -ReferencedAssemblies ([ApiThreat.Finding].Assembly.Location) -TypeDefinition @"
using System.Collections.Generic;
public static class RiskBenchInput
{
    static readonly ApiThreat.FindingCategory[] Cats = (ApiThreat.FindingCategory[])System.Enum.GetValues(typeof(ApiThreat.FindingCategory));
    public static IEnumerable<ApiThreat.Finding> Create(int count)
    {
        var rules = new string[40];
        for (int r = 0; r < rules.Length; r++) rules[r] = "ATR-BENCH-" + r.ToString("000");
        var hosts = new string[2000];
        for (int h = 0; h < hosts.Length; h++) hosts[h] = "h" + h + (h % 10 == 0 ? ".example.co.uk" : ".contoso.com");
        for (int i = 0; i < count; i++)
        {
            int n = i % 20 == 19 ? i - 1 : i;          // every 20th finding repeats the previous one
            int r = (n * 7) % rules.Length;
            yield return new ApiThreat.Finding {
                RuleId = rules[r], Title = "bench", Category = Cats[r % Cats.Length],
                Severity = (ApiThreat.Severity)(n % 5), Confidence = (ApiThreat.Confidence)((n / 5) % 5),
                Target = hosts[(n / 3) % hosts.Length], HostName = hosts[(n / 3) % hosts.Length], Evidence = "evidence " + n };
        }
    }
}
"@
[GC]::Collect()
$cpu0 = [System.Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
$sw = [System.Diagnostics.Stopwatch]::StartNew()
$scores = [RiskBenchInput]::Create($Count) | Get-ExternalRiskScore -Organization Bench
$sw.Stop()
$p = [System.Diagnostics.Process]::GetCurrentProcess(); $p.Refresh()
$cpu = ($p.TotalProcessorTime - $cpu0).TotalSeconds
$org = $scores | Where-Object Scope -EQ Organization
[pscustomobject]@{ Seconds = $sw.Elapsed.TotalSeconds; CpuSeconds = $cpu; PeakMB = $p.PeakWorkingSet64 / 1MB; Scores = @($scores).Count; Findings = $org.FindingCount } | ConvertTo-Json -Compress
'@
$file = Join-Path ([System.IO.Path]::GetTempPath()) "apithreat-riskscore-bench-$PID.ps1"
Set-Content -Path $file -Value $child
try {
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $cmd, $prefix = if (Test-Path $pwsh) { $pwsh, @() } else { (Get-Process -Id $PID).Path, @((Join-Path $PSHOME 'pwsh.dll')) }
    $json = & $cmd @prefix -NoProfile -NonInteractive -File $file -ModulePath $ModulePath -Count $count | Select-Object -Last 1
    if ($LASTEXITCODE -ne 0 -or -not $json) { throw "The benchmark child failed (exit $LASTEXITCODE)." }
    $r = $json | ConvertFrom-Json
    if ($r.Findings -ne 950000) { throw "Expected 950,000 distinct findings, got $($r.Findings)." }
}
finally { Remove-Item $file -ErrorAction SilentlyContinue }
[pscustomobject]@{ Benchmark = 'RiskScore'; Metric = 'findings/s'; Value = [math]::Round($count / $r.Seconds); Unit = 'findings/s'; Target = '>= 200000' }
# CPU time of the run: on a shared machine the wall clock also counts time spent waiting for a core.
[pscustomobject]@{ Benchmark = 'RiskScore'; Metric = 'findings/CPU-s'; Value = [math]::Round($count / $r.CpuSeconds); Unit = 'findings/s of CPU'; Target = '' }
[pscustomobject]@{ Benchmark = 'RiskScore'; Metric = 'elapsed'; Value = [math]::Round($r.Seconds, 2); Unit = 's'; Target = "$count findings, $($r.Scores) scores" }
[pscustomobject]@{ Benchmark = 'RiskScore'; Metric = 'peak working set'; Value = [math]::Round($r.PeakMB); Unit = 'MB'; Target = '< 500' }
