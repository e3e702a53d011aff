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
# - swagger-stats 0.99 in an Express 4 API, scanned from the API's URL (/api/v1/orders): at its default (authentication
#   false) /swagger-stats/stats and /metrics answer anyone with every operation's traffic, timing and errors and the
#   host's name and address, and ?fields=lasterrors the last 100 failing requests with their headers: ATR-EXPO-032
#   (Medium; High when those still hold a credential header). The test sends one failing request with an Authorization
#   header (a client's, made up) and curl sees lasterrors keep it; whether it is still among the last 100 errors when
#   the check reads them depends on how many 404s the scan's other probes caused first, so Medium or High are both
#   right, and the token must never appear in any finding. With authentication true both answer 403 "Authentication
#   required": nothing of the kind (its static dashboard page still loads, empty).
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
        @{ Name = 'swagger-stats 0.99 in Express 4, authentication false (its default)'; App = 'realfw8-node-swaggerstats'; Npm = @('express', 'swagger-stats', 'prom-client'); Start = @('{port}', 'open'); ReadyLine = 'apithreat-ready'
            Path = '/api/v1/orders'; Serious = @('ATR-EXPO-032'); Expected = @('ATR-API-011', 'ATR-EXPO-013', 'ATR-EXPO-032') }
        @{ Name = 'swagger-stats 0.99 in Express 4, authentication true'; App = 'realfw8-node-swaggerstats'; Npm = @('express', 'swagger-stats', 'prom-client'); Start = @('{port}', 'auth'); ReadyLine = 'apithreat-ready'
            Path = '/api/v1/orders'; Serious = @(); Expected = @('ATR-API-011', 'ATR-EXPO-013') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Exposure.ps1')
    . (Join-Path $RepoRoot 'tests/Real/NodeServers.ps1')
    # A client's token as swagger-stats would record it (made up here, random per run).
    $script:ClientToken = [guid]::NewGuid().ToString('n')
}

AfterAll { Stop-NodeServer }

Describe 'Test-ApiSecurity on npm API servers (Node-RED, Sails, swagger-stats) at their defaults and in a safe twin' {
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
            'realfw8-node-swaggerstats' {
                # A client's failing request with its token, as swagger-stats keeps it among the last errors.
                $null = Invoke-Curl "$($s.Base)/api/v1/orders/9" -Header "Authorization: Bearer $script:ClientToken"
                $errors = Invoke-Curl "$($s.Base)/swagger-stats/stats?fields=lasterrors"
                if ($open) { $errors.StatusCode | Should -Be 200; $errors.Body | Should -Match '"authorization":"Bearer ' }
                else { $errors.StatusCode | Should -Be 403 }
            }
        }
        $endpoints = @(Get-ApiInventory -Url "$($s.Base)$($case.Path)" -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $endpoints | Should -HaveCount $(if ($case.App -eq 'realfw8-node-swaggerstats' -and $open) { 2 } else { 1 })
        $findings = @($endpoints | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop)
        $ids = Assert-Exposure $findings @($case.Serious) -Because $case.Name
        @($ids) | Should -Be @($case.Expected | Sort-Object)
    }

    It 'the open servers'' findings name what anyone can reach (counts, types, versions), never the content' -ForEach @($Servers | Where-Object { $_.Start -contains 'open' }) {
        $case = $_  # a switch below rebinds $_
        $s = Start-NodeServer $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $endpoints = @(Get-ApiInventory -Url "$($s.Base)$($case.Path)" -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        # swagger-stats keeps the last 100 errors, and discovery's probes are errors too: the client's request comes last.
        if ($case.App -eq 'realfw8-node-swaggerstats') { $null = Invoke-Curl "$($s.Base)/api/v1/orders/9" -Header "Authorization: Bearer $script:ClientToken" }
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
            'realfw8-node-swaggerstats' {
                $f = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-032')
                $f | Should -HaveCount 1
                $f[0].Evidence | Should -Match '^/swagger-stats/stats: GET /swagger-stats/stats answered 200 without credentials: \d+ request\(s\) and \d+ error\(s\) counted .*; GET /swagger-stats/metrics answers the same in Prometheus'' format; \?fields=lasterrors returns the last \d+ failing request\(s\) with their headers'
                if ($f[0].Evidence -match 'carrying') {
                    $f[0].Severity | Should -Be 'High'
                    $f[0].Evidence | Should -Match '[1-9]\d* of them carrying authorization \(header names only, never their values\)$'
                }
                else { $f[0].Severity | Should -Be 'Medium' }
                $findings.Evidence -join "`n" | Should -Not -Match ([regex]::Escape($script:ClientToken)) -Because 'a credential is never put in a finding'
            }
        }
        # Nothing was written: Node-RED still has the flow it started with, Sails the two users it was seeded with.
        if ($case.App -eq 'realfw8-node-nodered') { (Invoke-Curl "$($s.Base)/flows").Body | Should -Match '"id":"n5","type":"debug"' }
        elseif ($case.App -eq 'realfw8-node-sails') { ((Invoke-Curl "$($s.Base)/user").Body | ConvertFrom-Json) | Should -HaveCount 2 }
    }
}
