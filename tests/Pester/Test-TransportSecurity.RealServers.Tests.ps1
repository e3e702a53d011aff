# Test-TransportSecurity and Get-CertificateIntelligence on real servers (Debian's nginx 1.22, Apache 2.4 and Caddy
# 2.6 on OpenSSL 3.0 / Go's TLS), each as an administrator configures it, with the ground truth read by other tools:
# sslscan (protocols and every accepted suite, by IANA code), openssl s_client (the chain's verdict against the test
# root, the name checked) and curl (redirect, HSTS). The module must see the same protocols and the same suites, and
# raise exactly the expected findings.
# - Debian's shipped nginx.conf says 'ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3', but OpenSSL 3.0's default security
#   level refuses TLS 1.0 and 1.1, so neither is offered: no ATR-TLS-002/003. nginx's default ciphers (HIGH:!aNULL:!MD5)
#   keep RSA key exchange: ATR-TLS-007 (Low). No redirect and no HSTS: ATR-TLS-009 and ATR-TLS-010.
# - Legacy (TLS 1.0-1.2, 'ALL:@SECLEVEL=0'): TLS 1.0/1.1 (002, 003), anonymous ECDH suites (005, High: grade F), RSA key
#   exchange (007), no TLS 1.3 (012, Info), plus 009 and 010.
# - Mozilla's intermediate and modern configurations (ssl-config.mozilla.org) with HSTS of two years and the plain-HTTP
#   listener redirecting: nothing at all, grade A+. HSTS of 300 s: ATR-TLS-011 (Low) only.
# - Certificates (intermediate configuration, so only the certificate differs): expired (ATR-CERT-001), the intermediate
#   not sent (ATR-CERT-007), issued for another name (ATR-CERT-004), self-signed (ATR-CERT-005), 1024-bit RSA signed with
#   SHA-1 (ATR-CERT-008 and 009); openssl s_client refuses each for the same reason (codes 10, 21, 62, 18, 68).
# - Apache with Debian's mod_ssl defaults (mods-available/ssl.conf: SSLProtocol all -SSLv3, SSLCipherSuite HIGH:!aNULL)
#   and no redirect or HSTS: the same as nginx's Debian defaults (007, 009, 010).
# - Caddy's automatic HTTPS (its own local CA, the HTTP port redirecting, Go's default suites): ATR-TLS-010 only, as
#   Caddy sets no HSTS unless told to.

