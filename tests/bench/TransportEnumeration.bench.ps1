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

# The same enumeration on real software, against the tools users compare it with: Debian's nginx with legacy TLS
# (TLS 1.0-1.2, 'ALL:@SECLEVEL=0': 45 suites), medians of 5 warm runs of ours and of sslscan (C, its own OpenSSL),
# one run of testssl.sh -p -E (protocols and each cipher per protocol).
$missing = @('nginx', 'openssl', 'sslscan') | Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction Ignore) }
if ($missing) {
    [pscustomobject]@{ Benchmark = 'TransportEnumeration'; Metric = 'real nginx legacy vs sslscan'; Value = "skipped: $($missing -join ', ') not installed (tests/Real/install.sh)"; Unit = ''; Target = '' }
    return
}
. (Join-Path $PSScriptRoot '../Real/RealSoftware.ps1')
$script:RealRoot = Join-Path $PSScriptRoot '../Real'
. (Join-Path $PSScriptRoot '../Real/Tls.ps1')
$certDir = Join-Path ([IO.Path]::GetTempPath()) "apithreat-bench-tls-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
$certs = New-TlsCertificateSet -Directory $certDir
$server = Start-TlsNginx -Case @{ Tls = @('ssl_protocols TLSv1 TLSv1.1 TLSv1.2;', 'ssl_ciphers ALL:@SECLEVEL=0;'); Certificate = 'good' } -Certificates $certs
try {
    $real = @{ AllowPrivateAddress = $true; ServerName = 'tls.test'; TrustedRootCertificate = $certs.Root; SkipHttpCheck = $true }
    $ours = foreach ($i in 1..6) {
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $t = Test-TransportSecurity -HostName 127.0.0.1 -Port $server.HttpsPort @real
        $sw.Elapsed.TotalSeconds
    }
    $oursMedian = ($ours | Select-Object -Skip 1 | Sort-Object)[2]
    $scan = foreach ($i in 1..5) {
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $null = & sslscan --no-colour --sni-name=tls.test "127.0.0.1:$($server.HttpsPort)" 2>&1
        $sw.Elapsed.TotalSeconds
    }
    $scanMedian = ($scan | Sort-Object)[2]
    $suites = @($t.CipherSuites).Count
    [pscustomobject]@{ Benchmark = 'TransportEnumeration'; Metric = "real nginx legacy ($suites suites): ours warm median"; Value = [math]::Round($oursMedian, 3); Unit = 's'; Target = '' }
    [pscustomobject]@{ Benchmark = 'TransportEnumeration'; Metric = 'real nginx legacy: sslscan median'; Value = [math]::Round($scanMedian, 3); Unit = 's'; Target = '' }
    [pscustomobject]@{ Benchmark = 'TransportEnumeration'; Metric = 'real nginx legacy: sslscan time / ours (warm)'; Value = [math]::Round($scanMedian / $oursMedian, 1); Unit = 'x'; Target = '>= 1' }
    if (Get-Command testssl -CommandType Application -ErrorAction Ignore) {
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $null = & testssl --quiet --color 0 --ip one -p -E "127.0.0.1:$($server.HttpsPort)" 2>&1
        $testssl = $sw.Elapsed.TotalSeconds
        [pscustomobject]@{ Benchmark = 'TransportEnumeration'; Metric = 'real nginx legacy: testssl.sh -p -E once'; Value = [math]::Round($testssl, 1); Unit = 's'; Target = '' }
        [pscustomobject]@{ Benchmark = 'TransportEnumeration'; Metric = 'real nginx legacy: testssl.sh time / ours (warm)'; Value = [math]::Round($testssl / $oursMedian, 0); Unit = 'x'; Target = '>= 1' }
    }
}
finally {
    $server | Stop-RealServer
    Remove-Item -Recurse -Force $certDir -ErrorAction Ignore
}
