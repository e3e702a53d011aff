# A fifth round of Get-ApiInventory's real-software wing (contract of tests/Real/Discovery.ps1: curl checks the ground
# truth, -Depth Standard finds at least 90% of it, exactly the expected endpoints are reported, each with its Source).
# SAP's Cloud Application Programming Model (@sap/cds, npm) serving the bookshop's CatalogService over OData V4 on its
# defaults: a welcome page at / linking the service, its service document at /odata/v4/catalog and its CSDL at
# /odata/v4/catalog/$metadata (tests/Real/apps/realfw5-cap). Fortune.js with fortune-http's JSON:API serializer (npm): a
# root whose "links" name every type (tests/Real/apps/realfw5-fortune). aiohttp with aiohttp-apispec (Debian) on the
# add-on's default spec path and its opt-in Swagger UI (tests/Real/apps/realfw5-aiohttp). Falcon 3 (Debian python3-falcon) on its
# tutorial's routes: it serves no description, so the origin is reported as a JSON API; its /images is found by the resource wordlist (RealSoftware8Py).

BeforeDiscovery {
    $script:Frameworks = @(
        @{ Name = 'SAP CAP 9 (OData V4)'; App = 'realfw5-cap'; Npm = @('@sap/cds', 'express')
            Start = @('node', 'node_modules/@sap/cds/bin/serve.js', '--port', '{port}'); Ready = '/odata/v4/catalog/$metadata'
            Specs = @('/odata/v4/catalog/$metadata'); SpecPattern = '<edmx:Edmx[^>]*Version="4\.0"[\s\S]*<EntitySet Name="Books"'
            Operations = @('GET /odata/v4/catalog/Books', 'GET /odata/v4/catalog/Books/{id}', 'GET /odata/v4/catalog/Authors', 'GET /odata/v4/catalog/Authors/{id}')
            Endpoints = @('Rest /odata/v4/catalog/') }
        @{ Name = 'Fortune.js 5 + fortune-json-api (JSON:API)'; App = 'realfw5-fortune'; Npm = @('fortune', 'fortune-http', 'fortune-json-api')
            Start = @('node', 'server.js', '{port}')
            Operations = @('GET /users', 'GET /users/{id}', 'GET /posts', 'GET /posts/{id}')
            Endpoints = @('Rest /') }
        @{ Name = 'aiohttp 3.8 + aiohttp-apispec 3'; App = 'realfw5-aiohttp'; Python = @('aiohttp_apispec')
            Start = @('/usr/bin/python3', 'app.py', '{port}'); Ready = '/api/docs/swagger.json'; Body = '{"name":"Rex"}'
            Specs = @('/api/docs/swagger.json'); DocPages = @('/api/docs')
            Operations = @('GET /pets', 'POST /pets', 'GET /pets/{pet_id}')
            Endpoints = @('OpenApi /') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Discovery.ps1')
}

AfterAll { Stop-Framework }

Describe 'Get-ApiInventory on OData, JSON:API and aiohttp-apispec servers' {
    It '<Name>: curl confirms the ground truth, and -Depth Standard finds at least 90% of it, each endpoint with its Source' -ForEach $Frameworks {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        Assert-FrameworkRecall $_ $s.Base
    }

    It 'SAP CAP: the welcome page links the service, whose service document and $metadata describe it; the inventory reads them' -ForEach @($Frameworks | Where-Object App -EQ 'realfw5-cap') {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $welcome = Invoke-Curl "$($s.Base)/"
        $welcome.Body | Should -Match 'href="/odata/v4/catalog/\$metadata"' -Because 'cds serve lists every service on its development index page'
        $document = Invoke-Curl "$($s.Base)/odata/v4/catalog" -Header 'Accept: application/json'
        $document.Body | Should -Match '^\{"@odata.context":"\$metadata",.*"value":\[\{"name":"Books","url":"Books"\},\{"name":"Authors","url":"Authors"\}\]\}$'
        $document.Headers | Should -Match '(?m)^OData-Version: 4\.0\s*$'
        $endpoint = Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue
        $endpoint.SpecUrl | Should -Be "$($s.Base)/odata/v4/catalog/`$metadata"
        $endpoint.Source | Should -Be 'Crawl'
        $endpoint.FoundAt | Should -Not -BeNullOrEmpty
        $endpoint.Evidence -join '; ' | Should -Match 'OData metadata document at /odata/v4/catalog/\$metadata: 2 entity set\(s\)'
        @($endpoint.Operations | Where-Object Path -Match '\$metadata') | Should -BeNullOrEmpty -Because 'the description is not an operation'
    }

    It 'Fortune.js: the JSON:API root names every type; the inventory follows its links and one item of each list' -ForEach @($Frameworks | Where-Object App -EQ 'realfw5-fortune') {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $root = Invoke-Curl "$($s.Base)/"
        $root.Headers | Should -Match '(?m)^Content-Type: application/vnd\.api\+json\s*$'
        $root.Body | Should -Match '"links":\s*\{\s*"users":\s*"/users",\s*"posts":\s*"/posts"'
        $endpoint = Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue
        $endpoint.Evidence -join '; ' | Should -Match 'GET / answers 200 application/vnd\.api\+json'
        ($endpoint.Operations | Where-Object Path -EQ '/users').Summary | Should -Be 'found in JSON:API at /'
    }
}

Describe 'Get-ApiInventory on Falcon 3 (Debian), which describes nothing' {
    BeforeAll {
        $script:Falcon = @{ Name = 'Falcon 3'; App = 'realfw5-falcon'; Python = @('falcon'); Start = @('/usr/bin/python3', 'app.py', '{port}'); Ready = '/images' }
    }

    It 'curl sees the tutorial routes and the JSON not-found; the origin is reported as a REST API, /images found by the resource wordlist' {
        $s = Start-Framework $Falcon
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        (Invoke-Curl "$($s.Base)/images").Body | Should -Match '"name": "sunset.png"'
        (Invoke-Curl "$($s.Base)/images/2").StatusCode | Should -Be 200
        $nowhere = Invoke-Curl "$($s.Base)/atr-nowhere"
        $nowhere.StatusCode | Should -Be 404
        $nowhere.Body | Should -Be '{"title": "404 Not Found"}' -Because "Falcon's default not-found answer"
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        @($endpoints | ForEach-Object { "$($_.Kind) $(([uri]$_.Url).AbsolutePath)" }) | Should -Be @('Rest /')
        # The tutorial's /images is in the resource wordlist (api-resources.json; RealSoftware8Py's wing), one item by its list's
        # id; wsgiref (HTTP/1.0, one request at a time) sometimes ends a pooled connection under the probe, so it may be
        # missed, but nothing else may be invented.
        foreach ($op in @($endpoints[0].Operations | ForEach-Object { "$($_.Method) $($_.Path)" })) { $op | Should -BeIn @('GET /images', 'GET /images/{id}') }
        $endpoints[0].SpecUrl | Should -BeNullOrEmpty
        $endpoints[0].Evidence -join '; ' | Should -Match 'answers 404 application/json'
    }
}
