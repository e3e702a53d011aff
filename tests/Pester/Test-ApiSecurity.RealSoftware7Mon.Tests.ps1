# A seventh round of Test-ApiSecurity's real-software wing: the monitoring API servers of
# Get-ApiInventory.RealSoftware7Mon (Debian's prometheus, prometheus-alertmanager, prometheus-pushgateway) scanned as a
# user would (Get-ApiInventory -Depth Standard | Test-ApiSecurity, passive), each state of each server:
# - Prometheus at its defaults: anyone reads every metric and its targets (ATR-EXPO-017, Medium) and the running
#   configuration, secrets masked as <secret> (ATR-EXPO-018, Medium); Go's /debug/pprof/ on the same port (ATR-API-002,
#   High) and /metrics (ATR-API-002, Medium). The admin API and the lifecycle endpoints are off: no ATR-EXPO-019.
#   With --web.enable-admin-api, or --web.enable-lifecycle, its own /api/v1/status/flags says so: ATR-EXPO-019 (High).
# - Alertmanager at its defaults: its status and configuration (ATR-EXPO-017/018), and POST /api/v2/silences takes no
#   credentials (ATR-EXPO-019, High: anyone mutes any alert), seen from GET and OPTIONS only; also /debug/vars (expvar).
# - Pushgateway at its defaults: its status (ATR-EXPO-017) and the push path whose 405 names PUT, POST, DELETE
#   (ATR-EXPO-019); with --web.enable-admin-api the wipe as well.
# Ground truth by curl, writes included (on the test's own throwaway servers); the product itself never writes: the
# silences and metric groups curl made are unchanged after the scan.
# The protected twins (--web.config.file: TLS and basic_auth_users, bcrypt from htpasswd -B) give nothing above Info.
# ATR-EXPO-013 (plain HTTP only), ATR-API-011 (no rate-limit header), ATR-EXPO-008 (Bootstrap's source map on the
# Prometheus and Pushgateway pages) and ATR-EXPO-015 (Access-Control-Allow-Origin: *) are the Lows and Infos of every
# open variant.

