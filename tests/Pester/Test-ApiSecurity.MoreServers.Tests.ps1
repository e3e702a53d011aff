# More of Test-ApiSecurity's real-software wing (see Test-ApiSecurity.RealServers.Tests.ps1 for the contract): Debian's
# Tomcat 10 and Jetty 9 with their installed defaults, an ASP.NET Core minimal API in Development and Production,
# GraphQL Yoga and Mercurius with and without their IDE and introspection, Sinatra in development and production, and
# Varnish with and without its own headers.
# Each runs twice on free loopback ports, as commonly left and configured safely; curl checks what it really serves;
# every expected rule is found, nothing else at Medium or above, and the twin gives none of them. Plain HTTP on
# loopback: ATR-EXPO-013 and ATR-API-011 (Low) are part of every variant's truth.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Exposure.ps1')
    $script:Apps = Join-Path $RepoRoot 'tests/Real/apps'

    function New-TempFolder([string]$Name) {
        $dir = Join-Path ([IO.Path]::GetTempPath()) "apithreat-$Name-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $null = New-Item -ItemType Directory -Force $dir
        $dir
    }

    function Get-LowOnly($Findings) { @($Findings.RuleId | Where-Object { $_ -notin 'ATR-API-011', 'ATR-EXPO-013' }) }
}

