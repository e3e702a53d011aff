# A seventh round of Test-ApiSecurity's real-software wing: data stores and notebook servers from Debian 12 at their
# defaults and in a safe twin, scanned as a user would (Get-ApiInventory -Depth Standard | Test-ApiSecurity, passive).
# - etcd 3.4 reads its whole keyspace to anyone unless authentication is on: ATR-EXPO-020 (Critical), with key names and
#   counts, never values. With the root user and 'etcdctl auth enable' the range read is refused ("user name is empty").
#   Either way etcd serves /version (ATR-EXPO-001, Low), /metrics and /debug/vars (its command line) on the client URL
#   without credentials: etcd has no switch for that, so ATR-API-002 stays true on both twins.
# - InfluxDB 1.6 runs any query for anyone while auth-enabled = false (its default): ATR-EXPO-021 (High), naming the
#   databases. With auth-enabled = true and an admin user, /query answers 401 with a Basic challenge, which over plain
#   HTTP is ATR-API-010 (High, true: InfluxDB's guide wants HTTPS with authentication). Its X-Influxdb-Version header
#   is ATR-EXPO-001 (Low); /debug/vars and /metrics answer anyone on both twins (pprof-enabled = false removes only
#   /debug/pprof), so ATR-API-002 stays.
# - Jupyter Notebook 6.4 with token='' and password='' lists files, kernels and terminals to anyone: code execution,
#   ATR-EXPO-022 (Critical), found with GETs of the listings only (no kernel or terminal is started). At its default
#   (token authentication) every listing answers 403: nothing of the kind.
#   Its login page takes the token or password in a form over plain HTTP: ATR-EXPO-014 (High, true without TLS).
#   Open, it also serves /metrics (ATR-API-002) and its bundle's source map (ATR-EXPO-008, Low). Jupyter Server 1.23,
#   JupyterLab's backend (python3-jupyter-server), answers the same API the same way, without /metrics.
# - ZooKeeper 3.8's AdminServer (on by default, no authentication in 3.8) answers its commands to anyone: ATR-EXPO-023
#   (Medium: environment, configuration, clients and sessions, no znode data); the commands whose names say admin
#   (configuration, dump, system_properties) are also ATR-API-002, and Jetty's Allow header lists TRACE (ATR-API-004, Low).
#   The commands that reset statistics are never sent.
# ATR-EXPO-013 (plain HTTP only) and ATR-API-011 (no rate-limit headers) are every variant's truth on loopback.

