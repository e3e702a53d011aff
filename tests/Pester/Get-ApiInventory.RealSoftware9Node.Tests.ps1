# A ninth round of Get-ApiInventory's real-software wing: npm tools whose defaults expose an API of their own.
# - Redis Commander 0.9 (npm redis-commander) before Debian's redis-server 7.0: its page (<title>Redis Commander: Home</title>)
#   at / and its JSON API beside it (lib/routes), recognised from the page (frameworks.json "Redis Commander") with
#   GET /apiv2/server/info and GET /connections, each kept because it answered JSON; the page's script also names
#   /apiv2/connection, /apiv2/redisCommands and /config. With --http-auth-* every API route answers 401 text without a
#   challenge: no API is listed (its page is no API).
# - Bull Board 9.10 mounted at /admin/queues as its README's example does, in an Express app: Express recognised from
#   X-Powered-By, the board's GET /admin/queues/api/queues found as an operation of the origin while it answers JSON
#   (frameworks.json "Bull Board", https://github.com/felixmosh/bull-board#readme). Behind express-basic-auth it answers
#   401 Basic, and the host's root (Express' 404) lists nothing.
# - Verdaccio 6.8 (npm verdaccio) with its shipped config.yaml less the npmjs uplink: its web page (which loads
#   /-/static/ui-options.js) recognised (frameworks.json "Verdaccio", https://verdaccio.org/docs/web) with its web API's
#   GET /-/verdaccio/data/packages and GET /-/ping; both answer JSON in both twins (with access: $authenticated the list
#   is empty), so the same API is listed for both.

BeforeDiscovery {
    $redis = @{ App = 'realfw9-node-rediscommander'; Npm = @('redis-commander'); Commands = @('redis-server', 'redis-cli'); ReadyLine = 'apithreat-ready' }
    $bull = @{ App = 'realfw9-node-bullboard'; Npm = @('@bull-board/api', '@bull-board/express', 'bullmq', 'express', 'express-basic-auth'); Commands = @('redis-server', 'redis-cli'); ReadyLine = 'apithreat-ready' }
    $script:Servers = @(
        $redis + @{ Name = 'Redis Commander 0.9, no --http-auth (its default)'; Start = @('{port}', 'open'); Framework = 'Redis Commander'
            Endpoints = @('Rest /'); Title = '^Redis Commander: Home$'; Operations = @('GET /apiv2/server/info', 'GET /connections') }
        $redis + @{ Name = 'Redis Commander 0.9, --http-auth-username and --http-auth-password'; Start = @('{port}', 'auth')
            Endpoints = @(); Operations = @() }
        $bull + @{ Name = 'Bull Board 9.10 at /admin/queues, no authentication'; Start = @('{port}', 'open'); Framework = 'Bull Board'
            Endpoints = @('Rest /'); Operations = @('GET /admin/queues/api/queues') }
        $bull + @{ Name = 'Bull Board 9.10 behind express-basic-auth'; Start = @('{port}', 'auth')
            Endpoints = @(); Operations = @() }
        @{ Name = 'Verdaccio 6.8, its shipped config.yaml'; App = 'realfw9-node-verdaccio'; Npm = @('verdaccio'); ReadyLine = 'apithreat-ready'; Start = @('{port}', 'open')
            Framework = 'Verdaccio'; Endpoints = @('Rest /'); Title = '^Verdaccio$'; Operations = @('GET /-/ping', 'GET /-/verdaccio/data/packages') }
        @{ Name = 'Verdaccio 6.8, access: $authenticated and max_users: -1'; App = 'realfw9-node-verdaccio'; Npm = @('verdaccio'); ReadyLine = 'apithreat-ready'; Start = @('{port}', 'safe')
            Framework = 'Verdaccio'; Endpoints = @('Rest /'); Title = '^Verdaccio$'; Operations = @('GET /-/ping', 'GET /-/verdaccio/data/packages') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/NodeServers.ps1')
}

AfterAll { Stop-NodeServer }

Describe 'Get-ApiInventory on npm tools (Redis Commander, Bull Board, Verdaccio) at their defaults and in a safe twin' {
    It '<Name>: curl confirms the ground truth; -Depth Standard from the host''s root reports exactly <Endpoints>' -ForEach $Servers {
        $case = $_  # a switch below rebinds $_
        $s = Start-NodeServer $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $open = $case.Start -contains 'open'
        $probe = switch ($case.App) { 'realfw9-node-bullboard' { '/admin/queues/api/queues' } 'realfw9-node-verdaccio' { '/-/verdaccio/data/packages' } default { '/apiv2/server/info' } }
        $r = Invoke-Curl "$($s.Base)$probe"
        if ($open -or $case.App -eq 'realfw9-node-verdaccio') { $r.StatusCode | Should -Be 200; $r.Headers | Should -Match '(?m)^Content-Type: application/json' } else { $r.StatusCode | Should -Be 401 }
        $endpoints = @(Get-ApiInventory -Url "$($s.Base)/" -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        Get-EndpointLine $endpoints | Should -Be @($case.Endpoints)
        if ($case.Title) { $endpoints[0].Title | Should -Match $case.Title }
        $operations = @($endpoints | ForEach-Object { Get-OperationLine $_ })
        foreach ($op in $case.Operations) {
            $operations | Should -Contain $op
            @($endpoints.Operations | Where-Object { "$($_.Method) $($_.Path)" -eq $op })[0].Summary | Should -Be "found in $($case.Framework) default"
        }
    }
}
