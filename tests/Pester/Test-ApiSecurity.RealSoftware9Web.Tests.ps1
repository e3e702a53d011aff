# A ninth round of Test-ApiSecurity's real-software wing: web administration and status pages from Debian 12 that
# administrators expose beside their APIs (what nuclei's exposed-panels and misconfiguration templates report), at the
# configuration people leave and in a safe twin, scanned as a user would (Test-ApiSecurity -Url, passive).
# - nginx 1.22 in front of PHP-FPM 8.2 (Debian's www pool with pm.status_path = /status and ping.path = /ping
#   uncommented, routed by fastcgi_pass as PHP's manual shows) and nginx's stub_status at /nginx_status: the status page
#   lists with ?full every worker's last request (method, URI with its query string): ATR-EXPO-033 (Medium), with the
#   pool's name and counts, never a URI. stub_status: ATR-EXPO-034 (Low). server_tokens at its default (on) is
#   ATR-EXPO-001 (Low). The twin keeps the locations for 127.0.0.2 alone (allow/deny: 403 to the scanner) with
#   server_tokens off: nothing of the kind.
# - Apache 2.4 with PHP through PHP-FPM, Debian's own adminer.conf (Alias /adminer, Require all granted: Adminer 4.8.1
#   is open at the package's default) and phpmyadmin's apache.conf (Alias /phpmyadmin, no restriction), and mod_info
#   with Require all granted (Debian's info.conf says Require local, which a scanner on loopback passes too):
#   ATR-EXPO-035 (Medium, 18 modules described), ATR-EXPO-036 (Medium, once per UI, product and version from the login
#   page; nothing is ever submitted). Adminer's login form over plain HTTP is ATR-EXPO-014 (High, true without TLS).
#   Debian's phpMyAdmin 5.2.1 ships no setup/ folder at all, so there is no setup script to find (404).
#   The twin restricts all three to Require ip 127.0.0.2 (403) with ServerTokens Prod: nothing of the kind.
# ATR-EXPO-013 (plain HTTP only) and ATR-API-011 (no rate-limit headers) are every variant's truth on loopback.

