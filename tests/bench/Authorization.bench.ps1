# Authorization matrix at scale: Test-ApiAuthorization with 3 identities (plus anonymous) over a Lab API of
# $Operations operations (half listings, half item reads), under a per-host rate limit. Reports the requests sent
# (counted by the engine), the time against the rate-limit budget (requests / rate: the least time the limit allows),
# the findings against the scenario's ground truth (BOLA on every 50th resource), and memory.
# A small run: $env:APITHREAT_BENCH_AUTHZ_OPERATIONS = 20 (and APITHREAT_BENCH_AUTHZ_RATE for the limit).
param($ModulePath, $Lab, [int]$Operations = ($env:APITHREAT_BENCH_AUTHZ_OPERATIONS ?? 200), [double]$RateLimit = ($env:APITHREAT_BENCH_AUTHZ_RATE ?? 100))
$scenario = $Lab.scenarios | Where-Object name -EQ 'authz-bench'
$url = "https://$($scenario.host):$($Lab.httpsPort)/"
$resources = [Math]::Max(1, [int]($Operations / 2))
$ops = @('GET /api/me') + (0..($resources - 1) | ForEach-Object { "GET /r$_/items"; "GET /r$_/items/{id}" })
$ids = [ordered]@{}
foreach ($t in $scenario.expect.Tokens) { $ids[$t -replace '^lab-authz-'] = @{ Authorization = "Bearer $t" } }
$labParams = @{ Resolver = $Lab.resolver; AllowPrivateAddress = $true; TrustedRootCertificate = $Lab.rootCertificate }
$every = [int]$scenario.expect.FlawEvery[0]
$flawed = @(0..($resources - 1) | Where-Object { $_ % $every -eq 0 } | ForEach-Object { "GET /r$_/items/{id}" })

[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
$process = [System.Diagnostics.Process]::GetCurrentProcess()
$heapBefore = [GC]::GetTotalMemory($true)
$allocated = [GC]::GetTotalAllocatedBytes($true)
$sw = [System.Diagnostics.Stopwatch]::StartNew()
$out = Test-ApiAuthorization -Url $url -Operation $ops -Identity $ids -RateLimit $RateLimit @labParams -ErrorVariable errs -ErrorAction SilentlyContinue
$sw.Stop()
$allocated = [GC]::GetTotalAllocatedBytes($true) - $allocated
if ($errs.Count -gt 0) { throw "Test-ApiAuthorization failed: $($errs[0])" }
$matrix = $out | Where-Object { $_ -is [ApiThreat.AuthorizationMatrix] }
$findings = @($out | Where-Object { $_ -is [ApiThreat.Finding] })
$requests = $matrix.RequestCount
$rows = $matrix.Rows.Count
$out = $null; $matrix = $null
[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
$heapAfter = [GC]::GetTotalMemory($true)
$process.Refresh()

$seconds = $sw.Elapsed.TotalSeconds
$budget = $requests / $RateLimit
$want = @($flawed | ForEach-Object { "$_ alice"; "$_ bob" } | Sort-Object)
$got = @($findings | Where-Object RuleId -EQ 'ATR-AUTHZ-001' | ForEach-Object { "$($_.Location) $($_.Title.Split(' ')[0])" } | Sort-Object)
$exact = (($want -join ',') -eq ($got -join ',')) -and @($findings | Where-Object RuleId -NE 'ATR-AUTHZ-001').Count -eq 0
$target = "$($ids.Count) identities + anonymous × $($ops.Count) operations"
[pscustomobject]@{ Benchmark = 'Authorization'; Metric = 'requests'; Value = $requests; Unit = 'requests'; Target = "$target; $rows matrix rows" }
[pscustomobject]@{ Benchmark = 'Authorization'; Metric = 'elapsed'; Value = [math]::Round($seconds, 2); Unit = 's'; Target = "rate-limit budget $([math]::Round($budget, 2)) s at $RateLimit requests/s per host" }
[pscustomobject]@{ Benchmark = 'Authorization'; Metric = 'elapsed / budget'; Value = [math]::Round($seconds / $budget, 2); Unit = 'x'; Target = '≥ 1 (the limit holds); close to 1: the limit is the only brake' }
[pscustomobject]@{ Benchmark = 'Authorization'; Metric = 'achieved rate'; Value = [math]::Round($requests / $seconds, 1); Unit = 'requests/s'; Target = "≤ $RateLimit" }
[pscustomobject]@{ Benchmark = 'Authorization'; Metric = 'findings exact'; Value = $exact; Unit = ''; Target = "$($want.Count) BOLA findings on $($flawed.Count) flawed operations, nothing else (got $($findings.Count))" }
[pscustomobject]@{ Benchmark = 'Authorization'; Metric = 'allocated'; Value = [math]::Round($allocated / 1MB, 1); Unit = 'MB'; Target = "$([math]::Round($allocated / [math]::Max(1, $requests) / 1KB, 1)) KB a request" }
[pscustomobject]@{ Benchmark = 'Authorization'; Metric = 'managed heap growth'; Value = [math]::Round(($heapAfter - $heapBefore) / 1MB, 1); Unit = 'MB'; Target = 'after the run and a full GC (flat: the matrix is released)' }
[pscustomobject]@{ Benchmark = 'Authorization'; Metric = 'peak working set'; Value = [math]::Round($process.PeakWorkingSet64 / 1MB); Unit = 'MB'; Target = 'whole process' }
