# Test-ApiAuthorization against real frameworks with real authentication middleware (tests/Real/apps/authz-*): Django
# REST framework from Debian (token, JWT and Basic authentication) and Express with jsonwebtoken from npm. Each app runs
# twice on loopback: AUTHZ_VARIANT=vulnerable with planted flaws, AUTHZ_VARIANT=safe as the correct twin. The test
# checks each flaw's ground truth with curl first, then asserts the exact findings (rule and identity pair), and
# nothing at all on the twin.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    $script:Password = 'Pw-' + [guid]::NewGuid().ToString('n').Substring(0, 12)
    $script:Servers = [System.Collections.Generic.List[object]]::new()
    $script:DrfApp = Join-Path $RepoRoot 'tests/Real/apps/authz-drf'
    $script:ExpressApp = Join-Path $RepoRoot 'tests/Real/apps/authz-express'
    $script:DrfSkip = Get-RealSkipReason -Command curl -PythonModule django, rest_framework, rest_framework_simplejwt, uritemplate
    $script:ExpressSkip = Get-RealSkipReason -Command curl, node -App authz-express -NpmPackage express, jsonwebtoken
    $script:Loopback = @{ AllowPrivateAddress = $true; RateLimit = 0 }

    function Start-DrfApp([string]$Variant, [int]$AccessSeconds = 300) {
        $dir = Join-Path ([IO.Path]::GetTempPath()) "apithreat-authz-drf-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $null = New-Item -ItemType Directory $dir
        $envVars = @{ AUTHZ_VARIANT = $Variant; AUTHZ_DB = (Join-Path $dir 'db.sqlite3'); AUTHZ_ACCESS_SECONDS = "$AccessSeconds"; PYTHONDONTWRITEBYTECODE = '1' }
        foreach ($k in $envVars.Keys) { Set-Item "env:$k" $envVars[$k] }
        try {
            Push-Location $DrfApp
            & /usr/bin/python3 manage.py migrate -v 0
            if ($LASTEXITCODE) { throw "manage.py migrate failed ($LASTEXITCODE)" }
            $tokens = & /usr/bin/python3 manage.py seed --password $Password | ConvertFrom-Json
            if ($LASTEXITCODE) { throw "manage.py seed failed ($LASTEXITCODE)" }
        }
        finally {
            Pop-Location
            foreach ($k in $envVars.Keys) { Remove-Item "env:$k" -ErrorAction Ignore }
        }
        $port = Get-FreeTcpPort
        $server = Start-RealServer -Name "authz-drf-$Variant" -FilePath /usr/bin/python3 -WorkingDirectory $DrfApp `
            -ArgumentList 'manage.py', 'runserver', "127.0.0.1:$port", '--noreload' -Environment $envVars -ReadyUrl "http://127.0.0.1:$port/api/schema/"
        $Servers.Add($server)
        [pscustomobject]@{ Server = $server; Url = "http://127.0.0.1:$port/"; Schema = "http://127.0.0.1:$port/api/schema/"; Tokens = $tokens }
    }

    function Start-ExpressApp([string]$Variant) {
        $port = Get-FreeTcpPort
        $server = Start-RealServer -Name "authz-express-$Variant" -FilePath (Get-Command node -CommandType Application | Select-Object -First 1).Source -WorkingDirectory $ExpressApp `
            -ArgumentList 'server.js' -Environment @{ AUTHZ_VARIANT = $Variant; PORT = "$port"; AUTHZ_PASSWORD = $Password } -ReadyUrl "http://127.0.0.1:$port/api/me"
        $Servers.Add($server)
        [pscustomobject]@{ Server = $server; Url = "http://127.0.0.1:$port/" }
    }

    function Get-RequestCount($App) { @(Get-Content $App.Server.LogPath | Where-Object { $_ -match '"(GET|POST|PUT|PATCH|DELETE) ' }).Count }

    function Get-ExpressToken($App, [string]$User) {
        (Invoke-RestMethod -Method Post -Uri "$($App.Url)api/login" -Body (@{ username = $User; password = $Password } | ConvertTo-Json) -ContentType application/json).token
    }

    # A JWT with the same claims, rewritten as an unsecured token ("alg": "none", no signature): the ground truth of the flaw.
    function ConvertTo-NoneToken([string]$Token) {
        $b64 = { param($s) [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($s)).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
        (& $b64 '{"alg":"none","typ":"JWT"}') + '.' + $Token.Split('.')[1] + '.'
    }

    # The findings as "RuleId title" lines, sorted: what the tests compare exactly.
    function Get-FindingSummary($Output) {
        @($Output | Where-Object { $_ -is [ApiThreat.Finding] } | ForEach-Object { "$($_.RuleId) $($_.Title)" } | Sort-Object)
    }

    $script:ExpressOperations = 'GET /api/me', 'GET /api/orders', 'GET /api/orders/{id}', 'GET /api/admin/users', 'POST /api/orders', 'DELETE /api/orders/{id}'
}

