# WordPress as Debian ships it (packages wordpress, wordpress-theme-twentytwentythree, php-mysql, mariadb-server), on
# MariaDB in a temporary folder and PHP's built-in server on loopback (tests/Real/WordPress.ps1), installed through its
# own wp-admin/install.php. Two sites on one MariaDB:
# - as installed: plain permalinks (no rewrite module: the REST API lives at /index.php?rest_route=/), readme.html, the
#   REST users route open to anyone, PHP's version in X-Powered-By;
# - hardened: pretty permalinks (/wp-json/), a must-use plugin that keeps the users routes for logged-in users
#   (tests/Real/apps/realfw-wordpress/harden.php), readme.html removed, expose_php off.
# curl checks what each really serves; Get-ApiInventory finds the REST API from the Link header WordPress sends on every
# page and reads its route index (at least 90% of the routes curl sees); Test-ApiSecurity finds exactly the expected
# exposures, and nothing at Medium or above on the hardened twin. Plain HTTP on loopback: ATR-EXPO-013 and ATR-API-011
# (Low) are part of both variants' truth.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Exposure.ps1')
    . (Join-Path $RepoRoot 'tests/Real/WordPress.ps1')

    function Get-LowOnly($Findings) { @($Findings.RuleId | Where-Object { $_ -notin 'ATR-API-011', 'ATR-EXPO-013' }) }

    function Get-WordPressRoutes([string]$IndexUrl) {
        # Ground truth: "METHOD path" of every route the index itself lists, in the index's own form (curl, not the module).
        $prefix = $IndexUrl.Substring($IndexUrl.IndexOf('/', 8)).TrimEnd('/')
        $index = (Invoke-Curl $IndexUrl).Body | ConvertFrom-Json -AsHashtable
        foreach ($route in $index.routes.Keys) {
            $path = $prefix + ($route -replace '\(\?P<(\w+)>(?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)', '{$1}')
            foreach ($m in $index.routes[$route].methods) { "$m $path" }
        }
    }
}

Describe 'WordPress (Debian) on MariaDB: REST API inventory, user enumeration, and a hardened twin' {
    BeforeAll {
        $script:Reason = Get-WordPressSkipReason
        $script:Sites = @{}
        if (-not $Reason) {
            $script:Db = Start-RealMariaDb
            $Sites.Exposed = Start-RealWordPress -Database $Db -Name wpexposed
            $Sites.Safe = Start-RealWordPress -Database $Db -Name wpsafe -Safe -Pretty
        }
    }
    AfterAll {
        $Sites.Values | ForEach-Object { $_.Server | Stop-RealServer }
        Stop-RealMariaDb $Db
    }

    It 'as installed: curl sees the Link header, the route index at ?rest_route=/ and the users listing; Get-ApiInventory reads at least 90% of the routes, found from the Link header' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $url = $Sites.Exposed.Url
        $page = Invoke-Curl $url
        $page.Headers | Should -Match "Link: <${url}index\.php\?rest_route=/>; rel=`"https://api\.w\.org/`""
        (Invoke-Curl "${url}?rest_route=/wp/v2/users").Body | Should -Match "`"slug`":`"$($Sites.Exposed.Admin)`""
        $truth = @(Get-WordPressRoutes "${url}index.php?rest_route=/")
        $truth.Count | Should -BeGreaterThan 100 -Because 'WordPress 6.1 core registers over a hundred routes'

        $endpoints = @(Get-ApiInventory -Url $url -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $reported = @($endpoints.Operations | ForEach-Object { "$($_.Method) $($_.Path)" })
        $found = @($truth | Where-Object { $_ -in $reported }).Count
        Write-Host "  WordPress (plain permalinks): $found/$($truth.Count) routes"
        ($found / $truth.Count) | Should -BeGreaterOrEqual 0.9
        $rest = @($endpoints | Where-Object { $_.Operations.Path -contains '/index.php?rest_route=/wp/v2/users' })
        $rest.Count | Should -Be 1
        $rest[0].Source | Should -Be 'Header' -Because 'WordPress announces its API in the Link header of every page'
        $rest[0].FoundAt | Should -Not -BeNullOrEmpty
    }

    It 'hardened: curl sees /wp-json/ and no users route; Get-ApiInventory reads the routes at /wp-json/' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $url = $Sites.Safe.Url
        (Invoke-Curl $url).Headers | Should -Match "Link: <${url}wp-json/>; rel=`"https://api\.w\.org/`""
        (Invoke-Curl "${url}wp-json/wp/v2/users").StatusCode | Should -Be 404
        $truth = @(Get-WordPressRoutes "${url}wp-json/")
        $endpoints = @(Get-ApiInventory -Url $url -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $reported = @($endpoints.Operations | ForEach-Object { "$($_.Method) $($_.Path)" })
        $found = @($truth | Where-Object { $_ -in $reported }).Count
        Write-Host "  WordPress (pretty permalinks, hardened): $found/$($truth.Count) routes"
        ($found / $truth.Count) | Should -BeGreaterOrEqual 0.9
        $reported | Should -Not -Contain 'GET /wp-json/wp/v2/users' -Because 'the hardened index does not list it'
        @($reported | Where-Object { $_ -match '/feed/?$' }) | Should -BeNullOrEmpty -Because 'an RSS feed is for feed readers, not an API'
    }

    It 'as installed: Test-ApiSecurity finds the user enumeration (ATR-EXPO-011) and the versions (ATR-EXPO-001), nothing else at Medium or above' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $url = $Sites.Exposed.Url
        (Invoke-Curl $url).Headers | Should -Match 'X-Powered-By: PHP/8\.'
        (Invoke-Curl "${url}readme.html").StatusCode | Should -Be 200
        (Invoke-Curl "${url}wp-login.php").Body | Should -Match 'type="password"'
        $findings = @(Invoke-ExposureScan $url)
        # wp-login.php really is a password form over plain HTTP (ATR-EXPO-014, High): true here, reported when the
        # crawl reaches a link to it, so allowed but not required.
        $null = Assert-Exposure @($findings | Where-Object RuleId -NE 'ATR-EXPO-014') @('ATR-EXPO-011', 'ATR-EXPO-001', 'ATR-EXPO-013') -Because 'WordPress as installed'
        ($findings | Where-Object RuleId -EQ 'ATR-EXPO-011').Evidence | Should -Match $Sites.Exposed.Admin
        ($findings | Where-Object RuleId -EQ 'ATR-EXPO-001').Evidence | Should -Match 'PHP/8\.'
    }

    It 'hardened: no user enumeration, no login over plain HTTP, no PHP version; nothing above Low' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $url = $Sites.Safe.Url
        (Invoke-Curl "${url}wp-login.php").Headers | Should -Match 'Location: https://'
        (Invoke-Curl $url).Headers | Should -Not -Match 'X-Powered-By'
        $findings = @(Invoke-ExposureScan $url)
        $null = Assert-Exposure $findings @() -Because 'WordPress hardened'
        $findings.RuleId | Should -Not -Contain 'ATR-EXPO-011'
        $findings.RuleId | Should -Not -Contain 'ATR-EXPO-014'
        # WordPress's generator meta tag names its version whatever the configuration: Low, and true.
        @(Get-LowOnly $findings | Where-Object { $_ -ne 'ATR-EXPO-001' }) | Should -BeNullOrEmpty
    }
}