Describe "Tomcat 10 as Debian installs it: default page, examples, manager, error-page version" {
    BeforeAll {
        $script:Reason = Get-RealSkipReason -Command java, curl
        foreach ($path in '/usr/share/tomcat10/bin/catalina.sh', '/etc/tomcat10/server.xml', '/usr/share/tomcat10-examples/examples', '/usr/share/tomcat10-admin/manager') {
            if (-not $Reason -and -not (Test-Path $path)) { $script:Reason = "$path is missing (Debian packages tomcat10, tomcat10-examples, tomcat10-admin)" }
        }
        $script:Sites = @{}
        if (-not $Reason) {
            foreach ($variant in 'Exposed', 'Safe') {
                # A CATALINA_BASE of its own: Debian's configuration files, its server.xml on a free loopback port; the
                # safe twin hides the report and the version (ErrorReportValve) and serves the application, not the
                # default page or the examples. The manager is installed in both (it asks for a password).
                $port = Get-FreeTcpPort
                $base = New-TempFolder "tomcat-$variant"
                $null = New-Item -ItemType Directory (Join-Path $base 'conf/Catalina/localhost'), (Join-Path $base 'webapps'), (Join-Path $base 'logs'), (Join-Path $base 'work'), (Join-Path $base 'temp')
                foreach ($f in 'catalina.properties', 'context.xml', 'jaspic-providers.xml', 'logging.properties', 'tomcat-users.xml', 'web.xml') { Copy-Item "/etc/tomcat10/$f" (Join-Path $base 'conf') }
                $server = (Get-Content -Raw /etc/tomcat10/server.xml) -replace 'port="8080"', "port=`"$port`" address=`"127.0.0.1`""
                if ($variant -eq 'Safe') { $server = $server -replace '</Host>', '<Valve className="org.apache.catalina.valves.ErrorReportValve" showReport="false" showServerInfo="false" /></Host>' }
                [IO.File]::WriteAllText((Join-Path $base 'conf/server.xml'), $server)
                Copy-Item /etc/tomcat10/Catalina/localhost/manager.xml (Join-Path $base 'conf/Catalina/localhost')
                if ($variant -eq 'Exposed') {
                    Copy-Item /etc/tomcat10/Catalina/localhost/examples.xml (Join-Path $base 'conf/Catalina/localhost')
                    Copy-Item -Recurse /var/lib/tomcat10/webapps/ROOT (Join-Path $base 'webapps/ROOT')
                }
                else {
                    $null = New-Item -ItemType Directory (Join-Path $base 'webapps/ROOT')
                    Set-Content (Join-Path $base 'webapps/ROOT/index.html') '<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1></body></html>'
                }
                $environment = @{ CATALINA_HOME = '/usr/share/tomcat10'; CATALINA_BASE = $base; CATALINA_TMPDIR = (Join-Path $base 'temp') }
                $process = Start-RealServer -Name "tomcat-$variant" -FilePath /usr/share/tomcat10/bin/catalina.sh -ArgumentList 'run' -Environment $environment -ReadyPort $port -TimeoutSec 120
                $url = "http://127.0.0.1:$port/"
                # The connector accepts before the web applications are deployed; the manager's first answer compiles JSPs.
                $deadline = [DateTime]::UtcNow.AddSeconds(90)
                while ((Invoke-Curl $url).StatusCode -ne 200 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 500 }
                while ((Invoke-Curl "${url}manager/html").StatusCode -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 500 }
                $Sites[$variant] = [pscustomobject]@{ Server = $process; Url = $url }
            }
        }
    }
    AfterAll { $Sites.Values | ForEach-Object { $_.Server | Stop-RealServer } }

    It 'as installed: the default page and the examples (ATR-EXPO-002), the version in error pages (ATR-EXPO-001); the manager asks for a password (protected, not reported); no API' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $url = $Sites.Exposed.Url
        (Invoke-Curl $url).Body | Should -Match 'This is the default Tomcat home page'
        (Invoke-Curl "${url}examples/").Body | Should -Match '<title>Apache Tomcat Examples</title>'
        $manager = Invoke-Curl "${url}manager/html"
        $manager.StatusCode | Should -Be 401
        $manager.Headers | Should -Match 'WWW-Authenticate: Basic'
        (Invoke-Curl "${url}atr-nowhere").Body | Should -Match '<h3>Apache Tomcat/10\.[\d.]+'
        $findings = Invoke-ExposureScan $url
        $null = Assert-Exposure $findings @('ATR-EXPO-001', 'ATR-EXPO-002', 'ATR-EXPO-013') -Because 'Tomcat as installed'
        ($findings | Where-Object RuleId -EQ 'ATR-EXPO-001').Evidence | Should -Match 'Apache Tomcat/10\.'
        @($findings | Where-Object RuleId -EQ 'ATR-EXPO-002').Count | Should -Be 2 -Because 'the default page and the examples are two signatures'
        $findings.RuleId | Should -Not -Contain 'ATR-API-002' -Because '/manager/html answers 401 with a Basic challenge: protected'
        $findings.RuleId | Should -Not -Contain 'ATR-EXPO-003' -Because "a status report is not an exception report"
        Get-ApiInventory -Url $url -AllowPrivateAddress | Should -BeNullOrEmpty -Because 'a servlet container with its sample pages is no API'
    }

    It 'configured safely (ErrorReportValve without report or version, the application as ROOT, no examples): nothing above Low' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $url = $Sites.Safe.Url
        (Invoke-Curl "${url}atr-nowhere").Body | Should -Not -Match 'Apache Tomcat/'
        (Invoke-Curl "${url}examples/").StatusCode | Should -Be 404
        (Invoke-Curl "${url}manager/html").StatusCode | Should -Be 401
        $findings = Invoke-ExposureScan $url
        $null = Assert-Exposure $findings @() -Because 'Tomcat safe'
        Get-LowOnly $findings | Should -BeNullOrEmpty
    }
}

