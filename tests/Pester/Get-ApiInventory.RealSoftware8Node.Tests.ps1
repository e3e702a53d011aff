# An eighth round of Get-ApiInventory's real-software wing: API servers from npm whose defaults expose an API of their own.
# - Node-RED 4.1 (npm node-red; 4.1 because Node-RED 5 needs Node.js 22.9): its editor page (<title>Node-RED</title>) at /
#   and the Admin API beside it (https://nodered.org/docs/api/admin/methods/), recognised from the page and reported
#   with its documented operations (frameworks.json, kind Operation), each kept because it answered like an API: JSON
#   without adminAuth, a 401 with "WWW-Authenticate: Bearer" with it. Run with `node-red -u DIR -p PORT` and the default
#   settings file, only uiHost (127.0.0.1) and telemetry changed (realfw8-node-nodered/run.sh). GET /nodes answers HTML
#   (the node definitions) to */* and JSON (the node list) to Accept: application/json
#   (https://nodered.org/docs/api/admin/methods/get/nodes/): a documented operation that answers a page is asked again
#   as an API client asks, so it is an operation too (with adminAuth, a Bearer 401 to both).
# - Sails 1.5 (npm sails, sails-hook-orm, sails-disk): a minimal app laid out as `sails new --no-frontend` does, one model
#   (User) with blueprints at their defaults, in development (realfw8-node-sails/run.sh). Every answer says
#   "X-Powered-By: Sails <sailsjs.com>" and / is a plain "Not Found"; the blueprint collection of the conventional User
#   model is found as GET and POST /user (https://sailsjs.com/documentation/reference/blueprint-api), and the find
#   shortcut GET /user/find only while shortcut routes are on: with blueprints.shortcuts false it is findOne with the id
#   "find", a 400 E_INVALID_CRITERIA, no operation.
# - swagger-stats 0.99 in an Express 4 API (realfw8-node-swaggerstats/app.js, mounted as its README shows), scanned from
#   the API's own URL (/api/v1/orders): Express recognised from X-Powered-By, swagger-stats' /swagger-stats/stats found
#   as an operation of the origin while it answers JSON to anyone (https://swaggerstats.io/guide/conf.html). With
#   authentication true it answers 403 "Authentication required" (no challenge, text/plain): no operation, and only the
#   API given is reported. Its /swagger-stats/metrics (text/plain) is no API answer.

