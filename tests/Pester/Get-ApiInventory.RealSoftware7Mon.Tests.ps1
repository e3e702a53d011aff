# A seventh round of Get-ApiInventory's real-software wing: monitoring API servers, not frameworks (Debian 12's
# prometheus 2.42, prometheus-alertmanager 0.25, prometheus-pushgateway 1.5), each on loopback with its defaults
# (tests/Real/Monitoring.ps1). None serves a description: Prometheus' and Pushgateway's APIs are documented on
# prometheus.io and in the READMEs, Alertmanager's OpenAPI document lives only in its source (api/v2/openapi.yaml;
# curl finds no /api/v2/openapi.json or swagger.json). Their web pages name them (the <title>), so -Depth Standard
# recognises each from its root and asks its documented operations (module/data/discovery/frameworks.json): GETs only,
# the methods of writes taken from the documentation and from the server's own Allow header (Pushgateway's push path).
# The protected variant (exporter toolkit's --web.config.file: TLS and basic_auth_users) answers 401 everywhere: the
# inventory still reports the API, as protected.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Monitoring.ps1')

    function Get-Shape($Endpoints) { @($Endpoints | ForEach-Object { "$($_.Kind) $(([uri]$_.Url).AbsolutePath)" } | Sort-Object) }
    function Get-Operation($Endpoint) { @($Endpoint.Operations | ForEach-Object { "$($_.Method) $($_.Path)" } | Sort-Object) }
}

AfterAll { Stop-MonitoringServer }

Describe 'Get-ApiInventory on Prometheus 2.42 (Debian prometheus)' {
    It 'curl sees the HTTP API under /api/v1 and the graph page; the inventory reports /api/v1 with its documented reads, from Prometheus'' defaults' {
        $s = Start-MonitoringServer Prometheus
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $root = Invoke-MonitoringCurl $s '/'
        $root.StatusCode | Should -Be 302
        $root.Headers | Should -Match '(?m)^Location: /(classic/)?graph'
        (Invoke-MonitoringCurl $s '/classic/graph').Body | Should -Match '<title>Prometheus Time Series Collection and Processing Server</title>'
        (Invoke-MonitoringCurl $s '/api/v1/status/buildinfo').Body | Should -Match '^\{"status":"success","data":\{"version":"2\.'
        (Invoke-MonitoringCurl $s '/api/v1/query?query=up').Body | Should -Match '"resultType":"vector"'
        (Invoke-MonitoringCurl $s '/api/v1/targets').Body | Should -Match '"activeTargets":\['
        (Invoke-MonitoringCurl $s '/api/v1/').StatusCode | Should -Be 404 -Because 'the API root itself answers nothing'

        $scan = Get-MonitoringScanParameter $s
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard @scan)
        Get-Shape $endpoints | Should -Be @('Rest /api/v1')
        $endpoints[0].Source | Should -Be 'FrameworkDefault'
        $endpoints[0].FoundAt | Should -Be 'Prometheus default'
        $endpoints[0].Authentication | Should -Be 'None' -Because 'its documented reads answered without credentials (the root /api/v1 itself is a 404)'
        $ops = Get-Operation $endpoints[0]
        foreach ($op in 'GET /api/v1/query', 'GET /api/v1/labels', 'GET /api/v1/targets', 'GET /api/v1/rules', 'GET /api/v1/alerts', 'GET /api/v1/alertmanagers',
            'GET /api/v1/metadata', 'GET /api/v1/status/buildinfo', 'GET /api/v1/status/config', 'GET /api/v1/status/flags', 'GET /api/v1/status/runtimeinfo', 'GET /api/v1/status/tsdb') {
            $ops | Should -Contain $op
        }
        @($ops | Where-Object { $_ -notmatch '^GET /api/v1/' }) | Should -BeNullOrEmpty -Because 'only documented reads are reported; the admin routes are not asked'
        ($endpoints[0].Operations | Where-Object Path -EQ '/api/v1/targets').Summary | Should -Be 'found in Prometheus default'
    }

    It 'with --web.config.file (TLS and basic_auth_users): curl gets 401 without the password and the API with it; the inventory reports one protected API' {
        $s = Start-MonitoringServer Prometheus -Mode auth
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $denied = Invoke-MonitoringCurl $s '/api/v1/status/buildinfo'
        $denied.StatusCode | Should -Be 401
        $denied.Headers | Should -Match '(?mi)^www-authenticate: Basic'
        (Invoke-MonitoringCurl $s '/api/v1/status/buildinfo' -Authenticated).Body | Should -Match '"version":"2\.'
        $scan = Get-MonitoringScanParameter $s
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard @scan)
        Get-Shape $endpoints | Should -Be @('Rest /')
        $endpoints[0].Scheme | Should -Be 'https'
        $endpoints[0].Authentication | Should -Be 'Basic'
        $endpoints[0].Operations | Should -BeNullOrEmpty -Because 'nothing answers without the password'
    }
}

