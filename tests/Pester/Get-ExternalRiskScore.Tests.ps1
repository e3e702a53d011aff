BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    function New-TestFinding([string]$RuleId, [string]$Target, [string]$Category, [string]$Severity = 'Medium', [string]$Confidence = 'Firm', [string]$Evidence = 'e') {
        [ApiThreat.Finding]@{ RuleId = $RuleId; Title = "$RuleId title"; Target = $Target; Category = $Category; Severity = $Severity; Confidence = $Confidence; Evidence = $Evidence }
    }
}

Describe 'Get-ExternalRiskScore' {
    It 'scores each host, each domain and the organisation; a clean host scores 100' {
        $scores = @(
            New-TestFinding 'ATR-TLS-010' 'https://api.contoso.com/' TransportSecurity
            New-TestFinding 'ATR-CERT-001' 'api.contoso.com:443' CertificateHealth High
            'www.contoso.com'
        ) | Get-ExternalRiskScore -Organization Contoso
        $scores | Should -HaveCount 4
        $scores | ForEach-Object { $_ | Should -BeOfType ([ApiThreat.RiskScore]) }
        ($scores | ForEach-Object { "$($_.Scope) $($_.Target)" }) | Should -Be @('Host api.contoso.com', 'Host www.contoso.com', 'Domain contoso.com', 'Organization Contoso')
        $api = $scores[0]
        $api.UncappedScore | Should -Be 77.6
        $api.Score | Should -Be 77.6
        $api.Grade | Should -Be 'C'
        $api.Factors | Should -HaveCount ([Enum]::GetValues([ApiThreat.FindingCategory]).Count)
        ($api.Factors | Where-Object Category -EQ TransportSecurity).Findings.RuleId | Should -Be 'ATR-TLS-010'
        $scores[1].Score | Should -Be 100
        $scores[1].Grade | Should -Be 'A'
    }

    It 'caps a confirmed takeover at F for the host, its domain and the organisation' {
        $scores = New-TestFinding 'ATR-TAKEOVER-001' 'old.contoso.com' Takeover Critical Confirmed | Get-ExternalRiskScore -Organization Contoso
        $scores.Grade | Should -Be @('F', 'F', 'F')
        $scores[0].Caps | Should -Be 'confirmed-takeover: max F (59)'
    }

    It 'groups hosts under the -Domain given, the longest match first' {
        $scores = @('a.eu.contoso.com', 'b.contoso.com', 'c.example.co.uk') | Get-ExternalRiskScore -Domain contoso.com, eu.contoso.com -Scope Domain
        $scores.Target | Should -Be @('contoso.com', 'eu.contoso.com', 'example.co.uk')
    }

    It '-Scope takes RiskScope values in any case' {
        $scores = @('a.contoso.com', 'b.contoso.com') | Get-ExternalRiskScore -Organization Contoso -Scope host, ORGANIZATION
        @($scores.Scope | Sort-Object -Unique) | Should -Be @('Host', 'Organization')
        { 'a.contoso.com' | Get-ExternalRiskScore -Scope Planet } | Should -Throw
    }

    It 'gives the same scores for the same input in any order, and counts duplicates once' {
        $findings = foreach ($i in 1..60) { New-TestFinding "ATR-HIJACK-0$(10 + $i % 7)" "h$($i % 5).contoso.com" ApplicationSecurity ('Low', 'Medium', 'High')[$i % 3] -Evidence "e$($i % 11)" }
        $a = $findings | Get-ExternalRiskScore -Organization X | ForEach-Object { "$($_.Target) $($_.Score) $($_.FindingCount)" }
        $b = ($findings + $findings) | Sort-Object { Get-Random } | Get-ExternalRiskScore -Organization X | ForEach-Object { "$($_.Target) $($_.Score) $($_.FindingCount)" }
        $b | Should -Be $a
    }

    It 'explains the arithmetic with -Explain' {
        $s = New-TestFinding 'ATR-TLS-010' 'a.contoso.com' TransportSecurity | Get-ExternalRiskScore -Explain -Scope Host -Verbose 4>&1
        $verbose = $s | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $score = $s | Where-Object { $_ -is [ApiThreat.RiskScore] }
        $score.Explanation | Should -Contain '  TransportSecurity ATR-TLS-010 x1: Medium/Firm x1: 8 x 1 = 8'
        $verbose.Message | Should -Contain '  TransportSecurity ATR-TLS-010 x1: Medium/Firm x1: 8 x 1 = 8'
    }

    It 'accepts findings that went through JSON' {
        $json = New-TestFinding 'ATR-CERT-005' 'self.contoso.com' CertificateHealth High | ConvertTo-Json | ConvertFrom-Json
        $s = $json | Get-ExternalRiskScore -Scope Host
        $s.Grade | Should -Be 'C'
        $s.Caps | Should -Be 'invalid-certificate: max C (79)'
    }

    It 'writes one error per reason for input it cannot score, and goes on' {
        $s = @(1, 2, [ApiThreat.Finding]@{ Target = 'x.contoso.com' }, 'ok.contoso.com') | Get-ExternalRiskScore -ErrorVariable errs -ErrorAction SilentlyContinue -WarningVariable warns -WarningAction SilentlyContinue
        $errs.FullyQualifiedErrorId | Should -Be @('InputNotScorable,ApiThreat.Commands.GetExternalRiskScoreCommand', 'FindingWithoutRuleId,ApiThreat.Commands.GetExternalRiskScoreCommand')
        $warns.Message | Should -Match '1 more inputs skipped'
        $s | Where-Object Scope -EQ Host | Select-Object -ExpandProperty Target | Should -Be 'ok.contoso.com'
    }

    It 'stops with an error naming the file and field of a bad -PolicyPath' {
        $policy = Get-Content -Raw (Join-Path $ModulePath 'data/scoring/policy.json')
        $bad = Join-Path $TestDrive 'bad.json'
        $policy -replace '"repeatDecay": 0.5', '"repeatDecay": 2' | Set-Content $bad
        { 'a.contoso.com' | Get-ExternalRiskScore -PolicyPath $bad } | Should -Throw -ErrorId 'InvalidScoringPolicy,ApiThreat.Commands.GetExternalRiskScoreCommand' -ExpectedMessage "*bad.json* line *'repeatDecay' is 2*"
    }

    It 'uses a custom -PolicyPath' {
        $policy = Get-Content -Raw (Join-Path $ModulePath 'data/scoring/policy.json')
        $strict = Join-Path $TestDrive 'strict.json'
        $policy -replace '"Medium": 8', '"Medium": 30' | Set-Content $strict
        (New-TestFinding 'ATR-TLS-010' 'a.contoso.com' TransportSecurity | Get-ExternalRiskScore -PolicyPath $strict -Scope Host).Score | Should -Be 76
    }

    It 'shows scores in the default table view' {
        $text = 'a.contoso.com' | Get-ExternalRiskScore | Out-String
        $text | Should -Match 'Grade'
        $text | Should -Match 'a\.contoso\.com\s+Host\s+A\s+100\.0'
    }
}

