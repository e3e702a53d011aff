BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $PSScriptRoot 'ExportSamples.ps1')
}

Describe 'ConvertTo-ApiThreatSarif' {
    It 'writes one SARIF 2.1.0 run with a located, fingerprinted result per finding' {
        $text = New-SampleScan | ConvertTo-ApiThreatSarif -Timestamp $PinnedTime
        $sarif = $text | ConvertFrom-Json
        $sarif.version | Should -Be '2.1.0'
        @($sarif.runs).Count | Should -Be 1
        $sarif.runs[0].tool.driver.name | Should -Be 'ApiThreat'
        $sarif.runs[0].tool.driver.rules.id | Should -Be @('ATR-TEST-001', 'ATR-TEST-002', 'ATR-TEST-003', 'ATR-TEST-004')
        $sarif.runs[0].results.ruleId | Should -Be @('ATR-TEST-002', 'ATR-TEST-001', 'ATR-TEST-003', 'ATR-TEST-004')
        $sarif.runs[0].results.locations.physicalLocation.artifactLocation.uri | Should -Be @('old.contoso.test', 'https://api.contoso.test/v1/', '//api.contoso.test:443', 'contoso.test')
        foreach ($r in $sarif.runs[0].results) { $r.partialFingerprints.'apiThreatFinding/v1' | Should -Match '^[0-9a-f]{64}$' }
        $text | Should -Match '"endTimeUtc": "2026-11-29T08:00:00.000Z"'
    }

    It 'is deterministic: findings in any order, repeated or not, give the same bytes' {
        $scan = New-SampleScan
        $a = $scan.Findings | ConvertTo-ApiThreatSarif -Timestamp $PinnedTime
        $b = $scan.Findings[3], $scan.Findings[1], $scan.Findings[0], $scan.Findings[2], $scan.Findings[0] | ConvertTo-ApiThreatSarif -Timestamp $PinnedTime
        $a | Should -BeExactly $b
    }

    It 'reports objects it cannot export and goes on' {
        $out = @((New-SampleFinding 'ATR-TEST-001' High TransportSecurity 'a.test' 'x'), 'just a string', 42) |
            ConvertTo-ApiThreatSarif -ErrorVariable errs -ErrorAction SilentlyContinue | ConvertFrom-Json
        $out.runs[0].results.Count | Should -Be 1
        $errs.Count | Should -Be 2
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NotAnApiThreatObject*'
        $errs[0].TargetObject | Should -Be 'just a string'
    }
}
