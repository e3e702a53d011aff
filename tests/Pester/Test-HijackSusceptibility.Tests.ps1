BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $https = $Lab.httpsPort
    $HijackParams = @{ HttpPort = $Lab.httpPort; HttpsPort = $Lab.httpsPort; TakeoverSignaturePath = (Join-Path $RepoRoot 'tests/Lab/takeover-lab-signatures.json')
        HstsPreloadPath = (Join-Path $RepoRoot 'tests/Lab/hsts-preload-lab.json') } + $LabParams
    function Get-HijackUrl([string]$Name) { "https://$(Get-LabHost $Name):$https/" }
    function Expected([string]$Name, [string]$Key) { @((Get-LabScenario $Name).expect.$Key) }
}

Describe 'Test-HijackSusceptibility' {
    It 'finds nothing on the clean A+ host' {
        $r = Test-HijackSusceptibility -Url (Get-HijackUrl hijack-clean) @HijackParams
        $r | Should -BeNullOrEmpty
    }

    It 'gives every Lab hijack and takeover host exactly its expected findings' {
        foreach ($s in $Lab.scenarios | Where-Object area -EQ 'Hijack') {
            $ids = @(Test-HijackSusceptibility -Url (Get-HijackUrl $s.name) @HijackParams | ForEach-Object RuleId | Sort-Object -Unique)
            $ids | Should -Be @($s.expectedFindings | Sort-Object -Unique) -Because $s.name
        }
    }

    It 'grades with -Summary exactly as the published Observatory scoring table gives' {
        foreach ($name in 'hijack-clean', 'hijack-fgrade', 'hijack-badcert', 'hijack-404', 'hijack-cors-reflect', 'hijack-cookie-httponly', 'hijack-csp-report-only', 'hijack-cookie-hop', 'hijack-cookie-hop-reset') {
            $a = Test-HijackSusceptibility -Url (Get-HijackUrl $name) -Summary @HijackParams
            $a | Should -BeOfType ([ApiThreat.HijackAssessment])
            $a.Grade | Should -Be (Get-LabScenario $name).expect.Grade[0] -Because $name
            $a.Score | Should -Be ([int](Get-LabScenario $name).expect.Score[0]) -Because $name
            @($a.Tests | ForEach-Object { "$($_.Test)=$($_.Result)" } | Sort-Object) | Should -Be @(Expected $name Observatory | Sort-Object) -Because $name
            $a.AlgorithmVersion | Should -Be 'MDN HTTP Observatory scoring v4'
        }
        (Test-HijackSusceptibility -Url (Get-HijackUrl hijack-404) -Summary @HijackParams).StatusCode | Should -Be 404
    }

    It 'gives a host on the HSTS preload list the Observatory''s preloaded results, and grades it on its headers without the list' {
        $name = 'hijack-hsts-preloaded'
        $a = Test-HijackSusceptibility -Url (Get-HijackUrl $name) -Summary @HijackParams
        $a.Score | Should -Be 145
        ($a.Tests | Where-Object Test -EQ 'strict-transport-security').Result | Should -Be 'hsts-preloaded'
        ($a.Tests | Where-Object Test -EQ 'strict-transport-security').ScoreModifier | Should -Be 5
        ($a.Tests | Where-Object Test -EQ 'redirection').Result | Should -Be 'redirection-all-redirects-preloaded'
        $a.Findings | Should -BeNullOrEmpty
        $plain = $HijackParams.Clone()
        $plain.HstsPreloadPath = Join-Path $ModulePath 'data/hsts/hsts-preload.json'
        $b = Test-HijackSusceptibility -Url (Get-HijackUrl $name) -Summary @plain
        $b.Grade | Should -Be (Get-LabScenario $name).expect.NotPreloadedGrade[0]
        @($b.Findings.RuleId | Sort-Object) | Should -Be @(Expected $name NotPreloadedFindings | Sort-Object)
        { Test-HijackSusceptibility -Url (Get-HijackUrl $name) @LabParams -HstsPreloadPath ./no-such-list.json } | Should -Throw -ExpectedMessage '*no-such-list.json*'
    }

    It 'reports takeovers with their confidence, and grades nothing when the name does not resolve' {
        $heroku = Test-HijackSusceptibility -Url (Get-HijackUrl takeover-heroku) @HijackParams | Where-Object RuleId -EQ 'ATR-TAKEOVER-001'
        $heroku.Confidence | Should -Be 'Potential'
        $heroku.Category | Should -Be 'Takeover'
        $azure = Test-HijackSusceptibility -Url (Get-HijackUrl takeover-azure) -Summary @HijackParams
        $azure.Grade | Should -BeNullOrEmpty
        $azure.GradeError | Should -Match 'does not resolve'
        $azure.Findings.RuleId | Should -Be 'ATR-TAKEOVER-001'
        $azure.Findings.Confidence | Should -Be 'Confirmed'
    }

    It 'runs the reflection probe only with -Active, and no crafted probe with -Passive' {
        Test-HijackSusceptibility -Url (Get-HijackUrl hijack-reflect) @HijackParams | Should -BeNullOrEmpty
        (Test-HijackSusceptibility -Url (Get-HijackUrl hijack-reflect) -Active @HijackParams).RuleId | Should -Be 'ATR-HIJACK-029'
        Test-HijackSusceptibility -Url (Get-HijackUrl hijack-cors-reflect) -Passive @HijackParams | Should -BeNullOrEmpty
        { Test-HijackSusceptibility -Url (Get-HijackUrl hijack-clean) -Active -Passive @HijackParams } | Should -Throw -ExpectedMessage '*-Active and -Passive*'
    }

    It 'binds HostName and Url by property name from piped objects' {
        $r = [pscustomobject]@{ HostName = "$(Get-LabHost hijack-fixation):$https" } |
            Test-HijackSusceptibility -HttpPort $Lab.httpPort @LabParams
        $r.RuleId | Should -Be 'ATR-HIJACK-021'
        $e = [ApiThreat.ApiEndpoint]@{ Url = (Get-HijackUrl hijack-session-url); HostName = (Get-LabHost hijack-session-url) }
        ($e | Test-HijackSusceptibility @HijackParams).RuleId | Should -Be 'ATR-HIJACK-020'
    }

    It 'sends nothing with -WhatIf' {
        $null = Invoke-RestMethod -Uri "http://127.0.0.1:$($Lab.httpPort)/reset" -Headers @{ Host = "lab-control.$($Lab.zone)" }
        Test-HijackSusceptibility -Url (Get-HijackUrl hijack-csrf) -WhatIf @HijackParams | Should -BeNullOrEmpty
        (Get-LabRequestLog) -like "*$(Get-LabHost hijack-csrf)*" | Should -BeNullOrEmpty
    }

    It 'keeps going past bad targets with one error each, naming the target' {
        $targets = @('bad host name', "no-such-host.$($Lab.zone)", (Get-HijackUrl hijack-coop-missing))
        $out = Test-HijackSusceptibility -Url $targets @HijackParams -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.RuleId | Should -Be 'ATR-HIJACK-033'
        $errs.Count | Should -Be 2
        ($errs | Where-Object TargetObject -EQ 'bad host name').CategoryInfo.Category | Should -Be 'InvalidArgument'
        ($errs | Where-Object TargetObject -EQ "no-such-host.$($Lab.zone)").FullyQualifiedErrorId | Should -BeLike 'HostNotFound,*'
    }

    It 'rejects a missing signature file with a terminating error naming it' {
        { Test-HijackSusceptibility -Url (Get-HijackUrl hijack-clean) -TakeoverSignaturePath ./nope.json @LabParams } | Should -Throw -ExpectedMessage '*nope.json*'
    }

    It 'lists its rules in the catalogue' {
        (Get-ApiThreatRule | Where-Object Id -Like 'ATR-HIJACK-*').Count | Should -Be 35
        (Get-ApiThreatRule | Where-Object Id -Like 'ATR-TAKEOVER-*').Count | Should -Be 3
    }
}
