# An eighth round of Get-ApiInventory's real-software wing: APIs that describe nothing. Each framework from Debian 12 runs
# its own tutorial's app (tests/Real/apps/realfw8-py-<name>, citing the tutorial): no description document, no links,
# and an HTML (or empty) not-found page. Found by the resource wordlist (module/data/discovery/api-resources.json,
# Discovery/Apis/ResourceWordlist.cs and ApiDiscoverer.Wordlist.cs), asked at -Depth Standard only of an origin recognised
# as an API framework (frameworks.json: Tornado's Server header, CherryPy's, Bottle's, Pyramid's, Pecan's and Slim's
# not-found answers; Pyramid, Pecan and Slim answer an unknown path in JSON when JSON is asked for) or answering like an
# API, at Deep of every origin; an answer counts only when it is JSON or XML and unlike the origin's own not-found answer.
# At Standard, once the list's first paths found a resource, the rest of the list is asked too (the origin proved to be
# an API that describes nothing). A list's item is asked by the first id the list shows; where the plural path does not
# serve it, once under the singular name. Bottle, Pyramid and Falcon's tutorials serve with Python's wsgiref, one
# connection at a time: the origin's concurrency halves down to one when it ends answers early, and nothing is lost.
# - Flask-RESTful 0.3.9 (python3-flask-restful): the quickstart's /todos on Werkzeug's HTML 404 (recognised as Flask).
# - Tornado 6.2 (python3-tornado): Server: TornadoServer/6.2, a "Hello, world" text/html root, /items and /items/{id}.
# - Bottle 0.12 (python3-bottle) in the tutorial's debug mode: dicts returned as JSON at /users and /users/{id}.
# - CherryPy 18.8 (python3-cherrypy3): the REST tutorial's MethodDispatcher mounted at /api/items; the root is cheroot's
#   empty 404 (Server: 127.0.0.1, no CherryPy name), so it is recognised as no website rather than as CherryPy.
# - Pyramid 2.0 (python3-pyramid): the quick tour's JSON renderer behind an HTML home page; /howdy.json is past Standard's
#   share of the list, asked once /users was found.
# - Pecan 1.4 (python3-pecan): a RestController at /books under a JSON root.
# - Slim 3.12 (php-slim) on php -S: the walkthrough's /tickets list; its items are read at /ticket/{id} (singular): /tickets/1
#   is its HTML not-found page (not reported), /ticket/1 the item asked by the list's first id (reported as /ticket/{id}).
# Negatives (nothing reported at Standard or Deep): a Bottle HTML site with no API, a Bottle catch-all answering every path
# with the same 200 HTML page (a single-page app), and Pyramid serving only an HTML page (its JSON not-found answers make it
# a recognised framework: the wordlist runs and finds nothing).

