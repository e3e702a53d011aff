# A sixth round of Test-ApiSecurity's real-software wing: the round-6 frameworks of Get-ApiInventory.RealSoftware6 on their
# defaults, scanned as a user would (Get-ApiInventory -Depth Standard | Test-ApiSecurity, passive).
# Mojolicious runs in development mode unless told otherwise (MOJO_MODE): its not-found and exception pages then come
# from mojo/debug.html.ep, which says it "will show internal information" and lists every route, the request and the
# stash: a framework debug page (ATR-EXPO-003, High). The same app in production mode answers "Page not found... yet!"
# and gives only what plain HTTP on loopback is. Express left in development (NODE_ENV unset, its default) prints the
# stack of any error (ATR-EXPO-003); with NODE_ENV=production it does not. Hono, hug and Spyne expose nothing beyond
# plain HTTP either.
# A container registry (Debian's docker-registry, distribution 2.8) without authentication lets anyone list and pull
# its images (ATR-EXPO-016, Medium); with htpasswd, as Debian's config enables it, it asks for Basic credentials.
# ATR-EXPO-013 (plain HTTP only) is every variant's truth; ATR-EXPO-001 where the server names its version (wsgiref's
# "WSGIServer/0.2 CPython/3.11"); ATR-API-011 where the API's reads answer without any rate-limit header.

BeforeDiscovery {
    $script:Servers = @(
        @{ Name = 'Mojolicious 9 + Mojolicious::Plugin::OpenAPI (production)'; App = 'realfw6-mojolicious'; Command = @('perl'); Perl = @('Mojolicious::Plugin::OpenAPI')
            Start = @('perl', 'app.pl', 'daemon', '-l', 'http://127.0.0.1:{port}'); Environment = @{ MOJO_MODE = 'production' }; Ready = '/api'
            Expected = @('ATR-API-011', 'ATR-EXPO-013') }
        @{ Name = 'Hono 4 + @hono/zod-openapi + @hono/swagger-ui'; App = 'realfw6-hono'; Npm = @('hono', '@hono/node-server', '@hono/zod-openapi', '@hono/swagger-ui')
            Start = @('node', 'server.mjs', '{port}'); Ready = '/doc'; Expected = @('ATR-API-011', 'ATR-EXPO-013') }
        @{ Name = 'Express 4 + express-openapi 12 (NODE_ENV=production)'; App = 'realfw6-express-openapi'; Npm = @('express', 'express-openapi')
            Start = @('node', 'app.js', '{port}'); Environment = @{ NODE_ENV = 'production' }; Ready = '/v1/api-docs'; Expected = @('ATR-API-011', 'ATR-EXPO-013') }
        # Express's own default (NODE_ENV unset): finalhandler answers the error probe's undecodable path parameter with
        # the URIError and its stack, a development stack trace (High), as it would for any error the app throws.
        @{ Name = 'Express 4 + express-openapi 12 (development, the default)'; App = 'realfw6-express-openapi'; Npm = @('express', 'express-openapi')
            Start = @('node', 'app.js', '{port}'); Ready = '/v1/api-docs'; Serious = @('ATR-EXPO-003'); Expected = @('ATR-API-011', 'ATR-EXPO-003', 'ATR-EXPO-013') }
        @{ Name = 'hug 2.6'; App = 'realfw6-hug'; Python = @('hug'); Start = @('/usr/bin/python3', 'app.py', '{port}'); Ready = '/notes'
            Expected = @('ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-013') }
        @{ Name = 'Spyne 2.14 (SOAP 1.1)'; App = 'realfw6-spyne'; Python = @('spyne', 'lxml'); Start = @('/usr/bin/python3', 'app.py', '{port}'); Ready = '/?wsdl'
            Expected = @('ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-013') }
    )
    $script:Registries = @(
        # Open: anyone lists and pulls (ATR-EXPO-016, Medium), besides the Lows of plain HTTP.
        @{ Name = 'Docker Registry 2.8, no authentication'; App = 'realfw6-registry'; Command = @('docker-registry', 'sh'); Start = @('sh', 'run.sh', '{port}', 'open')
            Ready = '/v2/'; Serious = @('ATR-EXPO-016'); Expected = @('ATR-API-011', 'ATR-EXPO-013', 'ATR-EXPO-016') }
        # htpasswd, as Debian's own config.yml enables it: /v2/ asks for Basic credentials, so no ATR-EXPO-016; over plain
        # HTTP those credentials would cross the network in clear (ATR-API-010, High, true: the registry's docs demand TLS).
        @{ Name = 'Docker Registry 2.8, htpasswd authentication'; App = 'realfw6-registry'; Command = @('docker-registry', 'sh', 'htpasswd'); Start = @('sh', 'run.sh', '{port}', 'htpasswd')
            Ready = '/v2/'; Serious = @('ATR-API-010'); Expected = @('ATR-API-010', 'ATR-API-011', 'ATR-EXPO-013') }
    )
    $script:Development = @{ Name = 'Mojolicious 9 + Mojolicious::Plugin::OpenAPI (development)'; App = 'realfw6-mojolicious'; Command = @('perl'); Perl = @('Mojolicious::Plugin::OpenAPI')
        Start = @('perl', 'app.pl', 'daemon', '-l', 'http://127.0.0.1:{port}'); Ready = '/api' }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Discovery.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Exposure.ps1')
}