Describe 'Jetty 9 as Debian installs it: the welcome page and its version' {
    BeforeAll {
        $script:Reason = Get-RealSkipReason -Command java, curl
        if (-not $Reason -and -not (Test-Path /usr/share/jetty9/start.jar)) { $script:Reason = 'Jetty 9 is not installed (Debian package jetty9)' }
        $script:Sites = @{}
        if (-not $Reason) {
            foreach ($variant in 'Exposed', 'Safe') {
                # A jetty.base of its own with Debian's start.ini; the safe twin serves the application and sends no
                # version (jetty.httpConfig.sendServerVersion=false drops the Server header and the error-page footer).
                $port = Get-FreeTcpPort
                $base = New-TempFolder "jetty-$variant"
                Copy-Item /etc/jetty9/start.ini $base
                $null = New-Item -ItemType Directory (Join-Path $base 'webapps'), (Join-Path $base 'logs')
                if ($variant -eq 'Exposed') { Copy-Item -Recurse /var/lib/jetty9/webapps/root (Join-Path $base 'webapps/root') }
                else {
                    $null = New-Item -ItemType Directory (Join-Path $base 'webapps/root')
                    Set-Content (Join-Path $base 'webapps/root/index.html') '<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1></body></html>'
                }
                $arguments = @("-Djava.io.tmpdir=$base", '-jar', '/usr/share/jetty9/start.jar', 'jetty.home=/usr/share/jetty9', "jetty.base=$base",
                    "jetty.http.port=$port", 'jetty.http.host=127.0.0.1') + $(if ($variant -eq 'Safe') { @('jetty.httpConfig.sendServerVersion=false') } else { @() })
                $process = Start-RealServer -Name "jetty-$variant" -FilePath (Get-Command java).Source -ArgumentList $arguments -WorkingDirectory $base -ReadyPort $port -TimeoutSec 120
                $url = "http://127.0.0.1:$port/"
                $deadline = [DateTime]::UtcNow.AddSeconds(90)
                while ((Invoke-Curl $url).StatusCode -ne 200 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 500 }
                $Sites[$variant] = [pscustomobject]@{ Server = $process; Url = $url }
            }
        }
    }
    AfterAll { $Sites.Values | ForEach-Object { $_.Server | Stop-RealServer } }

    It "as installed: Debian's welcome page (ATR-EXPO-002), the version in the Server header and error pages (ATR-EXPO-001); no API" {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $url = $Sites.Exposed.Url
        $root = Invoke-Curl $url
        $root.Body | Should -Match '<TITLE>Welcome to Jetty 9 on Debian</TITLE>'
        $root.Headers | Should -Match 'Server: Jetty\(9\.'
        (Invoke-Curl "${url}atr-nowhere").Body | Should -Match 'Powered by Jetty:// 9\.'
        $findings = Invoke-ExposureScan $url
        $null = Assert-Exposure $findings @('ATR-EXPO-001', 'ATR-EXPO-002', 'ATR-EXPO-013') -Because 'Jetty as installed'
        ($findings | Where-Object RuleId -EQ 'ATR-EXPO-001').Evidence | Should -Match 'Jetty'
        Get-ApiInventory -Url $url -AllowPrivateAddress | Should -BeNullOrEmpty -Because 'a welcome page is no API'
    }

    It 'configured safely (the application, sendServerVersion=false): nothing above Low' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $url = $Sites.Safe.Url
        (Invoke-Curl $url).Headers | Should -Not -Match 'Server: Jetty'
        (Invoke-Curl "${url}atr-nowhere").Body | Should -Not -Match 'Powered by Jetty'
        $findings = Invoke-ExposureScan $url
        $null = Assert-Exposure $findings @() -Because 'Jetty safe'
        Get-LowOnly $findings | Should -BeNullOrEmpty
    }
}

