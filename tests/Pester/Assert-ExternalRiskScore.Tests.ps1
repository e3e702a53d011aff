BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Findings = @(
        [ApiThreat.Finding]@{ RuleId = 'ATR-TAKEOVER-001'; Title = 't'; Target = 'old.contoso.com'; Category = 'Takeover'; Severity = 'Critical'; Confidence = 'Confirmed'; Evidence = 'cname' }
        [ApiThreat.Finding]@{ RuleId = 'ATR-TLS-010'; Title = 't'; Target = 'api.contoso.com'; Category = 'TransportSecurity'; Severity = 'Medium'; Evidence = 'no hsts' }
    )
}

Describe 'Assert-ExternalRiskScore' {
    It 'passes silently when every score meets the minimum' {
        $out = 'a.contoso.com' | Get-ExternalRiskScore | Assert-ExternalRiskScore -Minimum A
        $out | Should -BeNullOrEmpty
    }

    It 'throws one terminating error naming each target that fell short and by how much' {
        $err = $null
        try { $Findings | Get-ExternalRiskScore | Assert-ExternalRiskScore -Minimum B } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be 'RiskScoreBelowMinimum,ApiThreat.Commands.AssertExternalRiskScoreCommand'
        $err.Exception | Should -BeOfType ([ApiThreat.RiskScoreBelowMinimumException])
        $err.Exception.Message | Should -BeLike '2 of 3 risk scores fell below the minimum B (80): *'
        $err.Exception.Message | Should -BeLike '*old.contoso.com (Host) scored 59 (F), 21 points short; capped by confirmed-takeover*'
        $err.Exception.Message | Should -BeLike '*contoso.com (Domain) scored 53.6 (F), 26.4 points short*'
        $err.Exception.Failures.Target | Should -Be @('contoso.com', 'old.contoso.com')
    }

    It 'scores raw input itself, accepts a number and -FailBelow, and checks only -Scope' {
        { $Findings | Assert-ExternalRiskScore -FailBelow 95 -Scope Host } | Should -Throw -ExpectedMessage '2 of 2 *api.contoso.com (Host) scored 93.6 (A), 1.4 points short*'
        { $Findings | Assert-ExternalRiskScore -FailBelow 50 } | Should -Not -Throw
    }

    It 'passes the scores through with -PassThru, before failing' {
        $seen = [System.Collections.Generic.List[object]]::new()
        { $Findings | Assert-ExternalRiskScore -Minimum C -PassThru | ForEach-Object { $seen.Add($_) } } | Should -Throw
        $seen | Should -HaveCount 3
        $passed = 'a.contoso.com' | Assert-ExternalRiskScore -Minimum C -PassThru
        $passed.Score | Should -Be @(100, 100)
    }

    It 'checks saved scores read back from JSON' {
        $json = $Findings | Get-ExternalRiskScore -Scope Host | Select-Object Target, Scope, Score, Grade | ConvertTo-Json | ConvertFrom-Json
        { $json | Assert-ExternalRiskScore -Minimum D } | Should -Throw -ExpectedMessage '*old.contoso.com (Host) scored 59 (F)*'
    }

    It 'rejects a minimum that is neither grade nor score' {
        { 'a.contoso.com' | Assert-ExternalRiskScore -Minimum 'E' } | Should -Throw -ErrorId 'InvalidMinimum,ApiThreat.Commands.AssertExternalRiskScoreCommand'
        { 'a.contoso.com' | Assert-ExternalRiskScore -Minimum 120 } | Should -Throw -ErrorId 'InvalidMinimum,ApiThreat.Commands.AssertExternalRiskScoreCommand'
    }

    It 'warns and passes when there is nothing to check' {
        @() | Assert-ExternalRiskScore -Minimum A -WarningVariable w -WarningAction SilentlyContinue
        $w.Message | Should -Match 'nothing was asserted'
    }
}
