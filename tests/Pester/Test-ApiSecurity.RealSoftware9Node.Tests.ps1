# A ninth round of Test-ApiSecurity's real-software wing: npm dashboards and tools that developers install beside an API
# and leave reachable, at their defaults and in a safe twin, scanned as a user would (Get-ApiInventory -Depth Standard |
# Test-ApiSecurity, passive; the URL itself when the inventory lists nothing).
# - Redis Commander 0.9 (npm redis-commander) in front of Debian's redis-server 7.0 (three keys), with no --http-auth-*
#   option, its default: GET /apiv2/server/info answers anyone with the Redis INFO of every connection, and its API reads
#   every key and value and runs any command: ATR-EXPO-040 (Critical; version, client and key counts only, no command
#   sent). With --http-auth-username/--http-auth-password every API route answers 401 "Unauthorized - Missing Token"
#   (no challenge; the page signs in with a form and a JWT): nothing of the kind. Its page, served to anyone in both
#   twins, holds password fields (the Redis server's password in "Add server", and the sign-in form with auth) posted over
#   plain HTTP: ATR-EXPO-014 (High) on both, true: redis-commander serves plain HTTP only (app.listen, no TLS option).
# - Bull Board 9.10 (@bull-board/api, @bull-board/express) over BullMQ 5 and redis-server, mounted at /admin/queues as its
#   README's example does, two queues with three waiting jobs: GET /admin/queues/api/queues lists queues, counts and
#   readOnlyMode false, so anyone can retry, promote, clean, empty or obliterate jobs: ATR-EXPO-041 (High; queue names
#   and counts only, no PUT sent). Behind express-basic-auth (its examples' way) it answers 401 with a Basic challenge;
#   scanned from the host's root, which says nothing of the board (Express' 404), nothing is found at all.
# - express-status-monitor 1.3 in an Express API: app.use(expressStatusMonitor()) serves its dashboard at /status to
#   anyone: ATR-EXPO-042 (Low). Its README's "Securing endpoint" ({ path: '' } and the page behind http-auth's Basic):
#   /status answers 401, nothing of the kind; that guessed page's Basic challenge is not the API's (no ATR-API-010). Its
#   socket.io stream (/socket.io) still feeds the same numbers to any client in both twins: the README's way secures only
#   the page, and the check does not open a socket.
# - http-server 14 (npm http-server) on a web root with the exposure tests' leftovers: its directory listing, on by
#   default, is the same listing rule as Apache's, nginx's, lighttpd's and Caddy's (ATR-EXPO-004, Medium), and .git,
#   .env and a SQL dump are served (ATR-EXPO-005/006/007). `-d false` stops the listing, but http-server serves every
#   file of its folder, dot-files included (--no-dotfiles only hides them from listings): ATR-EXPO-005/006/007 stay on
#   the twin, true (the only cure is not to put them in the served folder).
# - Verdaccio 6.8 (npm verdaccio; 6.10 wants Node.js 22) with the config.yaml it ships, less its npmjs uplink (nothing
#   asked may leave loopback), one private package in its storage: access: $all lets anyone list and download it, GET
#   /-/verdaccio/data/packages answering the manifests: ATR-EXPO-043 (Medium; a count only). The same file lets anyone
#   register (max_users unset), but only registering would show it: never tried, so the finding stays Medium and says so.
#   With access: $authenticated and max_users: -1 the list is [] and the package 401: nothing of the kind; its 401s ask
#   for Basic or Bearer credentials over plain HTTP: ATR-API-010 (High), true (Verdaccio wants https in `listen`).
#   Both twins answer "Access-Control-Allow-Origin: *" on every answer (ATR-EXPO-015, Low, true) and some answers carry
#   X-RateLimit-* headers (so no ATR-API-011).
# ATR-EXPO-013 (plain HTTP only) and ATR-API-011 (no rate-limit headers) are every variant's truth on loopback where an
# endpoint answers.

