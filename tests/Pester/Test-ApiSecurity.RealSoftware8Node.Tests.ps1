# An eighth round of Test-ApiSecurity's real-software wing: API servers from npm at their defaults and in a safe twin,
# scanned as a user would (Get-ApiInventory -Depth Standard | Test-ApiSecurity, passive).
# - Node-RED 4.1 without adminAuth (its default settings file leaves it commented out): GET /auth/login answers {} and
#   GET /flows returns the deployed flows to anyone, who could POST /flows with an exec node: ATR-EXPO-030 (Critical),
#   with node counts and types only (never the flows' content; POST /flows is never sent). Its /diagnostics report
#   (Node.js, OS, memory, settings) answers anyone too: ATR-API-002 (High).
#   With adminAuth (one bcrypt user), /auth/login names the credentials strategy and every Admin API route answers 401
#   with "WWW-Authenticate: Bearer": nothing of the kind. Served over plain HTTP, that login and token are
#   ATR-API-010 (High, true: Node-RED's guide wants HTTPS with adminAuth; the wing runs without certificates).
#   Both twins send "Access-Control-Allow-Origin: *" on every answer (ATR-EXPO-015, Low, true).
# - Sails 1.5 in development with blueprints at their defaults serves the shortcut routes: GET /user/find answers the
#   records, so GET /user/create?..., /user/update/:id and /user/destroy/:id write through GET: ATR-EXPO-031 (High),
#   proven with the find shortcut only (no create, update or destroy is sent). With blueprints.shortcuts false (what its
#   generated production config sets) GET /user/find is findOne with the id "find" (400): nothing of the kind. The
#   RESTful routes (GET/POST /user) stay open on both twins; the app has no policies, and its records hold no personal data.
# ATR-EXPO-013 (plain HTTP only) and ATR-API-011 (no rate-limit headers) are every variant's truth on loopback.

BeforeDiscovery {
    $script:Servers = @(
        @{ Name = 'Node-RED 4.1, no adminAuth (its default)'; App = 'realfw8-node-nodered'; Npm = @('node-red'); Start = @('{port}', 'open'); ReadyLine = 'Started flows'
            Serious = @('ATR-API-002', 'ATR-EXPO-030'); Expected = @('ATR-API-002', 'ATR-API-011', 'ATR-EXPO-013', 'ATR-EXPO-015', 'ATR-EXPO-030') }
        @{ Name = 'Node-RED 4.1, adminAuth with a bcrypt user'; App = 'realfw8-node-nodered'; Npm = @('node-red'); Start = @('{port}', 'auth'); ReadyLine = 'Started flows'
            Serious = @('ATR-API-010'); Expected = @('ATR-API-010', 'ATR-API-011', 'ATR-EXPO-013', 'ATR-EXPO-015') }
        @{ Name = 'Sails 1.5, blueprints at their defaults (development)'; App = 'realfw8-node-sails'; Npm = @('sails', 'sails-hook-orm', 'sails-disk'); Start = @('{port}', 'open'); ReadyLine = 'apithreat-ready'
            Serious = @('ATR-EXPO-031'); Expected = @('ATR-API-011', 'ATR-EXPO-013', 'ATR-EXPO-031') }
        @{ Name = 'Sails 1.5, blueprints.shortcuts false (its production setting)'; App = 'realfw8-node-sails'; Npm = @('sails', 'sails-hook-orm', 'sails-disk'); Start = @('{port}', 'safe'); ReadyLine = 'apithreat-ready'
            Serious = @(); Expected = @('ATR-API-011', 'ATR-EXPO-013') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Exposure.ps1')
    . (Join-Path $RepoRoot 'tests/Real/NodeServers.ps1')
}

AfterAll { Stop-NodeServer }

Describe 'Test-ApiSecurity on npm API servers (Node-RED, Sails) at their defaults and in a safe twin' {
    It '<Name>: curl sees what anyone can reach; exactly the expected findings, nothing else at Medium or above' -ForEach $Servers {
        $case = $_  # a switch below rebinds $_
        $s = Start-NodeServer $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $open = $case.Start -contains 'open'
        switch ($case.App) {
            'realfw8-node-nodered' {
                foreach ($p in '/flows', '/settings', '/diagnostics') {
                    $r = Invoke-Curl "$($s.Base)$p"
                    if ($open) { $r.StatusCode | Should -Be 200 -Because "$p answers without adminAuth" } else { $r.StatusCode | Should -Be 401 -Because "$p needs a token" }
                }
                (Invoke-Curl "$($s.Base)/auth/login").Body | Should -Match $(if ($open) { '^\{\}$' } else { '"type":"credentials"' })
            }
            'realfw8-node-sails' {
                $find = Invoke-Curl "$($s.Base)/user/find"
                if ($open) { $find.StatusCode | Should -Be 200; $find.Body | Should -Match '"id": 2' } else { $find.StatusCode | Should -Be 400 }
            }
        }
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $endpoints | Should -HaveCount 1
        $findings = @($endpoints | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop)
        $ids = Assert-Exposure $findings @($case.Serious) -Because $case.Name
        @($ids) | Should -Be @($case.Expected | Sort-Object)
    }

    It 'the open servers'' findings name what anyone can reach (counts, types, versions), never the content' -ForEach @($Servers | Where-Object { $_.Start -contains 'open' }) {
        $case = $_  # a switch below rebinds $_
        $s = Start-NodeServer $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $findings = @($endpoints | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop)
        switch ($case.App) {
            'realfw8-node-nodered' {
                $f = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-030')
                $f | Should -HaveCount 1
                $f[0].Severity | Should -Be 'Critical'
                $f[0].Confidence | Should -Be 'Confirmed'
                $f[0].Evidence | Should -Match 'GET /auth/login answered \{\} \(no adminAuth\); GET /flows answered 200 without credentials: 5 node\(s\) in 1 flow tab\(s\), of type\(s\) debug, function, http in, http response, inject; GET /settings names Node-RED 4\.1\.\d+'
                $findings.Evidence -join "`n" | Should -Not -Match 'widget|list orders|Orders API|/orders' -Because 'flow content is never reported'
            }
            'realfw8-node-sails' {
                $f = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-031')
                $f | Should -HaveCount 1
                $f[0].Severity | Should -Be 'High'
                $f[0].Evidence | Should -Match '^/user/find: GET /user/find \(the find shortcut\) answered 200 with 2 record\(s\) of /user'
                $findings.Evidence -join "`n" | Should -Not -MatchExactly '\b(Ada|Grace)\b' -Because 'records are counted, never quoted'
            }
        }
        # Nothing was written: Node-RED still has the flow it started with, Sails the two users it was seeded with.
        if ($case.App -eq 'realfw8-node-nodered') { (Invoke-Curl "$($s.Base)/flows").Body | Should -Match '"id":"n5","type":"debug"' }
        else { ((Invoke-Curl "$($s.Base)/user").Body | ConvertFrom-Json) | Should -HaveCount 2 }
    }
}
