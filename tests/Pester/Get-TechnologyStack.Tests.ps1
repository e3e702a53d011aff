BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $http = $Lab.httpPort
    $https = $Lab.httpsPort
    function Get-Expected([string]$Scenario, [string]$Key) { @((Get-LabScenario $Scenario).expect.$Key) | Where-Object { $_ } | Sort-Object }
}

Describe 'Get-TechnologyStack' {
    It 'finds exactly the expected technologies on every Technology scenario, and nothing on the plain host' {
        $scenarios = $Lab.scenarios | Where-Object area -EQ 'Technology'
        $scenarios.Count | Should -BeGreaterOrEqual 4
        foreach ($s in $scenarios) {
            $found = Get-TechnologyStack -Url "https://$($s.host):$https/" @LabParams
            $names = @($found.Name | Sort-Object)
            $expected = Get-Expected $s.name 'Technologies'
            "$($s.name): $($names -join ', ')" | Should -Be "$($s.name): $($expected -join ', ')"
            $rules = @($found.Findings.RuleId | Sort-Object -Unique)
            "$($s.name): $($rules -join ', ')" | Should -Be "$($s.name): $((@($s.expectedFindings) | Sort-Object) -join ', ')"
            foreach ($pair in @($s.expect.Versions)) {
                if (-not $pair) { continue }
                $name, $version = $pair -split '=', 2
                ($found | Where-Object Name -EQ $name).Version | Should -Be $version
            }
        }
    }

    It 'returns Technology objects with categories, evidence, CPE and findings carrying CVE ids' {
        $found = Get-TechnologyStack "https://$(Get-LabHost tech-wordpress):$https/" @LabParams
        $found | Should -BeOfType ([ApiThreat.Technology])
        $jquery = $found | Where-Object Name -EQ 'jQuery'
        $jquery.Categories | Should -Contain 'JavaScript libraries'
        $jquery.Cpe | Should -Be 'cpe:2.3:a:jquery:jquery:3.4.1:*:*:*:*:*:*:*'
        $jquery.Evidence | Should -Match 'jquery\.min\.js\?ver=3\.4\.1'
        $jquery.Findings.VulnerabilityIds | Should -Contain 'CVE-2020-11022'
        ($found | Where-Object Name -EQ 'MySQL').ImpliedBy | Should -Be 'WordPress'
    }

    It 'with -Depth Deep adds error-page, robots.txt and favicon evidence (favicon hash from a user fingerprint)' {
        $dir = Join-Path ([IO.Path]::GetTempPath()) "apithreat-tech-$([guid]::NewGuid().ToString('n'))"
        $null = New-Item -ItemType Directory $dir
        try {
            # The Lab icon's hash: MurmurHash3 of its base64 wrapped at 76 characters (as Shodan and httpx compute it).
            @{ 'Lab Icon' = @{ cats = @(41); favicon = @(-96777732) }; 'Lab Robots' = @{ cats = @(41); robots = 'Disallow: /internal/' } } |
                ConvertTo-Json -Depth 4 | Set-Content (Join-Path $dir 'lab.json')
            $std = Get-TechnologyStack "https://$(Get-LabHost tech-express-api):$https/" @LabParams -FingerprintPath $dir
            @($std.Name | Sort-Object) | Should -Be (Get-Expected tech-express-api Technologies)
            $deep = Get-TechnologyStack "https://$(Get-LabHost tech-express-api):$https/" @LabParams -FingerprintPath $dir -Depth Deep
            @($deep.Name | Sort-Object) | Should -Be (@((Get-Expected tech-express-api DeepTechnologies) + 'Lab Icon', 'Lab Robots') | Sort-Object)
            (($deep | Where-Object Name -EQ 'Express').Evidence -join "`n") | Should -Match '(?m)^error page html: .*Cannot GET /apithreat-'
            ($deep | Where-Object Name -EQ 'Lab Icon').Evidence | Should -Be 'favicon hash -96777732'
            @(Get-TechnologyStack "https://$(Get-LabHost tech-plain):$https/" @LabParams -Depth Deep) | Should -HaveCount 0
        }
        finally { Remove-Item -Recurse -Force $dir }
    }

    It 'analyses an already-fetched HttpProbe without a second request' {
        $probe = Invoke-HttpProbe "https://$(Get-LabHost tech-express-api):$https/" @LabParams
        $null = Invoke-RestMethod -Uri "http://127.0.0.1:$http/reset" -Headers @{ Host = "lab-control.$($Lab.zone)" }
        $found = $probe | Get-TechnologyStack @LabParams
        @($found.Name | Sort-Object) | Should -Be @('Express', 'Nginx', 'Node.js')
        @(Get-LabRequestLog) -like "*$(Get-LabHost tech-express-api)*" | Should -BeNullOrEmpty
    }

    It 'reads a deserialized HttpProbe (Export-Clixml, jobs, remoting) as the live one' {
        $probe = [ApiThreat.HttpProbe]@{
            Url = 'https://shop.example.test/'; StatusCode = 200; Title = 'Shop'
            Headers = [System.Collections.Generic.Dictionary[string, string]]::new([StringComparer]::OrdinalIgnoreCase)
        }
        $probe.Headers['Server'] = 'nginx/1.18.0'
        $probe.Headers['Set-Cookie'] = 'theme=dark; path=/, laravel_session=abc; path=/; httponly'
        $file = Join-Path ([IO.Path]::GetTempPath()) "atr-probe-$([guid]::NewGuid()).xml"
        try {
            $probe | Export-Clixml -LiteralPath $file
            $restored = Import-Clixml -LiteralPath $file
            # With the module loaded, Import-Clixml gives back the live type (the serialization types); the cmdlet reads
            # either form the same way.
            $restored.PSObject.TypeNames[0] | Should -BeIn @('ApiThreat.HttpProbe', 'Deserialized.ApiThreat.HttpProbe')
            $live = @(($probe | Get-TechnologyStack).Name | Sort-Object)
            $live | Should -Contain 'Laravel'
            @(($restored | Get-TechnologyStack).Name | Sort-Object) | Should -Be $live
        }
        finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
    }

    It 'accepts a response shape of its own (Url, Headers, Body) through -InputObject' {
        $response = [pscustomobject]@{
            Url     = 'https://shop.example.test/'
            Headers = @{ Server = 'nginx/1.18.0'; 'Set-Cookie' = 'laravel_session=abc; path=/; httponly' }
            Body    = '<html><head><script src="https://code.jquery.com/jquery-1.12.4.min.js"></script></head></html>'
        }
        $found = Get-TechnologyStack -InputObject $response
        @($found.Name | Sort-Object) | Should -Be @('jQuery', 'Laravel', 'Nginx', 'PHP')
        ($found | Where-Object Name -EQ 'Nginx').Findings.RuleId | Should -Be 'ATR-TECH-001'
        ($found | Where-Object Name -EQ 'jQuery').Findings.VulnerabilityIds | Should -Contain 'CVE-2015-9251'
    }

    It 'binds Url by property name (Get-ApiInventory | Get-TechnologyStack)' {
        $found = [pscustomobject]@{ Url = "https://$(Get-LabHost tech-keycloak):$https/" } | Get-TechnologyStack @LabParams
        @($found.Name | Sort-Object) | Should -Be (Get-Expected tech-keycloak Technologies)
        $found = "https://$(Get-LabHost tech-keycloak):$https/" | Get-TechnologyStack @LabParams
        @($found.Name | Sort-Object) | Should -Be (Get-Expected tech-keycloak Technologies)
    }

    It 'reports a bad fingerprint file naming the file and technology, and still loads the rest' {
        $dir = Join-Path ([IO.Path]::GetTempPath()) "apithreat-tech-$([guid]::NewGuid().ToString('n'))"
        $null = New-Item -ItemType Directory $dir
        try {
            '{ "Broken": ' | Set-Content (Join-Path $dir 'broken.json')
            '{ "Bad Pattern": { "cats": [3], "html": "(unclosed" }, "Fine": { "cats": [3], "headers": { "X-Powered-By": "^Express$" } } }' | Set-Content (Join-Path $dir 'mixed.json')
            $found = Get-TechnologyStack "https://$(Get-LabHost tech-express-api):$https/" @LabParams -FingerprintPath $dir -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 2
            $errs | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'InvalidFingerprint,*' }
            ($errs | Where-Object { $_.Exception.Message -match 'broken\.json' }) | Should -Not -BeNullOrEmpty
            ($errs | Where-Object { $_.Exception.Message -match "mixed\.json', technology 'Bad Pattern'" }) | Should -Not -BeNullOrEmpty
            @($found.Name | Sort-Object) | Should -Be @('Express', 'Fine', 'Nginx', 'Node.js')
        }
        finally { Remove-Item -Recurse -Force $dir }
    }

    It 'keeps going past a bad target with one error naming it' {
        $out = Get-TechnologyStack -Url "no-such-host.$($Lab.zone):$http", "https://$(Get-LabHost tech-keycloak):$https/" @LabParams -ErrorVariable errs -ErrorAction SilentlyContinue
        @($out.Name | Sort-Object) | Should -Be (Get-Expected tech-keycloak Technologies)
        $errs.Count | Should -Be 1
        $errs[0].TargetObject | Should -Be "no-such-host.$($Lab.zone):$http"
    }
}
