# An eighth round of Get-ApiInventory's real-software wing: operations servers from Debian 12 with HTTP APIs that have no
# description document. Each is recognised by what its own status answer says (frameworks.json, kind ServerStatus;
# Discovery/Apis/ServerApis.cs) and reported with the operations its documentation defines, Source FrameworkDefault:
# - Supervisor 4.2 (supervisor): [inet_http_server] without username and password; its status page at / (Server:
#   Medusa/1.12) and its XML-RPC interface at /RPC2, whose system.listMethods (a read) lists the methods, reported as
#   XMLRPC operations (realfw8-ops-supervisor/run.sh; two programs, worker and queue). Its status page links its control
#   actions as GET links (index.html?action=stopall, ?processname=worker&action=restart): the crawl must not follow
#   them, so the test checks that both programs keep their pids across the scan.
# - Webdis 0.1.9 (webdis) before redis-server 7.0: Server: Webdis, 403 at /, {"PING":[true,"PONG"]} at /PING, every Redis
#   command as a path (realfw8-ops-webdis; Debian's webdis.json ACL). Any other path answers 200 JSON naming it twice
#   ({"v1":[false,"ERR unknown command 'v1', ..."]}), as the not-found calibration path does: /v1 and /v2 are that
#   answer, not two API versions (no ATR-INV-003).
# - Netdata 1.37 (netdata): its dashboard at /, its agent information at /api/v1/info, charts and metrics under /api/v1
#   (realfw8-ops-netdata; its own folders, nothing leaves the machine).
# - Glances 3.3 (glances -w): its web page at / (window.__GLANCES__), the plugin list at /api/3/pluginslist, each plugin
#   at /api/3/<plugin> (realfw8-ops-glances).

