# A seventh round of Get-ApiInventory's real-software wing: data stores and notebook servers from Debian 12, API servers
# rather than frameworks, whose HTTP API has no description document. Each is recognised by what its own status or
# version endpoint answers (frameworks.json, kind ServerStatus; Discovery/Apis/ServerApis.cs) and reported with the
# operations its documentation defines, Source FrameworkDefault:
# - etcd 3.4 (etcd-server): a bare Go "404 page not found" at /, {"etcdserver":...} at /version, the v3 API's JSON gateway
#   (POST /v3/kv/range with base64 keys) at /v3 (realfw7-store-etcd/run.sh; two keys written with etcdctl).
# - InfluxDB 1.6 (influxdb): X-Influxdb-Version on every answer, 204 at /ping, InfluxQL at /query (realfw7-store-influxdb).
# - Jupyter Notebook 6.4 (jupyter-notebook) at its default, token authentication: / redirects to the login page, /api
#   answers its version to anyone, /api/contents 403 (realfw7-store-jupyter); Jupyter Server 1.23, JupyterLab's backend
#   (python3-jupyter-server), the same API behind an HTML page at /.
# - ZooKeeper 3.8 (zookeeper): its AdminServer (embedded Jetty, on by default) links every command at /commands; the
#   ones that reset statistics or set the trace mask are left out of the operations (realfw7-store-zookeeper).
# None of their HTML pages (Jupyter's login and tree pages) is reported as an API of its own.

