# Hijack assessment throughput: 2,000 Lab hosts (names under the hijack-bench wildcard, each serving the clean A+
# site) through Test-HijackSusceptibility -Passive -Summary: DNS + takeover checks, HTTPS and HTTP sessions with
# redirects, the CORS preflight, HTML parsing, the Observatory grade and every passive check. Targets/s.
param($ModulePath, $Lab)
$count = 2000
$throttle = 100
$hosts = 1..$count | ForEach-Object { "https://b$_.hijack-bench.$($Lab.zone):$($Lab.httpsPort)/" }
$params = @{
    Resolver = $Lab.resolver; AllowPrivateAddress = $true; TrustedRootCertificate = $Lab.rootCertificate
    HttpPort = $Lab.httpPort; HttpsPort = $Lab.httpsPort; ThrottleLimit = $throttle; Passive = $true; Summary = $true
}
# Warm-up (JIT, connection pools) on a few names outside the measured set.
$null = 1..20 | ForEach-Object { "https://warm$_.hijack-bench.$($Lab.zone):$($Lab.httpsPort)/" } | Test-HijackSusceptibility @params
[GC]::Collect()
$sw = [System.Diagnostics.Stopwatch]::StartNew()
$results = $hosts | Test-HijackSusceptibility @params -ErrorVariable errs -ErrorAction SilentlyContinue
$sw.Stop()
$graded = @($results | Where-Object Grade -EQ 'A+').Count
if ($graded -ne $count) { throw "Expected $count A+ assessments, got $graded ($(@($errs).Count) errors: $(@($errs)[0]))." }
[pscustomobject]@{ Benchmark = 'HijackAssessment'; Metric = 'targets/s (passive, -Summary)'; Value = [math]::Round($count / $sw.Elapsed.TotalSeconds); Unit = 'targets/s'; Target = '>= 300' }
[pscustomobject]@{ Benchmark = 'HijackAssessment'; Metric = 'elapsed'; Value = [math]::Round($sw.Elapsed.TotalSeconds, 2); Unit = 's'; Target = "$count hosts, ThrottleLimit $throttle" }