BeforeDiscovery {
    $redis = @{ App = 'realfw9-node-rediscommander'; Npm = @('redis-commander'); Commands = @('redis-server', 'redis-cli'); ReadyLine = 'apithreat-ready' }
    $bull = @{ App = 'realfw9-node-bullboard'; Npm = @('@bull-board/api', '@bull-board/express', 'bullmq', 'express', 'express-basic-auth'); Commands = @('redis-server', 'redis-cli'); ReadyLine = 'apithreat-ready' }
    $esm = @{ App = 'realfw9-node-statusmonitor'; Npm = @('express', 'express-status-monitor', 'http-auth'); ReadyLine = 'apithreat-ready' }
    $verdaccio = @{ App = 'realfw9-node-verdaccio'; Npm = @('verdaccio'); ReadyLine = 'apithreat-ready' }
    $script:Servers = @(
        $redis + @{ Name = 'Redis Commander 0.9, no --http-auth (its default)'; Start = @('{port}', 'open'); Path = '/'
            Serious = @('ATR-EXPO-014', 'ATR-EXPO-040'); Expected = @('ATR-API-011', 'ATR-EXPO-013', 'ATR-EXPO-014', 'ATR-EXPO-040') }
        $redis + @{ Name = 'Redis Commander 0.9, --http-auth-username and --http-auth-password'; Start = @('{port}', 'auth'); Path = '/'
            Serious = @('ATR-EXPO-014'); Expected = @('ATR-API-011', 'ATR-EXPO-013', 'ATR-EXPO-014') }
        $bull + @{ Name = 'Bull Board 9.10 at /admin/queues, no authentication (its README''s example)'; Start = @('{port}', 'open'); Path = '/'
            Serious = @('ATR-EXPO-041'); Expected = @('ATR-API-011', 'ATR-EXPO-013', 'ATR-EXPO-041') }
        $bull + @{ Name = 'Bull Board 9.10 behind express-basic-auth'; Start = @('{port}', 'auth'); Path = '/'
            Serious = @(); Expected = @('ATR-EXPO-013') }
        $esm + @{ Name = 'express-status-monitor 1.3, its default /status'; Start = @('{port}', 'open'); Path = '/api/v1/orders'
            Serious = @(); Expected = @('ATR-API-011', 'ATR-EXPO-013', 'ATR-EXPO-042') }
        $esm + @{ Name = 'express-status-monitor 1.3, the page behind Basic authentication (its README)'; Start = @('{port}', 'auth'); Path = '/api/v1/orders'
            Serious = @(); Expected = @('ATR-API-011', 'ATR-EXPO-013') }
        $verdaccio + @{ Name = 'Verdaccio 6.8, its shipped config.yaml (access: $all, no max_users)'; Start = @('{port}', 'open'); Path = '/'
            Serious = @('ATR-EXPO-043'); Expected = @('ATR-EXPO-013', 'ATR-EXPO-015', 'ATR-EXPO-043') }
        $verdaccio + @{ Name = 'Verdaccio 6.8, access: $authenticated and max_users: -1'; Start = @('{port}', 'safe'); Path = '/'
            Serious = @('ATR-API-010'); Expected = @('ATR-API-010', 'ATR-EXPO-013', 'ATR-EXPO-015') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Exposure.ps1')
    . (Join-Path $RepoRoot 'tests/Real/NodeServers.ps1')
    . (Join-Path $RepoRoot 'tests/Real/NodeTools.ps1')
}

AfterAll { Stop-NodeServer }

Describe 'Test-ApiSecurity on npm tools (Redis Commander, Bull Board, express-status-monitor, Verdaccio) at their defaults and in a safe twin' {
    It '<Name>: curl sees what anyone can reach; exactly the expected findings, nothing else at Medium or above' -ForEach $Servers {
        $case = $_  # a switch below rebinds $_
        $s = Start-NodeServer $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $open = $case.Start -contains 'open'
        switch ($case.App) {
            'realfw9-node-rediscommander' {
                (Invoke-Curl "$($s.Base)/").Body | Should -Match '<title>Redis Commander: Home</title>'
                $info = Invoke-Curl "$($s.Base)/apiv2/server/info"
                if ($open) { $info.StatusCode | Should -Be 200; $info.Body | Should -Match '"key":"Db0","value":"keys=3,' }
                else { $info.StatusCode | Should -Be 401; $info.Body | Should -BeExactly 'Unauthorized - Missing Token' }
            }
            'realfw9-node-bullboard' {
                $queues = Invoke-Curl "$($s.Base)/admin/queues/api/queues"
                if ($open) { $queues.StatusCode | Should -Be 200; $queues.Body | Should -Match '"name":"mail"'; $queues.Body | Should -Match '"readOnlyMode":false' }
                else { $queues.StatusCode | Should -Be 401; $queues.Headers | Should -Match '(?m)^WWW-Authenticate: Basic' }
                (Invoke-Curl "$($s.Base)/").StatusCode | Should -Be 404
            }
            'realfw9-node-verdaccio' {
                $list = Invoke-Curl "$($s.Base)/-/verdaccio/data/packages"
                $list.StatusCode | Should -Be 200
                $package = Invoke-Curl "$($s.Base)/internal-billing"
                if ($open) { $list.Body | Should -Match '"name": "internal-billing"'; $package.StatusCode | Should -Be 200 }
                else { $list.Body.Trim() | Should -BeExactly '[]'; $package.StatusCode | Should -Be 401 }
            }
            'realfw9-node-statusmonitor' {
                $page = Invoke-Curl "$($s.Base)/status"
                if ($open) { $page.StatusCode | Should -Be 200; $page.Body | Should -Match "socket\.on\('esm_start'" }
                else { $page.StatusCode | Should -Be 401; $page.Headers | Should -Match '(?m)^WWW-Authenticate: Basic realm="Monitor Area"' }
            }
        }
        $scan = Invoke-NodeToolScan "$($s.Base)$($case.Path)"
        $ids = Assert-Exposure $scan.Findings @($case.Serious) -Because $case.Name
        @($ids) | Should -Be @($case.Expected | Sort-Object)
    }

    It 'the open tools'' findings name what anyone can reach (versions, counts, queue names), never a key, job data, package or value' -ForEach @($Servers | Where-Object { $_.Start -contains 'open' }) {
        $case = $_  # a switch below rebinds $_
        $s = Start-NodeServer $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $findings = (Invoke-NodeToolScan "$($s.Base)$($case.Path)").Findings
        $evidence = $findings.Evidence -join "`n"
        switch ($case.App) {
            'realfw9-node-rediscommander' {
                $f = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-040')
                $f | Should -HaveCount 1
                $f[0].Severity | Should -Be 'Critical'
                $f[0].Confidence | Should -Be 'Confirmed'
                $f[0].Evidence | Should -Match '^/apiv2/server/info: GET /apiv2/server/info answered 200 without credentials: 1 Redis connection\(s\), Redis 7\.\d+\.\d+, \d+ connected client\(s\), 3 key\(s\) in 1 database\(s\); its API reads every key and value'
                $evidence | Should -Not -Match 'session:42|feature-flags|queue:mail|beta' -Because 'key names and values are never reported'
                # Nothing was written: still the three keys run.sh set.
                (Invoke-Curl "$($s.Base)/apiv2/server/info").Body | Should -Match '"key":"Db0","value":"keys=3,'
            }
            'realfw9-node-bullboard' {
                $f = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-041')
                $f | Should -HaveCount 1
                $f[0].Severity | Should -Be 'High'
                $f[0].Evidence | Should -BeExactly '/admin/queues/api/queues: GET /admin/queues/api/queues answered 200 without credentials: 2 queue(s) (mail, reports) with 3 job(s) (waiting 3); readOnlyMode is off: anyone can pause queues and retry, promote, clean, empty or obliterate their jobs (nothing was sent)'
                $evidence | Should -Not -Match 'user-1|welcome|daily' -Because "jobs' names and data are never reported"
                # Nothing was changed: the three jobs still wait.
                $counts = ((Invoke-Curl "$($s.Base)/admin/queues/api/queues").Body | ConvertFrom-Json).queues.counts
                ($counts.waiting | Measure-Object -Sum).Sum | Should -Be 3
            }
            'realfw9-node-verdaccio' {
                $f = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-043')
                $f | Should -HaveCount 1
                $f[0].Severity | Should -Be 'Medium'
                $f[0].Evidence | Should -BeExactly '/-/verdaccio/data/packages: GET /-/verdaccio/data/packages answered 200 without credentials with 1 package(s) that anyone can list and download; Verdaccio 6.8.0; whether anyone may also register (npm adduser, max_users) shows only by registering: not tried'
                $evidence | Should -Not -Match 'internal-billing|billing client' -Because 'packages are counted, never named'
            }
            'realfw9-node-statusmonitor' {
                $f = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-042')
                $f | Should -HaveCount 1
                $f[0].Severity | Should -Be 'Low'
                $f[0].Evidence | Should -Match "^/status: GET /status answered 200 without credentials with express-status-monitor's dashboard"
            }
        }
    }
}

Describe 'http-server 14 (npm): its listing is the listing rule of every static server; its folder''s dot-files stay served' {
    It 'lists a folder without an index by default, and serves .git, .env and a SQL dump' {
        $s = Start-NodeHttpServer
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        try {
            $listing = Invoke-Curl "$($s.Base)/files/"
            $listing.Body | Should -Match '<h1>Index of /files/</h1>'
            $listing.Body | Should -Match 'price-list-2026\.csv'
            (Invoke-Curl "$($s.Base)/.env").Body | Should -Match 'DB_PASSWORD='
            $findings = @(Test-ApiSecurity -Url "$($s.Base)/" -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop)
            $ids = Assert-Exposure $findings @('ATR-EXPO-004', 'ATR-EXPO-005', 'ATR-EXPO-006', 'ATR-EXPO-007') -Because 'http-server at its defaults'
            @($ids) | Should -Be @('ATR-API-011', 'ATR-EXPO-004', 'ATR-EXPO-005', 'ATR-EXPO-006', 'ATR-EXPO-007', 'ATR-EXPO-013')
            ($findings | Where-Object RuleId -EQ 'ATR-EXPO-004').Evidence | Should -Match '^http-server \(npm\) listing: http-server \(npm\) listing at GET /files/ \(200\)'
            ($findings.Evidence -join "`n") | Should -Not -Match 's3cr3t|lab-api-key' -Because 'no secret in evidence'
        }
        finally { $s.Server | Stop-RealServer }
    }

    It 'with -d false lists nothing; .git, .env and the dump are still served (http-server cannot refuse them)' {
        $s = Start-NodeHttpServer -NoListing
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        try {
            (Invoke-Curl "$($s.Base)/files/").StatusCode | Should -Be 403
            (Invoke-Curl "$($s.Base)/.env").StatusCode | Should -Be 200
            $findings = @(Test-ApiSecurity -Url "$($s.Base)/" -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop)
            $ids = Assert-Exposure $findings @('ATR-EXPO-005', 'ATR-EXPO-006', 'ATR-EXPO-007') -Because 'http-server -d false'
            @($ids) | Should -Be @('ATR-API-011', 'ATR-EXPO-005', 'ATR-EXPO-006', 'ATR-EXPO-007', 'ATR-EXPO-013')
        }
        finally { $s.Server | Stop-RealServer }
    }
}
