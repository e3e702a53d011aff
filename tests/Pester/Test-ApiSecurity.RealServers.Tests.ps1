# Test-ApiSecurity against real, unmodified servers and frameworks (tests/Real): each runs on a free loopback port
# twice, as commonly left (exposed) and configured safely (its twin). The test checks what the server really serves
# with curl, then asserts the exposure rules: every expected rule found, nothing else at Medium or above, and the
# twin gives none of them. Every server here speaks plain HTTP on loopback, so ATR-EXPO-013 (Low) and ATR-API-011
# (Low) are part of the ground truth of both variants.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Exposure.ps1')
    $script:Apps = Join-Path $RepoRoot 'tests/Real/apps'
    $script:Python = '/usr/bin/python3'
}

Describe 'static web servers: default pages, versions, listings and files left in the web root' -ForEach @(
    @{ Name = 'nginx'; Command = '/usr/sbin/nginx'; App = 'exposure-nginx'; Exposed = 'exposed.conf'; Safe = 'safe.conf'; Page = '/var/www/html/index.nginx-debian.html'
       Expected = @('ATR-EXPO-001', 'ATR-EXPO-002', 'ATR-EXPO-004', 'ATR-EXPO-005', 'ATR-EXPO-006', 'ATR-EXPO-007', 'ATR-EXPO-013') }
    @{ Name = 'apache2'; Command = '/usr/sbin/apache2'; App = 'exposure-apache'; Exposed = 'exposed.conf'; Safe = 'safe.conf'; Page = '/usr/share/apache2/default-site/index.html'
       Expected = @('ATR-API-002', 'ATR-API-004', 'ATR-EXPO-001', 'ATR-EXPO-002', 'ATR-EXPO-004', 'ATR-EXPO-005', 'ATR-EXPO-006', 'ATR-EXPO-007', 'ATR-EXPO-013') }
    @{ Name = 'lighttpd'; Command = '/usr/sbin/lighttpd'; App = 'exposure-lighttpd'; Exposed = 'exposed.conf'; Safe = 'safe.conf'; Page = '/usr/share/lighttpd/index.html'
       Expected = @('ATR-EXPO-001', 'ATR-EXPO-002', 'ATR-EXPO-004', 'ATR-EXPO-005', 'ATR-EXPO-006', 'ATR-EXPO-007', 'ATR-EXPO-013') }
    @{ Name = 'caddy'; Command = '/usr/bin/caddy'; App = 'exposure-caddy'; Exposed = 'exposed.Caddyfile'; Safe = 'safe.Caddyfile'; Page = '/usr/share/caddy/index.html'
       Expected = @('ATR-EXPO-002', 'ATR-EXPO-004', 'ATR-EXPO-005', 'ATR-EXPO-006', 'ATR-EXPO-007', 'ATR-EXPO-013') }
) {
    BeforeAll {
        $script:Reason = Get-RealSkipReason -Command $Command
        if (-not $Reason -and -not (Test-Path $Page)) { $script:Reason = "$Page (the product's own default page) is not installed" }
        $script:Servers = @{}
        if (-not $Reason) {
            foreach ($variant in 'Exposed', 'Safe') {
                $port = Get-FreeTcpPort
                $root = New-ExposureSiteRoot -DefaultPage $(if ($variant -eq 'Exposed') { $Page })
                $config = New-ExposureConfig -App $App -Template (Get-Variable $variant -ValueOnly) -Port $port -Root $root
                $arguments = switch ($Name) {
                    nginx { @('-c', $config.Path, '-p', $config.Directory) }
                    apache2 { @('-f', $config.Path, '-DFOREGROUND') }
                    lighttpd { @('-D', '-f', $config.Path) }
                    caddy { @('run', '--config', $config.Path, '--adapter', 'caddyfile') }
                }
                $env = @{ HOME = $config.Directory; XDG_DATA_HOME = $config.Directory; XDG_CONFIG_HOME = $config.Directory }
                $server = Start-RealServer -Name "$Name-$variant" -FilePath $Command -ArgumentList $arguments -ReadyPort $port -Environment $env
                $Servers[$variant] = [pscustomobject]@{ Server = $server; Url = "http://127.0.0.1:$port/" }
            }
        }
    }
    AfterAll { $Servers.Values | ForEach-Object { $_.Server | Stop-RealServer } }

    It '<Name> as commonly left: each exposure is found, validated by content' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $url = $Servers.Exposed.Url
        # Ground truth, as curl sees it.
        (Invoke-Curl "$url.git/HEAD").Body | Should -Match '^ref: refs/heads/main'
        (Invoke-Curl "$url.env").Body | Should -Match 'DB_PASSWORD='
        (Invoke-Curl "${url}files/").Body | Should -Match 'price-list-2026\.csv'
        (Invoke-Curl $url).Body.Trim() | Should -Be (Get-Content -Raw $Page).Trim() -Because 'the product serves its own installed welcome page'
        $findings = Invoke-ExposureScan $url
        $ids = Assert-Exposure $findings $Expected -Because "$Name exposed"
        @($findings | Where-Object RuleId -EQ 'ATR-EXPO-005').Count | Should -Be 1 -Because 'one finding per host and signature (.git/HEAD and .git/config are one repository)'
        ($findings | Where-Object RuleId -EQ 'ATR-EXPO-006').Evidence | Should -Not -Match 's3cr3t' -Because 'no secret in evidence'
    }

    It '<Name> configured safely: nothing above Low, none of the exposures' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $url = $Servers.Safe.Url
        (Invoke-Curl "$url.git/HEAD").StatusCode | Should -BeIn @(403, 404)
        (Invoke-Curl "${url}files/").Body | Should -Not -Match 'price-list-2026\.csv'
        $findings = Invoke-ExposureScan $url
        $null = Assert-Exposure $findings @() -Because "$Name safe"
        @($findings.RuleId | Where-Object { $_ -notin 'ATR-API-011', 'ATR-EXPO-013' }) | Should -BeNullOrEmpty
    }
}

