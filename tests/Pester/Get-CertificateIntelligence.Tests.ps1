BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $https = $Lab.httpsPort
    function Get-LabTlsPort([string]$Name) {
        $s = Get-LabScenario $Name
        if ($s.expect.HttpsPort) { [int]$s.expect.HttpsPort[0] } else { $https }
    }
}

Describe 'Get-CertificateIntelligence' {
    It 'reports exactly the expected findings for every certificate scenario, and none for the clean hosts' {
        $scenarios = $Lab.scenarios | Where-Object area -EQ 'Certificates' | Where-Object { -not $_.expect.Unavailable }
        $scenarios.Count | Should -BeGreaterOrEqual 8
        foreach ($s in $scenarios) {
            $info = Get-CertificateIntelligence -HostName $s.host -Port (Get-LabTlsPort $s.name) @LabParams
            $info | Should -BeOfType ([ApiThreat.CertificateInfo])
            @($info.Findings.RuleId | Sort-Object) | Should -Be @($s.expectedFindings | Sort-Object) -Because $s.name
        }
        (Get-CertificateIntelligence "$(Get-LabHost cert-good):$https" @LabParams).Findings | Should -BeNullOrEmpty
    }

    It 'reports the SHA-1 and RSA-1024 hosts served by openssl (or is skipped with the reason)' {
        foreach ($name in 'cert-sha1', 'cert-rsa1024') {
            $s = Get-LabScenario $name
            if ($s.expect.Unavailable) { Set-ItResult -Skipped -Because "openssl s_server unavailable: $($s.expect.Unavailable[0])"; return }
        }
        (Get-CertificateIntelligence (Get-LabHost cert-sha1) -Port (Get-LabTlsPort cert-sha1) @LabParams).SignatureAlgorithm | Should -Be 'sha1RSA'
        $rsa = Get-CertificateIntelligence (Get-LabHost cert-rsa1024) -Port (Get-LabTlsPort cert-rsa1024) @LabParams
        $rsa.KeyAlgorithm, $rsa.KeySize | Should -Be 'RSA', 1024
    }

    It 'sees the stapled OCSP response of the openssl host that staples one, and none elsewhere (or is skipped with the reason)' {
        $s = Get-LabScenario cert-ocsp-stapled
        if ($s.expect.Unavailable) { Set-ItResult -Skipped -Because "openssl s_server unavailable: $($s.expect.Unavailable[0])"; return }
        $stapled = Get-CertificateIntelligence (Get-LabHost cert-ocsp-stapled) -Port (Get-LabTlsPort cert-ocsp-stapled) @LabParams
        $stapled.OcspStapled | Should -BeTrue
        $stapled.OcspStapling | Should -Be 'Stapled'
        foreach ($name in 'cert-sha1', 'cert-good') {
            $plain = Get-CertificateIntelligence (Get-LabHost $name) -Port (Get-LabTlsPort $name) @LabParams
            $plain.OcspStapled | Should -BeFalse -Because $name
            $plain.OcspStapling | Should -Be 'NotStapled' -Because $name
        }
    }

    It 'binds HostName and Port by property name from DiscoveredHost and ApiEndpoint objects' {
        $dh = [ApiThreat.DiscoveredHost]@{ HostName = "$(Get-LabHost cert-good):$https" }
        $ep = [ApiThreat.ApiEndpoint]@{ Url = "https://$(Get-LabHost cert-expired):$https/api"; HostName = (Get-LabHost cert-expired); Port = $https }
        $plain = [ApiThreat.ApiEndpoint]@{ Url = "http://$(Get-LabHost cert-good):$($Lab.httpPort)/"; HostName = (Get-LabHost cert-good); Port = $Lab.httpPort; Scheme = 'http' }
        $out = $dh, $ep, $plain | Get-CertificateIntelligence @LabParams
        $out.HostName | Sort-Object | Should -Be (@((Get-LabHost cert-expired), (Get-LabHost cert-good)) | Sort-Object)
        ($out | Where-Object HostName -EQ (Get-LabHost cert-expired)).Findings.RuleId | Should -Be 'ATR-CERT-001'
    }

    It 'sends -ServerName as SNI and checks that name' {
        $r = Get-CertificateIntelligence "$(Get-LabHost cert-good):$https" -ServerName (Get-LabHost cert-wildcard) @LabParams
        $r.ServerName | Should -Be (Get-LabHost cert-wildcard)
        $r.SubjectAlternativeNames | Should -Contain "*.$(Get-LabHost cert-wildcard)"
        $r.HostnameMatches | Should -BeTrue
    }

    It 'honours -ExpiryWarningDays and -SkipOcspCheck' {
        $r = Get-CertificateIntelligence "$(Get-LabHost cert-good):$https" -ExpiryWarningDays 400 -SkipOcspCheck @LabParams
        $r.Findings.RuleId | Should -Be 'ATR-CERT-002'
        $r.OcspStapling | Should -Be 'NotTested'
        (Get-CertificateIntelligence "$(Get-LabHost cert-good):$https" @LabParams).OcspStapling | Should -Be 'NotStapled'
    }

    It 'keeps going past endpoints without TLS, with an error naming each' {
        $targets = "$(Get-LabHost cert-good):$($Lab.httpPort)", "$(Get-LabHost cert-good):$https", "nope.$($Lab.zone):$https"
        $out = Get-CertificateIntelligence $targets @LabParams -ErrorVariable errs -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $errs.Count | Should -Be 2
        ($errs | Where-Object TargetObject -EQ "$(Get-LabHost cert-good):$($Lab.httpPort)").FullyQualifiedErrorId | Should -BeLike 'TlsHandshakeFailed,*'
        ($errs | Where-Object TargetObject -EQ "nope.$($Lab.zone):$https").FullyQualifiedErrorId | Should -BeLike 'HostNotFound,*'
    }
}
