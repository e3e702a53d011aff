# A fourth round of Get-ApiInventory's real-software wing (contract of tests/Real/Discovery.ps1: curl checks the ground
# truth, -Depth Standard finds at least 90% of it, exactly the expected endpoints are reported, each with its Source).
# Rails 6.1 (Debian ruby-rails) in API mode with a scaffolded resource (tests/Real/apps/realfw-rails): in development
# Rails lists its routes at /rails/info/routes, the framework's documented route listing; in production it serves no
# description at all, and an inventory must not invent one (its /books is found by the resource wordlist, undescribed). Feathers 5 with feathers-swagger and its Socket.io
# transport, and Restify 12 with restify-swagger-jsdoc (npm, tests/Real/apps/realfw-*), each on the add-on's documented
# paths, and each without its documentation add-on: then nothing describes the API, and its origin is reported as a
# REST API (its JSON not-found answers) with no operation invented.

BeforeDiscovery {
    $script:Frameworks = @(
        @{ Name = 'Feathers 5 + feathers-swagger'; App = 'realfw-feathers'; Npm = @('@feathersjs/feathers', '@feathersjs/express', 'feathers-swagger')
            Start = @('node', 'server.js', '{port}'); Ready = '/swagger.json'; Body = '{"text":"Ship it","name":"grace"}'
            Specs = @('/swagger.json'); DocPages = @('/docs/', '/docs')
            Operations = @('GET /messages', 'POST /messages', 'GET /messages/{id}', 'PATCH /messages/{id}', 'DELETE /messages/{id}', 'GET /users', 'POST /users', 'GET /users/{id}')
            Endpoints = @('OpenApi /') }
        @{ Name = 'Restify 12 + restify-swagger-jsdoc'; App = 'realfw-restify'; Npm = @('restify', 'restify-swagger-jsdoc')
            Start = @('node', 'server.js', '{port}'); Ready = '/docs/swagger/swagger.json'; Body = '{"title":"Water the plants"}'
            Specs = @('/docs/swagger/swagger.json'); DocPages = @('/docs/swagger/index.html', '/docs/swagger')
            Operations = @('GET /todos', 'POST /todos', 'GET /todos/{id}', 'DELETE /todos/{id}')
            Endpoints = @('OpenApi /') }
    )
    $script:Undocumented = @(
        @{ Name = 'Feathers 5 without feathers-swagger'; App = 'realfw-feathers'; Npm = @('@feathersjs/feathers', '@feathersjs/express')
            Start = @('node', 'server.js', '{port}'); Environment = @{ SWAGGER = 'off' }; Resource = '/messages'
            NotFound = '"className":"not-found"'; Found = @('GET /messages', 'GET /messages/{id}', 'GET /users', 'GET /users/{id}') }
        @{ Name = 'Restify 12 without restify-swagger-jsdoc'; App = 'realfw-restify'; Npm = @('restify')
            Start = @('node', 'server.js', '{port}'); Environment = @{ DOCS = 'off' }; Resource = '/todos'
            NotFound = '"code":"ResourceNotFound"'; Found = @('GET /todos', 'GET /todos/{id}') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Discovery.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Rails.ps1')
    $script:RailsReason = Get-RailsSkipReason
    $script:Rails = @{}
}

AfterAll {
    $Rails.Values | ForEach-Object { $_.Server | Stop-RealServer }
    Stop-Framework
}

Describe 'Get-ApiInventory on Feathers and Restify' {
    It '<Name>: curl confirms the ground truth, and -Depth Standard finds at least 90% of it, each endpoint with its Source' -ForEach $Frameworks {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        Assert-FrameworkRecall $_ $s.Base
    }

    It '<Name>: nothing describes the API; the resource wordlist finds its collections and their items, each confirmed by curl' -ForEach $Undocumented {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        (Invoke-Curl "$($s.Base)$($_.Resource)").StatusCode | Should -Be 200 -Because 'the API itself answers'
        (Invoke-Curl "$($s.Base)/atr-nowhere").Body | Should -Match ([regex]::Escape($_.NotFound)) -Because "the framework's own not-found answer"
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        @($endpoints | ForEach-Object { "$($_.Kind) $(([uri]$_.Url).AbsolutePath)" }) | Should -Be @('Rest /')
        # The origin answers JSON errors, so -Depth Standard asks the resource wordlist: what it reports must be real.
        @($endpoints[0].Operations | ForEach-Object { "$($_.Method) $($_.Path)" } | Sort-Object) | Should -Be @($Found | Sort-Object)
        foreach ($list in $Found | Where-Object { $_ -notmatch '\{id\}' }) {
            $answer = Invoke-Curl "$($s.Base)$($list -replace '^GET ')"
            $answer.StatusCode | Should -Be 200 -Because "curl: $list answers"
            $answer.Headers | Should -Match '(?im)^content-type: application/json'
        }
        $endpoints[0].SpecUrl | Should -BeNullOrEmpty
        $endpoints[0].Evidence -join '; ' | Should -Match 'answers 404 application/json'
    }
}

Describe 'Get-ApiInventory on Rails 6.1 (API mode, scaffolded resource)' {
    It 'development: curl sees the route listing, and -Depth Standard reads every route from it' {
        if ($RailsReason) { Set-ItResult -Skipped -Because $RailsReason; return }
        $Rails.development = Start-RailsApp development
        $base = $Rails.development.Base
        $listing = Invoke-Curl "$base/rails/info/routes"
        $listing.StatusCode | Should -Be 200
        $listing.Body | Should -Match "data-route-path='/books/:id\(\.:format\)'" -Because 'Rails lists its routes in development'
        (Invoke-Curl "$base/atr-nowhere").Body | Should -Match '"exception":"#\\u003cActionController::RoutingError' -Because 'an API-only app answers its debug page as JSON'
        $framework = @{ Name = 'Rails 6.1 API (development)'; Body = '{"book":{"title":"Refactoring","author":"Martin Fowler"}}'
            Operations = @('GET /up', 'GET /books', 'POST /books', 'GET /books/{id}', 'PATCH /books/{id}', 'PUT /books/{id}', 'DELETE /books/{id}')
            Endpoints = @('Rest /') }
        Assert-FrameworkRecall $framework $base
        $endpoint = Get-ApiInventory -Url $base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue
        @($endpoint.Operations | Where-Object Summary -NE 'found in /rails/info/routes') | Should -BeNullOrEmpty -Because 'every route was read from the listing, none probed'
    }

    It 'production: the same API serves no description; the resource wordlist finds /books, and no description is invented' {
        if ($RailsReason) { Set-ItResult -Skipped -Because $RailsReason; return }
        $Rails.production = Start-RailsApp production
        $base = $Rails.production.Base
        (Invoke-Curl "$base/books").Body | Should -Match '"title":"Practical Object-Oriented Design"'
        (Invoke-Curl "$base/rails/info/routes").StatusCode | Should -Be 404
        $nowhere = Invoke-Curl "$base/atr-nowhere"
        $nowhere.StatusCode | Should -Be 404
        $nowhere.Body | Should -BeNullOrEmpty -Because 'production answers an unknown path with an empty 404'
        # Rails is recognised (X-Runtime), so -Depth Standard asks the resource wordlist (api-resources.json): /books and one
        # item by the id its list shows answer JSON, unlike the empty not-found answer (RealSoftware8Py's wing).
        $endpoints = @(Get-ApiInventory -Url $base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        @($endpoints | ForEach-Object { "$($_.Kind) $(([uri]$_.Url).AbsolutePath)" }) | Should -Be @('Rest /')
        $endpoints[0].SpecUrl | Should -BeNullOrEmpty
        $endpoints[0].FoundAt | Should -Be 'the API resource wordlist'
        @($endpoints[0].Operations | ForEach-Object { "$($_.Method) $($_.Path)" } | Sort-Object) | Should -Be @('GET /books', 'GET /books/{id}')
    }
}