AfterAll {
    foreach ($s in $Servers) { $s | Stop-RealServer }
}

Describe 'Test-ApiAuthorization on Django REST framework (token, JWT and Basic authentication)' {
    BeforeAll {
        if (-not $DrfSkip) {
            $script:DrfVulnerable = Start-DrfApp vulnerable
            $script:DrfSafe = Start-DrfApp safe
        }
    }

    It 'vulnerable: ground truth with curl, then exactly the BOLA pairs on the viewset and the BFLA on the admin route' {
        if ($DrfSkip) { Set-ItResult -Skipped -Because $DrfSkip; return }
        $t = $DrfVulnerable.Tokens
        # Ground truth: bob reads alice's note (id 1) and the staff-only user list; anonymous is refused.
        $note = Invoke-Curl -Url "$($DrfVulnerable.Url)api/notes/1/" -Header "Authorization: Token $($t.bob)"
        $note.StatusCode | Should -Be 200
        ($note.Body | ConvertFrom-Json).owner | Should -Be 'alice'
        (Invoke-Curl -Url "$($DrfVulnerable.Url)api/admin/users/" -Header "Authorization: Token $($t.bob)").StatusCode | Should -Be 200
        (Invoke-Curl -Url "$($DrfVulnerable.Url)api/notes/1/").StatusCode | Should -Be 401

        $ids = @{ alice = @{ Authorization = "Token $($t.alice)" }; bob = @{ Authorization = "Token $($t.bob)" }; admin = @{ Authorization = "Token $($t.admin)" } }
        $out = Test-ApiAuthorization -Url $DrfVulnerable.Url -Specification $DrfVulnerable.Schema -Identity $ids @Loopback
        Get-FindingSummary $out | Should -Be @(
            'ATR-AUTHZ-001 alice can read bob''s objects (BOLA)'
            'ATR-AUTHZ-001 bob can read alice''s objects (BOLA)'
            'ATR-AUTHZ-003 alice, bob can call an administrative operation of admin (BFLA)')
        $findings = $out | Where-Object { $_ -is [ApiThreat.Finding] }
        ($findings | Where-Object RuleId -EQ 'ATR-AUTHZ-001').Location | Sort-Object -Unique | Should -Be 'GET /api/notes/{id}/'
        ($findings | Where-Object RuleId -EQ 'ATR-AUTHZ-003').Location | Should -Be 'GET /api/admin/users/'
        $findings.OwaspApi | Sort-Object -Unique | Should -Be @('API1:2023', 'API5:2023')
        $findings.Confidence | Sort-Object -Unique | Should -Be 'Confirmed'

        $matrix = $out | Where-Object { $_ -is [ApiThreat.AuthorizationMatrix] }
        $matrix | Should -HaveCount 1
        $matrix.Identities | Should -Be @('admin', 'alice', 'bob', 'anonymous')
        $matrix.PrivilegedIdentities | Should -Be 'admin'
        $matrix.Findings.Count | Should -Be 3
        $row = $matrix.Rows | Where-Object { $_.Operation -eq 'GET /api/notes/{id}/' -and $_.ObjectId -eq '1' }
        $row.Owner | Should -Be 'alice'
        ($row.Cells | Where-Object Identity -EQ bob).Verdict | Should -Be 'Same'
        ($row.Cells | Where-Object Identity -EQ anonymous).StatusCode | Should -Be 401
        # Writes of the schema were not sent without -Active.
        $matrix.Notes -join ' ' | Should -Match 'write operations .* not sent'
        $matrix.Rows.Operation | Where-Object { $_ -notlike 'GET *' } | Should -BeNullOrEmpty
    }

    It 'safe twin: the same test finds nothing (object permission, scoped queryset, IsAdminUser)' {
        if ($DrfSkip) { Set-ItResult -Skipped -Because $DrfSkip; return }
        $t = $DrfSafe.Tokens
        (Invoke-Curl -Url "$($DrfSafe.Url)api/notes/1/" -Header "Authorization: Token $($t.bob)").StatusCode | Should -Be 404
        (Invoke-Curl -Url "$($DrfSafe.Url)api/notes/1/" -Header "Authorization: Token $($t.alice)").StatusCode | Should -Be 200
        (Invoke-Curl -Url "$($DrfSafe.Url)api/admin/users/" -Header "Authorization: Token $($t.bob)").StatusCode | Should -Be 403

        $ids = @{ alice = @{ Authorization = "Token $($t.alice)" }; bob = @{ Authorization = "Token $($t.bob)" }; admin = @{ Authorization = "Token $($t.admin)" } }
        $out = Test-ApiAuthorization -Url $DrfSafe.Url -Specification $DrfSafe.Schema -Identity $ids @Loopback
        Get-FindingSummary $out | Should -BeNullOrEmpty
        $matrix = $out | Where-Object { $_ -is [ApiThreat.AuthorizationMatrix] }
        # The objects were really requested: every note row has its owner's 200 and the others' refusals.
        $notes = @($matrix.Rows | Where-Object Operation -EQ 'GET /api/notes/{id}/')
        $notes.Count | Should -Be 4
        foreach ($r in $notes) {
            ($r.Cells | Where-Object Identity -EQ $r.Owner).Verdict | Should -Be 'Reference'
            ($r.Cells | Where-Object { $_.Identity -ne $r.Owner }).StatusCode | Sort-Object -Unique | Should -Be @(401, 404)
        }
    }

    It 'PSCredential identities (HTTP Basic): the login name marks each user''s objects' {
        if ($DrfSkip) { Set-ItResult -Skipped -Because $DrfSkip; return }
        $secure = ConvertTo-SecureString $Password -AsPlainText -Force
        $ids = [ordered]@{ alice = [pscredential]::new('alice', $secure); bob = [pscredential]::new('bob', $secure) }
        $out = Test-ApiAuthorization -Url $DrfVulnerable.Url -Operation 'GET /api/notes/', 'GET /api/notes/{id}/' -Identity $ids @Loopback
        Get-FindingSummary $out | Should -Be @('ATR-AUTHZ-001 alice can read bob''s objects (BOLA)', 'ATR-AUTHZ-001 bob can read alice''s objects (BOLA)')
        ($out | Where-Object { $_ -is [ApiThreat.AuthorizationMatrix] }).Identities | Should -Be @('alice', 'bob', 'anonymous')
        $out = Test-ApiAuthorization -Url $DrfSafe.Url -Operation 'GET /api/notes/', 'GET /api/notes/{id}/' -Identity $ids @Loopback
        Get-FindingSummary $out | Should -BeNullOrEmpty
    }

    It 'JWT from a login script block (simplejwt): refreshed when the short-lived token expires; a correct verifier yields nothing' {
        if ($DrfSkip) { Set-ItResult -Skipped -Because $DrfSkip; return }
        $short = Start-DrfApp safe -AccessSeconds 6
        $logins = @{ Count = 0 }
        $login = {
            param($name)
            $logins.Count++
            $r = Invoke-RestMethod -Method Post -Uri "$($short.Url)api/token/" -Body (@{ username = $name; password = $Password } | ConvertTo-Json) -ContentType application/json
            @{ Authorization = "Bearer $($r.access)" }
        }
        $started = [DateTime]::UtcNow
        $out = Test-ApiAuthorization -Url $short.Url -Specification $short.Schema -Identity ([ordered]@{ alice = $login; bob = $login; admin = $login }) `
            -AllowPrivateAddress -RateLimit 6
        $elapsed = ([DateTime]::UtcNow - $started).TotalSeconds
        Get-FindingSummary $out | Should -BeNullOrEmpty
        $matrix = $out | Where-Object { $_ -is [ApiThreat.AuthorizationMatrix] }
        # Ground truth of the refresh: a run longer than the token's lifetime needs more logins than identities, and no
        # owner was refused its own object (an expired token would have been a 401 there).
        if ($elapsed -gt 8) { $logins.Count | Should -BeGreaterThan 3 }
        foreach ($r in $matrix.Rows | Where-Object Owner) { ($r.Cells | Where-Object Identity -EQ $r.Owner).StatusCode | Should -Be 200 }
        ($matrix.Rows | Where-Object { $_.Operation -eq 'GET /api/admin/users/' }).Cells.Where({ $_.Identity -eq 'admin' }).StatusCode | Should -Be 200
    }

    It '-Active on the vulnerable variant: the writable role (create and update), no lockout; its objects are cleaned up' {
        if ($DrfSkip) { Set-ItResult -Skipped -Because $DrfSkip; return }
        $app = Start-DrfApp vulnerable
        $t = $app.Tokens
        # Ground truth: the serializer stores the role it is sent.
        $created = Invoke-Curl -Url "$($app.Url)api/memberships/" -Method POST -Header "Authorization: Token $($t.bob)", 'Content-Type: application/json' -Body '{"team":"probe","role":"admin"}'
        $created.StatusCode | Should -Be 201
        $membership = $created.Body | ConvertFrom-Json
        $membership.role | Should -Be 'admin'
        (Invoke-Curl -Url "$($app.Url)api/memberships/$($membership.id)/" -Method DELETE -Header "Authorization: Token $($t.bob)").StatusCode | Should -Be 204
        $before = (Invoke-RestMethod -Uri "$($app.Url)api/memberships/" -Headers @{ Authorization = "Token $($t.alice)" }).Count

        $ids = @{ alice = @{ Authorization = "Token $($t.alice)" }; bob = @{ Authorization = "Token $($t.bob)" }; admin = @{ Authorization = "Token $($t.admin)" } }
        $out = Test-ApiAuthorization -Url $app.Url -Specification $app.Schema -Identity $ids @Loopback -Active -Confirm:$false
        Get-FindingSummary $out | Should -Be @(
            'ATR-AUTHZ-001 alice can read bob''s objects (BOLA)'
            'ATR-AUTHZ-001 bob can read alice''s objects (BOLA)'
            'ATR-AUTHZ-003 alice, bob can call an administrative operation of admin (BFLA)'
            'ATR-AUTHZ-016 No lockout or throttling of failed logins'
            'ATR-AUTHZ-020 alice can set role when creating (mass assignment)'
            'ATR-AUTHZ-020 alice can set role when updating (mass assignment)')
        $findings = $out | Where-Object { $_ -is [ApiThreat.Finding] }
        ($findings | Where-Object RuleId -EQ 'ATR-AUTHZ-020').Location | Sort-Object | Should -Be @('PATCH /api/memberships/{id}/', 'POST /api/memberships/')
        ($findings | Where-Object RuleId -EQ 'ATR-AUTHZ-020').OwaspApi | Sort-Object -Unique | Should -Be 'API3:2023'
        ($findings | Where-Object RuleId -EQ 'ATR-AUTHZ-020').Method | Sort-Object -Unique | Should -Be 'Active'
        # Clean-up: every object the test created is gone.
        $matrix = $out | Where-Object { $_ -is [ApiThreat.AuthorizationMatrix] }
        $matrix.Notes | Should -Contain 'POST /api/memberships/: alice created 2 objects and removed 2.'
        (Invoke-RestMethod -Uri "$($app.Url)api/memberships/" -Headers @{ Authorization = "Token $($t.alice)" }).Count | Should -Be $before
    }

    It '-Active on the safe twin: read-only role, django-axes lockout: nothing (and alice is locked out afterwards)' {
        if ($DrfSkip) { Set-ItResult -Skipped -Because $DrfSkip; return }
        $app = Start-DrfApp safe
        $t = $app.Tokens
        $ids = @{ alice = @{ Authorization = "Token $($t.alice)" }; bob = @{ Authorization = "Token $($t.bob)" }; admin = @{ Authorization = "Token $($t.admin)" } }
        $out = Test-ApiAuthorization -Url $app.Url -Specification $app.Schema -Identity $ids @Loopback -Active -Confirm:$false
        Get-FindingSummary $out | Should -BeNullOrEmpty
        # Ground truth of the twin's lockout: the right password no longer lets alice in.
        $login = Invoke-Curl -Url "$($app.Url)api/token/" -Method POST -Header 'Content-Type: application/json' -Body "{`"username`":`"alice`",`"password`":`"$Password`"}"
        $login.StatusCode | Should -Be 403
        $login.Body | Should -Match 'Too many failed login attempts'
    }

    It '-Active -WhatIf sends nothing' {
        if ($DrfSkip) { Set-ItResult -Skipped -Because $DrfSkip; return }
        $before = Get-RequestCount $DrfVulnerable
        $t = $DrfVulnerable.Tokens
        $ids = @{ alice = @{ Authorization = "Token $($t.alice)" }; bob = @{ Authorization = "Token $($t.bob)" } }
        Test-ApiAuthorization -Url $DrfVulnerable.Url -Operation 'GET /api/notes/' -Identity $ids @Loopback -Active -WhatIf | Should -BeNullOrEmpty
        Start-Sleep -Milliseconds 300
        Get-RequestCount $DrfVulnerable | Should -Be $before
    }
}