BeforeDiscovery {
    $script:Open = @(
        @{ Product = 'Prometheus'; Mode = 'open'; Serious = @('ATR-API-002', 'ATR-EXPO-017', 'ATR-EXPO-018') }
        @{ Product = 'Prometheus'; Mode = 'admin'; Serious = @('ATR-API-002', 'ATR-EXPO-017', 'ATR-EXPO-018', 'ATR-EXPO-019'); Flag = 'web.enable-admin-api' }
        @{ Product = 'Prometheus'; Mode = 'lifecycle'; Serious = @('ATR-API-002', 'ATR-EXPO-017', 'ATR-EXPO-018', 'ATR-EXPO-019'); Flag = 'web.enable-lifecycle' }
        @{ Product = 'Alertmanager'; Mode = 'open'; Serious = @('ATR-API-002', 'ATR-EXPO-017', 'ATR-EXPO-018', 'ATR-EXPO-019') }
        @{ Product = 'Pushgateway'; Mode = 'open'; Serious = @('ATR-API-002', 'ATR-EXPO-017', 'ATR-EXPO-019') }
        @{ Product = 'Pushgateway'; Mode = 'admin'; Serious = @('ATR-API-002', 'ATR-EXPO-017', 'ATR-EXPO-019') }
    )
    $script:Protected = @(
        @{ Product = 'Prometheus' }, @{ Product = 'Alertmanager' }, @{ Product = 'Pushgateway' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Exposure.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Monitoring.ps1')

    function Invoke-MonitoringScan($Entry) {
        $p = Get-MonitoringScanParameter $Entry
        $endpoints = @(Get-ApiInventory -Url $Entry.Base -Depth Standard @p)
        $p.ErrorAction = 'Stop'
        @($endpoints | Test-ApiSecurity -TimeoutSec 10 @p)
    }
}

AfterAll { Stop-MonitoringServer }

Describe 'Test-ApiSecurity on open monitoring servers' {
    It '<Product> (<Mode>): curl confirms the ground truth; exactly the expected findings at Medium or above, and nothing written' -ForEach $Open {
        $s = Start-MonitoringServer $Product -Mode $Mode
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        switch ($Product) {
            'Prometheus' {
                (Invoke-MonitoringCurl $s '/api/v1/status/config').Body | Should -Match 'password: \\u003csecret\\u003e' -Because 'Prometheus masks the scrape password (JSON escapes the angle brackets)'
                (Invoke-MonitoringCurl $s '/api/v1/status/config').Body | Should -Not -Match 'lab-scrape-password'
                $flags = (Invoke-MonitoringCurl $s '/api/v1/status/flags').Body
                $flags | Should -Match ('"web\.enable-admin-api":"' + ($Mode -eq 'admin').ToString().ToLowerInvariant() + '"')
                $flags | Should -Match ('"web\.enable-lifecycle":"' + ($Mode -eq 'lifecycle').ToString().ToLowerInvariant() + '"')
                # The documented answers of each state (harmless writes on the test's own server: a snapshot, a reload).
                $snapshot = Invoke-MonitoringCurl $s '/api/v1/admin/tsdb/snapshot' -Method POST
                if ($Mode -eq 'admin') { $snapshot.StatusCode | Should -Be 200 } else { $snapshot.Body | Should -Match '"errorType":"unavailable","error":"admin APIs disabled"' }
                (Invoke-MonitoringCurl $s '/-/reload' -Method POST).StatusCode | Should -Be $(if ($Mode -eq 'lifecycle') { 200 } else { 403 })
                (Invoke-MonitoringCurl $s '/debug/pprof/').Body | Should -Match 'Types of profiles available'
            }
            'Alertmanager' {
                $silence = '{"matchers":[{"name":"alertname","value":"Maintenance","isRegex":false}],"startsAt":"2026-01-01T00:00:00Z","endsAt":"2099-01-01T00:00:00Z","createdBy":"ci","comment":"ground truth"}'
                (Invoke-MonitoringCurl $s '/api/v2/silences' -Method POST -Header 'Content-Type: application/json' -Body $silence).Body | Should -Match '"silenceID":"' -Because 'anyone can create a silence'
                (Invoke-MonitoringCurl $s '/api/v2/status').Body | Should -Match 'smtp_auth_password: (<|\\u003c)secret'
            }
            'Pushgateway' {
                (Invoke-MonitoringCurl $s '/metrics/job/ci' -Method PUT -Body "ci_builds_total 3`n").StatusCode | Should -Be 200 -Because 'anyone can push'
                (Invoke-MonitoringCurl $s '/metrics').Body | Should -Match '(?m)^ci_builds_total\{instance="",job="ci"\} 3'
            }
        }
        $findings = Invoke-MonitoringScan $s
        $ids = Assert-Exposure $findings $Serious -Because "$Product ($Mode)"
        @($ids | Where-Object { $_ -like 'ATR-EXPO-01[789]' }) | Should -Be @($Serious | Where-Object { $_ -like 'ATR-EXPO-01[789]' })
        foreach ($f in $findings) {
            $f.Evidence | Should -Not -Match 'lab-(scrape|smtp)-password' -Because 'no secret in any finding'
        }
        $api = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-017')
        $api | Should -HaveCount 1
        $api[0].Severity | Should -Be 'Medium'
        $write = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-019')
        switch ("$Product $Mode") {
            'Prometheus open' {
                $api[0].Evidence | Should -Match 'GET /api/v1/status/buildinfo answered 200 without credentials: Prometheus 2\.42\.\S*; GET /api/v1/targets lists \d+ active scrape targets?$'
                ($findings | Where-Object RuleId -EQ 'ATR-EXPO-018').Evidence | Should -Match '2 scrape job\(s\), 1 value\(s\) masked as <secret>$'
                @($findings | Where-Object RuleId -EQ 'ATR-API-002' | ForEach-Object { "$($_.Location) $($_.Severity)" } | Sort-Object) | Should -Be @('/debug/pprof/ High', '/metrics Medium')
            }
            { $_ -like 'Prometheus *' -and $Mode -ne 'open' } {
                $write | Should -HaveCount 1
                $write[0].Severity | Should -Be 'High'
                $write[0].Evidence | Should -Match ([regex]::Escape($Flag))
            }
            'Alertmanager open' {
                ($findings | Where-Object RuleId -EQ 'ATR-EXPO-018').Evidence | Should -Match '2 receiver\(s\), \d+ value\(s\) masked as <secret>$'
                $write | Should -HaveCount 1
                $write[0].Evidence | Should -Match '^/api/v2/silences: GET /api/v2/silences answered 200 without credentials \(1 silence\(s\)\); OPTIONS names POST in Allow'
                ((Invoke-MonitoringCurl $s '/api/v2/silences').Body | ConvertFrom-Json) | Should -HaveCount 1 -Because 'the scan created no silence'
            }
            'Pushgateway open' {
                $write | Should -HaveCount 1
                $write[0].Location | Should -Be '/metrics/job/{job}'
                $api[0].Evidence | Should -Match 'lists 1 metric group$'
            }
            'Pushgateway admin' {
                @($write.Location | Sort-Object) | Should -Be @('/api/v1/admin/wipe', '/metrics/job/{job}')
            }
        }
        if ($Product -eq 'Pushgateway') {
            ((Invoke-MonitoringCurl $s '/api/v1/metrics').Body | ConvertFrom-Json).data | Should -HaveCount 1 -Because 'the scan pushed, replaced and deleted nothing'
        }
    }
}

Describe 'Test-ApiSecurity -Url on a monitoring server''s root, without an inventory' {
    It 'Alertmanager: the root page is enough to ask its status endpoint; the same three monitoring rules' {
        $s = Start-MonitoringServer Alertmanager
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        (Invoke-MonitoringCurl $s '/').Body | Should -Match '<title>Alertmanager</title>'
        $findings = @(Test-ApiSecurity -Url "$($s.Base)/" -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop)
        @($findings.RuleId | Where-Object { $_ -like 'ATR-EXPO-01[789]' } | Sort-Object) | Should -Be @('ATR-EXPO-017', 'ATR-EXPO-018', 'ATR-EXPO-019')
        ((Invoke-MonitoringCurl $s '/api/v2/silences').Body | ConvertFrom-Json) | Should -BeNullOrEmpty -Because 'no silence was created'
    }
}

Describe 'Test-ApiSecurity on the protected twins (--web.config.file: TLS and basic_auth_users)' {
    It '<Product>: curl gets 401 without the password and the API with it; the scan finds the protected API and nothing above Info' -ForEach $Protected {
        $s = Start-MonitoringServer $Product -Mode auth
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $status = @{ Prometheus = '/api/v1/status/buildinfo'; Alertmanager = '/api/v2/status'; Pushgateway = '/api/v1/status' }[$Product]
        (Invoke-MonitoringCurl $s $status).StatusCode | Should -Be 401
        (Invoke-MonitoringCurl $s $status -Authenticated).StatusCode | Should -Be 200
        (Invoke-MonitoringCurl $s '/metrics').StatusCode | Should -Be 401
        $findings = Invoke-MonitoringScan $s
        @($findings | Where-Object Severity -GT 'Info' | ForEach-Object { "$($_.RuleId) $($_.Severity) $($_.Evidence)" }) | Should -BeNullOrEmpty
    }
}