Describe 'Python http.server: a listing wherever there is no index' {
    BeforeAll {
        $script:Reason = Get-RealSkipReason -Command python3
        if (-not $Reason) {
            $script:Port = Get-FreeTcpPort
            $root = New-ExposureSiteRoot
            Remove-Item (Join-Path $root 'index.html')
            $script:Server = Start-RealServer -Name http-server -FilePath $Python -ArgumentList @('-m', 'http.server', $Port, '--bind', '127.0.0.1', '--directory', $root) -ReadyPort $Port
        }
    }
    AfterAll { $Server | Stop-RealServer }

    It 'lists the folder and serves its dot-files' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        (Invoke-Curl "http://127.0.0.1:$Port/").Body | Should -Match 'Directory listing for /'
        $findings = Invoke-ExposureScan "http://127.0.0.1:$Port/"
        $null = Assert-Exposure $findings @('ATR-EXPO-001', 'ATR-EXPO-004', 'ATR-EXPO-005', 'ATR-EXPO-006', 'ATR-EXPO-007', 'ATR-EXPO-013') -Because 'http.server'
        ($findings | Where-Object RuleId -EQ 'ATR-EXPO-001').Evidence | Should -Match 'SimpleHTTP/[\d.]+ Python/[\d.]+'
    }

    It 'is sent only GET, HEAD and OPTIONS without -Active (its own access log), even for the GraphQL checks' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $logged = @(Read-RealServerLog $Server).Count
        $null = Invoke-ExposureScan "http://127.0.0.1:$Port/"
        # http.server logs '127.0.0.1 - - [date] "METHOD /path HTTP/1.1" status -', and code 501 for a method it does not serve.
        $requests = @(Read-RealServerLog $Server -Skip $logged | Where-Object { $_ -match '"([A-Z]+) (\S+) HTTP/' } |
            ForEach-Object { [pscustomobject]@{ Method = $Matches[1]; Path = $Matches[2] } })
        $requests.Count | Should -BeGreaterThan 5 -Because 'http.server logged the scan'
        @($requests | Where-Object Method -NotIn 'GET', 'HEAD', 'OPTIONS' | ForEach-Object { "$($_.Method) $($_.Path)" }) | Should -BeNullOrEmpty
        @($requests | Where-Object Path -Like '/graphql*' | ForEach-Object Method | Sort-Object -Unique) | Should -Be @('GET') -Because 'only a GET query asks whether /graphql is GraphQL'
    }
}

