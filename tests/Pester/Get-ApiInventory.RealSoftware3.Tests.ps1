# A third round of Get-ApiInventory's real-software wing: LoopBack 4 with its API Explorer (npm @loopback/rest,
# @loopback/rest-explorer) and PostGraphile's CLI (npm postgraphile 4) over Debian's PostgreSQL, each on its documented
# defaults (tests/Real/apps/realfw-*). Same contract as Get-ApiInventory.RealFrameworks.Tests.ps1 (tests/Real/Discovery.ps1):
# curl checks the ground truth, -Depth Standard finds at least 90% of it, exactly the expected endpoints are reported.
# WordPress's REST API is in Test-ApiSecurity.RealSoftware3.Tests.ps1 (one MariaDB for its inventory and exposure).

BeforeDiscovery {
    $script:Frameworks = @(
        @{ Name = 'LoopBack 4 + API Explorer'; App = 'realfw-loopback'; Npm = @('@loopback/rest', '@loopback/rest-explorer')
            Start = @('node', 'server.js', '{port}'); Ready = '/openapi.json'; Body = '{"title":"Descale the kettle","done":false}'
            Specs = @('/openapi.json', '/explorer/openapi.json'); DocPages = @('/explorer/', '/explorer')
            Operations = @('GET /ping', 'GET /notes', 'POST /notes', 'GET /notes/{id}', 'DELETE /notes/{id}')
            Endpoints = @('OpenApi /') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Discovery.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Postgres.ps1')
}

AfterAll { Stop-Framework }

Describe 'Get-ApiInventory on LoopBack 4' {
    It '<Name>: curl confirms the ground truth, and -Depth Standard finds at least 90% of it, each endpoint with its Source' -ForEach $Frameworks {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        (Invoke-Curl "$($s.Base)/explorer/").Body | Should -Match '<title>LoopBack API Explorer</title>'
        # LoopBack compiles a route's body validator on its first POST (seconds on a loaded machine): warm it up first.
        $deadline = [DateTime]::UtcNow.AddSeconds(90)
        while ((Invoke-Curl "$($s.Base)/notes" -Method POST -Header 'Content-Type: application/json' -Body $_.Body).StatusCode -ne 200 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 500 }
        (Invoke-Curl "$($s.Base)/atr-nowhere").Body | Should -Match '"name":"NotFoundError"' -Because "LoopBack's own not-found answer is the signal frameworks.json names"
        Assert-FrameworkRecall $_ $s.Base
    }
}

Describe 'Get-ApiInventory on PostGraphile (CLI defaults) over PostgreSQL' {
    BeforeAll {
        $app = Join-Path $RepoRoot 'tests/Real/apps/realfw-postgraphile'
        $script:Reason = Get-RealSkipReason -Command node, curl, psql -App realfw-postgraphile -NpmPackage postgraphile
        if (-not $Reason) {
            $script:Pg = Start-RealPostgres
            $script:Reason = $PostgresSkipReason
        }
        if (-not $Reason) {
            $env:PGPASSWORD = $Pg.Password
            try { $null = & psql -h 127.0.0.1 -p $Pg.Port -U postgres -d postgres -q -v ON_ERROR_STOP=1 -f (Join-Path $app 'schema.sql') } finally { Remove-Item Env:PGPASSWORD }
            $port = Get-FreeTcpPort
            # The CLI as its usage page shows it: a connection string, the schema, host and port; GraphiQL at /graphiql
            # and the API at /graphql are its defaults. The password reaches it through libpq's PGPASSWORD, not argv.
            $script:Graphile = Start-RealServer -Name postgraphile -FilePath (Get-Command node).Source -WorkingDirectory $app -ReadyPort $port -TimeoutSec 90 `
                -ArgumentList 'node_modules/postgraphile/cli.js', '-c', "postgres://postgres@127.0.0.1:$($Pg.Port)/postgres", '--schema', 'bakery', '--host', '127.0.0.1', '--port', "$port" `
                -Environment @{ PGPASSWORD = $Pg.Password }
            $script:Base = "http://127.0.0.1:$port"
        }
    }
    AfterAll {
        if ($Graphile) { $Graphile | Stop-RealServer }
        Stop-RealPostgres $Pg
    }

    It 'PostGraphile: curl confirms /graphql and /graphiql, and -Depth Standard finds the GraphQL endpoint and at least 90% of the queries and mutations checked' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        (Invoke-Curl "$Base/graphiql").Body | Should -Match 'GraphiQL|graphiql' -Because 'the CLI serves GraphiQL by default'
        $framework = @{ Name = 'PostGraphile'; GraphQl = @('/graphql')
            Operations = @('QUERY allLoaves', 'QUERY loafById', 'QUERY allBakers', 'QUERY bakerById', 'MUTATION createLoaf', 'MUTATION updateLoafById', 'MUTATION deleteBakerById')
            Endpoints = @('GraphQL /graphql') }
        Assert-FrameworkRecall $framework $Base
    }
}