BeforeDiscovery {
    $debianTls = if (Test-Path /etc/nginx/nginx.conf) {
        @(Get-Content /etc/nginx/nginx.conf | Where-Object { $_ -match '^\s*ssl_' } | ForEach-Object { ($_ -replace '#.*$', '').Trim() })
    }
    # ssl-config.mozilla.org, nginx 1.22, OpenSSL 3.0, "intermediate" and "modern" (generator 5.7).
    $intermediate = @('ssl_protocols TLSv1.2 TLSv1.3;',
        'ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305;',
        'ssl_prefer_server_ciphers off;', 'ssl_dhparam __DH__;')
    $modern = @('ssl_protocols TLSv1.3;', 'ssl_prefer_server_ciphers off;')
    $safe = @{ Hsts = 'max-age=63072000'; Redirect = $true }
    $script:NginxCases = @(
        @{ Name = "Debian's shipped nginx.conf TLS lines, no redirect, no HSTS"; Tls = $debianTls; Certificate = 'good'
            Expected = @('ATR-TLS-007', 'ATR-TLS-009', 'ATR-TLS-010'); CertExpected = @(); Grade = 'A-'; Verify = 0 }
        @{ Name = "legacy: TLS 1.0-1.2 and 'ALL:@SECLEVEL=0'"; Tls = @('ssl_protocols TLSv1 TLSv1.1 TLSv1.2;', 'ssl_ciphers ALL:@SECLEVEL=0;'); Certificate = 'good'
            Expected = @('ATR-TLS-002', 'ATR-TLS-003', 'ATR-TLS-005', 'ATR-TLS-007', 'ATR-TLS-009', 'ATR-TLS-010', 'ATR-TLS-012'); CertExpected = @(); Grade = 'F'; Verify = 0 }
        @{ Name = "Mozilla intermediate, HSTS two years, HTTP redirected"; Tls = $intermediate; Certificate = 'good'
            Expected = @(); CertExpected = @(); Grade = 'A+'; Verify = 0 } + $safe
        @{ Name = "Mozilla modern (TLS 1.3 only), HSTS two years, HTTP redirected"; Tls = $modern; Certificate = 'good'
            Expected = @(); CertExpected = @(); Grade = 'A+'; Verify = 0 } + $safe
        @{ Name = "Mozilla intermediate with HSTS max-age=300"; Tls = $intermediate; Certificate = 'good'; Hsts = 'max-age=300'; Redirect = $true
            Expected = @('ATR-TLS-011'); CertExpected = @(); Grade = 'A'; Verify = 0 }
        @{ Name = "an expired certificate"; Tls = $intermediate; Certificate = 'expired'
            Expected = @(); CertExpected = @('ATR-CERT-001'); Grade = 'T'; Verify = 10 } + $safe
        @{ Name = "the intermediate certificate not sent"; Tls = $intermediate; Certificate = 'leaf-only'
            Expected = @(); CertExpected = @('ATR-CERT-007'); Grade = 'T'; Verify = 21 } + $safe
        @{ Name = "a certificate for another name"; Tls = $intermediate; Certificate = 'other'
            Expected = @(); CertExpected = @('ATR-CERT-004'); Grade = 'M'; Verify = 62 } + $safe
        @{ Name = "a self-signed certificate"; Tls = $intermediate; Certificate = 'self'
            Expected = @(); CertExpected = @('ATR-CERT-005'); Grade = 'T'; Verify = 18 } + $safe
        @{ Name = "a 1024-bit RSA certificate signed with SHA-1"; Tls = @('ssl_protocols TLSv1.2 TLSv1.3;', 'ssl_ciphers ECDHE+AESGCM:@SECLEVEL=0;'); Certificate = 'weak'
            Expected = @(); CertExpected = @('ATR-CERT-008', 'ATR-CERT-009'); Grade = 'T'; Verify = 68 } + $safe
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Tls.ps1')
    $script:Reason = Get-RealSkipReason -Command @('openssl', 'sslscan', 'curl')
    if (-not $Reason) { $script:Certs = New-TlsCertificateSet -Directory (Join-Path $TestDrive 'certs') }
    $script:Trust = @{ AllowPrivateAddress = $true; ServerName = 'tls.test'; TrustedRootCertificate = $(if ($Certs) { $Certs.Root }) }

    function Assert-SameAsSslscan($Assessment, [int]$Port) {
        $truth = Get-SslscanTruth -Port $Port
        $truth.Protocols | Should -Not -BeNullOrEmpty -Because 'sslscan saw the server'
        @(($Assessment.Protocols | Where-Object Status -EQ Offered).Protocol | Sort-Object) | Should -Be @($truth.Protocols | Sort-Object)
        foreach ($p in $truth.Protocols) {
            $ours = @($Assessment.CipherSuites | Where-Object Protocol -EQ $p | ForEach-Object Code | Sort-Object)
            $ours | Should -Be @($truth.Suites[$p] | Sort-Object) -Because "the $p suites sslscan found accepted"
        }
        Write-Host ("    {0}: {1} suites, the same as sslscan" -f (($truth.Protocols) -join '/'), @($Assessment.CipherSuites).Count)
    }

    function Assert-HttpTruth([int]$HttpsPort, [int]$HttpPort, $Case) {
        $plain = Invoke-Curl "http://127.0.0.1:$HttpPort/"
        # The HTTPS request names tls.test (Caddy has no certificate for a bare address).
        $headers = (& curl -sS -k -D - -o /dev/null --max-time 10 --noproxy '127.0.0.0/8' --resolve "tls.test:${HttpsPort}:127.0.0.1" "https://tls.test:$HttpsPort/") -join "`n"
        $tls = [pscustomobject]@{ Headers = $headers }
        $headers | Should -Match '^HTTP/\S+ 200' -Because 'curl reached the HTTPS site'
        if ($Case.Redirect) { $plain.StatusCode | Should -BeIn 301, 308 } else { $plain.StatusCode | Should -Be 200 }
        if ($Case.Hsts) { $tls.Headers | Should -Match "(?im)^strict-transport-security: $([regex]::Escape($Case.Hsts))" }
        else { $tls.Headers | Should -Not -Match '(?im)^strict-transport-security:' }
    }
}

Describe 'Test-TransportSecurity on nginx (Debian) as administrators configure it' {
    BeforeAll { if (-not $Reason) { $script:Reason = Get-RealSkipReason -Command @('nginx') } }

    It '<Name>: the same protocols and suites as sslscan, exactly the expected findings and grade' -ForEach $NginxCases {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        if (-not $Tls) { Set-ItResult -Skipped -Because "/etc/nginx/nginx.conf (Debian's nginx-common) has no ssl_ lines to reproduce"; return }
        $case = $_
        $s = Start-TlsNginx -Case $case -Certificates $Certs
        try {
            # Ground truth: curl for the plain-HTTP answer and HSTS; openssl s_client for the chain's verdict.
            Assert-HttpTruth $s.HttpsPort $s.HttpPort $case
            $chain = Get-OpenSslVerify -Port $s.HttpsPort -Root $Certs.Root
            $chain.Code | Should -Be $Verify -Because "openssl s_client says: $($chain.Text)"

            $t = Test-TransportSecurity -HostName 127.0.0.1 -Port $s.HttpsPort -HttpPort $s.HttpPort @Trust
            Assert-SameAsSslscan $t $s.HttpsPort
            @($t.Findings.RuleId | Sort-Object) | Should -Be @($Expected | Sort-Object)
            $t.Grade | Should -Be $Grade -Because ($t.GradeReasons -join '; ')
            $c = Get-CertificateIntelligence -HostName 127.0.0.1 -Port $s.HttpsPort @Trust
            @($c.Findings.RuleId | Sort-Object) | Should -Be @($CertExpected | Sort-Object)
        }
        finally { $s | Stop-RealServer }
    }
}

Describe 'Test-TransportSecurity on Apache 2.4 with Debian''s mod_ssl defaults' {
    BeforeAll {
        if (-not $Reason) { $script:Reason = Get-RealSkipReason -Command @('apache2') }
        if (-not $Reason -and -not (Test-Path /etc/apache2/mods-available/ssl.conf)) { $script:Reason = "Debian's mods-available/ssl.conf is not installed" }
    }

    It 'offers what sslscan sees and gets the same findings as nginx''s Debian defaults (RSA key exchange, no redirect, no HSTS)' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $s = Start-TlsApache -Certificates $Certs
        try {
            (Get-Content /etc/apache2/mods-available/ssl.conf) -match '^\s*SSL(Protocol|CipherSuite)\s' | Should -HaveCount 2 -Because 'Debian sets both in ssl.conf'
            Assert-HttpTruth $s.HttpsPort $s.HttpPort @{}
            $t = Test-TransportSecurity -HostName 127.0.0.1 -Port $s.HttpsPort -HttpPort $s.HttpPort @Trust
            Assert-SameAsSslscan $t $s.HttpsPort
            @($t.Findings.RuleId | Sort-Object) | Should -Be @('ATR-TLS-007', 'ATR-TLS-009', 'ATR-TLS-010')
            $t.Grade | Should -Be 'A-'
            @((Get-CertificateIntelligence -HostName 127.0.0.1 -Port $s.HttpsPort @Trust).Findings) | Should -HaveCount 0
        }
        finally { $s | Stop-RealServer }
    }
}

