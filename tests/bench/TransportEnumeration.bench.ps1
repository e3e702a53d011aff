# Test-TransportSecurity's full protocol and cipher-suite enumeration of one host (SSLv3-TLS1.3, every suite of our
# table, plus the certificate), TLS only: median of 5 runs, on the Kestrel host and on the openssl s_server host.
param($ModulePath, $Lab)
$common = @{ Resolver = $Lab.resolver; AllowPrivateAddress = $true; TrustedRootCertificate = $Lab.rootCertificate; SkipHttpCheck = $true }
foreach ($name in 'tls-modern', 'tls-legacy') {
    $s = $Lab.scenarios | Where-Object name -EQ $name
    if ($s.expect.Unavailable) {
        [pscustomobject]@{ Benchmark = 'TransportEnumeration'; Metric = "$name full enumeration"; Value = "skipped: $($s.expect.Unavailable[0])"; Unit = ''; Target = '< 3 s' }
        continue
    }
    $port = if ($s.expect.HttpsPort) { [int]$s.expect.HttpsPort[0] } else { $Lab.httpsPort }
    $null = Test-TransportSecurity $s.host -Port $port @common # warm-up
    $times = foreach ($i in 1..5) {
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $t = Test-TransportSecurity $s.host -Port $port @common
        $sw.Elapsed.TotalSeconds
    }
    $median = ($times | Sort-Object)[2]
    $suites = @($t.CipherSuites).Count
    [pscustomobject]@{ Benchmark = 'TransportEnumeration'; Metric = "$name full enumeration ($suites suites found, grade $($t.Grade))"; Value = [math]::Round($median, 2); Unit = 's'; Target = '< 3 s' }
}