AfterAll { Stop-Framework }

Describe 'Test-ApiSecurity on the round-6 frameworks at their defaults' {
    It '<Name>: only the Low findings of plain HTTP on loopback and the expected debug page, nothing else at Medium or above' -ForEach $Servers {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $endpoints | Should -HaveCount 1
        $findings = @($endpoints | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop)
        $ids = Assert-Exposure $findings @($_.Serious | Where-Object { $_ }) -Because $_.Name
        @($ids) | Should -Be @($_.Expected | Sort-Object)
    }

    It '<Name>: /v2/ answers as curl sees it; ATR-EXPO-016 exactly when it answers without credentials' -ForEach $Registries {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $open = $_.Name -match 'no authentication'
        if ($open) { Push-RegistryImage -Base $s.Base -Repository 'team/app' -Tag '1.0' }
        $check = Invoke-Curl "$($s.Base)/v2/"
        $check.Headers | Should -Match '(?m)^Docker-Distribution-Api-Version: registry/2\.0'
        if ($open) { $check.StatusCode | Should -Be 200 }
        else {
            $check.StatusCode | Should -Be 401
            $check.Headers | Should -Match '(?mi)^Www-Authenticate: Basic realm="basic-realm"'
        }
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $findings = @($endpoints | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop)
        $ids = Assert-Exposure $findings @($_.Serious) -Because $_.Name
        @($ids) | Should -Be @($_.Expected | Sort-Object)
        if ($open) {
            $registry = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-016')
            $registry | Should -HaveCount 1
            $registry[0].Severity | Should -Be 'Medium'
            $registry[0].Evidence | Should -Match 'GET /v2/_catalog lists 1 repository: team/app$'
        }
    }

    It 'Mojolicious in development mode (its default): the debug page of an unknown path is a High, and only that beside the Lows' -ForEach @($Development) {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $nowhere = Invoke-Curl "$($s.Base)/atr-nowhere"
        $nowhere.StatusCode | Should -Be 404
        $nowhere.Body | Should -Match 'This application is in <b>development</b> mode and will show internal information'
        $nowhere.Body | Should -Match '\+/pets/:petId' -Because 'the page lists the application''s routes'
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $findings = @($endpoints | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop)
        $ids = Assert-Exposure $findings @('ATR-EXPO-003') -Because 'Mojolicious development mode'
        @($ids) | Should -Be @('ATR-API-011', 'ATR-EXPO-003', 'ATR-EXPO-013')
        $debug = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-003')
        $debug | Should -HaveCount 1
        $debug[0].Severity | Should -Be 'High'
        $debug[0].Evidence | Should -Match 'Mojolicious development page at GET /atr-missing-[0-9a-f]+ \(404\)'
    }
}
