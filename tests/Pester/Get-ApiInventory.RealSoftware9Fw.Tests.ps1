# A ninth round of Get-ApiInventory's real-software wing: four more frameworks from Debian 12, each on its own documented
# example (tests/Real/apps/realfw9-fw-<name>, citing it), none of which describes its API:
# - Dancer2 0.400 (libdancer2-perl), the Cookbook's REST layout: an HTML app at /, a JSON API mounted at /api whose root
#   lists its resources ({"resources":{"users":"/api/users/view"}}); found by following the paths that JSON root names.
# - Quart 0.18 (python3-quart) on Hypercorn: /todos and /todos/{id}; Werkzeug's HTML 404 page; found by the resource wordlist.
# - Starlette 0.26 (python3-starlette) on Uvicorn: /users and /users/{username}; a plain-text root and 404; the collection
#   is found by the wordlist, the item by reading an identifying value of the collection's first member ("tom").
# - Grape 1.6 (ruby-grape) on WEBrick, its README's Twitter::API: only /api/statuses/public_timeline and
#   /api/statuses/{id} answer (no index at /api or /api/statuses, a text/plain "404 Not Found" everywhere else). Nothing
#   names them and no wordlist guesses "public_timeline": recall 0/2, stated rather than fitted. Grape's own answer to
#   this is grape-swagger, which Debian does not package.
# Test-ApiSecurity on the same apps at their defaults: only Low findings (plain HTTP on loopback, no rate-limit headers, the
# Server header's version where the framework sends one), nothing at Medium or above.

BeforeDiscovery {
    $script:Fw = @(
        @{ Name = 'Dancer2 0.400 (Cookbook REST layout)'; App = 'realfw9-fw-dancer2'; Command = @('plackup'); Perl = @('Dancer2')
            Start = @('plackup', '-l', '127.0.0.1:{port}', 'app.psgi'); Ready = '/api'; Root = 200; Id = '1'
            Resources = @('GET /api/users/view', 'GET /api/users/view/{id}'); Operations = @('GET /api/users/view', 'GET /api/users/view/{}')
            Endpoints = @('Rest /api'); Security = @('ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-013') }
        @{ Name = 'Quart 0.18'; App = 'realfw9-fw-quart'; Python = @('quart'); Start = @('/usr/bin/python3', 'app.py', '{port}'); Ready = '/todos'; Root = 404; Id = '1'
            Resources = @('GET /todos', 'GET /todos/{id}'); Operations = @('GET /todos', 'GET /todos/{}')
            Endpoints = @('Rest /'); Security = @('ATR-API-011', 'ATR-EXPO-013') }
        @{ Name = 'Starlette 0.26'; App = 'realfw9-fw-starlette'; Python = @('starlette', 'uvicorn'); Start = @('/usr/bin/python3', 'app.py', '{port}'); Ready = '/users'; Root = 200; Id = 'tom'
            Resources = @('GET /users', 'GET /users/{username}'); Operations = @('GET /users', 'GET /users/{}')
            Endpoints = @('Rest /'); Security = @('ATR-API-011', 'ATR-EXPO-013') }
        @{ Name = 'Grape 1.6 (README Twitter::API)'; App = 'realfw9-fw-grape'; Command = @('rackup'); Ruby = @('grape', 'webrick')
            Start = @('rackup', '-o', '127.0.0.1', '-p', '{port}', 'config.ru'); Ready = '/api/statuses/public_timeline'; Root = 404; Id = '1'
            Resources = @('GET /api/statuses/public_timeline', 'GET /api/statuses/{id}'); Operations = @()
            Endpoints = @(); Security = @('ATR-EXPO-001', 'ATR-EXPO-013') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Discovery.ps1')
    . (Join-Path $RepoRoot 'tests/Real/PyFrameworks.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Exposure.ps1')
}

AfterAll {
    Write-PyRecall
    Stop-Framework
}

Describe 'Get-ApiInventory on Dancer2, Quart, Starlette and Grape examples (Debian 12), none described' {
    It '<Name>: curl confirms the ground truth; Standard reports exactly <Endpoints> with <Operations>' -ForEach $Fw {
        $case = $_
        $s = Start-Framework $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        (Invoke-Curl "$($s.Base)/").StatusCode | Should -Be $case.Root
        $nowhere = Invoke-Curl "$($s.Base)/atr-nowhere"
        $nowhere.StatusCode | Should -Be 404
        $nowhere.Headers | Should -Not -Match '(?m)^Content-Type: application/json'
        foreach ($op in $case.Resources) {
            $r = Invoke-Curl "$($s.Base)$((($op -split ' ', 2)[1]) -replace '\{[^}]+\}', $case.Id)"
            $r.StatusCode | Should -Be 200 -Because "$op answers (ground truth)"
            $r.Headers | Should -Match '(?m)^Content-Type: application/json' -Because "$op answers JSON"
        }
        if ($case.App -eq 'realfw9-fw-dancer2') { (Invoke-Curl "$($s.Base)/api").Body | Should -Match '"users":"/api/users/view"' }
        if ($case.App -eq 'realfw9-fw-grape') {
            foreach ($p in '/api', '/api/statuses') { (Invoke-Curl "$($s.Base)$p").StatusCode | Should -Be 404 -Because "Grape routes no index at $p" }
        }

        $standard = Invoke-PyInventory -Base $s.Base -Depth Standard
        Get-EndpointLine $standard.Endpoints | Should -Be @($case.Endpoints)
        Get-PyOperationLine $standard.Endpoints | Should -Be @($case.Operations)
        $standard.Endpoints.Findings | Where-Object Severity -NE 'Info' | Should -BeNullOrEmpty

        $found = @($case.Resources | Where-Object { "$(($_ -split ' ')[0]) $(Get-NormalPath (($_ -split ' ', 2)[1]))" -in (Get-PyOperationLine $standard.Endpoints) }).Count
        $PyRecall.Add([pscustomobject]@{ Name = $case.Name; Found = $found; Total = $case.Resources.Count; Standard = $standard.Requests; Deep = '-'
                WordStandard = $standard.Wordlist; WordDeep = '-' })
        Write-Host "  $($case.Name): $found/$($case.Resources.Count)"
    }
}

Describe 'Test-ApiSecurity on the same examples at their defaults' {
    It '<Name>: exactly <Security>, all Low' -ForEach $Fw {
        $case = $_
        $s = Start-Framework $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $findings = if ($endpoints) { @($endpoints | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop) }
        else { @(Test-ApiSecurity -Url "$($s.Base)/" -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop) }
        $ids = Assert-Exposure $findings @() -Because $case.Name
        @($ids) | Should -Be @($case.Security | Sort-Object)
        $findings | Where-Object Severity -NotIn 'Info', 'Low' | Should -BeNullOrEmpty
    }
}
