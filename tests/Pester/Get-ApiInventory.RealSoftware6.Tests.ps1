# A sixth round of Get-ApiInventory's real-software wing (contract of tests/Real/Discovery.ps1: curl checks the ground
# truth, -Depth Standard finds at least 90% of it, exactly the expected endpoints are reported, each with its Source).
# Frameworks that put their description where no earlier one did:
# - Hono 4 (npm) with @hono/zod-openapi and @hono/swagger-ui as Hono's examples set them up: the document at /doc, Swagger
#   UI at /ui, a bare plain-text "404 Not Found" everywhere else (tests/Real/apps/realfw6-hono/server.mjs).
# - Mojolicious 9 with Mojolicious::Plugin::OpenAPI (Debian): the specification served at the API's own basePath (/api,
#   /api.json) and rendered as HTML at /api.html; in development (its default) and production mode (realfw6-mojolicious).
# - Express 4 with express-openapi 12 (npm) as its getting-started guide sets it up: the completed apiDoc published at its
#   basePath + /api-docs (/v1/api-docs), every other path Express's "Cannot GET" page (realfw6-express-openapi).
# - hug 2.6 (Debian python3-hug): no spec path at all; every unknown path answers 404 with a JSON definition of every
#   route (realfw6-hug).
# - Spyne 2.14 (Debian python3-spyne): a SOAP 1.1 service whose root refuses GET with a SOAP fault and serves its WSDL at
#   /?wsdl (realfw6-spyne).
# - Docker Registry 2.8 (Debian docker-registry, distribution's HTTP API V2): an empty 200 at /, {} at /v2/, the
#   repositories at /v2/_catalog, each one's tags at /v2/<name>/tags/list (realfw6-registry; an image pushed with curl).
# Plain twins: a Mojolicious website and a Hono website with no API are reported as nothing.