BeforeDiscovery {
    $script:Stores = @(
        @{ Name = 'etcd 3.4 (no authentication, its default)'; App = 'realfw7-store-etcd'; Command = @('etcd', 'etcdctl'); Start = @('{port}', '{port2}', 'open')
            ReadyLine = 'apithreat-ready'; Endpoints = @('Rest /'); FoundAt = 'etcd default'; Title = '^etcd 3\.4\.\d+'
            Operations = @('GET /health', 'GET /version', 'POST /v3/kv/deleterange', 'POST /v3/kv/put', 'POST /v3/kv/range', 'POST /v3/watch') }
        @{ Name = 'InfluxDB 1.6 (auth-enabled = false, its default)'; App = 'realfw7-store-influxdb'; Command = @('influxd'); Start = @('{port}', '{port2}', 'open')
            ReadyLine = 'apithreat-ready'; Endpoints = @('Rest /'); FoundAt = 'InfluxDB default'; Title = '^InfluxDB 1\.6\.'
            Operations = @('GET /ping', 'GET /query', 'POST /query', 'POST /write') }
        @{ Name = 'Jupyter Notebook 6.4 (token authentication, its default)'; App = 'realfw7-store-jupyter'; Command = @('jupyter-notebook'); Start = @('{port}', 'token')
            ReadyLine = 'is running at'; Endpoints = @('Rest /api'); FoundAt = 'Jupyter notebook server default'; Title = '^Jupyter notebook server 6\.4\.'
            Operations = @('GET /api/contents', 'GET /api/kernels', 'GET /api/kernelspecs', 'GET /api/sessions', 'GET /api/terminals') }
        @{ Name = 'Jupyter Server 1.23, JupyterLab''s backend (token authentication, its default)'; App = 'realfw7-store-jupyter'; Command = @('jupyter-notebook'); Python = @('jupyter_server'); Start = @('{port}', 'token', 'server')
            ReadyLine = 'is running at'; Endpoints = @('Rest /api'); FoundAt = 'Jupyter notebook server default'; Title = '^Jupyter notebook server 1\.23\.'
            Operations = @('GET /api/contents', 'GET /api/kernels', 'GET /api/kernelspecs', 'GET /api/sessions', 'GET /api/terminals') }
        @{ Name = 'ZooKeeper 3.8 AdminServer (on by default)'; App = 'realfw7-store-zookeeper'; Command = @('java'); Start = @('{port}', '{port2}')
            ReadyLine = 'apithreat-ready'; Endpoints = @('Rest /commands'); FoundAt = 'ZooKeeper AdminServer default'; Title = '^ZooKeeper AdminServer$'
            Operations = @('GET /commands/configuration', 'GET /commands/connections', 'GET /commands/environment', 'GET /commands/ruok', 'GET /commands/stats') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Store.ps1')
}

AfterAll { Stop-Store }

Describe 'Get-ApiInventory on etcd, InfluxDB, Jupyter and ZooKeeper (Debian), API servers without a description document' {
    It '<Name>: curl confirms the ground truth; -Depth Standard reports exactly <Endpoints> with the documented operations, Source FrameworkDefault' -ForEach $Stores {
        $case = $_  # a switch below rebinds $_
        $s = Start-Store $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        switch ($case.App) {
            'realfw7-store-etcd' {
                $root = Invoke-Curl "$($s.Base)/"
                $root.StatusCode | Should -Be 404
                $root.Body.Trim() | Should -BeExactly '404 page not found'
                (Invoke-Curl "$($s.Base)/version").Body | Should -Match '^\{"etcdserver":"3\.4\.\d+","etcdcluster":"3\.4\.0"\}'
                (Invoke-Curl "$($s.Base)/health").Body | Should -Match '"health":"true"'
                $range = Invoke-Curl "$($s.Base)/v3/kv/range" -Method POST -Header 'Content-Type: application/json' -Body '{"key":"AA==","range_end":"AA==","count_only":true}'
                $range.Body | Should -Match '"count":"2"' -Because 'run.sh wrote two keys'
            }
            'realfw7-store-influxdb' {
                $ping = Invoke-Curl "$($s.Base)/ping"
                $ping.StatusCode | Should -Be 204
                $ping.Headers | Should -Match '(?m)^X-Influxdb-Version: 1\.6\.'
                (Invoke-Curl "$($s.Base)/").Body.Trim() | Should -BeExactly '404 page not found'
                (Invoke-Curl "$($s.Base)/query?q=SHOW+DATABASES").Body | Should -Match '\["telemetry"\]'
            }
            'realfw7-store-jupyter' {
                $root = Invoke-Curl "$($s.Base)/"
                if ($case.Start -contains 'server') { $root.StatusCode | Should -Be 200; $root.Headers | Should -Match '(?m)^Content-Type: text/html' }
                else {
                    $root.StatusCode | Should -Be 302
                    (Invoke-Curl "$($s.Base)/tree").Headers | Should -Match '(?m)^Location: /login\?next=%2Ftree'
                }
                $api = Invoke-Curl "$($s.Base)/api"
                $api.Body | Should -Match '^\{"version": "\d+\.\d+\.\d+"\}'
                $api.Headers | Should -Match "(?m)^Content-Security-Policy: .*report-uri /api/security/csp-report"
                (Invoke-Curl "$($s.Base)/api/contents").StatusCode | Should -Be 403
            }
            'realfw7-store-zookeeper' {
                $root = Invoke-Curl "$($s.Base)/"
                $root.StatusCode | Should -Be 404
                $root.Headers | Should -Match '(?m)^Server: Jetty\(9\.4\.'
                $commands = Invoke-Curl "$($s.Base)/commands"
                $commands.Body | Should -Match '<a href="/commands/stats">stats</a>'
                $commands.Body | Should -Match '<a href="/commands/stat_reset">stat_reset</a>'
                (Invoke-Curl "$($s.Base)/commands/ruok").Body | Should -Match '"command" : "ruok"'
            }
        }
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        Get-EndpointLine $endpoints | Should -Be @($case.Endpoints)
        $endpoints[0].Source | Should -Be 'FrameworkDefault'
        $endpoints[0].FoundAt | Should -Be $case.FoundAt
        $endpoints[0].Title | Should -Match $case.Title
        $endpoints[0].Technologies -join ', ' | Should -Match ($case.Title.TrimStart('^'))
        $operations = Get-OperationLine $endpoints[0]
        foreach ($op in $case.Operations) { $operations | Should -Contain $op }
        ($endpoints[0].Operations | Select-Object -First 1).Summary | Should -Match '^found in .+ documentation$'
        $endpoints[0].Findings.RuleId | Should -Not -Contain 'ATR-INV-001' -Because 'no description document is served'
        $operations | Should -Not -Match 'reset|set_' -Because 'commands that change the server are no reads to list'
    }
}
