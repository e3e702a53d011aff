# The real-software wing of Get-ApiInventory: unmodified API frameworks (Debian and npm packages), each with its own
# defaults and a tutorial-sized app (tests/Real/apps/discovery-*), and plain websites served by nginx and Python's
# http.server. Each framework's ground truth (its spec and documentation URLs, GraphQL endpoint, operations) is checked
# with curl first; then Get-ApiInventory -Depth Standard must find at least 90% of it, give every endpoint its Source,
# report exactly the expected endpoints, and report nothing for the plain sites.

BeforeDiscovery {
    # One entry per framework. Specs/DocPages/GraphQl: any one of the paths counts (a framework serves the same
    # description at several); Operations: "METHOD path" with {placeholders}; Endpoints: exactly what is reported.
    $script:Frameworks = @(
        @{ Name = 'FastAPI'; App = 'discovery-fastapi'; Python = @('fastapi', 'uvicorn')
            Start = @('/usr/bin/python3', '-m', 'uvicorn', 'main:app', '--host', '127.0.0.1', '--port', '{port}')
            Specs = @('/openapi.json'); DocPages = @('/docs', '/redoc')
            Operations = @('GET /items/{item_id}', 'PUT /items/{item_id}', 'GET /users/me')
            Endpoints = @('OpenApi /') }
        @{ Name = 'Django REST framework'; App = 'discovery-drf'; Python = @('rest_framework', 'uritemplate', 'yaml')
            Start = @('/usr/bin/python3', 'app.py', '{port}')
            Specs = @('/openapi'); ApiRoot = '/'
            Operations = @('GET /snippets/', 'GET /snippets/{id}/', 'GET /authors/', 'GET /authors/{id}/')
            Endpoints = @('OpenApi /') }
        @{ Name = 'Flask + flasgger'; App = 'discovery-flasgger'; Python = @('flask', 'flasgger')
            Start = @('/usr/bin/python3', 'app.py', '{port}')
            Specs = @('/apispec_1.json'); DocPages = @('/apidocs/', '/apidocs')
            Operations = @('GET /colors/{palette}/', 'GET /api/orders', 'POST /api/orders')
            Endpoints = @('OpenApi /') }
        @{ Name = 'graphene'; App = 'discovery-graphene'; Python = @('graphene')
            Start = @('/usr/bin/python3', 'server.py', '{port}')
            GraphQl = @('/graphql'); Operations = @('QUERY hello', 'QUERY books', 'MUTATION addBook')
            Endpoints = @('GraphQL /graphql') }
        @{ Name = 'Express + swagger-ui-express'; App = 'discovery-express'; Npm = @('express', 'swagger-ui-express')
            Start = @('node', 'server.js', '{port}')
            Specs = @('/api-docs/swagger-ui-init.js'); DocPages = @('/api-docs/', '/api-docs')
            Operations = @('GET /api/books', 'POST /api/books', 'GET /api/books/{id}', 'GET /api/health')
            Endpoints = @('OpenApi /') }
        @{ Name = 'Fastify + @fastify/swagger'; App = 'discovery-fastify'; Npm = @('fastify', '@fastify/swagger', '@fastify/swagger-ui')
            Start = @('node', 'server.js', '{port}')
            Specs = @('/documentation/json', '/documentation/yaml'); DocPages = @('/documentation', '/documentation/')
            Operations = @('GET /todos', 'POST /todos', 'GET /todos/{id}', 'DELETE /todos/{id}')
            Endpoints = @('OpenApi /') }
        @{ Name = 'NestJS + @nestjs/swagger'; App = 'discovery-nestjs'; Npm = @('@nestjs/core', '@nestjs/swagger')
            Start = @('node', 'main.js', '{port}')
            Specs = @('/api-json', '/api-yaml'); DocPages = @('/api', '/api/')
            Operations = @('GET /cats', 'POST /cats', 'GET /cats/{id}', 'GET /owners')
            Endpoints = @('OpenApi /') }
        @{ Name = 'json-server'; App = 'discovery-jsonserver'; Npm = @('json-server')
            Start = @('node', 'node_modules/json-server/lib/cli/bin.js', '--host', '127.0.0.1', '--port', '{port}', 'db.json')
            Operations = @('GET /posts', 'GET /posts/{id}', 'GET /comments', 'GET /comments/{id}', 'GET /profile', 'GET /db')
            Endpoints = @('Rest /') }
        @{ Name = 'Koa + @koa/router'; App = 'discovery-koa'; Npm = @('koa', '@koa/router', 'koa-static')
            Start = @('node', 'server.js', '{port}')
            Operations = @('GET /api/notes', 'POST /api/notes', 'GET /api/notes/{id}', 'GET /api/session')
            Endpoints = @('Rest /api') }
        @{ Name = 'Apollo Server'; App = 'discovery-apollo'; Npm = @('@apollo/server', 'graphql')
            Start = @('node', 'server.js', '{port}')
            GraphQl = @('/'); Operations = @('QUERY books', 'QUERY book', 'MUTATION addBook')
            Endpoints = @('GraphQL /') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    $script:Servers = @{}
    $script:Recall = [System.Collections.Generic.List[object]]::new()

    function Start-Framework($F) {
        # Starts the framework's app on a free port (once), or returns the reason it cannot run here.
        if ($Servers.ContainsKey($F.Name)) { return $Servers[$F.Name] }
        $reason = Get-RealSkipReason -PythonModule @($F.Python | Where-Object { $_ }) -App $F.App -NpmPackage @($F.Npm | Where-Object { $_ }) `
            -Command @(if ($F.Npm) { 'node' })
        if (-not $reason -and -not (Get-Command curl -ErrorAction Ignore)) { $reason = 'curl is not installed (tests/Real/debian-packages.txt)' }
        if ($reason) { return ($Servers[$F.Name] = [pscustomobject]@{ Skip = $reason }) }
        $port = Get-FreeTcpPort
        $command = @($F.Start | ForEach-Object { $_ -replace '\{port\}', $port })
        $server = Start-RealServer -Name ($F.App) -FilePath $command[0] -ArgumentList @($command | Select-Object -Skip 1) `
            -WorkingDirectory (Join-Path $RepoRoot "tests/Real/apps/$($F.App)") -ReadyPort $port -TimeoutSec 90
        # A port accepts before some frameworks route: wait until the app answers HTTP at all.
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ((Invoke-Curl -Url "http://127.0.0.1:$port/").StatusCode -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 300 }
        ($Servers[$F.Name] = [pscustomobject]@{ Skip = $null; Server = $server; Base = "http://127.0.0.1:$port" })
    }

    function Get-Concrete([string]$Path) { $Path -replace '\{[^}/]+\}', '1' }

    function Get-NormalPath([string]$Path) { (($Path -replace '\{[^}/]*\}', '{}') -replace '(?<=/):[A-Za-z_]\w*', '{}').TrimEnd('/') }

    function Get-FoundOperation($Endpoints) {
        # "METHOD /full/path" of every operation reported (paths joined to their endpoint's base when relative to it).
        foreach ($e in $Endpoints) {
            $base = ([uri]$e.Url).AbsolutePath.TrimEnd('/')
            foreach ($op in $e.Operations) {
                if ($op.Method -in 'QUERY', 'MUTATION', 'SUBSCRIPTION') { "$($op.Method) $($op.Path)"; continue }
                $full = if ($base -and -not $op.Path.StartsWith("$base/") -and $op.Path -ne $base) { $base + $op.Path } else { $op.Path }
                "$($op.Method) $(Get-NormalPath $full)"
            }
        }
    }
}

AfterAll {
    foreach ($s in $Servers.Values) { if ($s.Server) { $s.Server | Stop-RealServer } }
    if ($Recall.Count -gt 0) {
        $found = ($Recall | Measure-Object Found -Sum).Sum; $total = ($Recall | Measure-Object Total -Sum).Sum
        Write-Host ("Recall on real frameworks (-Depth Standard): " + (($Recall | ForEach-Object { "$($_.Name) $($_.Found)/$($_.Total)" }) -join ', ') + "; overall $found/$total")
    }
}

Describe 'Get-ApiInventory on real frameworks' {
    It '<Name>: curl confirms the ground truth, and -Depth Standard finds at least 90% of it, each endpoint with its Source' -ForEach $Frameworks {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $base = $s.Base
        # Ground truth, as curl sees it.
        foreach ($p in @($_.Specs | Where-Object { $_ })) {
            $r = Invoke-Curl -Url "$base$p"
            $r.StatusCode | Should -Be 200 -Because "the framework serves its description at $p"
            $r.Body | Should -Match '"?(openapi|swagger|swaggerDoc)"?\s*:' -Because "$p is an OpenAPI/Swagger document"
        }
        foreach ($p in @($_.DocPages | Where-Object { $_ })) {
            (Invoke-Curl -Url "$base$p").StatusCode | Should -BeIn @(200, 301, 302, 308) -Because "the framework serves its documentation page at $p"
        }
        foreach ($p in @($_.GraphQl | Where-Object { $_ })) {
            (Invoke-Curl -Url "$base$p" -Method POST -Header 'Content-Type: application/json' -Body '{"query":"{__typename}"}').Body | Should -Match '"__typename"'
        }
        if ($_.ApiRoot) { (Invoke-Curl -Url "$base$($_.ApiRoot)" -Header 'Accept: application/json').Body | Should -Match 'http://127\.0\.0\.1:\d+/\w+/' }
        foreach ($op in $_.Operations) {
            $method, $path = $op -split ' ', 2
            if ($method -in 'QUERY', 'MUTATION') {
                (Invoke-Curl -Url "$base$($_.GraphQl[0])" -Method POST -Header 'Content-Type: application/json' -Body '{"query":"{__schema{queryType{fields{name}} mutationType{fields{name}}}}"}').Body |
                    Should -Match "`"$path`"" -Because "$op is in the GraphQL schema"
                continue
            }
            $r = if ($method -eq 'GET') { Invoke-Curl -Url "$base$(Get-Concrete $path)" } else {
                Invoke-Curl -Url "$base$(Get-Concrete $path)" -Method $method -Header 'Content-Type: application/json' -Body '{"name":"x","text":"x","price":1}' }
            $r.StatusCode | Should -BeIn @(200, 201, 204, 422) -Because "$op answers (ground truth)"
        }

        $endpoints = @(Get-ApiInventory -Url $base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $specs = @($_.Specs | Where-Object { $_ }); $docs = @($_.DocPages | Where-Object { $_ }); $gql = @($_.GraphQl | Where-Object { $_ })
        $expected = [int]($specs.Count -gt 0) + [int]($docs.Count -gt 0) + [int]($gql.Count -gt 0) + @($_.Operations).Count
        $found = 0
        $missed = [System.Collections.Generic.List[string]]::new()
        if ($specs.Count) {
            if (@($endpoints | Where-Object { $_.SpecUrl -and ([uri]$_.SpecUrl).AbsolutePath -in $specs }).Count) { $found++ } else { $missed.Add('spec') }
        }
        if ($docs.Count) {
            if (@($endpoints | Where-Object { $_.DocumentationUrl -and ([uri]$_.DocumentationUrl).AbsolutePath -in $docs }).Count) { $found++ } else { $missed.Add('documentation page') }
        }
        if ($gql.Count) {
            if (@($endpoints | Where-Object { $_.Kind -eq 'GraphQL' -and ([uri]$_.Url).AbsolutePath -in $gql }).Count) { $found++ } else { $missed.Add('GraphQL endpoint') }
        }
        $reported = @(Get-FoundOperation $endpoints)
        foreach ($op in $_.Operations) {
            $method, $path = $op -split ' ', 2
            $want = if ($method -in 'QUERY', 'MUTATION') { $op } else { "$method $(Get-NormalPath $path)" }
            if ($want -in $reported) { $found++ } else { $missed.Add($op) }
        }
        $Recall.Add([pscustomobject]@{ Name = $_.Name; Found = $found; Total = $expected })
        Write-Host "  $($_.Name): $found/$expected$(if ($missed.Count) { " (missed: $($missed -join ', '))" })"
        ($found / $expected) | Should -BeGreaterOrEqual 0.9 -Because "recall on $($_.Name) (missed: $($missed -join ', '))"
        @($endpoints | ForEach-Object { "$($_.Kind) $(([uri]$_.Url).AbsolutePath)" } | Sort-Object) | Should -Be @($_.Endpoints | Sort-Object)
        foreach ($e in $endpoints) {
            [enum]::IsDefined([ApiThreat.ApiSource], $e.Source) | Should -BeTrue
            if ($e.Source -notin 'WellKnownPath', 'UserInput') { $e.FoundAt | Should -Not -BeNullOrEmpty -Because "$($e.Url) came from a $($e.Source) lead" }
        }
    }
}

Describe 'Get-ApiInventory on plain websites' {
    BeforeAll {
        $script:PlainSite = Join-Path $RepoRoot 'tests/Real/apps/discovery-plainsite'
    }

    It 'nginx serving a static site (pages, images, a script, a contact form, robots.txt, a sitemap) is not an API' {
        $reason = Get-RealSkipReason -Command nginx, curl
        if ($reason) { Set-ItResult -Skipped -Because $reason; return }
        $port = Get-FreeTcpPort
        $tmp = Join-Path ([IO.Path]::GetTempPath()) "apithreat-nginx-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $null = New-Item -ItemType Directory $tmp
        (Get-Content -Raw (Join-Path $PlainSite 'nginx.conf')) -replace '__PORT__', $port -replace '__ROOT__', (Join-Path $PlainSite 'site') -replace '__TMP__', $tmp |
            Set-Content (Join-Path $tmp 'nginx.conf')
        $server = Start-RealServer -Name nginx -FilePath nginx -ArgumentList '-c', (Join-Path $tmp 'nginx.conf') -ReadyPort $port
        try {
            $base = "http://127.0.0.1:$port"
            (Invoke-Curl -Url "$base/").Body | Should -Match '<form action="/search"'
            (Invoke-Curl -Url "$base/js/carousel.js").StatusCode | Should -Be 200
            (Invoke-Curl -Url "$base/contact.html").Body | Should -Match 'method="post"'
            Get-ApiInventory -Url $base -AllowPrivateAddress | Should -BeNullOrEmpty
            Get-ApiInventory -Url $base -Depth Deep -AllowPrivateAddress | Should -BeNullOrEmpty
            # The crawl reached the linked pages and the script (so "nothing" is a judgement, not a blind spot).
            $log = Get-Content -Raw (Join-Path $tmp 'access.log')
            $log | Should -Match 'GET /about.html'
            $log | Should -Match 'GET /js/carousel.js'
            $log | Should -Match 'GET /menu/bread.html'
            $log | Should -Not -Match 'POST /contact'
        }
        finally { $server | Stop-RealServer }
    }

    It "Python's http.server listing a folder of pages is not an API" {
        $reason = Get-RealSkipReason -Command curl -PythonModule http.server
        if ($reason) { Set-ItResult -Skipped -Because $reason; return }
        $port = Get-FreeTcpPort
        $server = Start-RealServer -Name pyhttp -FilePath /usr/bin/python3 -ArgumentList '-m', 'http.server', $port, '--bind', '127.0.0.1' `
            -WorkingDirectory (Join-Path $PlainSite 'site') -ReadyPort $port
        try {
            (Invoke-Curl -Url "http://127.0.0.1:$port/menu/").StatusCode | Should -Be 200
            Get-ApiInventory -Url "http://127.0.0.1:$port" -AllowPrivateAddress | Should -BeNullOrEmpty
        }
        finally { $server | Stop-RealServer }
    }
}
