# An eighth round of Get-ApiInventory's real-software wing: API servers from npm whose defaults expose an API of their own.
# - Node-RED 4.1 (npm node-red; 4.1 because Node-RED 5 needs Node.js 22.9): its editor page (<title>Node-RED</title>) at /
#   and the Admin API beside it (https://nodered.org/docs/api/admin/methods/), recognised from the page and reported
#   with its documented operations (frameworks.json, kind Operation), each kept because it answered like an API: JSON
#   without adminAuth, a 401 with "WWW-Authenticate: Bearer" with it. Run with `node-red -u DIR -p PORT` and the default
#   settings file, only uiHost (127.0.0.1) and telemetry changed (realfw8-node-nodered/run.sh). GET /nodes is not an
#   operation here: it answers JSON only to a client preferring it, and HTML (the node definitions) to */*.

BeforeDiscovery {
    $script:Servers = @(
        @{ Name = 'Node-RED 4.1, no adminAuth (its default)'; App = 'realfw8-node-nodered'; Npm = @('node-red'); Start = @('{port}', 'open'); ReadyLine = 'Started flows'
            Endpoints = @('Rest /'); Title = '^Node-RED$'
            Operations = @('GET /auth/login', 'GET /diagnostics', 'GET /flows', 'GET /settings', 'POST /flows') }
        @{ Name = 'Node-RED 4.1, adminAuth with a bcrypt user'; App = 'realfw8-node-nodered'; Npm = @('node-red'); Start = @('{port}', 'auth'); ReadyLine = 'Started flows'
            Endpoints = @('Rest /'); Title = '^Node-RED$'
            Operations = @('GET /auth/login', 'GET /diagnostics', 'GET /flows', 'GET /settings', 'POST /flows') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/NodeServers.ps1')
}

AfterAll { Stop-NodeServer }

Describe 'Get-ApiInventory on npm API servers (Node-RED) at their defaults and in a safe twin' {
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
                if ($open) {
                    $login.Body | Should -BeExactly '{}'
                    $flows.StatusCode | Should -Be 200
                    $flows.Body | Should -Match '"type":"http in"'
                }
                else {
                    $login.Body | Should -Match '^\{"type":"credentials","prompts":'
                    $flows.StatusCode | Should -Be 401
                    $flows.Headers | Should -Match '(?m)^WWW-Authenticate: Bearer realm="Users"'
                }
            }
        }
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        Get-NodeEndpointLine $endpoints | Should -Be @($case.Endpoints)
        $endpoints[0].Title | Should -Match $case.Title
        $operations = Get-NodeOperationLine $endpoints[0]
        foreach ($op in $case.Operations) { $operations | Should -Contain $op }
        @($endpoints[0].Operations | Where-Object Path -EQ '/flows')[0].Summary | Should -Be 'found in Node-RED Admin API default'
    }
}