Describe 'Django with DEBUG = True and Django REST framework' {
    BeforeAll {
        $script:Reason = Get-RealSkipReason -Command python3 -PythonModule django, rest_framework
        $script:Sites = @{}
        if (-not $Reason) {
            foreach ($variant in 'Exposed', 'Safe') {
                $port = Get-FreeTcpPort
                $data = Join-Path ([IO.Path]::GetTempPath()) "apithreat-django-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
                $null = New-Item -ItemType Directory $data
                $server = Start-RealServer -Name "django-$variant" -FilePath $Python -ArgumentList @((Join-Path $Apps 'exposure-django/app.py'), $port, $data) `
                    -Environment @{ APITHREAT_DEBUG = $(if ($variant -eq 'Exposed') { '1' } else { '0' }) } -ReadyPort $port -TimeoutSec 120
                $Sites[$variant] = [pscustomobject]@{ Server = $server; Url = "http://127.0.0.1:$port/api/" }
            }
        }
        $script:Operations = @(New-ExposureOperation 'GET /users/'; New-ExposureOperation 'GET /users/{id}/')
    }
    AfterAll { $Sites.Values | ForEach-Object { $_.Server | Stop-RealServer } }

    It 'DEBUG = True: the technical 404 page, users with e-mails and staff flags to anyone, the admin login over plain HTTP; /admin is protected, not exposed' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $base = $Sites.Exposed.Url -replace 'api/$', ''
        (Invoke-Curl "${base}atr-nowhere").Body | Should -Match 'You\u2019re seeing this error because you have <code>DEBUG = True</code>'  # Django prints a typographic apostrophe
        (Invoke-Curl "${base}admin/").StatusCode | Should -Be 302
        (Invoke-Curl "$($Sites.Exposed.Url)users/").Body | Should -Match '"email":"ann@shop\.example"'
        $findings = Invoke-ExposureScan $Sites.Exposed.Url -Operation $Operations
        $null = Assert-Exposure $findings @('ATR-EXPO-003', 'ATR-EXPO-010', 'ATR-EXPO-014', 'ATR-EXPO-001', 'ATR-EXPO-013') -Because 'Django DEBUG'
        $findings.RuleId | Should -Not -Contain 'ATR-API-002' -Because '/admin answers with a redirect to its login form: protected'
        $data = $findings | Where-Object RuleId -EQ 'ATR-EXPO-010'
        $data.Evidence | Should -Match 'email' ; $data.Evidence | Should -Match 'is_staff'
        $data.Evidence | Should -Not -Match 'ann@shop\.example' -Because 'values are masked'
    }

    It 'DEBUG = False, authentication required, no admin: nothing above Low' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        (Invoke-Curl "$($Sites.Safe.Url)users/").StatusCode | Should -BeIn @(401, 403)
        $findings = Invoke-ExposureScan $Sites.Safe.Url -Operation $Operations
        $null = Assert-Exposure $findings @() -Because 'Django safe'
        $findings.RuleId | Should -Not -Contain 'ATR-EXPO-003'
        $findings.RuleId | Should -Not -Contain 'ATR-EXPO-010'
    }
}

Describe 'Flask with debug=True: the Werkzeug debugger' {
    BeforeAll {
        $script:Reason = Get-RealSkipReason -Command python3 -PythonModule flask
        $script:Sites = @{}
        if (-not $Reason) {
            foreach ($variant in 'Exposed', 'Safe') {
                $port = Get-FreeTcpPort
                $server = Start-RealServer -Name "flask-$variant" -FilePath $Python -ArgumentList @((Join-Path $Apps 'exposure-flask/app.py'), $port) `
                    -Environment @{ APITHREAT_DEBUG = $(if ($variant -eq 'Exposed') { '1' } else { '0' }) } -ReadyPort $port
                $Sites[$variant] = [pscustomobject]@{ Server = $server; Url = "http://127.0.0.1:$port/" }
            }
        }
        $script:Operations = @(New-ExposureOperation 'GET /api/items'; New-ExposureOperation 'GET /api/items/{id}')
    }
    AfterAll { $Sites.Values | ForEach-Object { $_.Server | Stop-RealServer } }

    It 'a malformed id reaches int() and the debugger page answers' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        (Invoke-Curl "$($Sites.Exposed.Url)api/items/x").Body | Should -Match 'Werkzeug Debugger'
        $findings = Invoke-ExposureScan $Sites.Exposed.Url -Operation $Operations
        $null = Assert-Exposure $findings @('ATR-EXPO-003', 'ATR-EXPO-001', 'ATR-EXPO-013') -Because 'Flask debug'
        ($findings | Where-Object RuleId -EQ 'ATR-EXPO-003').Evidence | Should -Match 'Werkzeug'
    }

    It 'debug off: a generic 500, nothing above Low' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        (Invoke-Curl "$($Sites.Safe.Url)api/items/x").Body | Should -Not -Match 'Werkzeug Debugger'
        $findings = Invoke-ExposureScan $Sites.Safe.Url -Operation $Operations
        $null = Assert-Exposure $findings @() -Because 'Flask safe'
        $findings.RuleId | Should -Not -Contain 'ATR-EXPO-003'
    }
}