BeforeDiscovery {
    $script:Servers = @(
        @{ Name = 'Node-RED 4.1, no adminAuth (its default)'; App = 'realfw8-node-nodered'; Npm = @('node-red'); Start = @('{port}', 'open'); ReadyLine = 'Started flows'
            Endpoints = @('Rest /'); Title = '^Node-RED$'
            Operations = @('GET /auth/login', 'GET /diagnostics', 'GET /flows', 'GET /nodes', 'GET /settings', 'POST /flows') }
        @{ Name = 'Node-RED 4.1, adminAuth with a bcrypt user'; App = 'realfw8-node-nodered'; Npm = @('node-red'); Start = @('{port}', 'auth'); ReadyLine = 'Started flows'
            Endpoints = @('Rest /'); Title = '^Node-RED$'
            Operations = @('GET /auth/login', 'GET /diagnostics', 'GET /flows', 'GET /nodes', 'GET /settings', 'POST /flows') }
        @{ Name = 'Sails 1.5, blueprints at their defaults (development)'; App = 'realfw8-node-sails'; Npm = @('sails', 'sails-hook-orm', 'sails-disk'); Start = @('{port}', 'open'); ReadyLine = 'apithreat-ready'
            Endpoints = @('Rest /'); Operations = @('GET /user', 'GET /user/find', 'POST /user') }
        @{ Name = 'Sails 1.5, blueprints.shortcuts false (its production setting)'; App = 'realfw8-node-sails'; Npm = @('sails', 'sails-hook-orm', 'sails-disk'); Start = @('{port}', 'safe'); ReadyLine = 'apithreat-ready'
            Endpoints = @('Rest /'); Operations = @('GET /user', 'POST /user'); Absent = @('GET /user/find') }
        @{ Name = 'swagger-stats 0.99 in Express 4, authentication false (its default)'; App = 'realfw8-node-swaggerstats'; Npm = @('express', 'swagger-stats', 'prom-client'); Start = @('{port}', 'open'); ReadyLine = 'apithreat-ready'
            Path = '/api/v1/orders'; Endpoints = @('Rest /', 'Rest /api/v1/orders'); Operations = @('GET /swagger-stats/stats') }
        @{ Name = 'swagger-stats 0.99 in Express 4, authentication true'; App = 'realfw8-node-swaggerstats'; Npm = @('express', 'swagger-stats', 'prom-client'); Start = @('{port}', 'auth'); ReadyLine = 'apithreat-ready'
            Path = '/api/v1/orders'; Endpoints = @('Rest /api/v1/orders'); Operations = @(); Absent = @('GET /swagger-stats/stats') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/NodeServers.ps1')
}

AfterAll { Stop-NodeServer }

Describe 'Get-ApiInventory on npm API servers (Node-RED, Sails, swagger-stats) at their defaults and in a safe twin' {
    It '<Name>: curl confirms the ground truth; -Depth Standard reports exactly <Endpoints> with the documented operations' -ForEach $Servers {
        $case = $_  # a switch below rebinds $_
        $s = Start-NodeServer $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $open = $case.Start -contains 'open'
        switch ($case.App) {
            'realfw8-node-nodered' {
                $root = Invoke-Curl "$($s.Base)/"
                $root.StatusCode | Should -Be 200
                $root.Body | Should -Match '<title>Node-RED</title>'
                $login = Invoke-Curl "$($s.Base)/auth/login"
                $flows = Invoke-Curl "$($s.Base)/flows"
                $nodesPage = Invoke-Curl "$($s.Base)/nodes"
                $nodesJson = Invoke-Curl "$($s.Base)/nodes" -Header 'Accept: application/json'
                if ($open) {
                    $nodesPage.Headers | Should -Match '(?m)^Content-Type: text/html' -Because 'GET /nodes answers the node definitions as HTML to */*'
                    $nodesJson.Headers | Should -Match '(?m)^Content-Type: application/json' -Because 'and the node list as JSON to Accept: application/json'
                    $nodesJson.Body | Should -Match '^\[\{"id":"node-red/'
                    $login.Body | Should -BeExactly '{}'
                    $flows.StatusCode | Should -Be 200
                    $flows.Body | Should -Match '"type":"http in"'
                }
                else {
                    $login.Body | Should -Match '^\{"type":"credentials","prompts":'
                    $flows.StatusCode | Should -Be 401
                    $nodesPage.StatusCode | Should -Be 401
                    $nodesJson.StatusCode | Should -Be 401
                    $flows.Headers | Should -Match '(?m)^WWW-Authenticate: Bearer realm="Users"'
                }
            }
            'realfw8-node-sails' {
                $root = Invoke-Curl "$($s.Base)/"
                $root.StatusCode | Should -Be 404
                $root.Headers | Should -Match '(?m)^X-Powered-By: Sails <sailsjs\.com>'
                (Invoke-Curl "$($s.Base)/user").Body | Should -Match '"fullName": "Ada"'
                $find = Invoke-Curl "$($s.Base)/user/find"
                if ($open) { $find.StatusCode | Should -Be 200; $find.Body | Should -Match '"fullName": "Grace"' }
                else { $find.StatusCode | Should -Be 400; $find.Body | Should -Match '"code": "E_INVALID_CRITERIA"' }
            }
            'realfw8-node-swaggerstats' {
                (Invoke-Curl "$($s.Base)/api/v1/orders").Body | Should -Match '"item":"widget"'
                $stats = Invoke-Curl "$($s.Base)/swagger-stats/stats"
                if ($open) { $stats.StatusCode | Should -Be 200; $stats.Body | Should -Match '^\{"startts":\d+,"all":\{"requests":' }
                else { $stats.StatusCode | Should -Be 403; $stats.Body | Should -BeExactly 'Authentication required' }
            }
        }
        $endpoints = @(Get-ApiInventory -Url "$($s.Base)$($case.Path)" -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        Get-EndpointLine $endpoints | Should -Be @($case.Endpoints)
        if ($case.Title) { $endpoints[0].Title | Should -Match $case.Title }
        $operations = @($endpoints | ForEach-Object { Get-OperationLine $_ })
        foreach ($op in $case.Operations) { $operations | Should -Contain $op }
        foreach ($op in @($case.Absent | Where-Object { $_ })) { $operations | Should -Not -Contain $op }
        $framework = switch ($case.App) { 'realfw8-node-sails' { 'Sails (blueprint API)' } 'realfw8-node-swaggerstats' { 'swagger-stats' } default { 'Node-RED Admin API' } }
        $named = @($case.Operations)[-1]
        if ($named) { @($endpoints.Operations | Where-Object { "$($_.Method) $($_.Path)" -eq $named })[0].Summary | Should -Be "found in $framework default" }
    }
}
