BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Fixtures = Join-Path $RepoRoot 'tests/fixtures/specs'
    $script:Expected = Get-Content -Raw (Join-Path $Fixtures 'expectations.json') | ConvertFrom-Json -AsHashtable
}

Describe 'Test-ApiSpecification' {
    It 'gives exactly the expected rules for <_>' -ForEach @('clean.yaml', 'flaw-auth.yaml', 'flaw-operations.yaml', 'flaw-responses.yaml', 'flaw-schemas.yaml', 'flaw-servers.yaml', 'swagger2-flawed.json') {
        $file = Join-Path $Fixtures $_
        $findings = Test-ApiSpecification -Path $file
        @($findings.RuleId | Sort-Object -Unique) | Should -Be @($Expected[$_] | Sort-Object -Unique)
        if ($findings) {
            $findings | Should -BeOfType ([ApiThreat.Finding])
            $findings.Location | Should -Not -BeNullOrEmpty
        }
    }

    It 'lints the VAmPI specification (OpenAPI 3.0 YAML) from shared/' {
        $vampi = Join-Path $RepoRoot '../shared/specs/vampi-openapi3.yml'
        $findings = Test-ApiSpecification -LiteralPath $vampi
        ($findings | Where-Object RuleId -EQ 'ATR-SPEC-029').Location | Should -Be 'GET /users/v1/_debug'
        @($findings.RuleId | Sort-Object -Unique) | Should -Be @($Expected['../../../../shared/specs/vampi-openapi3.yml'] | Sort-Object -Unique)
    }

    It 'takes Get-ChildItem output (PSPath) and wildcards' {
        $byPipe = Get-ChildItem $Fixtures -Filter 'flaw-*.yaml' | Test-ApiSpecification
        $byWildcard = Test-ApiSpecification -Path (Join-Path $Fixtures 'flaw-*.yaml')
        $byPipe.Count | Should -Be $byWildcard.Count
        ($byPipe.Target | Sort-Object -Unique).Count | Should -Be 5
    }

    It 'fetches a specification by URL and from an ApiEndpoint SpecUrl' {
        $s = Get-LabScenario api-spec-host
        $url = "https://$($s.host):$($Lab.httpsPort)$($s.expect.SpecPath[0])"
        $byUrl = Test-ApiSpecification -Url $url @LabParams
        @($byUrl.RuleId | Sort-Object -Unique) | Should -Be @($s.expect.SpecFindings | Sort-Object -Unique)
        $byEndpoint = [ApiThreat.ApiEndpoint]@{ Url = "https://$($s.host):$($Lab.httpsPort)/"; SpecUrl = $url } | Test-ApiSpecification @LabParams
        $byEndpoint.Count | Should -Be $byUrl.Count
        $byProperty = [pscustomobject]@{ SpecUrl = $url } | Test-ApiSpecification @LabParams
        $byProperty.Count | Should -Be $byUrl.Count
    }

    It 'reports bad inputs as errors naming them, and goes on' {
        $s = Get-LabScenario api-spec-host
        $notSpec = "https://$($s.host):$($Lab.httpsPort)$($s.expect.NotSpecPath[0])"
        $out = Test-ApiSpecification -Url $notSpec, "https://$($s.host):$($Lab.httpsPort)/missing.json" @LabParams -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs.Count | Should -Be 2
        ($errs.FullyQualifiedErrorId -like 'NotOpenApi,*').Count | Should -Be 1
        ($errs.FullyQualifiedErrorId -like 'SpecNotFound,*').Count | Should -Be 1
        Test-ApiSpecification -Path (Join-Path $Fixtures 'nope-*.yaml'), (Join-Path $Fixtures 'clean.yaml') -ErrorVariable e2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'SpecFileNotFound*'
    }

    It 'reports a document whose $ref leads back to itself as SpecMalformed, naming it, and lints the next' {
        $loop = Join-Path ([IO.Path]::GetTempPath()) "atr-loop-$([guid]::NewGuid()).yaml"
        try {
            @(
                'openapi: 3.0.0', "info: {title: loop, version: '1'}", 'paths:', '  /a:',
                "    parameters: [{`$ref: '#/components/parameters/P'}]", '    get:',
                "      parameters: [{`$ref: '#/components/parameters/Q'}]", "      responses: {'200': {description: ok}}",
                'components:', '  parameters:', "    P: {`$ref: '#/components/parameters/Q'}", "    Q: {`$ref: '#/components/parameters/P'}"
            ) | Set-Content -LiteralPath $loop
            $out = Test-ApiSpecification -LiteralPath $loop, (Join-Path $Fixtures 'flaw-auth.yaml') -ErrorVariable errs -ErrorAction SilentlyContinue
            @($out.RuleId | Sort-Object -Unique) | Should -Be @($Expected['flaw-auth.yaml'] | Sort-Object -Unique)
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'SpecMalformed,*'
            $errs[0].TargetObject | Should -Be $loop
            $errs[0].Exception.Message | Should -BeLike '*$ref leads back to itself*'
            $errs[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        }
        finally { Remove-Item -LiteralPath $loop -ErrorAction SilentlyContinue }
    }

    It 'refuses an oversized document and a YAML alias bomb without hanging' {
        $big = Join-Path ([IO.Path]::GetTempPath()) "atr-big-$([guid]::NewGuid()).json"
        $bomb = Join-Path ([IO.Path]::GetTempPath()) "atr-bomb-$([guid]::NewGuid()).yaml"
        try {
            $fs = [IO.File]::Create($big); $fs.SetLength(3MB); $fs.Dispose()
            $lines = @('openapi: 3.0.0', "info: {title: t, version: '1'}", 'paths: {}', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]')
            foreach ($i in 1..9) { $lines += "a${i}: &a$i [" + ((1..10 | ForEach-Object { "*a$($i - 1)" }) -join ', ') + ']' }
            Set-Content -Path $bomb -Value $lines
            $sw = [Diagnostics.Stopwatch]::StartNew()
            Test-ApiSpecification -LiteralPath $big, $bomb -MaximumSizeMB 2 -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 60
            ($errs.FullyQualifiedErrorId -like 'SpecTooLarge,*').Count | Should -Be 1
            ($errs.FullyQualifiedErrorId -like 'SpecMalformed,*').Count | Should -Be 1
        } finally { Remove-Item $big, $bomb -ErrorAction SilentlyContinue }
    }

    It '-MinimumSeverity keeps only the worse findings' {
        $out = Test-ApiSpecification -Path (Join-Path $Fixtures 'flaw-operations.yaml') -MinimumSeverity High
        @($out.RuleId | Sort-Object -Unique) | Should -Be @('ATR-SPEC-001', 'ATR-SPEC-005', 'ATR-SPEC-029')
    }
}