Describe 'HAProxy (Debian) in front of a Flask API: the statistics page, and a twin without it' {
    BeforeAll {
        $script:Reason = Get-RealSkipReason -Command haproxy, curl -PythonModule flask
        $script:Sites = @{}
        if (-not $Reason) {
            # The Flask app of the exposure wing, without its debugger (the twin Test-ApiSecurity.RealServers calls safe).
            $backend = Get-FreeTcpPort
            $script:Flask = Start-RealServer -Name flask-behind-haproxy -FilePath /usr/bin/python3 -ArgumentList (Join-Path $RepoRoot 'tests/Real/apps/exposure-flask/app.py'), "$backend" -ReadyPort $backend -TimeoutSec 60
            foreach ($variant in 'Exposed', 'Safe') {
                $port = Get-FreeTcpPort
                $dir = Join-Path ([IO.Path]::GetTempPath()) "apithreat-haproxy-$variant-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
                $null = New-Item -ItemType Directory -Force $dir
                $stats = if ($variant -eq 'Exposed') { '    stats enable' } else { '' }
                $config = (Get-Content -Raw (Join-Path $RepoRoot 'tests/Real/apps/realfw-haproxy/haproxy.cfg')).Replace('__PORT__', "$port").Replace('__BACKEND__', "$backend").Replace('__STATS__', $stats)
                [IO.File]::WriteAllText((Join-Path $dir 'haproxy.cfg'), $config)
                $server = Start-RealServer -Name "haproxy-$variant" -FilePath (Get-Command haproxy).Source -ArgumentList '-db', '-f', (Join-Path $dir 'haproxy.cfg') -WorkingDirectory $dir -ReadyPort $port -TimeoutSec 60
                $Sites[$variant] = [pscustomobject]@{ Server = $server; Url = "http://127.0.0.1:$port/"; Directory = $dir }
            }
        }
    }
    AfterAll {
        $Sites.Values | ForEach-Object { $_.Server | Stop-RealServer; Remove-Item -Recurse -Force $_.Directory -ErrorAction SilentlyContinue }
        if ($Flask) { $Flask | Stop-RealServer }
    }

    It 'with "stats enable": curl sees the statistics report at /haproxy?stats; Test-ApiSecurity reports it (ATR-API-002), nothing else at Medium or above' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $url = $Sites.Exposed.Url
        (Invoke-Curl "${url}api/items").Body | Should -Match '"Widget"' -Because 'HAProxy forwards to the Flask API'
        (Invoke-Curl "${url}haproxy?stats").Body | Should -Match 'Statistics Report for HAProxy'
        $findings = @(Invoke-ExposureScan $url)
        $null = Assert-Exposure $findings @('ATR-API-002') -Because 'HAProxy with its statistics page'
        ($findings | Where-Object RuleId -EQ 'ATR-API-002').Evidence | Should -Match 'haproxy'
    }

    It 'without the statistics page: nothing above Low' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $url = $Sites.Safe.Url
        (Invoke-Curl "${url}haproxy?stats").Body | Should -Not -Match 'Statistics Report'
        $findings = @(Invoke-ExposureScan $url)
        $null = Assert-Exposure $findings @() -Because 'HAProxy without statistics'
        $findings.RuleId | Should -Not -Contain 'ATR-API-002'
    }
}