Describe 'Get-ExternalRiskScore on real Lab pipelines' {
    It 'scores certificates from Get-CertificateIntelligence: clean A, expiring loses points, expired capped at C (host only)' {
        $names = 'cert-good', 'cert-expiring', 'cert-expired'
        $scores = $names | ForEach-Object { "$(Get-LabHost $_):$($Lab.httpsPort)" } | Get-CertificateIntelligence @LabParams |
            Get-ExternalRiskScore -Domain $Lab.zone
        $byHost = @{}; $scores | ForEach-Object { $byHost["$($_.Scope) $($_.Target)"] = $_ }
        $good = $byHost["Host $(Get-LabHost cert-good)"]
        $good.Score, $good.Grade, $good.FindingCount | Should -Be 100, 'A', 0
        $expiring = $byHost["Host $(Get-LabHost cert-expiring)"]
        $expiring.Score, $expiring.Grade | Should -Be 93.6, 'A'
        ($expiring.Factors | Where-Object Category -EQ CertificateHealth).Contributions.RuleId | Should -Be 'ATR-CERT-002'
        $expired = $byHost["Host $(Get-LabHost cert-expired)"]
        $expired.UncappedScore, $expired.Score, $expired.Grade | Should -Be 84, 79, 'C'
        $expired.Caps | Should -Be 'invalid-certificate: max C (79)'
        $expired.Domain | Should -Be $Lab.zone
        # The domain pools both findings (20 + 8 points of CertificateHealth at weight 0.8); the certificate cap is per host.
        $domain = $byHost["Domain $($Lab.zone)"]
        $domain.Score, $domain.Grade, $domain.HostCount, $domain.Caps.Count | Should -Be 77.6, 'C', 3, 0
    }

    It 'grades an API with an exposed admin endpoint (Test-ApiSecurity) D at most, and the clean API stays A' {
        $endpoints = 'api-admin-exposed', 'api-clean' | ForEach-Object {
            $h = Get-LabHost $_
            [ApiThreat.ApiEndpoint]@{ Url = "https://${h}:$($Lab.httpsPort)/"; HostName = $h; Port = $Lab.httpsPort; Kind = 'Rest' }
        }
        $findings = $endpoints | Test-ApiSecurity @LabParams
        $findings.RuleId | Should -Be 'ATR-API-002'
        $scores = @($endpoints) + @($findings) | Get-ExternalRiskScore -Scope Host -Explain
        $admin = $scores | Where-Object Target -EQ (Get-LabHost api-admin-exposed)
        # A Confirmed Critical (40 points of ApiExposure at weight 1) already scores 60: the D cap fires but lowers nothing.
        $admin.Score, $admin.Grade | Should -Be 60, 'D'
        $admin.Caps | Should -BeNullOrEmpty
        $admin.Explanation | Should -Contain ("  cap unauthenticated-admin-api: max D (69) by ATR-API-002 on {0}: score = min(60, 69)" -f $findings[0].Target)
        $admin.EndpointCount | Should -Be 1
        ($scores | Where-Object Target -EQ (Get-LabHost api-clean)).Score | Should -Be 100
    }
}
