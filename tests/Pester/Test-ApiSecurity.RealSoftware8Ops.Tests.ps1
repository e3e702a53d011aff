# An eighth round of Test-ApiSecurity's real-software wing: operations servers from Debian 12 at their defaults and in a
# safe twin, scanned as a user would (Get-ApiInventory -Depth Standard | Test-ApiSecurity, passive).
# - Supervisor 4.2 with [inet_http_server] and no username/password: its XML-RPC interface answers anyone, who can stop,
#   start and signal every program and read its logs: ATR-EXPO-024 (High), found with the reads supervisor.getState and
#   supervisor.getAllProcessInfo (program names and states). With username and password every request answers 401 with
#   a Basic challenge, which over plain HTTP is ATR-API-010 (High, true: supervisord serves no TLS; a proxy must add it);
#   discovery then reports nothing and the origin is scanned as its address. Its status page links stop, restart and
#   clear-log actions as GETs: neither the crawl nor any check follows them (both programs still run after the scan).
# - Webdis 0.1.9 with Debian's webdis.json passes any Redis command to anyone: ATR-EXPO-025 (Critical), found with
#   GET /PING and /DBSIZE (a key count, never a key or a value; the scan writes nothing, DBSIZE stays 2). Its ACL with
#   every command disabled for anonymous clients answers 403 to all: only the generic Lows and CORS Info.
# - Netdata 1.37 at its [web] defaults shows its dashboard and API to anyone: ATR-EXPO-026 (Medium, a chart count),
#   its version in Server (ATR-EXPO-001), its dashboard bundle's source map (ATR-EXPO-008, Low, shipped by Netdata) and
#   ACAO * on its API (ATR-EXPO-015, Low). With allow connections from / allow dashboard from limited to a monitoring
#   network, a scanner from elsewhere (127.0.0.1 here) has its connection dropped: nothing at all.
# - Glances 3.3 without --password lists every process with its command line: ATR-EXPO-027 (High, counts only). Its
#   /api/3/config serves glances.conf as Debian ships it, with the export modules' password and token fields: the
#   generic checks rightly report that too (ATR-EXPO-010 High, fields named and values withheld; ATR-EXPO-015 Medium, ACAO *
#   on it; ATR-API-002 High on /api/3/config and on /api/3/system, which the administration check names by its path;
#   ATR-API-014 Low). With --password every request answers 401 with a Basic challenge over plain HTTP: ATR-API-010 (High, true).
# ATR-EXPO-013 (plain HTTP only) and ATR-API-011 (no rate-limit headers) are the truth of every server that answers on loopback.