Describe 'Get-ApiInventory on Alertmanager 0.25 (Debian prometheus-alertmanager)' {
    It 'curl finds no served OpenAPI document and sees /api/v2; the inventory reports /api/v2 with its reads and its documented writes' {
        $s = Start-MonitoringServer Alertmanager
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        (Invoke-MonitoringCurl $s '/').Body | Should -Match '<title>Alertmanager</title>'
        foreach ($p in '/api/v2/openapi.json', '/api/v2/swagger.json', '/swagger.json', '/api/v2/') {
            (Invoke-MonitoringCurl $s $p).StatusCode | Should -Be 404 -Because "$p is not served: the spec is only in Alertmanager's source"
        }
        (Invoke-MonitoringCurl $s '/api/v2/status').Body | Should -Match '"versionInfo":\{'
        (Invoke-MonitoringCurl $s '/api/v2/receivers').Body | Should -Match '"name":"team-pager"'
        $options = Invoke-MonitoringCurl $s '/api/v2/silences' -Method OPTIONS
        $options.StatusCode | Should -Be 405
        $options.Body | Should -Match 'are' -Because 'go-swagger names the allowed methods'
        $scan = Get-MonitoringScanParameter $s
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard @scan)
        Get-Shape $endpoints | Should -Be @('Rest /api/v2')
        $endpoints[0].FoundAt | Should -Be 'Prometheus Alertmanager default'
        $endpoints[0].Authentication | Should -Be 'None'
        Get-Operation $endpoints[0] | Should -Be @('GET /api/v2/alerts', 'GET /api/v2/alerts/groups', 'GET /api/v2/receivers', 'GET /api/v2/silences', 'GET /api/v2/status',
            'POST /api/v2/alerts', 'POST /api/v2/silences')
        (Invoke-MonitoringCurl $s '/api/v2/silences').Body | Should -Be '[]' -Because 'discovery asks GET only: no silence was created'
    }
}

Describe 'Get-ApiInventory on Pushgateway 1.5 (Debian prometheus-pushgateway)' {
    It '<Mode>: curl sees the push path refusing GET with its methods and the query API; the inventory reports both, the wipe only when enabled' -ForEach @(
        @{ Mode = 'open' }, @{ Mode = 'admin' }
    ) {
        $s = Start-MonitoringServer Pushgateway -Mode $Mode
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        (Invoke-MonitoringCurl $s '/').Body | Should -Match '<title>Prometheus Pushgateway</title>'
        $push = Invoke-MonitoringCurl $s '/metrics/job/ci'
        $push.StatusCode | Should -Be 405
        $push.Headers | Should -Match '(?m)^Allow: DELETE, OPTIONS, POST, PUT'
        (Invoke-MonitoringCurl $s '/api/v1/status').Body | Should -Match ('"web\.enable-admin-api":"' + $(if ($Mode -eq 'admin') { 'true' } else { 'false' }))
        (Invoke-MonitoringCurl $s '/api/v1/admin/wipe').StatusCode | Should -Be $(if ($Mode -eq 'admin') { 405 } else { 404 })

        $scan = Get-MonitoringScanParameter $s
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard @scan)
        Get-Shape $endpoints | Should -Be @('Rest /', 'Rest /api/v1')
        $pushApi = $endpoints | Where-Object { ([uri]$_.Url).AbsolutePath -eq '/' }
        Get-Operation $pushApi | Should -Be @('DELETE /metrics/job/{job}', 'POST /metrics/job/{job}', 'PUT /metrics/job/{job}')
        $pushApi.FoundAt | Should -Be 'Prometheus Pushgateway default'
        $query = $endpoints | Where-Object { ([uri]$_.Url).AbsolutePath -eq '/api/v1' }
        $expected = @('GET /api/v1/metrics', 'GET /api/v1/status') + @(if ($Mode -eq 'admin') { 'PUT /api/v1/admin/wipe' })
        Get-Operation $query | Should -Be @($expected | Sort-Object)
        (Invoke-MonitoringCurl $s '/api/v1/metrics').Body | Should -Match '"data":\[\]' -Because 'nothing was pushed or wiped by the inventory'
    }
}
