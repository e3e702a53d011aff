# More of Get-ApiInventory's real-software wing: ASP.NET Core minimal APIs from NuGet (Swashbuckle, NSwag,
# Microsoft.AspNetCore.OpenApi with Scalar), hapi with hapi-swagger, Express with swagger-jsdoc and redoc-express, and
# three GraphQL servers (GraphQL Yoga, Mercurius, graphql-http), each with its packages' documented defaults
# (tests/Real/apps/frameworks-*). Same contract as Get-ApiInventory.RealFrameworks.Tests.ps1 (tests/Real/Discovery.ps1):
# curl checks the ground truth, -Depth Standard finds at least 90% of it, exactly the expected endpoints are reported.

BeforeDiscovery {
    $dll = 'bin/Release/net10.0/AspNetCoreApis.dll'
    $todo = @('GET /api/todos', 'POST /api/todos', 'GET /api/todos/{id}', 'DELETE /api/todos/{id}')
    $todoBody = '{"id":3,"title":"Water the plants","done":false}'
    $script:Frameworks = @(
        @{ Name = 'ASP.NET Core + Swashbuckle'; App = 'frameworks-aspnetcore'; Dotnet = $true
            Start = @('dotnet', $dll, 'swashbuckle', '{port}'); Body = $todoBody; Ready = '/swagger/v1/swagger.json'
            Specs = @('/swagger/v1/swagger.json'); DocPages = @('/swagger/index.html', '/swagger', '/swagger/')
            Operations = $todo; Endpoints = @('OpenApi /') }
        @{ Name = 'ASP.NET Core + NSwag'; App = 'frameworks-aspnetcore'; Dotnet = $true
            Start = @('dotnet', $dll, 'nswag', '{port}'); Body = $todoBody; Ready = '/swagger/v1/swagger.json'
            Specs = @('/swagger/v1/swagger.json'); DocPages = @('/swagger/index.html', '/swagger', '/swagger/')
            Operations = $todo; Endpoints = @('OpenApi /') }
        @{ Name = 'ASP.NET Core OpenAPI + Scalar'; App = 'frameworks-aspnetcore'; Dotnet = $true
            Start = @('dotnet', $dll, 'scalar', '{port}'); Body = $todoBody; Ready = '/openapi/v1.json'
            Specs = @('/openapi/v1.json'); DocPages = @('/scalar/v1', '/scalar')
            Operations = $todo; Endpoints = @('OpenApi /') }
        @{ Name = 'hapi + hapi-swagger'; App = 'frameworks-hapi'; Npm = @('@hapi/hapi', 'hapi-swagger')
            Start = @('node', 'server.js', '{port}'); Body = '{"name":"South"}'
            Specs = @('/swagger.json'); DocPages = @('/documentation')
            Operations = @('GET /api/stores', 'POST /api/stores', 'GET /api/stores/{id}', 'DELETE /api/stores/{id}')
            Endpoints = @('OpenApi /') }
        @{ Name = 'Express + swagger-jsdoc + redoc-express'; App = 'frameworks-redoc'; Npm = @('express', 'swagger-jsdoc', 'redoc-express')
            Start = @('node', 'server.js', '{port}')
            Specs = @('/docs/swagger.json'); DocPages = @('/docs')
            Operations = @('GET /billing/invoices', 'POST /billing/invoices', 'GET /billing/invoices/{id}')
            Endpoints = @('OpenApi /') }
        @{ Name = 'GraphQL Yoga'; App = 'frameworks-yoga'; Npm = @('graphql-yoga')
            Start = @('node', 'server.js', '{port}')
            GraphQl = @('/graphql'); Operations = @('QUERY books', 'QUERY book', 'MUTATION addBook')
            Endpoints = @('GraphQL /graphql') }
        @{ Name = 'Fastify + Mercurius'; App = 'frameworks-mercurius'; Npm = @('fastify', 'mercurius')
            Start = @('node', 'server.js', '{port}')
            GraphQl = @('/graphql'); Operations = @('QUERY recipes', 'QUERY recipe', 'QUERY add', 'MUTATION addRecipe')
            Endpoints = @('GraphQL /graphql') }
        @{ Name = 'Express + graphql-http'; App = 'frameworks-graphql-http'; Npm = @('express', 'graphql-http')
            Start = @('node', 'server.js', '{port}')
            GraphQl = @('/graphql'); Operations = @('QUERY hello', 'QUERY stock', 'MUTATION restock')
            Endpoints = @('GraphQL /graphql') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Discovery.ps1')
}

AfterAll { Stop-Framework }

Describe 'Get-ApiInventory on more real frameworks' {
    It '<Name>: curl confirms the ground truth, and -Depth Standard finds at least 90% of it, each endpoint with its Source' -ForEach $Frameworks {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        Assert-FrameworkRecall $_ $s.Base
    }
}