BeforeDiscovery {
    $script:Servers = @(
        @{ Name = 'Supervisor 4.2, [inet_http_server] without credentials'; App = 'realfw8-ops-supervisor'; Command = @('supervisord', 'supervisorctl'); Start = @('{port}', 'open'); Endpoints = 1
            Serious = @('ATR-EXPO-024'); Expected = @('ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-013', 'ATR-EXPO-024')
            Rule = 'ATR-EXPO-024'; Severity = 'High'; Evidence = '^/RPC2: POST /RPC2 supervisor\.getState answered without credentials \(supervisord RUNNING\); supervisor\.getAllProcessInfo lists 2 process\(es\): queue \(RUNNING\), worker \(RUNNING\)$' }
        @{ Name = 'Supervisor 4.2, username and password set'; App = 'realfw8-ops-supervisor'; Command = @('supervisord', 'supervisorctl'); Start = @('{port}', 'auth'); Endpoints = 0
            Serious = @('ATR-API-010'); Expected = @('ATR-API-010', 'ATR-EXPO-001', 'ATR-EXPO-013') }
        @{ Name = 'Webdis 0.1.9 with Debian''s webdis.json'; App = 'realfw8-ops-webdis'; Command = @('webdis', 'redis-server', 'redis-cli'); Start = @('{port}', '{port2}', 'open'); Endpoints = 1
            Serious = @('ATR-EXPO-025'); Expected = @('ATR-API-011', 'ATR-EXPO-013', 'ATR-EXPO-015', 'ATR-EXPO-025')
            Rule = 'ATR-EXPO-025'; Severity = 'Critical'; Evidence = '^/PING: GET /PING answered Redis'' PONG without credentials; GET /DBSIZE answered 2 key\(s\) in its Redis database$' }
        @{ Name = 'Webdis 0.1.9, every command disabled for anonymous clients (ACL)'; App = 'realfw8-ops-webdis'; Command = @('webdis', 'redis-server', 'redis-cli'); Start = @('{port}', '{port2}', 'acl'); Endpoints = 1
            Serious = @(); Expected = @('ATR-API-011', 'ATR-EXPO-013', 'ATR-EXPO-015') }
        @{ Name = 'Netdata 1.37 at its [web] defaults'; App = 'realfw8-ops-netdata'; Command = @('netdata'); Start = @('{port}', 'open'); Endpoints = 1
            Serious = @('ATR-EXPO-026'); Expected = @('ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-008', 'ATR-EXPO-013', 'ATR-EXPO-015', 'ATR-EXPO-026')
            Rule = 'ATR-EXPO-026'; Severity = 'Medium'; Evidence = '^/api/v1/charts: GET /api/v1/charts answered 200 without credentials: \d+ chart\(s\) of the agent v1\.37\.\d+$' }
        @{ Name = 'Netdata 1.37, access lists limited to a monitoring network'; App = 'realfw8-ops-netdata'; Command = @('netdata'); Start = @('{port}', 'restricted'); Endpoints = 0
            Serious = @(); Expected = @() }
        @{ Name = 'Glances 3.3 web server without --password'; App = 'realfw8-ops-glances'; Command = @('glances'); Start = @('{port}', 'open'); Endpoints = 1
            Serious = @('ATR-API-002', 'ATR-EXPO-010', 'ATR-EXPO-015', 'ATR-EXPO-027'); Expected = @('ATR-API-002', 'ATR-API-011', 'ATR-API-014', 'ATR-EXPO-001', 'ATR-EXPO-010', 'ATR-EXPO-013', 'ATR-EXPO-015', 'ATR-EXPO-027')
            Rule = 'ATR-EXPO-027'; Severity = 'High'; Evidence = '^/api/3/processlist: GET /api/3/processlist answered 200 without credentials: \d+ process\(es\), \d+ of them with their command line \(not copied here\)$' }
        @{ Name = 'Glances 3.3 web server with --password'; App = 'realfw8-ops-glances'; Command = @('glances'); Start = @('{port}', 'password'); Endpoints = 0
            Serious = @('ATR-API-010'); Expected = @('ATR-API-010', 'ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-013') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Exposure.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Ops.ps1')
}

AfterAll { Stop-OpsServer }

Describe 'Test-ApiSecurity on Supervisor, Webdis, Netdata and Glances (Debian) at their defaults and in a safe twin' {
    It '<Name>: curl sees what anyone can reach; exactly the expected findings, nothing else at Medium or above' -ForEach $Servers {
        $case = $_  # a switch below rebinds $_
        $s = Start-OpsServer $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $open = $case.Start -contains 'open'
        switch ($case.App) {
            'realfw8-ops-supervisor' {
                $state = Invoke-XmlRpcCurl $s.Base 'supervisor.getState'
                if ($open) { $state.StatusCode | Should -Be 200; $state.Body | Should -Match '<string>RUNNING</string>' }
                else { $state.StatusCode | Should -Be 401; $state.Headers | Should -Match '(?m)^WWW-Authenticate: Basic realm="default"' }
            }
            'realfw8-ops-webdis' {
                $dbsize = Invoke-Curl "$($s.Base)/DBSIZE"
                if ($open) { $dbsize.StatusCode | Should -Be 200; $dbsize.Body | Should -BeExactly '{"DBSIZE":2}' }
                else { $dbsize.StatusCode | Should -Be 403 -Because 'the ACL disables every command for clients without credentials' }
            }
            'realfw8-ops-netdata' {
                if ($open) { (Invoke-Curl "$($s.Base)/api/v1/info").StatusCode | Should -Be 200 }
                else { (Invoke-Curl "$($s.Base)/api/v1/info").StatusCode | Should -Be 0 -Because 'the access list drops the connection of anyone outside 10.20.*' }
            }
            'realfw8-ops-glances' {
                $list = Invoke-Curl "$($s.Base)/api/3/processlist"
                if ($open) { $list.StatusCode | Should -Be 200; $list.Body | Should -Match '"cmdline": ?\[' }
                else { $list.StatusCode | Should -Be 401; $list.Headers | Should -Match '(?m)^Www-Authenticate: Basic realm="private"' }
            }
        }
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $endpoints.Count | Should -Be $case.Endpoints
        # A server that shows nothing to the scanner is still asked directly, as a user who knows its address would.
        $targets = if ($endpoints.Count) { $endpoints } else { [pscustomobject]@{ Url = $s.Base } }
        $findings = @($targets | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction SilentlyContinue)
        $ids = Assert-Exposure $findings @($case.Serious) -Because $case.Name
        @($ids) -join ', ' | Should -Be (@($case.Expected | Sort-Object) -join ', ')
    }

    It 'the open servers'' findings name what anyone can reach (process names, key and chart counts), never a command line or a value' -ForEach @($Servers | Where-Object { $_.Start -contains 'open' }) {
        $case = $_  # a switch below rebinds $_
        $s = Start-OpsServer $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $findings = @($endpoints | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop)
        $f = @($findings | Where-Object RuleId -EQ $case.Rule)
        $f | Should -HaveCount 1
        $f[0].Severity | Should -Be $case.Severity
        $f[0].Evidence | Should -Match $case.Evidence
        $findings.Evidence -join "`n" | Should -Not -Match 'sleep 86400|"beta"|session:42' -Because 'command lines, keys and values are never copied'
        switch ($case.App) {
            'realfw8-ops-supervisor' {
                $state = Invoke-XmlRpcCurl $s.Base 'supervisor.getAllProcessInfo'
                ([regex]::Matches($state.Body, '<string>RUNNING</string>')).Count | Should -Be 2 -Because 'the scan stopped no program'
            }
            'realfw8-ops-webdis' {
                (Invoke-Curl "$($s.Base)/DBSIZE").Body | Should -BeExactly '{"DBSIZE":2}' -Because 'the scan wrote and deleted no key'
            }
        }
    }
}