BeforeDiscovery {
    $script:Servers = @(
        @{ Name = 'Supervisor 4.2, [inet_http_server] without credentials'; App = 'realfw8-ops-supervisor'; Command = @('supervisord', 'supervisorctl'); Start = @('{port}', 'open')
            Endpoints = @('Rest /RPC2'); FoundAt = 'Supervisor default'; Title = '^Supervisor$'
            Operations = @('XMLRPC supervisor.getAllProcessInfo', 'XMLRPC supervisor.getState', 'XMLRPC supervisor.startProcess', 'XMLRPC supervisor.stopProcess', 'XMLRPC system.listMethods') }
        @{ Name = 'Webdis 0.1.9 with Debian''s webdis.json'; App = 'realfw8-ops-webdis'; Command = @('webdis', 'redis-server', 'redis-cli'); Start = @('{port}', '{port2}', 'open')
            Endpoints = @('Rest /'); FoundAt = 'Webdis default'; Title = '^Webdis$'
            Operations = @('GET /DBSIZE', 'GET /GET/{key}', 'GET /INFO', 'GET /KEYS/{pattern}', 'GET /PING') }
        @{ Name = 'Netdata 1.37 at its [web] defaults'; App = 'realfw8-ops-netdata'; Command = @('netdata'); Start = @('{port}', 'open')
            Endpoints = @('Rest /api/v1'); FoundAt = 'Netdata default'; Title = '^Netdata 1\.37\.\d+$'
            Operations = @('GET /api/v1/allmetrics', 'GET /api/v1/charts', 'GET /api/v1/data', 'GET /api/v1/info') }
        @{ Name = 'Glances 3.3 web server without --password'; App = 'realfw8-ops-glances'; Command = @('glances'); Start = @('{port}', 'open')
            Endpoints = @('Rest /api/3'); FoundAt = 'Glances default'; Title = '^Glances$'
            Operations = @('GET /api/3/all', 'GET /api/3/pluginslist', 'GET /api/3/processlist', 'GET /api/3/system') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Ops.ps1')
}

AfterAll { Stop-OpsServer }

Describe 'Get-ApiInventory on Supervisor, Webdis, Netdata and Glances (Debian), operations servers without a description document' {
    It '<Name>: curl confirms the ground truth; -Depth Standard reports exactly <Endpoints> with the documented operations, Source FrameworkDefault' -ForEach $Servers {
        $case = $_  # a switch below rebinds $_
        $s = Start-OpsServer $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $pids = $null
        switch ($case.App) {
            'realfw8-ops-supervisor' {
                $root = Invoke-Curl "$($s.Base)/"
                $root.Headers | Should -Match '(?m)^Server: Medusa/'
                $root.Body | Should -Match '<title>Supervisor Status</title>'
                $root.Body | Should -Match 'href="index\.html\?action=stopall"' -Because 'the status page links its control actions as GETs'
                (Invoke-XmlRpcCurl $s.Base 'system.listMethods').Body | Should -Match '<string>supervisor\.getState</string>'
                $pids = [regex]::Matches((Invoke-XmlRpcCurl $s.Base 'supervisor.getAllProcessInfo').Body, '<name>pid</name>\s*<value><int>(\d+)</int>') | ForEach-Object { $_.Groups[1].Value }
                @($pids) | Should -HaveCount 2
            }
            'realfw8-ops-webdis' {
                $root = Invoke-Curl "$($s.Base)/"
                $root.StatusCode | Should -Be 403
                $root.Headers | Should -Match '(?m)^Server: Webdis'
                (Invoke-Curl "$($s.Base)/PING").Body | Should -BeExactly '{"PING":[true,"PONG"]}'
                (Invoke-Curl "$($s.Base)/DBSIZE").Body | Should -BeExactly '{"DBSIZE":2}' -Because 'run.sh wrote two keys'
                (Invoke-Curl "$($s.Base)/v1").Body | Should -BeExactly '{"v1":[false,"ERR unknown command ''v1'', with args beginning with: "]}' -Because 'any path is a command, echoed'
            }
            'realfw8-ops-netdata' {
                $info = Invoke-Curl "$($s.Base)/api/v1/info"
                $info.StatusCode | Should -Be 200
                $info.Headers | Should -Match '(?m)^Server: Netdata Embedded HTTP Server v1\.37\.'
                $info.Body | Should -Match '"version": "v1\.37\.\d+"'
                (Invoke-Curl "$($s.Base)/api/v1/charts").Body | Should -Match '"charts": \{'
            }
            'realfw8-ops-glances' {
                (Invoke-Curl "$($s.Base)/").Body | Should -Match 'window\.__GLANCES__'
                $plugins = Invoke-Curl "$($s.Base)/api/3/pluginslist"
                $plugins.StatusCode | Should -Be 200
                $plugins.Body | Should -Match '"processlist"'
                (Invoke-Curl "$($s.Base)/api/3/processlist").Body | Should -Match '"cmdline": ?\['
            }
        }
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        Get-EndpointLine $endpoints | Should -Be @($case.Endpoints)
        $endpoints[0].Source | Should -Be 'FrameworkDefault'
        $endpoints[0].FoundAt | Should -Be $case.FoundAt
        $endpoints[0].Title | Should -Match $case.Title
        $endpoints[0].Technologies -join ', ' | Should -Match ($case.Title.TrimStart('^').TrimEnd('$'))
        $operations = Get-OperationLine $endpoints[0]
        foreach ($op in $case.Operations) { $operations | Should -Contain $op }
        ($endpoints[0].Operations | Select-Object -First 1).Summary | Should -Match '^found in .+ (documentation|system\.listMethods)$'
        $endpoints[0].Findings.RuleId | Should -Not -Contain 'ATR-INV-001' -Because 'no description document is served'
        $endpoints.Findings.RuleId | Should -Not -Contain 'ATR-INV-003' -Because 'none of them serves two API versions'
        if ($pids) {
            $after = [regex]::Matches((Invoke-XmlRpcCurl $s.Base 'supervisor.getAllProcessInfo').Body, '<name>pid</name>\s*<value><int>(\d+)</int>') | ForEach-Object { $_.Groups[1].Value }
            @($after) | Should -Be @($pids) -Because 'the crawl followed none of the status page''s stop and restart links'
        }
    }
}
