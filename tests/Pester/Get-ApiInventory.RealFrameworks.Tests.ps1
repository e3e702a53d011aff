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
    . (Join-Path $RepoRoot 'tests/Real/Discovery.ps1')
}

AfterAll { Stop-Framework }

Describe 'Get-ApiInventory on real frameworks' {
    It '<Name>: curl confirms the ground truth, and -Depth Standard finds at least 90% of it, each endpoint with its Source' -ForEach $Frameworks {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        Assert-FrameworkRecall $_ $s.Base
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