Describe 'ASP.NET Core minimal API: the developer exception page in Development' {
    BeforeAll {
        $script:Reason = Get-RealSkipReason -Command dotnet, curl
        $script:Sites = @{}
        if (-not $Reason) {
            $output = & dotnet build (Join-Path $Apps 'frameworks-aspnetcore') -c Release --nologo -v quiet 2>&1
            if ($LASTEXITCODE -ne 0) { $script:Reason = "the .NET app frameworks-aspnetcore does not build here: $(($output | Select-Object -Last 5) -join ' ')" }
        }
        if (-not $Reason) {
            foreach ($variant in 'Exposed', 'Safe') {
                $port = Get-FreeTcpPort
                $environment = @{ ASPNETCORE_ENVIRONMENT = $(if ($variant -eq 'Exposed') { 'Development' } else { 'Production' }) }
                $process = Start-RealServer -Name "aspnetcore-$variant" -FilePath (Get-Command dotnet).Source -ArgumentList 'bin/Release/net10.0/AspNetCoreApis.dll', 'swashbuckle', $port `
                    -WorkingDirectory (Join-Path $Apps 'frameworks-aspnetcore') -Environment $environment -ReadyPort $port -TimeoutSec 120
                $Sites[$variant] = [pscustomobject]@{ Server = $process; Url = "http://127.0.0.1:$port/" }
            }
        }
        $script:Operations = @('GET /api/todos', 'GET /api/todos/{id}', 'GET /api/report', 'POST /api/todos', 'DELETE /api/todos/{id}' | ForEach-Object { New-ExposureOperation $_ })
    }
    AfterAll { $Sites.Values | ForEach-Object { $_.Server | Stop-RealServer } }

    It 'Development: the failing report answers with the exception, its stack and the request headers (ATR-EXPO-003, one finding)' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $report = Invoke-Curl "$($Sites.Exposed.Url)api/report"
        $report.StatusCode | Should -Be 500
        $report.Body | Should -Match 'System\.DivideByZeroException'
        $report.Body | Should -Match '(?m)^HEADERS\r?\n======='
        (Invoke-Curl "$($Sites.Exposed.Url)api/report" -Header 'Accept: text/html').Body | Should -Match 'An unhandled exception occurred while processing the request\.'
        $findings = Invoke-ExposureScan $Sites.Exposed.Url -Operation $Operations
        $null = Assert-Exposure $findings @('ATR-EXPO-003', 'ATR-EXPO-013') -Because 'ASP.NET Core Development'
        @($findings | Where-Object RuleId -EQ 'ATR-EXPO-003').Count | Should -Be 1
        ($findings | Where-Object RuleId -EQ 'ATR-EXPO-003').Evidence | Should -Match 'ASP.NET Core developer exception page'
        $findings.RuleId | Should -Not -Contain 'ATR-API-003' -Because 'the developer exception page is reported as what it is'
    }

    It 'Production: an empty 500, nothing above Low' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $report = Invoke-Curl "$($Sites.Safe.Url)api/report"
        $report.StatusCode | Should -Be 500
        $report.Body | Should -Not -Match 'Exception'
        $findings = Invoke-ExposureScan $Sites.Safe.Url -Operation $Operations
        $null = Assert-Exposure $findings @() -Because 'ASP.NET Core Production'
        Get-LowOnly $findings | Should -BeNullOrEmpty
    }
}

Describe 'GraphQL servers with their IDE and introspection, and hardened' -ForEach @(
    @{ Name = 'GraphQL Yoga'; App = 'frameworks-yoga'; Package = 'graphql-yoga'; Ide = '/graphql'; IdeText = 'GraphiQL' }
    @{ Name = 'Mercurius'; App = 'frameworks-mercurius'; Package = 'mercurius'; Ide = '/graphiql'; IdeText = 'graphiql' }
) {
    BeforeAll {
        $script:Reason = Get-RealSkipReason -Command node, curl -App $App -NpmPackage $Package
        $script:Sites = @{}
        if (-not $Reason) {
            foreach ($variant in 'Exposed', 'Safe') {
                $port = Get-FreeTcpPort
                $process = Start-RealServer -Name "$App-$variant" -FilePath (Get-Command node).Source -ArgumentList 'server.js', $port -WorkingDirectory (Join-Path $Apps $App) `
                    -Environment @{ APITHREAT_SAFE = $(if ($variant -eq 'Safe') { '1' } else { '0' }) } -ReadyPort $port
                $Sites[$variant] = [pscustomobject]@{ Server = $process; Base = "http://127.0.0.1:$port" }
            }
        }
        function script:Test-GraphQlEndpoint([string]$Base) {
            $endpoint = [ApiThreat.ApiEndpoint]@{ Url = "$Base/graphql"; HostName = '127.0.0.1'; Port = ([uri]$Base).Port; Kind = 'GraphQL' }
            $endpoint | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop
        }
    }
    AfterAll { $Sites.Values | ForEach-Object { $_.Server | Stop-RealServer } }

    It '<Name> with its defaults: the IDE (ATR-EXPO-009) and introspection (ATR-API-006), reported apart' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $base = $Sites.Exposed.Base
        (Invoke-Curl "$base$Ide" -Header 'Accept: text/html').Body | Should -Match $IdeText
        (Invoke-Curl "$base/graphql" -Method POST -Header 'Content-Type: application/json' -Body '{"query":"{__schema{queryType{name}}}"}').Body | Should -Match '"queryType"'
        $findings = Test-GraphQlEndpoint $base
        $null = Assert-Exposure $findings @('ATR-EXPO-009', 'ATR-API-006', 'ATR-EXPO-013') -Because "$Name defaults"
        ($findings | Where-Object RuleId -EQ 'ATR-EXPO-009').Evidence | Should -Match 'GraphiQL'
    }

    It '<Name> hardened (no IDE, introspection refused by a validation rule): nothing above Low; a CORS layer that echoes the method asked for is no write route' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $base = $Sites.Safe.Base
        (Invoke-Curl "$base/graphql" -Method POST -Header 'Content-Type: application/json' -Body '{"query":"{__schema{queryType{name}}}"}').Body | Should -Match 'introspection has been disabled'
        (Invoke-Curl "$base$Ide" -Header 'Accept: text/html').Body | Should -Not -Match '<title>GraphiQL'
        $findings = Test-GraphQlEndpoint $base
        $null = Assert-Exposure $findings @() -Because "$Name hardened"
        $findings.RuleId | Should -Not -Contain 'ATR-EXPO-009'
        $findings.RuleId | Should -Not -Contain 'ATR-API-006'
    }
}

