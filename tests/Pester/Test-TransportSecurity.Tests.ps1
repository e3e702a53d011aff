BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $https = $Lab.httpsPort
    function Get-LabTlsPort([string]$Name) {
        $s = Get-LabScenario $Name
        if ($s.expect.HttpsPort) { [int]$s.expect.HttpsPort[0] } else { $https }
    }
}

Describe 'Test-TransportSecurity' {
    It 'gives each transport scenario exactly its findings, offered versions and grade' {
        foreach ($s in $Lab.scenarios | Where-Object area -EQ 'Transport') {
            if ($s.expect.Unavailable) { continue } # covered (and skipped with the reason) by the next test
            $t = Test-TransportSecurity -HostName $s.host -Port (Get-LabTlsPort $s.name) -HttpPort $Lab.httpPort @LabParams
            $t | Should -BeOfType ([ApiThreat.TransportAssessment])
            @($t.Findings.RuleId | Sort-Object) | Should -Be @($s.expectedFindings | Sort-Object) -Because $s.name
            @(($t.Protocols | Where-Object Status -EQ Offered).Protocol | Sort-Object) | Should -Be @($s.expect.Offered | Sort-Object) -Because $s.name
            $t.Grade | Should -Be $s.expect.Grade[0] -Because $s.name
        }
        (Test-TransportSecurity "$(Get-LabHost tls-modern):$https" -HttpPort $Lab.httpPort @LabParams).Findings | Should -BeNullOrEmpty
    }

    It 'finds TLS 1.0/1.1 and a NULL suite on the openssl hosts (or is skipped with the reason)' {
        foreach ($name in 'tls-legacy', 'tls-weak') {
            $s = Get-LabScenario $name
            if ($s.expect.Unavailable) { Set-ItResult -Skipped -Because "openssl s_server unavailable: $($s.expect.Unavailable[0])"; return }
        }
        $legacy = Test-TransportSecurity (Get-LabHost tls-legacy) -Port (Get-LabTlsPort tls-legacy) -SkipHttpCheck @LabParams
        ($legacy.Protocols | Where-Object Protocol -EQ 'TLS1.0').Status | Should -Be 'Offered'
        ($legacy.Protocols | Where-Object Protocol -EQ 'SSLv3').Status | Should -Be 'NotOffered'
        $weak = Test-TransportSecurity (Get-LabHost tls-weak) -Port (Get-LabTlsPort tls-weak) -SkipHttpCheck @LabParams
        $weak.CipherSuites.Name | Should -Contain 'TLS_RSA_WITH_NULL_SHA256'
        ($weak.CipherSuites | Where-Object Name -EQ 'TLS_RSA_WITH_NULL_SHA256').Strength | Should -Be 'Insecure'
        $weak.Grade | Should -Be 'F'
    }

    It 'finds exactly what <Name> serves: weak suites or SSL 3.0 (or is skipped with the reason)' -ForEach @(
        @{ Name = 'tls-3des'; Suite = 'TLS_RSA_WITH_3DES_EDE_CBC_SHA' }
        @{ Name = 'tls-rc4'; Suite = 'TLS_RSA_WITH_RC4_128_SHA' }
        @{ Name = 'tls-ssl3'; Suite = 'TLS_RSA_WITH_AES_128_CBC_SHA' }
    ) {
        $s = Get-LabScenario $Name
        if ($s.expect.Unavailable) { Set-ItResult -Skipped -Because "$Name cannot be served here: $($s.expect.Unavailable[0])"; return }
        $t = Test-TransportSecurity (Get-LabHost $Name) -Port (Get-LabTlsPort $Name) -HttpPort $Lab.httpPort @LabParams
        @($t.Findings.RuleId | Sort-Object) | Should -Be @($s.expectedFindings | Sort-Object)
        @(($t.Protocols | Where-Object Status -EQ Offered).Protocol) | Should -Be @($s.expect.Offered)
        $t.CipherSuites.Name | Should -Contain $Suite
        $t.Grade | Should -Be $s.expect.Grade[0]
    }

    It 'grades certificate problems T and name mismatches M, by property name from piped objects' {
        $in = [ApiThreat.DiscoveredHost]@{ HostName = "$(Get-LabHost cert-expired):$https" },
              [ApiThreat.ApiEndpoint]@{ HostName = (Get-LabHost cert-wrong-name); Port = $https; Url = "https://$(Get-LabHost cert-wrong-name):$https/" }
        $out = $in | Test-TransportSecurity -SkipHttpCheck @LabParams
        ($out | Where-Object HostName -EQ (Get-LabHost cert-expired)).Grade | Should -Be 'T'
        ($out | Where-Object HostName -EQ (Get-LabHost cert-wrong-name)).Grade | Should -Be 'M'
    }

    It 'reports a closed port as an error and goes on' {
        $out = Test-TransportSecurity "$(Get-LabHost tls-modern):1", "$(Get-LabHost tls-modern):$https" -SkipHttpCheck @LabParams -TimeoutSec 2 -ErrorVariable errs -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ConnectFailed,*'
        $errs[0].TargetObject | Should -Be "$(Get-LabHost tls-modern):1"
    }
}
