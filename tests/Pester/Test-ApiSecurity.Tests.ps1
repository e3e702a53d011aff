BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:ApiScenarios = $Lab.scenarios | Where-Object { $_.area -eq 'Api' -and $_.expect.ActiveFindings -ne $null }

    function New-LabEndpoint($Scenario) {
        $scheme = $Scenario.expect.Scheme[0]
        $port = if ($scheme -eq 'http') { $Lab.httpPort } else { $Lab.httpsPort }
        $ops = foreach ($o in $Scenario.expect.Operations) {
            $m, $p, $s = $o -split ' '
            [ApiThreat.ApiOperation]@{ Method = $m; Path = $p; Security = @($s | Where-Object { $_ }); AllowsAnonymous = -not $s }
        }
        [ApiThreat.ApiEndpoint]@{ Url = "${scheme}://$($Scenario.host):$port/"; HostName = $Scenario.host; Port = $port; Kind = 'Rest'; Operations = @($ops) }
    }

    function Compare-Exact($Findings, [string]$Property) {
        $byHost = $Findings | Group-Object HostName -AsHashTable -AsString
        foreach ($s in $ApiScenarios) {
            $got = @($byHost[$s.host] | ForEach-Object RuleId | Sort-Object -Unique)
            $want = @($s.$Property | Sort-Object -Unique)
            if ($Property -eq 'ActiveFindings') { $want = @($s.expect.ActiveFindings | Sort-Object -Unique) }
            [pscustomobject]@{ Name = $s.name; Want = ($want -join ','); Got = ($got -join ',') }
        }
    }
}

Describe 'Test-ApiSecurity' {
    It 'passive: every Lab API host gives exactly its expected rules, the clean host none' {
        $endpoints = $ApiScenarios | ForEach-Object { New-LabEndpoint $_ }
        $findings = $endpoints | Test-ApiSecurity @LabParams -ThrottleLimit 8
        $findings | Should -BeOfType ([ApiThreat.Finding])
        foreach ($row in Compare-Exact $findings 'expectedFindings') { $row.Got | Should -Be $row.Want -Because $row.Name }
        ($findings | Where-Object HostName -EQ (Get-LabHost api-clean)) | Should -BeNullOrEmpty
        $findings.Method | Sort-Object -Unique | Should -Be 'Passive'
    }

    It 'active: exact sets with -Active, active findings marked Active' {
        $endpoints = $ApiScenarios | ForEach-Object { New-LabEndpoint $_ }
        $findings = $endpoints | Test-ApiSecurity @LabParams -Active -BurstSize 30 -Confirm:$false -ThrottleLimit 8
        foreach ($row in Compare-Exact $findings 'ActiveFindings') { $row.Got | Should -Be $row.Want -Because $row.Name }
        ($findings | Where-Object RuleId -EQ 'ATR-API-017').Method | Should -Be 'Active'
        ($findings | Where-Object RuleId -EQ 'ATR-API-017').Confidence | Should -Be 'Confirmed'
    }

    It '-WhatIf with -Active sends nothing' {
        $host1 = Get-LabHost api-sqli
        $before = @(Get-LabRequestLog | Where-Object { $_ -like "*$host1*" }).Count
        New-LabEndpoint (Get-LabScenario api-sqli) | Test-ApiSecurity @LabParams -Active -WhatIf | Should -BeNullOrEmpty
        @(Get-LabRequestLog | Where-Object { $_ -like "*$host1*" }).Count | Should -Be $before
    }

    It 'binds Url by property name and strings from the pipeline; keeps going past a bad target' {
        $good = "https://$(Get-LabHost api-trace):$($Lab.httpsPort)/"
        $bad = "https://no-such-api.$($Lab.zone):$($Lab.httpsPort)/"
        $out = @([pscustomobject]@{ Url = $good }, [pscustomobject]@{ Url = $bad }) |
            Test-ApiSecurity @LabParams -ErrorVariable errs -WarningVariable warns -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $out.RuleId | Sort-Object -Unique | Should -Be 'ATR-API-004'
        # Streamed in, a name that does not resolve is silence: one closing warning, no error record.
        $errs.Count | Should -Be 0
        "$warns" | Should -BeLike '1 target(s) did not answer*'
        # Named on the command line, it is an error naming it, with the fix.
        $null = Test-ApiSecurity -Url $bad @LabParams -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].TargetObject | Should -Match 'no-such-api'
        $errs[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        ($good | Test-ApiSecurity @LabParams).RuleId | Sort-Object -Unique | Should -Be 'ATR-API-004'
    }

    It 'uses -Header for an authenticated request and never echoes it' {
        $secret = 'Bearer lab-api-token-' + [guid]::NewGuid()
        $out = Test-ApiSecurity -Url "https://$(Get-LabHost api-token-no-store):$($Lab.httpsPort)/api/session" -Header @{ Authorization = $secret } @LabParams -Verbose 4>&1
        ($out | Out-String) | Should -Not -Match ([regex]::Escape($secret))
        ($out | Where-Object { $_ -is [ApiThreat.Finding] }).RuleId | Should -Contain 'ATR-API-014'
    }

    It '-MinimumSeverity filters' {
        $out = New-LabEndpoint (Get-LabScenario api-no-rate-limit) | Test-ApiSecurity @LabParams -MinimumSeverity Medium
        $out | Should -BeNullOrEmpty
    }
}