Describe 'Sinatra (Debian ruby-sinatra on WEBrick): development shows exceptions and route hints' {
    BeforeAll {
        $script:Reason = Get-RealSkipReason -Command ruby, curl
        if (-not $Reason) {
            & ruby -e "require 'sinatra/base'" 2>$null
            if ($LASTEXITCODE -ne 0) { $script:Reason = 'Sinatra is not installed (Debian package ruby-sinatra)' }
        }
        $script:Sites = @{}
        if (-not $Reason) {
            foreach ($variant in 'Exposed', 'Safe') {
                $port = Get-FreeTcpPort
                $process = Start-RealServer -Name "sinatra-$variant" -FilePath (Get-Command ruby).Source -ArgumentList 'app.rb', $port -WorkingDirectory (Join-Path $Apps 'frameworks-sinatra') `
                    -Environment @{ APP_ENV = $(if ($variant -eq 'Exposed') { 'development' } else { 'production' }) } -ReadyPort $port -TimeoutSec 60
                $Sites[$variant] = [pscustomobject]@{ Server = $process; Url = "http://127.0.0.1:$port/" }
            }
        }
        $script:Operations = @('GET /api/items', 'GET /api/items/{id}' | ForEach-Object { New-ExposureOperation $_ })
    }
    AfterAll { $Sites.Values | ForEach-Object { $_.Server | Stop-RealServer } }

    It 'development: the exception page and the route-hint not-found page (ATR-EXPO-003, one finding per signature)' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $url = $Sites.Exposed.Url
        (Invoke-Curl "${url}api/items/x" -Header 'Accept: text/html').Body | Should -Match 'enabled the <code>show_exceptions</code> setting'
        (Invoke-Curl "${url}api/items/x" -Header 'Accept: application/json').Body | Should -Match "app\.rb:\d+:in ``"
        (Invoke-Curl "${url}atr-nowhere").Body | Should -Match 'Sinatra doesn.t know this ditty'
        $findings = Invoke-ExposureScan $url -Operation $Operations
        $null = Assert-Exposure $findings @('ATR-EXPO-003', 'ATR-EXPO-001', 'ATR-EXPO-013') -Because 'Sinatra development'
        @($findings | Where-Object RuleId -EQ 'ATR-EXPO-003' | ForEach-Object { ($_.Evidence -split ':')[0] } | Sort-Object) |
            Should -Be @('Sinatra development error page', 'Sinatra development not-found page')
        ($findings | Where-Object RuleId -EQ 'ATR-EXPO-001').Evidence | Should -Match 'WEBrick/'
    }

    It 'production: generic error pages; only the Low findings (WEBrick names its version)' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $url = $Sites.Safe.Url
        (Invoke-Curl "${url}api/items/x").Body | Should -Be '<h1>Internal Server Error</h1>'
        $findings = Invoke-ExposureScan $url -Operation $Operations
        $null = Assert-Exposure $findings @() -Because 'Sinatra production'
        @($findings.RuleId | Where-Object { $_ -notin 'ATR-API-011', 'ATR-EXPO-013', 'ATR-EXPO-001' }) | Should -BeNullOrEmpty
    }
}

Describe 'Varnish 7 in front of an application: its version in Via' {
    BeforeAll {
        $script:Reason = Get-RealSkipReason -Command varnishd, python3, curl
        $script:Sites = @{}
        if (-not $Reason) {
            $app = Join-Path $Apps 'frameworks-varnish'
            $backendPort = Get-FreeTcpPort
            $script:Backend = Start-RealServer -Name varnish-backend -FilePath (Get-Command python3).Source -ArgumentList (Join-Path $app 'backend.py'), $backendPort -ReadyPort $backendPort
            foreach ($variant in 'Exposed', 'Safe') {
                # Its own working directory (-n) per instance; the exposed one with the built-in VCL (-b), the safe one
                # with a VCL that removes Varnish's own headers on delivery.
                $port = Get-FreeTcpPort
                $work = New-TempFolder "varnish-$variant"
                & chmod 0777 $work
                $arguments = @('-F', '-a', "127.0.0.1:$port", '-n', (Join-Path $work 'n'), '-s', 'malloc,16m')
                if ($variant -eq 'Exposed') { $arguments += @('-b', "127.0.0.1:$backendPort") }
                else {
                    $vcl = Join-Path $work 'safe.vcl'
                    [IO.File]::WriteAllText($vcl, (Get-Content -Raw (Join-Path $app 'safe.vcl')).Replace('__BACKEND__', "$backendPort"))
                    & chmod 0644 $vcl
                    $arguments += @('-f', $vcl)
                }
                $process = Start-RealServer -Name "varnish-$variant" -FilePath (Get-Command varnishd).Source -ArgumentList $arguments -ReadyPort $port -TimeoutSec 60
                $Sites[$variant] = [pscustomobject]@{ Server = $process; Url = "http://127.0.0.1:$port/" }
            }
        }
    }
    AfterAll { $Sites.Values | ForEach-Object { $_.Server | Stop-RealServer }; $Backend | Stop-RealServer }

    It 'as installed: Via names Varnish and its version (ATR-EXPO-001, Low), nothing serious' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        $headers = (Invoke-Curl $Sites.Exposed.Url).Headers
        $headers | Should -Match 'Via: 1\.1 varnish \(Varnish/\d+\.\d+\)'
        $headers | Should -Match 'X-Varnish: \d+'
        $headers | Should -Match '(?m)^Server: shop\r?$'
        $findings = Invoke-ExposureScan $Sites.Exposed.Url
        $null = Assert-Exposure $findings @('ATR-EXPO-001', 'ATR-EXPO-013') -Because 'Varnish as installed'
        ($findings | Where-Object RuleId -EQ 'ATR-EXPO-001').Evidence | Should -Match 'Via: 1\.1 varnish \(Varnish/'
    }

    It 'Via and X-Varnish removed in vcl_deliver: nothing above Low, no version' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        (Invoke-Curl $Sites.Safe.Url).Headers | Should -Not -Match 'Varnish'
        $findings = Invoke-ExposureScan $Sites.Safe.Url
        $null = Assert-Exposure $findings @() -Because 'Varnish safe'
        Get-LowOnly $findings | Should -BeNullOrEmpty
    }
}