BeforeDiscovery {
    $script:Frameworks = @(
        @{ Name = 'Hono 4 + @hono/zod-openapi + @hono/swagger-ui'; App = 'realfw6-hono'; Npm = @('hono', '@hono/node-server', '@hono/zod-openapi', '@hono/swagger-ui')
            Start = @('node', 'server.mjs', '{port}'); Ready = '/doc'; Body = '{"title":"Emma"}'
            Specs = @('/doc'); DocPages = @('/ui')
            Operations = @('GET /books', 'POST /books', 'GET /books/{id}')
            Endpoints = @('OpenApi /') }
        @{ Name = 'Mojolicious 9 + Mojolicious::Plugin::OpenAPI (development)'; App = 'realfw6-mojolicious'; Command = @('perl'); Perl = @('Mojolicious::Plugin::OpenAPI')
            Start = @('perl', 'app.pl', 'daemon', '-l', 'http://127.0.0.1:{port}'); Ready = '/api'; Body = '{"name":"Rex"}'
            Specs = @('/api', '/api.json'); DocPages = @('/api.html')
            Operations = @('GET /api/pets', 'POST /api/pets', 'GET /api/pets/{petId}')
            Endpoints = @('OpenApi /api') }
        @{ Name = 'Mojolicious 9 + Mojolicious::Plugin::OpenAPI (production)'; App = 'realfw6-mojolicious'; Command = @('perl'); Perl = @('Mojolicious::Plugin::OpenAPI')
            Start = @('perl', 'app.pl', 'daemon', '-l', 'http://127.0.0.1:{port}'); Environment = @{ MOJO_MODE = 'production' }; Ready = '/api'; Body = '{"name":"Rex"}'
            Specs = @('/api', '/api.json'); DocPages = @('/api.html')
            Operations = @('GET /api/pets', 'POST /api/pets', 'GET /api/pets/{petId}')
            Endpoints = @('OpenApi /api') }
        @{ Name = 'Express 4 + express-openapi 12'; App = 'realfw6-express-openapi'; Npm = @('express', 'express-openapi')
            Start = @('node', 'app.js', '{port}'); Ready = '/v1/api-docs'; Body = '{"name":"Venus"}'
            Specs = @('/v1/api-docs')
            Operations = @('GET /v1/worlds', 'POST /v1/worlds', 'GET /v1/worlds/{worldId}')
            Endpoints = @('OpenApi /v1') }
        @{ Name = 'hug 2.6'; App = 'realfw6-hug'; Python = @('hug'); Start = @('/usr/bin/python3', 'app.py', '{port}'); Ready = '/notes'; Body = '{"text":"x"}'
            Operations = @('GET /notes', 'POST /notes', 'GET /notes/{note_id}')
            Endpoints = @('Rest /') }
    )
    $script:PlainSites = @(
        @{ Name = 'Mojolicious website (production)'; App = 'realfw6-mojolicious'; Command = @('perl'); Perl = @('Mojolicious')
            Start = @('perl', 'site.pl', 'daemon', '-l', 'http://127.0.0.1:{port}'); Environment = @{ MOJO_MODE = 'production' }; Server = '^Server: Mojolicious' }
        @{ Name = 'Hono website'; App = 'realfw6-hono'; Npm = @('hono', '@hono/node-server'); Start = @('node', 'site.mjs', '{port}'); Server = '^Content-Type: text/html' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Discovery.ps1')
}

AfterAll { Stop-Framework }

Describe 'Get-ApiInventory on Hono, Mojolicious::Plugin::OpenAPI, express-openapi and hug' {
    It '<Name>: curl confirms the ground truth, and -Depth Standard finds at least 90% of it, each endpoint with its Source' -ForEach $Frameworks {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        Assert-FrameworkRecall $_ $s.Base
    }

    It 'Hono: only the plain-text 404 says Hono; /doc and /ui, its examples'' paths, are probed and read' -ForEach @($Frameworks | Where-Object App -EQ 'realfw6-hono') {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $root = Invoke-Curl "$($s.Base)/"
        $root.StatusCode | Should -Be 404
        $root.Body | Should -BeExactly '404 Not Found'
        $root.Headers | Should -Match '(?m)^Content-Type: text/plain; charset=UTF-8'
        (Invoke-Curl "$($s.Base)/ui").Body | Should -Match "url: '/doc'" -Because '@hono/swagger-ui names the document it shows'
        $endpoint = Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue
        $endpoint.Source | Should -Be 'FrameworkDefault'
        $endpoint.FoundAt | Should -Match '^Hono'
        $endpoint.DocumentationUrl | Should -Be "$($s.Base)/ui"
    }

    It 'Mojolicious: the plugin serves the spec at the basePath and renders it at /api.html; the inventory links both' -ForEach @($Frameworks | Where-Object Name -Match 'development') {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $api = Invoke-Curl "$($s.Base)/api"
        $api.Headers | Should -Match '(?m)^Server: Mojolicious \(Perl\)'
        $api.Body | Should -Match '"basePath":"\\/api"'
        (Invoke-Curl "$($s.Base)/api.html").Body | Should -Match 'class="container openapi-container"'
        (Invoke-Curl "$($s.Base)/atr-nowhere").Body | Should -Match '<title>Page Not Found \(development mode\)</title>' -Because 'development is the default mode'
        $endpoint = Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue
        $endpoint.DocumentationUrl | Should -Be "$($s.Base)/api.html"
        $endpoint.SpecVersion | Should -Be '2.0'
        $endpoint.Technologies | Should -Contain 'Mojolicious::Plugin::OpenAPI documentation'
        $endpoint.Findings.RuleId | Should -Contain 'ATR-INV-001'
    }

    It 'express-openapi: the root and /v1 are Express not-found pages; the apiDoc at /v1/api-docs is probed as the package''s default and read' -ForEach @($Frameworks | Where-Object App -EQ 'realfw6-express-openapi') {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        foreach ($p in '/', '/v1', '/api-docs') { (Invoke-Curl "$($s.Base)$p").Body | Should -Match '<pre>Cannot GET /' }
        $doc = Invoke-Curl "$($s.Base)/v1/api-docs"
        $doc.Headers | Should -Match '(?m)^X-Powered-By: Express'
        $doc.Body | Should -Match '^\{"swagger":"2\.0","basePath":"/v1"'
        $endpoint = Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue
        $endpoint.Source | Should -Be 'FrameworkDefault'
        $endpoint.FoundAt | Should -Be 'express-openapi default'
        $endpoint.SpecUrl | Should -Be "$($s.Base)/v1/api-docs"
    }

    It 'hug: every unknown path answers 404 with the definition of every route; the inventory reads it as hug''s description' -ForEach @($Frameworks | Where-Object App -EQ 'realfw6-hug') {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $nowhere = Invoke-Curl "$($s.Base)/atr-nowhere"
        $nowhere.StatusCode | Should -Be 404
        $nowhere.Body | Should -Match '"404": "The API call you tried to make was not defined'
        $nowhere.Body | Should -Match '"/notes/\{note_id\}": \{'
        (Invoke-Curl "$($s.Base)/happy_birthday?name=Ada&age=3").Body | Should -Be '"Happy 3 Birthday Ada!"'
        $endpoint = Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue
        @($endpoint.Operations | ForEach-Object { "$($_.Method) $($_.Path)" } | Sort-Object) |
            Should -Be @('GET /happy_birthday', 'GET /notes', 'GET /notes/{note_id}', 'POST /notes')
        ($endpoint.Operations | Where-Object Path -EQ '/notes' | Select-Object -First 1).Summary | Should -Be "found in hug's not-found documentation"
        $endpoint.Evidence -join '; ' | Should -Match 'the not-found answer documents 4 operation\(s\) \(hug\)'
        $endpoint.Findings.RuleId | Should -Be 'ATR-INV-001' -Because 'the description is readable by anyone, like an exposed spec'
        $endpoint.SpecUrl | Should -BeNullOrEmpty
    }
}

Describe 'Get-ApiInventory on Spyne (Debian), a SOAP 1.1 service' {
    BeforeAll {
        $script:Spyne = @{ Name = 'Spyne 2.14 (SOAP 1.1)'; App = 'realfw6-spyne'; Python = @('spyne', 'lxml'); Start = @('/usr/bin/python3', 'app.py', '{port}'); Ready = '/?wsdl' }
    }

    It 'curl sees the WSDL and a SOAP call answering; the inventory reports the SOAP service with every operation of its WSDL' {
        $s = Start-Framework $Spyne
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $root = Invoke-Curl "$($s.Base)/"
        $root.StatusCode | Should -Be 405
        $root.Body | Should -Match '<faultcode>soap11env:Client\.RequestNotAllowed</faultcode>'
        $wsdl = Invoke-Curl "$($s.Base)/?wsdl"
        $wsdl.Body | Should -Match '<wsdl:operation name="add"'
        $wsdl.Body | Should -Match '<wsdl:operation name="say_hello"'
        $envelope = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="spyne.examples.hello"><soapenv:Body><tns:add><tns:a>2</tns:a><tns:b>3</tns:b></tns:add></soapenv:Body></soapenv:Envelope>'
        (Invoke-Curl "$($s.Base)/" -Method POST -Header 'Content-Type: text/xml; charset=utf-8', 'SOAPAction: "add"' -Body $envelope).Body | Should -Match '<tns:addResult>5</tns:addResult>'
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        @($endpoints | ForEach-Object { "$($_.Kind) $(([uri]$_.Url).AbsolutePath)" }) | Should -Be @('Soap /')
        $endpoints[0].SpecUrl | Should -Be "$($s.Base)/?wsdl"
        $endpoints[0].Source | Should -Be 'WellKnownPath'
        @($endpoints[0].Operations | ForEach-Object { "$($_.Method) $($_.Path)" } | Sort-Object) | Should -Be @('SOAP add', 'SOAP say_hello')
    }
}

Describe 'Get-ApiInventory on Docker Registry 2.8 (Debian docker-registry), the HTTP API V2 of container registries' {
    BeforeAll {
        $script:Registry = @{ Name = 'Docker Registry 2.8 (open)'; App = 'realfw6-registry'; Command = @('docker-registry', 'sh')
            Start = @('sh', 'run.sh', '{port}', 'open'); Ready = '/v2/' }
    }

    It 'curl pushes an image and sees /v2/ and the catalog; the inventory reports /v2 with the catalog and each repository''s tag list' {
        $s = Start-Framework $Registry
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        Push-RegistryImage -Base $s.Base -Repository 'team/app' -Tag '1.0'
        $check = Invoke-Curl "$($s.Base)/v2/"
        $check.StatusCode | Should -Be 200
        $check.Headers | Should -Match '(?m)^Docker-Distribution-Api-Version: registry/2\.0'
        (Invoke-Curl "$($s.Base)/v2/_catalog").Body | Should -Match '^\{"repositories":\["team/app"\]\}'
        (Invoke-Curl "$($s.Base)/v2/team/app/tags/list").Body | Should -Match '"tags":\["1\.0"\]'
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        @($endpoints | ForEach-Object { "$($_.Kind) $(([uri]$_.Url).AbsolutePath)" }) | Should -Be @('Rest /v2')
        @($endpoints[0].Operations | ForEach-Object { "$($_.Method) $($_.Path)" } | Sort-Object) | Should -Be @('GET /v2/_catalog', 'GET /v2/team/app/tags/list')
        ($endpoints[0].Operations | Where-Object Path -EQ '/v2/team/app/tags/list').Summary | Should -Be 'found in registry catalog at /v2/_catalog'
        $endpoints[0].Authentication | Should -Be 'None'
    }
}

Describe 'Get-ApiInventory on the plain twins: a Mojolicious and a Hono website with no API' {
    It '<Name>: curl sees an HTML site and the framework''s not-found answer; the inventory reports nothing' -ForEach $PlainSites {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $page = Invoke-Curl "$($s.Base)/"
        $page.StatusCode | Should -Be 200
        $page.Headers | Should -Match "(?m)$($_.Server)"
        $page.Body | Should -Match '<a href="/about">'
        (Invoke-Curl "$($s.Base)/about").StatusCode | Should -Be 200
        (Invoke-Curl "$($s.Base)/atr-nowhere").StatusCode | Should -Be 404
        @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
    }
}