Describe 'Test-TransportSecurity on Caddy''s automatic HTTPS' {
    BeforeAll { if (-not $Reason) { $script:Reason = Get-RealSkipReason -Command @('caddy') } }

    It 'offers what sslscan sees; only the missing HSTS is reported, as Caddy sets none by default' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $s = Start-TlsCaddy
        try {
            Assert-HttpTruth $s.HttpsPort $s.HttpPort @{ Redirect = $true }
            $trust = @{ AllowPrivateAddress = $true; ServerName = 'tls.test'; TrustedRootCertificate = $s.Root }
            $verify = Get-OpenSslVerify -Port $s.HttpsPort -Root $s.Root
            $verify.Code | Should -Be 0 -Because "openssl s_client trusts Caddy's chain under its own root: $($verify.Text)"
            $t = Test-TransportSecurity -HostName 127.0.0.1 -Port $s.HttpsPort -HttpPort $s.HttpPort @trust
            Assert-SameAsSslscan $t $s.HttpsPort
            @($t.Findings.RuleId) | Should -Be @('ATR-TLS-010')
            $t.Grade | Should -Be 'A'
            @((Get-CertificateIntelligence -HostName 127.0.0.1 -Port $s.HttpsPort @trust).Findings) | Should -HaveCount 0
        }
        finally { $s | Stop-RealServer }
    }
}