Describe 'Express in development mode: stack traces' {
    BeforeAll {
        $script:Reason = Get-RealSkipReason -Command node -App exposure-express -NpmPackage express
        $script:Sites = @{}
        if (-not $Reason) {
            foreach ($variant in 'Exposed', 'Safe') {
                $port = Get-FreeTcpPort
                $server = Start-RealServer -Name "express-$variant" -FilePath (Get-Command node).Source -ArgumentList @('app.js', $port) -WorkingDirectory (Join-Path $Apps 'exposure-express') `
                    -Environment @{ NODE_ENV = $(if ($variant -eq 'Exposed') { 'development' } else { 'production' }) } -ReadyPort $port
                $Sites[$variant] = [pscustomobject]@{ Server = $server; Url = "http://127.0.0.1:$port/" }
            }
        }
        $script:Operations = @('GET /api/products', 'GET /api/products/{sku}', 'GET /api/report', 'POST /api/orders' | ForEach-Object { New-ExposureOperation $_ })
    }
    AfterAll { $Sites.Values | ForEach-Object { $_.Server | Stop-RealServer } }

    It 'development: the stack trace of a failing route, and with -Active of a malformed JSON body' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        (Invoke-Curl "$($Sites.Exposed.Url)api/report").Body | Should -Match '&nbsp; &nbsp;at '
        (Invoke-Curl "$($Sites.Exposed.Url)api/orders" -Method POST -Header 'Content-Type: application/json' -Body '{"a": ').Body | Should -Match 'SyntaxError'
        $passive = Invoke-ExposureScan $Sites.Exposed.Url -Operation $Operations
        $null = Assert-Exposure $passive @('ATR-EXPO-003', 'ATR-EXPO-013') -Because 'Express development'
        $active = Invoke-ExposureScan $Sites.Exposed.Url -Operation $Operations -Active
        ($active | Where-Object RuleId -EQ 'ATR-EXPO-003').Count | Should -Be 1 -Because 'one finding per host and signature'
    }

    It 'production: generic errors; with -Active nothing above Low but the burst no limiter stops' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        (Invoke-Curl "$($Sites.Safe.Url)api/report").Body | Should -Not -Match '&nbsp; &nbsp;at '
        $findings = Invoke-ExposureScan $Sites.Safe.Url -Operation $Operations -Active
        $null = Assert-Exposure $findings @('ATR-API-021') -Because 'Express production (no rate limiter: ATR-API-021 is its truth)'
        $findings.RuleId | Should -Not -Contain 'ATR-EXPO-003'
        $findings.RuleId | Should -Not -Contain 'ATR-API-003'
    }
}

Describe 'json-server: full CRUD open to anyone' {
    BeforeAll {
        $script:Reason = Get-RealSkipReason -Command node -App exposure-json-server -NpmPackage json-server
        $script:Sites = @{}
        if (-not $Reason) {
            $bin = Join-Path $Apps 'exposure-json-server/node_modules/json-server/lib/cli/bin.js'
            foreach ($variant in 'Exposed', 'Safe') {
                $port = Get-FreeTcpPort
                $data = Join-Path ([IO.Path]::GetTempPath()) "apithreat-json-server-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
                $null = New-Item -ItemType Directory $data
                # json-server writes to its database file: each run works on a copy.
                $db = Join-Path $data 'db.json'
                Copy-Item (Join-Path $Apps "exposure-json-server/$(if ($variant -eq 'Exposed') { 'db.json' } else { 'db-safe.json' })") $db
                $arguments = @($bin, '--port', $port, '--host', '127.0.0.1', $db) + $(if ($variant -eq 'Safe') { @('--read-only', '--no-cors') } else { @() })
                $server = Start-RealServer -Name "json-server-$variant" -FilePath (Get-Command node).Source -ArgumentList $arguments -WorkingDirectory $data -ReadyPort $port
                $Sites[$variant] = [pscustomobject]@{ Server = $server; Url = "http://127.0.0.1:$port/"; Db = $db }
            }
        }
    }
    AfterAll { $Sites.Values | ForEach-Object { $_.Server | Stop-RealServer } }

    It 'defaults: users with e-mails, roles and password hashes to anyone; writes open (OPTIONS, and with -Active a DELETE of a missing id); -Active proves it with one write and removes it' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $url = "$($Sites.Exposed.Url)users"
        (Invoke-Curl "$url/atr-missing" -Method DELETE).StatusCode | Should -Be 404
        # json-server's CORS reflects any Origin, with credentials: Test-HijackSusceptibility's finding.
        $cors = (Invoke-Curl $url -Header 'Origin: https://a.example').Headers
        $cors | Should -Match 'Access-Control-Allow-Origin: https://a\.example'
        $cors | Should -Match 'Access-Control-Allow-Credentials: true'
        (Test-HijackSusceptibility $url -AllowPrivateAddress -TimeoutSec 10 | Where-Object RuleId -EQ 'ATR-HIJACK-022').Severity | Should -Be 'Critical'
        $logged = @(Read-RealServerLog $Sites.Exposed.Server).Count
        $passive = Invoke-ExposureScan $url
        $null = Assert-Exposure $passive @('ATR-EXPO-010', 'ATR-EXPO-013') -Because 'json-server passive'
        $passive.RuleId | Should -Not -Contain 'ATR-API-005' -Because 'an advertised write is tried only with -Active'
        # json-server logs every request (morgan): without -Active only GET, HEAD and OPTIONS (no GraphQL answers there, so no GraphQL POST either).
        $requests = @(Read-RealServerLog $Sites.Exposed.Server -Skip $logged | Where-Object { $_ -match '^\s*(?:\e\[[0-9;]*m)*([A-Z]+) (\S+)' } |
            ForEach-Object { [pscustomobject]@{ Method = $Matches[1]; Path = $Matches[2] } })
        $requests.Count | Should -BeGreaterThan 5 -Because 'the server logged the passive scan'
        @($requests | Where-Object { $_.Method -notin 'GET', 'HEAD', 'OPTIONS' } |
            ForEach-Object { "$($_.Method) $($_.Path)" }) | Should -BeNullOrEmpty -Because 'no request that could write is sent without -Active'
        ($passive | Where-Object RuleId -EQ 'ATR-EXPO-010').Severity | Should -Be 'High' -Because 'password hashes leak'
        ($passive | Where-Object RuleId -EQ 'ATR-EXPO-010').Evidence | Should -Not -Match '\$2b\$'
        $passive.RuleId | Should -Not -Contain 'ATR-EXPO-012' -Because 'no write without -Active'
        $before = (Get-Content -Raw $Sites.Exposed.Db | ConvertFrom-Json).users.Count
        $active = Invoke-ExposureScan $url -Active
        ($active | Where-Object RuleId -EQ 'ATR-API-005').Evidence | Should -Match 'DELETE /users/atr-missing-\w+ \(a child that does not exist\) answered 404'
        $open = $active | Where-Object RuleId -EQ 'ATR-EXPO-012'
        $open.Confidence | Should -Be 'Confirmed'
        $open.Evidence | Should -Match 'removed it again'
        (Get-Content -Raw $Sites.Exposed.Db | ConvertFrom-Json).users.Count | Should -Be $before -Because 'the marker object is deleted again'
    }

    It '--read-only --no-cors: writes refused (403); nothing above Low but the burst no limiter stops' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $url = "$($Sites.Safe.Url)posts"
        (Invoke-Curl "$url/atr-missing" -Method DELETE).StatusCode | Should -Be 403
        $findings = Invoke-ExposureScan $url -Active
        $null = Assert-Exposure $findings @('ATR-API-021') -Because 'json-server read-only (no rate limiter: ATR-API-021 is its truth)'
        @($findings.RuleId | Where-Object { $_ -in 'ATR-API-005', 'ATR-EXPO-012', 'ATR-EXPO-010', 'ATR-EXPO-015' }) | Should -BeNullOrEmpty
    }
}

Describe 'PHP with display_errors and a phpinfo() page' {
    BeforeAll {
        $script:Reason = Get-RealSkipReason -Command php
        $script:Sites = @{}
        if (-not $Reason) {
            foreach ($variant in 'Exposed', 'Safe') {
                $port = Get-FreeTcpPort
                $root = Join-Path ([IO.Path]::GetTempPath()) "apithreat-php-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
                $null = New-Item -ItemType Directory $root
                Copy-Item (Join-Path $Apps 'exposure-php/index.php') $root
                if ($variant -eq 'Exposed') { Copy-Item (Join-Path $Apps 'exposure-php/phpinfo.php') $root }
                $ini = if ($variant -eq 'Exposed') { @('-d', 'display_errors=1') } else { @('-d', 'display_errors=0', '-d', 'expose_php=0', '-d', 'log_errors=1', '-d', "error_log=$root/php.log") }
                $server = Start-RealServer -Name "php-$variant" -FilePath (Get-Command php).Source -ArgumentList (@('-n') + $ini + @('-S', "127.0.0.1:$port", '-t', $root)) -ReadyPort $port
                $Sites[$variant] = [pscustomobject]@{ Server = $server; Url = "http://127.0.0.1:$port/" }
            }
        }
    }
    AfterAll { $Sites.Values | ForEach-Object { $_.Server | Stop-RealServer } }

    It 'display_errors on: the warning with the script path in the page; phpinfo() answers; the version in X-Powered-By' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        (Invoke-Curl $Sites.Exposed.Url).Body | Should -Match '<b>Warning</b>:  Undefined variable'
        (Invoke-Curl "$($Sites.Exposed.Url)phpinfo.php").Body | Should -Match 'phpinfo\(\)'
        $findings = Invoke-ExposureScan $Sites.Exposed.Url
        $null = Assert-Exposure $findings @('ATR-EXPO-003', 'ATR-API-002', 'ATR-EXPO-001', 'ATR-EXPO-013') -Because 'PHP exposed'
    }

    It 'display_errors off, expose_php off, no phpinfo: nothing above Low' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        (Invoke-Curl $Sites.Safe.Url).Body | Should -Not -Match 'Warning'
        $findings = Invoke-ExposureScan $Sites.Safe.Url
        $null = Assert-Exposure $findings @() -Because 'PHP safe'
        @($findings.RuleId | Where-Object { $_ -notin 'ATR-API-011', 'ATR-EXPO-013' }) | Should -BeNullOrEmpty
    }
}

Describe 'Apollo Server 4: the Sandbox landing page and introspection in development' {
    BeforeAll {
        $script:Reason = Get-RealSkipReason -Command node -App exposure-apollo -NpmPackage '@apollo/server'
        $script:Sites = @{}
        if (-not $Reason) {
            foreach ($variant in 'Exposed', 'Safe') {
                $port = Get-FreeTcpPort
                $environment = if ($variant -eq 'Exposed') { @{ NODE_ENV = 'development' } } else { @{ NODE_ENV = 'production' } }
                $server = Start-RealServer -Name "apollo-$variant" -FilePath (Get-Command node).Source -ArgumentList @('server.js', $port) -WorkingDirectory (Join-Path $Apps 'exposure-apollo') `
                    -Environment $environment -ReadyPort $port
                $Sites[$variant] = [pscustomobject]@{ Server = $server; Url = "http://127.0.0.1:$port/" }
            }
        }
    }
    AfterAll { $Sites.Values | ForEach-Object { $_.Server | Stop-RealServer } }

    It 'development: Apollo Sandbox served to browsers (ATR-EXPO-009), introspection on (ATR-API-006), reported apart; stack traces in errors' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        (Invoke-Curl $Sites.Exposed.Url -Header 'Accept: text/html').Body | Should -Match 'new window\.EmbeddedSandbox'
        $endpoint = [ApiThreat.ApiEndpoint]@{ Url = $Sites.Exposed.Url; HostName = '127.0.0.1'; Port = ([uri]$Sites.Exposed.Url).Port; Kind = 'GraphQL' }
        $findings = $endpoint | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10
        # Development also puts each error's stack into extensions.stacktrace (includeStacktraceInErrorResponses).
        $null = Assert-Exposure $findings @('ATR-EXPO-009', 'ATR-API-006', 'ATR-API-003', 'ATR-EXPO-013') -Because 'Apollo development'
        ($findings | Where-Object RuleId -EQ 'ATR-EXPO-009').Evidence | Should -Match 'Apollo Sandbox'
    }

    It 'production: the plain landing page (its CSP still names the Sandbox CDN) is no IDE; introspection off' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $page = (Invoke-Curl $Sites.Safe.Url -Header 'Accept: text/html').Body
        $page | Should -Match 'Welcome to Apollo Server'
        $page | Should -Not -Match 'new window\.EmbeddedSandbox'
        $endpoint = [ApiThreat.ApiEndpoint]@{ Url = $Sites.Safe.Url; HostName = '127.0.0.1'; Port = ([uri]$Sites.Safe.Url).Port; Kind = 'GraphQL' }
        $findings = $endpoint | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10
        $null = Assert-Exposure $findings @() -Because 'Apollo production'
        $findings.RuleId | Should -Not -Contain 'ATR-EXPO-009'
        $findings.RuleId | Should -Not -Contain 'ATR-API-006'
    }
}