BeforeDiscovery {
    $script:Py = @(
        @{ Name = 'Flask-RESTful 0.3.9'; App = 'realfw8-py-flaskrestful'; Python = @('flask_restful'); Start = @('/usr/bin/python3', 'app.py', '{port}'); Ready = '/todos'
            Root = 404; NotFound = 'The requested URL was not found on the server\. If you entered the URL manually'; NotFoundJson = $null; Recognised = 'Flask'
            Resources = @('GET /todos', 'GET /todos/{id}'); Operations = @('GET /todos', 'GET /todos/{}'); Endpoints = @('Rest /') }
        @{ Name = 'Tornado 6.2'; App = 'realfw8-py-tornado'; Python = @('tornado'); Start = @('/usr/bin/python3', 'app.py', '{port}')
            Root = 200; NotFound = '^<html><title>404: Not Found</title><body>404: Not Found</body></html>$'; NotFoundJson = $null; Recognised = 'Tornado'
            Resources = @('GET /items', 'GET /items/{id}'); Operations = @('GET /items', 'GET /items/{}'); Endpoints = @('Rest /') }
        @{ Name = 'Bottle 0.12'; App = 'realfw8-py-bottle'; Python = @('bottle'); Start = @('/usr/bin/python3', 'app.py', '{port}', 'debug'); Ready = '/users'
            Root = 404; NotFound = '<p>Sorry, the requested URL <tt>'; NotFoundJson = $null; Recognised = 'Bottle'
            Resources = @('GET /users', 'GET /users/{id}'); Operations = @('GET /users', 'GET /users/{}'); Endpoints = @('Rest /') }
        @{ Name = 'CherryPy 18.8'; App = 'realfw8-py-cherrypy'; Python = @('cherrypy'); Start = @('/usr/bin/python3', 'app.py', '{port}'); Ready = '/api/items'
            Root = 404; NotFound = '^$'; NotFoundJson = $null; Recognised = $null
            Resources = @('GET /api/items', 'GET /api/items/{id}'); Operations = @('GET /api/items', 'GET /api/items/{}'); Endpoints = @('Rest /api') }
        @{ Name = 'Pyramid 2.0'; App = 'realfw8-py-pyramid'; Python = @('pyramid'); Start = @('/usr/bin/python3', 'app.py', '{port}')
            Root = 200; NotFound = 'The resource could not be found\.<br/><br/>'; NotFoundJson = '"code": "404 Not Found", "title": "Not Found"'; Recognised = 'Pyramid'
            Resources = @('GET /howdy.json', 'GET /users'); Operations = @('GET /howdy.json', 'GET /users'); Endpoints = @('Rest /') }
        @{ Name = 'Pecan 1.4'; App = 'realfw8-py-pecan'; Python = @('pecan'); Start = @('/usr/bin/python3', 'app.py', '{port}')
            Root = 200; NotFound = 'The resource could not be found\.<br /><br />'; NotFoundJson = '^\{"code": 404, "title": "Not Found", "description": null\}$'; Recognised = 'Pecan'
            Resources = @('GET /books', 'GET /books/{id}'); Operations = @('GET /books', 'GET /books/{}'); Endpoints = @('Rest /') }
        @{ Name = 'Slim 3.12'; App = 'realfw8-py-slim'; Command = @('php'); Start = @('php', '-S', '127.0.0.1:{port}', 'index.php'); Ready = '/tickets'
            Root = 404; NotFound = 'The page you are looking for could not be found\.'; NotFoundJson = '^\{"message":"Not found"\}$'; Recognised = 'Slim'
            Resources = @('GET /tickets', 'GET /ticket/{id}'); Operations = @('GET /ticket/{}', 'GET /tickets'); Endpoints = @('Rest /') }
    )
    $script:Negatives = @(
        @{ Name = 'Bottle HTML site (no API)'; App = 'realfw8-py-bottle'; Python = @('bottle'); Start = @('/usr/bin/python3', 'app.py', '{port}', 'site'); Root = 200 }
        @{ Name = 'Bottle catch-all (200 HTML for every path)'; App = 'realfw8-py-bottle'; Python = @('bottle'); Start = @('/usr/bin/python3', 'app.py', '{port}', 'catchall'); Root = 200 }
        @{ Name = 'Pyramid HTML page (no API)'; App = 'realfw8-py-pyramid'; Python = @('pyramid'); Start = @('/usr/bin/python3', 'app.py', '{port}', 'site'); Root = 200 }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Discovery.ps1')
    . (Join-Path $RepoRoot 'tests/Real/PyFrameworks.ps1')
    $script:WordlistSize = @((Get-Content -Raw (Join-Path $RepoRoot 'module/data/discovery/api-resources.json') | ConvertFrom-Json).paths).Count
}

AfterAll {
    Write-PyRecall
    Stop-Framework
}

Describe 'Get-ApiInventory on tutorial apps that describe nothing (Debian: Flask-RESTful, Tornado, Bottle, CherryPy, Pyramid, Pecan, Slim)' {
    It '<Name>: curl confirms the ground truth; Standard reports exactly <Endpoints> with <Operations>, Deep the same endpoints' -ForEach $Py {
        $case = $_
        $s = Start-Framework $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        # Ground truth: the root, the not-found answer (as a browser and as an API client asks), the tutorial's collections.
        (Invoke-Curl "$($s.Base)/").StatusCode | Should -Be $case.Root
        $nowhere = Invoke-Curl "$($s.Base)/atr-nowhere"
        $nowhere.StatusCode | Should -Be 404
        $nowhere.Headers | Should -Not -Match '(?m)^Content-Type: application/json'
        $nowhere.Body.Trim() | Should -Match $case.NotFound
        $asJson = Invoke-Curl "$($s.Base)/atr-nowhere" -Header 'Accept: application/json'
        if ($case.NotFoundJson) { $asJson.Body | Should -Match $case.NotFoundJson } else { $asJson.Headers | Should -Not -Match '(?m)^Content-Type: application/json' }
        foreach ($op in $case.Resources) {
            $r = Invoke-Curl "$($s.Base)$(Get-Concrete (($op -split ' ', 2)[1] -replace '\{id\}', $(if ($case.App -eq 'realfw8-py-flaskrestful') { 'todo1' } else { '1' })))"
            $r.StatusCode | Should -Be 200 -Because "$op answers (ground truth)"
            $r.Headers | Should -Match '(?m)^Content-Type: application/json' -Because "$op answers JSON"
        }
        if ($case.App -eq 'realfw8-py-tornado') { (Invoke-Curl "$($s.Base)/").Headers | Should -Match '(?m)^Server: TornadoServer/6\.2' }
        if ($case.App -eq 'realfw8-py-slim') { (Invoke-Curl "$($s.Base)/tickets/1").StatusCode | Should -Be 404 -Because 'Slim reads items at /ticket/{id}' }

        $standard = Invoke-PyInventory -Base $s.Base -Depth Standard
        Get-EndpointLine $standard.Endpoints | Should -Be @($case.Endpoints)
        Get-PyOperationLine $standard.Endpoints | Should -Be @($case.Operations)
        $evidence = $standard.Endpoints.Evidence -join '; '
        $standard.Endpoints.Findings | Where-Object Severity -NE 'Info' | Should -BeNullOrEmpty
        $log = $standard.Verbose -join "`n"
        $log | Should -Match 'path\(s\) of the API resource wordlist'
        if ($case.Recognised) { $log | Should -Match "answers like [^`n]*$($case.Recognised)" }
        if ($case.App -ne 'realfw8-py-pecan') { $standard.Endpoints[0].FoundAt | Should -Be 'the API resource wordlist'; $evidence | Should -Match 'found in the API resource wordlist' }

        $deep = Invoke-PyInventory -Base $s.Base -Depth Deep
        Get-EndpointLine $deep.Endpoints | Should -Be @($case.Endpoints)
        $deepOps = Get-PyOperationLine $deep.Endpoints
        foreach ($op in $case.Operations) { $deepOps | Should -Contain $op }
        if ($case.App -eq 'realfw8-py-pyramid') { $deepOps | Should -Contain 'GET /howdy.json' }
        $deepOps | Should -Not -Contain 'GET /tickets/{}'
        $standard.Wordlist | Should -BeLessOrEqual ($WordlistSize + 32) -Because 'Standard asks 36 root paths and 8 names under each of four API roots, and the rest of the root paths only after a hit'
        if ($case.App -ne 'realfw8-py-pecan') { $log | Should -Match 'more path\(s\) of the API resource wordlist: its first paths found a resource' }
        $deep.Wordlist | Should -BeLessOrEqual $WordlistSize

        $found = @($case.Resources | Where-Object { "$(($_ -split ' ')[0]) $(Get-NormalPath (($_ -split ' ', 2)[1]))" -in (Get-PyOperationLine $standard.Endpoints) }).Count
        $PyRecall.Add([pscustomobject]@{ Name = $case.Name; Found = $found; Total = $case.Resources.Count; Standard = $standard.Requests; Deep = $deep.Requests
                WordStandard = $standard.Wordlist; WordDeep = $deep.Wordlist })
        Write-Host "  $($case.Name): $found/$($case.Resources.Count)"
    }
}

Describe 'Get-ApiInventory on the same servers without an API: nothing at Standard or Deep' {
    It '<Name>: curl confirms an HTML answer; nothing is reported at Standard or Deep' -ForEach $Negatives {
        $case = $_
        $s = Start-Framework $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $root = Invoke-Curl "$($s.Base)/"
        $root.StatusCode | Should -Be 200
        $root.Headers | Should -Match '(?m)^Content-Type: text/html'
        $users = Invoke-Curl "$($s.Base)/users"
        if ($case.Start -contains 'catchall') {
            $users.StatusCode | Should -Be 200 -Because 'the catch-all answers every path'
            $users.Body | Should -BeExactly $root.Body
        }
        else { $users.StatusCode | Should -Be 404 }
        foreach ($depth in 'Standard', 'Deep') {
            $run = Invoke-PyInventory -Base $s.Base -Depth $depth
            $run.Endpoints | Should -BeNullOrEmpty -Because "$($case.Name) serves no API ($depth)"
            if ($depth -eq 'Deep') { $run.Wordlist | Should -BeGreaterThan 0 -Because 'Deep asks the wordlist of every origin' }
        }
    }
}