BeforeDiscovery {
    $script:Sites = @(
        @{ Name = 'nginx with PHP-FPM status, ping and stub_status open'; Server = 'nginx'; App = 'realfw9-web-phpfpm'; Template = 'exposed.conf'; Exposed = $true
            Serious = @('ATR-EXPO-033'); Expected = @('ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-013', 'ATR-EXPO-033', 'ATR-EXPO-034') }
        @{ Name = 'nginx with the same locations for 127.0.0.2 alone (allow/deny)'; Server = 'nginx'; App = 'realfw9-web-phpfpm'; Template = 'safe.conf'; Exposed = $false
            Serious = @(); Expected = @('ATR-API-011', 'ATR-EXPO-013') }
        @{ Name = 'Apache with Debian''s Adminer and phpMyAdmin, mod_info granted to all'; Server = 'apache2'; App = 'realfw9-web-apache'; Template = 'exposed.conf'; Exposed = $true
            Serious = @('ATR-EXPO-014', 'ATR-EXPO-035', 'ATR-EXPO-036'); Expected = @('ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-013', 'ATR-EXPO-014', 'ATR-EXPO-035', 'ATR-EXPO-036') }
        @{ Name = 'Apache with Adminer, phpMyAdmin and mod_info for 127.0.0.2 alone (Require ip)'; Server = 'apache2'; App = 'realfw9-web-apache'; Template = 'safe.conf'; Exposed = $false
            Serious = @(); Expected = @('ATR-API-011', 'ATR-EXPO-013') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Exposure.ps1')
    . (Join-Path $RepoRoot 'tests/Real/WebAdmin.ps1')
    $script:Running = @{}
    function script:Start-Site($Case) {
        # Each site once per file; Skip when its software is missing.
        if ($Running.ContainsKey($Case.Name)) { return $Running[$Case.Name] }
        $files = if ($Case.Server -eq 'apache2') { @('/etc/apache2/conf-available/adminer.conf', '/usr/share/adminer/adminer.php', '/etc/phpmyadmin/apache.conf', '/usr/lib/apache2/modules/mod_info.so', '/usr/lib/apache2/modules/mod_proxy_fcgi.so') } else { @() }
        $reason = Get-WebAdminSkipReason -Command $Case.Server -File $files
        if ($reason) { return ($Running[$Case.Name] = [pscustomobject]@{ Skip = $reason }) }
        # The shop's front page, served through PHP-FPM.
        $root = Join-Path ([IO.Path]::GetTempPath()) "apithreat-root-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $null = New-Item -ItemType Directory -Force $root
        Copy-Item (Join-Path $RepoRoot 'tests/Real/apps/realfw9-web-phpfpm/index.php') $root
        & chmod -R a+rX $root
        $site = Start-WebAdminSite -Server $Case.Server -App $Case.App -Template $Case.Template -Root $root
        ($Running[$Case.Name] = [pscustomobject]@{ Skip = $null; Site = $site; Base = $site.Url })
    }
}

AfterAll { $Running.Values | ForEach-Object { Stop-WebAdminSite $_.Site } }

Describe 'Test-ApiSecurity on PHP-FPM, nginx stub_status, Apache mod_info, Adminer and phpMyAdmin (Debian) exposed and in a safe twin' {
    It '<Name>: curl sees what anyone can read; exactly the expected findings, nothing else at Medium or above' -ForEach $Sites {
        $case = $_
        $s = Start-Site $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        (Invoke-Curl "$($s.Base)/").Body | Should -Match '<h1>Shop</h1>' -Because 'the front page runs through PHP-FPM'
        if ($case.Server -eq 'nginx') {
            $status = Invoke-Curl "$($s.Base)/status?full"
            $json = Invoke-Curl "$($s.Base)/status?json"
            $ping = Invoke-Curl "$($s.Base)/ping"
            $stub = Invoke-Curl "$($s.Base)/nginx_status"
            if ($case.Exposed) {
                $status.StatusCode | Should -Be 200
                $status.Body | Should -Match '(?m)^pool:\s+www$'
                $status.Body | Should -Match '(?m)^request URI:\s+/status\?full$' -Because '?full lists each worker''s request with its query string'
                $json.Body | Should -Match '^\{"pool":"www","process manager":"static"'
                $ping.Body.Trim() | Should -Be 'pong'
                $stub.StatusCode | Should -Be 200
                $stub.Body | Should -Match '^Active connections: \d+ \nserver accepts handled requests\n'
            }
            else { foreach ($r in $status, $json, $ping, $stub) { $r.StatusCode | Should -Be 403 } }
        }
        else {
            $info = Invoke-Curl "$($s.Base)/server-info"
            $adminer = Invoke-Curl "$($s.Base)/adminer/"
            $pma = Invoke-Curl "$($s.Base)/phpmyadmin/"
            if ($case.Exposed) {
                $info.StatusCode | Should -Be 200
                $info.Body | Should -Match 'Apache Server Information'
                $adminer.StatusCode | Should -Be 200
                $adminer.Body | Should -Match '<title>Login - Adminer</title>'
                $adminer.Body | Should -Match 'version=4\.8\.1'
                $pma.StatusCode | Should -Be 200
                $pma.Body | Should -Match '<title>phpMyAdmin</title>'
                $pma.Body | Should -Match 'name="pma_username"'
                (Invoke-Curl "$($s.Base)/phpmyadmin/setup/").StatusCode | Should -Be 404 -Because 'Debian''s phpMyAdmin ships no setup script'
            }
            else { foreach ($r in $info, $adminer, $pma) { $r.StatusCode | Should -Be 403 } }
        }
        $findings = @(Invoke-ExposureScan "$($s.Base)/")
        $ids = Assert-Exposure $findings @($case.Serious) -Because $case.Name
        @($ids) | Should -Be @($case.Expected | Sort-Object)
    }

    It 'the exposed pages'' findings name the product, its counts and version, never another user''s request' -ForEach @($Sites | Where-Object Exposed) {
        $case = $_
        $s = Start-Site $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        if ($case.Server -eq 'nginx') {
            # Another user's request with a token in its query string: the status page shows it to anyone.
            $null = Invoke-Curl "$($s.Base)/index.php?session=atr-other-users-token"
            (Invoke-Curl "$($s.Base)/status?full").Body | Should -Match 'atr-other-users-token' -Because 'the ground truth: ?full shows other users'' query strings'
            $findings = @(Invoke-ExposureScan "$($s.Base)/")
            $f = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-033')
            $f | Should -HaveCount 1
            $f[0].Severity | Should -Be 'Medium'
            $f[0].Evidence | Should -Match 'GET /status\?json&full answered 200 without credentials: PHP-FPM pool www \(static\), 2 worker\(s\), 2 with its current or last request''s method, URI and query string listed'
            $stub = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-034')
            $stub | Should -HaveCount 1
            $stub[0].Severity | Should -Be 'Low'
            $stub[0].Evidence | Should -Match 'GET /nginx_status answered 200 without credentials: nginx stub_status, \d+ active connection\(s\), \d+ request\(s\) served since start'
            $findings.Evidence -join "`n" | Should -Not -Match 'atr-other-users-token|index\.php\?' -Because 'no request of another user is repeated'
        }
        else {
            $findings = @(Invoke-ExposureScan "$($s.Base)/")
            $info = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-035')
            $info | Should -HaveCount 1
            $info[0].Severity | Should -Be 'Medium'
            $info[0].Evidence | Should -Match 'GET /server-info answered 200 without credentials: Apache Server Information describing 1\d loaded module\(s\)'
            $ui = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-036' | Sort-Object Evidence)
            $ui | Should -HaveCount 2
            $ui[0].Severity | Should -Be 'Medium'
            $ui[0].Evidence | Should -Match '^/adminer/: GET /adminer/ answered 200 without credentials with the login page of Adminer 4\.8\.1$'
            $ui[1].Evidence | Should -Match '^/phpmyadmin/: GET /phpmyadmin/ answered 200 without credentials with the login page of phpMyAdmin 5\.2\.1deb1\+deb12u1$'
            $findings.RuleId | Should -Not -Contain 'ATR-API-002' -Because '/server-info is judged by ATR-EXPO-035 alone'
        }
    }

    It 'the admin-page checks add 3 requests to an nginx or Apache origin, and none to another server' {
        # Each path is asked only where its server makes it plausible: the scan's own log of its requests says which.
        $newPaths = 'Test-ApiSecurity: GET http://127\.0\.0\.1:\d+/(status|nginx_status|server-info|adminer/|phpmyadmin/) ->'
        foreach ($case in $Sites | Where-Object { -not $_.Exposed }) {
            $s = Start-Site $case
            if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
            $log = @(Test-ApiSecurity -Url "$($s.Base)/" -AllowPrivateAddress -TimeoutSec 10 -Confirm:$false -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            $asked = @($log -match $newPaths)
            # nginx: /status, /nginx_status, /phpmyadmin/. Apache: /status, /adminer/, /phpmyadmin/ and /server-info, which
            # ATR-API-002's guessed paths asked before: +3 on each. Their 403s are not taken for an API's key check.
            $asked.Count | Should -Be $(if ($case.Server -eq 'nginx') { 3 } else { 4 }) -Because "$($case.Server): $($asked -join '; ')"
        }
        $reason = Get-RealSkipReason -Command python3
        if ($reason) { Set-ItResult -Skipped -Because $reason; return }
        $port = Get-FreeTcpPort
        $root = Join-Path ([IO.Path]::GetTempPath()) "apithreat-root-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $null = New-Item -ItemType Directory -Force $root
        Set-Content (Join-Path $root 'index.html') '<!doctype html><title>Shop</title>'
        $python = Start-RealServer -Name 'http-server' -FilePath (Get-Command python3).Source -ArgumentList @('-m', 'http.server', $port, '--bind', '127.0.0.1', '--directory', $root) -ReadyPort $port
        try {
            (Invoke-Curl "http://127.0.0.1:$port/").Headers | Should -Match '(?m)^Server: SimpleHTTP/'
            $log = @(Test-ApiSecurity -Url "http://127.0.0.1:$port/" -AllowPrivateAddress -TimeoutSec 10 -Confirm:$false -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            @($log -match $newPaths) | Should -BeNullOrEmpty -Because 'Python''s http.server is neither nginx, Apache nor PHP'
            @($log -match 'Test-ApiSecurity: GET ').Count | Should -BeGreaterThan 10 -Because 'the scan ran (the log is the one examined)'
        }
        finally { $python | Stop-RealServer; Remove-Item -Recurse -Force $root -ErrorAction Ignore }
    }
}
