# Crawl budget: Get-ApiInventory -Depth Standard on the Lab's crawl-big-site (10,000 linked pages, each linking the next
# ten, and a 20 MB bundle whose only API call is at its very end), with the default per-origin budget and a smaller one.
# Reports, per run, the requests the crawl made, the time, the bytes the Lab sent for the site's pages and bundle, and the
# managed heap after the run: all must stay within the budget however large the site is. APITHREAT_CRAWL_BENCH_RUNS sets
# how many repetitions (default 2; 1 for a quick check).
param($ModulePath, $Lab)
$site = "crawl-big-site.$($Lab.zone)"
$params = @{ Resolver = $Lab.resolver; AllowPrivateAddress = $true; TrustedRootCertificate = $Lab.rootCertificate; Port = $Lab.httpsPort; Depth = 'Standard' }
$control = @{ Headers = @{ Host = "lab-control.$($Lab.zone)" } }
$runs = if ($env:APITHREAT_CRAWL_BENCH_RUNS) { [int]$env:APITHREAT_CRAWL_BENCH_RUNS } else { 2 }
$budgets = [ordered]@{
    'default budget (40 requests, 8 MB, 20 s)' = @{}
    'small budget (10 requests, 1 MB, 5 s)'    = @{ CrawlPageLimit = 10; CrawlByteLimit = 1MB; CrawlTimeoutSec = 5 }
}
$process = [System.Diagnostics.Process]::GetCurrentProcess()
foreach ($label in $budgets.Keys) {
    for ($run = 1; $run -le $runs; $run++) {
        $null = Invoke-RestMethod -Uri "http://127.0.0.1:$($Lab.httpPort)/reset" @control
        $extra = $budgets[$label]
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $found = @(Get-ApiInventory -Url $site @params @extra -ErrorAction SilentlyContinue)
        $sw.Stop()
        $heap = [GC]::GetTotalMemory($true)
        # Invoke-RestMethod writes the JSON array as one object: kept in a variable, it unrolls in the pipeline.
        $all = Invoke-RestMethod -Uri "http://127.0.0.1:$($Lab.httpPort)/requests" @control
        $log = @($all | Where-Object { $_ -like "*$site*" })
        $crawl = @($log | Where-Object { ([uri]$_).AbsolutePath -like '/p/*' -or ([uri]$_).AbsolutePath -eq '/static/bundle.js' })
        if ($run -lt $runs) { continue }
        [pscustomobject]@{ Benchmark = 'Crawl'; Metric = "crawl requests, $label"; Value = $crawl.Count; Unit = 'requests'; Target = "of 10,001 pages and a 20 MB bundle; <= the page budget" }
        [pscustomobject]@{ Benchmark = 'Crawl'; Metric = "all requests, $label"; Value = $log.Count; Unit = 'requests'; Target = 'well-known paths and framework defaults included' }
        [pscustomobject]@{ Benchmark = 'Crawl'; Metric = "elapsed, $label"; Value = [math]::Round($sw.Elapsed.TotalSeconds, 2); Unit = 's'; Target = 'below the time budget' }
        [pscustomobject]@{ Benchmark = 'Crawl'; Metric = "API past the byte budget reached, $label"; Value = [bool](@($log | Where-Object { $_ -like '*/api/late*' }).Count); Unit = ''; Target = 'False' }
        [pscustomobject]@{ Benchmark = 'Crawl'; Metric = "endpoints reported, $label"; Value = $found.Count; Unit = 'APIs'; Target = '0 (a plain site)' }
        [pscustomobject]@{ Benchmark = 'Crawl'; Metric = "managed heap after, $label"; Value = [math]::Round($heap / 1MB, 1); Unit = 'MB'; Target = 'flat: the bundle is not kept' }
    }
}
$process.Refresh()
[pscustomobject]@{ Benchmark = 'Crawl'; Metric = 'peak working set'; Value = [math]::Round($process.PeakWorkingSet64 / 1MB); Unit = 'MB'; Target = 'module, runtime and JIT included' }