BeforeDiscovery {
    $script:Stores = @(
        @{ Name = 'etcd 3.4, no authentication (its default)'; App = 'realfw7-store-etcd'; Command = @('etcd', 'etcdctl'); Start = @('{port}', '{port2}', 'open'); ReadyLine = 'apithreat-ready'
            Serious = @('ATR-API-002', 'ATR-EXPO-020'); Expected = @('ATR-API-002', 'ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-013', 'ATR-EXPO-015', 'ATR-EXPO-020') }
        @{ Name = 'etcd 3.4, authentication enabled (root user, etcdctl auth enable)'; App = 'realfw7-store-etcd'; Command = @('etcd', 'etcdctl'); Start = @('{port}', '{port2}', 'auth'); ReadyLine = 'apithreat-ready'
            Serious = @('ATR-API-002'); Expected = @('ATR-API-002', 'ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-013', 'ATR-EXPO-015') }
        @{ Name = 'InfluxDB 1.6, auth-enabled = false (its default)'; App = 'realfw7-store-influxdb'; Command = @('influxd'); Start = @('{port}', '{port2}', 'open'); ReadyLine = 'apithreat-ready'
            Serious = @('ATR-API-002', 'ATR-EXPO-021'); Expected = @('ATR-API-002', 'ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-013', 'ATR-EXPO-021') }
        @{ Name = 'InfluxDB 1.6, auth-enabled = true with an admin user'; App = 'realfw7-store-influxdb'; Command = @('influxd'); Start = @('{port}', '{port2}', 'auth'); ReadyLine = 'apithreat-ready'
            Serious = @('ATR-API-002', 'ATR-API-010'); Expected = @('ATR-API-002', 'ATR-API-010', 'ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-013') }
        @{ Name = 'Jupyter Notebook 6.4, token and password empty'; App = 'realfw7-store-jupyter'; Command = @('jupyter-notebook'); Start = @('{port}', 'open'); ReadyLine = 'is running at'
            Serious = @('ATR-API-002', 'ATR-EXPO-022'); Expected = @('ATR-API-002', 'ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-008', 'ATR-EXPO-013', 'ATR-EXPO-022') }
        @{ Name = 'Jupyter Notebook 6.4, token authentication (its default)'; App = 'realfw7-store-jupyter'; Command = @('jupyter-notebook'); Start = @('{port}', 'token'); ReadyLine = 'is running at'
            Serious = @('ATR-EXPO-014'); Expected = @('ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-013', 'ATR-EXPO-014') }
        @{ Name = 'Jupyter Server 1.23, token and password empty'; App = 'realfw7-store-jupyter'; Command = @('jupyter-notebook'); Python = @('jupyter_server'); Start = @('{port}', 'open', 'server'); ReadyLine = 'is running at'
            Serious = @('ATR-EXPO-022'); Expected = @('ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-013', 'ATR-EXPO-022') }
        @{ Name = 'Jupyter Server 1.23, token authentication (its default)'; App = 'realfw7-store-jupyter'; Command = @('jupyter-notebook'); Python = @('jupyter_server'); Start = @('{port}', 'token', 'server'); ReadyLine = 'is running at'
            Serious = @('ATR-EXPO-014'); Expected = @('ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-013', 'ATR-EXPO-014') }
        # No safe twin: ZooKeeper 3.8's AdminServer has no authentication; the safe setting is admin.enableServer=false.
        @{ Name = 'ZooKeeper 3.8 AdminServer (on by default)'; App = 'realfw7-store-zookeeper'; Command = @('java'); Start = @('{port}', '{port2}', 'open'); ReadyLine = 'apithreat-ready'
            Serious = @('ATR-API-002', 'ATR-EXPO-023'); Expected = @('ATR-API-002', 'ATR-API-004', 'ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-013', 'ATR-EXPO-023') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Exposure.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Store.ps1')
}

AfterAll { Stop-Store }

Describe 'Test-ApiSecurity on etcd, InfluxDB, Jupyter and ZooKeeper (Debian) at their defaults and in a safe twin' {
    It '<Name>: curl sees what anyone can read; exactly the expected findings, nothing else at Medium or above' -ForEach $Stores {
        $case = $_  # a switch below rebinds $_
        $s = Start-Store $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $open = $case.Start -contains 'open'
        switch ($case.App) {
            'realfw7-store-etcd' {
                $range = Invoke-Curl "$($s.Base)/v3/kv/range" -Method POST -Header 'Content-Type: application/json' -Body '{"key":"AA==","range_end":"AA==","keys_only":true}'
                if ($open) { $range.StatusCode | Should -Be 200; $range.Body | Should -Match '"count":"2"' }
                else { $range.StatusCode | Should -Be 400; $range.Body | Should -Match 'etcdserver: user name is empty' }
            }
            'realfw7-store-influxdb' {
                $query = Invoke-Curl "$($s.Base)/query?q=SHOW+DATABASES"
                if ($open) { $query.StatusCode | Should -Be 200; $query.Body | Should -Match '\["telemetry"\]' }
                else { $query.StatusCode | Should -Be 401; $query.Headers | Should -Match '(?m)^Www-Authenticate: Basic realm="InfluxDB"' }
            }
            'realfw7-store-jupyter' {
                foreach ($p in '/api/contents', '/api/kernels', '/api/terminals') {
                    $r = Invoke-Curl "$($s.Base)$p"
                    if ($open) { $r.StatusCode | Should -Be 200 -Because "$p lists without credentials" } else { $r.StatusCode | Should -Be 403 -Because "$p needs the token" }
                }
                if ($open) { (Invoke-Curl "$($s.Base)/api/contents").Body | Should -Match '"name": "analysis\.ipynb"' }
            }
            'realfw7-store-zookeeper' {
                $stats = Invoke-Curl "$($s.Base)/commands/stats"
                $stats.StatusCode | Should -Be 200
                $stats.Body | Should -Match '"server_state" : "standalone"'
            }
        }
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $endpoints | Should -HaveCount 1
        $findings = @($endpoints | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop)
        $ids = Assert-Exposure $findings @($case.Serious) -Because $case.Name
        @($ids) | Should -Be @($case.Expected | Sort-Object)
        $version = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-001')
        $version | Should -HaveCount 1
        $version[0].Severity | Should -Be 'Low'
        $version[0].Evidence | Should -Match $(switch ($case.App) { 'realfw7-store-etcd' { 'GET /version: etcd 3\.4\.\d+' } 'realfw7-store-influxdb' { 'X-Influxdb-Version: InfluxDB 1\.6\.' } 'realfw7-store-zookeeper' { 'GET /commands/stats: ZooKeeper 3\.8\.\d+' } default { 'GET /api: Jupyter notebook server \d+\.\d+\.\d+' } })
    }

    It 'the open stores'' findings name what anyone can read (key names and counts, databases, listings), never a value' -ForEach @($Stores | Where-Object { $_.Start -contains 'open' }) {
        $case = $_  # a switch below rebinds $_
        $s = Start-Store $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $findings = @($endpoints | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop)
        switch ($case.App) {
            'realfw7-store-etcd' {
                $f = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-020')
                $f | Should -HaveCount 1
                $f[0].Severity | Should -Be 'Critical'
                $f[0].Evidence | Should -Match 'POST /v3/kv/range .*answered 200 without credentials: 2 key\(s\), the first named /config/app/db-password$'
                $findings.Evidence -join "`n" | Should -Not -Match '"beta"' -Because 'values are never read'
            }
            'realfw7-store-influxdb' {
                $f = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-021')
                $f | Should -HaveCount 1
                $f[0].Severity | Should -Be 'High'
                $f[0].Evidence | Should -Match 'GET /query\?q=SHOW DATABASES answered 200 without credentials and lists \d+ database\(s\): .*telemetry'
            }
            'realfw7-store-jupyter' {
                $f = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-022')
                $f | Should -HaveCount 1
                $f[0].Severity | Should -Be 'Critical'
                $f[0].Evidence | Should -Match 'GET /api/contents lists 1 file\(s\) and folder\(s\); GET /api/kernels lists 0 running kernel\(s\); GET /api/terminals answers: terminals are enabled'
                (Invoke-Curl "$($s.Base)/api/kernels").Body.Trim() | Should -Be '[]' -Because 'the scan started no kernel'
                (Invoke-Curl "$($s.Base)/api/terminals").Body.Trim() | Should -Be '[]' -Because 'the scan started no terminal'
            }
            'realfw7-store-zookeeper' {
                $f = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-023')
                $f | Should -HaveCount 1
                $f[0].Severity | Should -Be 'Medium'
                $f[0].Evidence | Should -Match 'GET /commands/stats answered 200 without credentials \(standalone, \d+ znode\(s\), \d+ client connection\(s\)\)'
            }
        }
    }
}