Describe 'Test-ApiAuthorization on Express with jsonwebtoken' {
    BeforeAll {
        if (-not $ExpressSkip) {
            $script:ExpressVulnerable = Start-ExpressApp vulnerable
            $script:ExpressSafe = Start-ExpressApp safe
        }
    }

    It 'vulnerable: ground truth with curl, then exactly the token, BOLA and BFLA findings' {
        if ($ExpressSkip) { Set-ItResult -Skipped -Because $ExpressSkip; return }
        $alice = Get-ExpressToken $ExpressVulnerable alice
        $bob = Get-ExpressToken $ExpressVulnerable bob
        # Ground truth: an unsigned token is accepted, so is the token in the query string, and bob reads alice's order.
        $none = Invoke-Curl -Url "$($ExpressVulnerable.Url)api/me" -Header "Authorization: Bearer $(ConvertTo-NoneToken $alice)"
        $none.StatusCode | Should -Be 200
        ($none.Body | ConvertFrom-Json).username | Should -Be 'alice'
        (Invoke-Curl -Url "$($ExpressVulnerable.Url)api/me?access_token=$alice").StatusCode | Should -Be 200
        $order = (Invoke-RestMethod -Uri "$($ExpressVulnerable.Url)api/orders" -Headers @{ Authorization = "Bearer $alice" })[0]
        (Invoke-Curl -Url "$($ExpressVulnerable.Url)api/orders/$($order.id)" -Header "Authorization: Bearer $bob").StatusCode | Should -Be 200

        $app = $ExpressVulnerable
        $login = { param($name) Get-ExpressToken $app $name }
        $out = Test-ApiAuthorization -Url $app.Url -Operation $ExpressOperations -Identity @{ alice = $login; bob = $login; admin = $login } @Loopback
        Get-FindingSummary $out | Should -Be @(
            'ATR-AUTHZ-001 alice can read bob''s objects (BOLA)'
            'ATR-AUTHZ-001 bob can read alice''s objects (BOLA)'
            'ATR-AUTHZ-003 alice, bob can call an administrative operation of admin (BFLA)'
            'ATR-AUTHZ-010 JWT with "alg": "none" accepted'
            'ATR-AUTHZ-011 JWT signature not verified'
            'ATR-AUTHZ-012 Expired token accepted'
            'ATR-AUTHZ-013 JWT signed with a guessable secret'
            'ATR-AUTHZ-014 Credentials accepted in the query string')
        $findings = $out | Where-Object { $_ -is [ApiThreat.Finding] }
        ($findings | Where-Object RuleId -EQ 'ATR-AUTHZ-012').Confidence | Should -Be 'Confirmed' -Because 'the recovered secret signs a correctly signed, expired token'
        ($findings | Where-Object RuleId -EQ 'ATR-AUTHZ-013').Evidence | Should -Not -Match "[`"']secret[`"']" -Because 'the recovered secret is not written'
        ($findings | Where-Object RuleId -EQ 'ATR-AUTHZ-001').Location | Sort-Object -Unique | Should -Be 'GET /api/orders/{id}'
    }

    It 'safe twin: verified HS256 with a random key, owner-scoped lookup, role check: nothing' {
        if ($ExpressSkip) { Set-ItResult -Skipped -Because $ExpressSkip; return }
        $alice = Get-ExpressToken $ExpressSafe alice
        (Invoke-Curl -Url "$($ExpressSafe.Url)api/me" -Header "Authorization: Bearer $(ConvertTo-NoneToken $alice)").StatusCode | Should -Be 401
        (Invoke-Curl -Url "$($ExpressSafe.Url)api/me?access_token=$alice").StatusCode | Should -Be 401
        (Invoke-Curl -Url "$($ExpressSafe.Url)api/admin/users" -Header "Authorization: Bearer $alice").StatusCode | Should -Be 403

        $app = $ExpressSafe
        $login = { param($name) Get-ExpressToken $app $name }
        $out = Test-ApiAuthorization -Url $app.Url -Operation $ExpressOperations -Identity @{ alice = $login; bob = $login; admin = $login } @Loopback
        Get-FindingSummary $out | Should -BeNullOrEmpty
        $matrix = $out | Where-Object { $_ -is [ApiThreat.AuthorizationMatrix] }
        @($matrix.Rows | Where-Object Operation -EQ 'GET /api/orders/{id}').Count | Should -Be 4
    }

    It '-Active on the vulnerable variant: Object.assign from the body, login answers that tell users apart, no lockout' {
        if ($ExpressSkip) { Set-ItResult -Skipped -Because $ExpressSkip; return }
        $app = Start-ExpressApp vulnerable
        # Ground truth: the two login answers differ, and a created order keeps the owner it was sent.
        (Invoke-Curl -Url "$($app.Url)api/login" -Method POST -Header 'Content-Type: application/json' -Body '{"username":"alice","password":"x"}').StatusCode | Should -Be 401
        (Invoke-Curl -Url "$($app.Url)api/login" -Method POST -Header 'Content-Type: application/json' -Body '{"username":"nobody","password":"x"}').StatusCode | Should -Be 404
        $alice = Get-ExpressToken $app alice
        $before = (Invoke-RestMethod -Uri "$($app.Url)api/orders" -Headers @{ Authorization = "Bearer $alice" }).Count

        $login = { param($name) Get-ExpressToken $app $name }
        $out = Test-ApiAuthorization -Url $app.Url -Operation ($ExpressOperations + 'POST /api/login') -Identity @{ alice = $login; bob = $login; admin = $login } @Loopback -Active -Confirm:$false
        Get-FindingSummary $out | Should -Be @(
            'ATR-AUTHZ-001 alice can read bob''s objects (BOLA)'
            'ATR-AUTHZ-001 bob can read alice''s objects (BOLA)'
            'ATR-AUTHZ-003 alice, bob can call an administrative operation of admin (BFLA)'
            'ATR-AUTHZ-010 JWT with "alg": "none" accepted'
            'ATR-AUTHZ-011 JWT signature not verified'
            'ATR-AUTHZ-012 Expired token accepted'
            'ATR-AUTHZ-013 JWT signed with a guessable secret'
            'ATR-AUTHZ-014 Credentials accepted in the query string'
            'ATR-AUTHZ-015 Login answers tell existing users apart'
            'ATR-AUTHZ-016 No lockout or throttling of failed logins'
            'ATR-AUTHZ-020 alice can set id, owner, role, is_admin when creating (mass assignment)')
        # The orders created (one of them reassigned to bob) were removed again.
        (Invoke-RestMethod -Uri "$($app.Url)api/orders" -Headers @{ Authorization = "Bearer $alice" }).Count | Should -Be $before
        ($out | Where-Object { $_ -is [ApiThreat.AuthorizationMatrix] }).Notes | Should -Contain 'POST /api/orders: alice created 2 objects and removed 2.'
    }

    It '-Active on the safe twin: picked fields, one login answer, lockout after five failures: nothing' {
        if ($ExpressSkip) { Set-ItResult -Skipped -Because $ExpressSkip; return }
        $app = Start-ExpressApp safe
        $login = { param($name) Get-ExpressToken $app $name }
        $out = Test-ApiAuthorization -Url $app.Url -Operation ($ExpressOperations + 'POST /api/login') -Identity @{ alice = $login; bob = $login; admin = $login } @Loopback -Active -Confirm:$false
        Get-FindingSummary $out | Should -BeNullOrEmpty
        $locked = Invoke-Curl -Url "$($app.Url)api/login" -Method POST -Header 'Content-Type: application/json' -Body "{`"username`":`"alice`",`"password`":`"$Password`"}"
        $locked.StatusCode | Should -Be 429
    }

    It 'the matrix prints as a grid with one column per identity' {
        if ($ExpressSkip) { Set-ItResult -Skipped -Because $ExpressSkip; return }
        $app = $ExpressSafe
        $login = { param($name) Get-ExpressToken $app $name }
        $matrix = Test-ApiAuthorization -Url $app.Url -Operation 'GET /api/orders', 'GET /api/orders/{id}' -Identity ([ordered]@{ alice = $login; bob = $login }) @Loopback |
            Where-Object { $_ -is [ApiThreat.AuthorizationMatrix] }
        $text = $matrix | Out-String -Width 200
        $text | Should -Match 'Authorization matrix of http://127\.0\.0\.1:\d+/'
        $text | Should -Match 'Request\s+Object\s+alice\s+bob\s+anonymous'
        $text | Should -Match 'GET /api/orders/\{id\}\s+alice: [0-9a-f-]+\S*\s+200 ref\s+404\s+401'
    }
}

Describe 'Test-ApiAuthorization input' {
    It 'refuses bad identities and operations with a clear error' {
        { Test-ApiAuthorization -Url http://127.0.0.1:9/ -Identity @{} -Operation 'GET /x' } | Should -Throw '*-Identity is empty*'
        { Test-ApiAuthorization -Url http://127.0.0.1:9/ -Identity @{ anonymous = 'Bearer x' } -Operation 'GET /x' } | Should -Throw "*other than 'anonymous'*"
        { Test-ApiAuthorization -Url http://127.0.0.1:9/ -Identity @{ a = 42 } -Operation 'GET /x' } | Should -Throw "*-Identity 'a' is a Int32*"
        { Test-ApiAuthorization -Url http://127.0.0.1:9/ -Identity @{ a = @{ 'Bad Name' = 'x' } } -Operation 'GET /x' } | Should -Throw '*invalid header name*'
        { Test-ApiAuthorization -Url http://127.0.0.1:9/ -Identity @{ a = 'Bearer x' } -Operation 'notes' } | Should -Throw "*-Operation 'notes'*METHOD /path*"
        { Test-ApiAuthorization -Url http://127.0.0.1:9/ -Identity @{ a = 'Bearer x' } -PrivilegedIdentity root -Operation 'GET /x' } | Should -Throw "*-PrivilegedIdentity 'root'*"
        { Test-ApiAuthorization -Url http://127.0.0.1:9/ -Identity @{ a = { throw 'login down' } } -Operation 'GET /x' } | Should -Throw "*'a': the login script block failed: login down*"
        { Test-ApiAuthorization -Url http://127.0.0.1:9/ -Identity @{ a = 'Bearer x' } -Specification (Join-Path $TestDrive 'missing.yml') } | Should -Throw '*-Specification*could not be read*'
    }

    It 'an API without operations is a non-terminating error naming the fix' {
        $out = Test-ApiAuthorization -Url http://127.0.0.1:9/ -Identity @{ a = 'Bearer x'; b = 'Bearer y' } -AllowPrivateAddress -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NoOperations*'
        $errs[0].ErrorDetails.RecommendedAction | Should -Match '-Specification'
    }

    It 'reads the operations, parameters and security of a real specification (VAmPI) and sends only reads' {
        $spec = Join-Path $RepoRoot '../shared/specs/vampi-openapi3.yml'
        if (-not (Test-Path $spec)) { Set-ItResult -Skipped -Because "the shared VAmPI specification is not at $spec"; return }
        # Nothing listens on the port: every request fails, and the matrix still says what was planned and skipped.
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start(); $port = $l.LocalEndpoint.Port; $l.Stop()
        $matrix = Test-ApiAuthorization -Url "http://127.0.0.1:$port/" -Specification $spec -Identity @{ name1 = 'Bearer a.b.c'; name2 = 'Bearer d.e.f' } `
            -AllowPrivateAddress -TimeoutSec 2 | Where-Object { $_ -is [ApiThreat.AuthorizationMatrix] }
        $matrix.OperationCount | Should -Be 14
        $matrix.Notes -join ' ' | Should -Match '6 write operations'
        $matrix.Rows.Operation | Should -Contain 'GET /books/v1'
        $matrix.Rows.Operation | Should -Contain 'GET /me'
        # A GET that changes state (VAmPI's /createdb re-creates the database) is never sent.
        $matrix.Rows.Operation | Should -Not -Contain 'GET /createdb'
        $matrix.Notes -join ' ' | Should -Match 'GET /createdb'
        $matrix.Findings | Should -BeNullOrEmpty
    }
}
