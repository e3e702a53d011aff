# An eighth round of Test-ApiSecurity's real-software wing: the tutorial apps that describe nothing (Flask-RESTful,
# Tornado, Bottle, CherryPy, Pyramid, Pecan from Debian 12; Slim 3 on php -S; tests/Real/apps/realfw8-py-*), scanned as a
# user would (Get-ApiInventory -Depth Standard, which finds them by the resource wordlist, | Test-ApiSecurity, passive).
# Expected, exactly:
# - every app: ATR-EXPO-001 (Low: Werkzeug's, Tornado's, wsgiref's, CherryPy's Server header, PHP's X-Powered-By: none of
#   these development servers can drop it), ATR-EXPO-013 (Low: plain HTTP, true without TLS) and ATR-API-011 (Low: no
#   rate-limit signals; none of these frameworks sends any by itself).
# - CherryPy 18.8 at its default (environment "development": request.show_tracebacks on, https://docs.cherrypy.dev/en/latest/config.html#environments)
#   also ATR-API-003 (Medium): its 404 and 405 pages carry a Python traceback. Its safe twin, environment "production",
#   has none: the three Lows above only.
# - Bottle 0.12 in the tutorial's debug mode shows tracebacks only on an exception, and no read-only request makes the
#   tutorial's routes raise: no ATR-API-003 (none invented).

BeforeDiscovery {
    $script:Apps = @(
        @{ Name = 'Flask-RESTful 0.3.9'; App = 'realfw8-py-flaskrestful'; Python = @('flask_restful'); Start = @('/usr/bin/python3', 'app.py', '{port}'); Ready = '/todos'; Extra = @() }
        @{ Name = 'Tornado 6.2'; App = 'realfw8-py-tornado'; Python = @('tornado'); Start = @('/usr/bin/python3', 'app.py', '{port}'); Extra = @() }
        @{ Name = 'Bottle 0.12 (debug mode)'; App = 'realfw8-py-bottle'; Python = @('bottle'); Start = @('/usr/bin/python3', 'app.py', '{port}', 'debug'); Ready = '/users'; Extra = @() }
        @{ Name = 'CherryPy 18.8 (development, its default)'; App = 'realfw8-py-cherrypy'; Python = @('cherrypy'); Start = @('/usr/bin/python3', 'app.py', '{port}'); Ready = '/api/items'; Extra = @('ATR-API-003') }
        @{ Name = 'CherryPy 18.8 (environment production)'; App = 'realfw8-py-cherrypy'; Python = @('cherrypy'); Start = @('/usr/bin/python3', 'app.py', '{port}', 'production'); Ready = '/api/items'; Extra = @() }
        @{ Name = 'Pyramid 2.0'; App = 'realfw8-py-pyramid'; Python = @('pyramid'); Start = @('/usr/bin/python3', 'app.py', '{port}'); Extra = @() }
        @{ Name = 'Pecan 1.4'; App = 'realfw8-py-pecan'; Python = @('pecan'); Start = @('/usr/bin/python3', 'app.py', '{port}'); Extra = @() }
        @{ Name = 'Slim 3.12'; App = 'realfw8-py-slim'; Command = @('php'); Start = @('php', '-S', '127.0.0.1:{port}', 'index.php'); Ready = '/tickets'; Extra = @() }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Discovery.ps1')
}

AfterAll { Stop-Framework }

Describe 'Test-ApiSecurity on tutorial apps that describe nothing (Debian)' {
    It '<Name>: exactly ATR-API-011, ATR-EXPO-001, ATR-EXPO-013 and <Extra>' -ForEach $Apps {
        $case = $_
        $s = Start-Framework $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $missing = Invoke-Curl "$($s.Base)$($(if ($case.App -eq 'realfw8-py-cherrypy') { '/api/items/atr-nowhere' } else { '/atr-nowhere' }))"
        $missing.StatusCode | Should -Be 404
        if ($case.Extra -contains 'ATR-API-003') { $missing.Body | Should -Match 'Traceback \(most recent call last\):' }
        else { $missing.Body | Should -Not -Match 'Traceback \(most recent call last\):' }
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $endpoints | Should -Not -BeNullOrEmpty -Because 'the resource wordlist finds the API'
        $findings = @($endpoints | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop)
        $expected = @(@('ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-013') + $case.Extra | Sort-Object)
        @($findings.RuleId | Sort-Object -Unique) | Should -Be $expected
        @($findings | Where-Object { $_.Severity -notin 'Info', 'Low' -and $_.RuleId -ne 'ATR-API-003' }) | Should -BeNullOrEmpty
        if ($case.Extra -contains 'ATR-API-003') {
            ($findings | Where-Object RuleId -EQ 'ATR-API-003').Severity | Should -Be 'Medium'
            ($findings | Where-Object RuleId -EQ 'ATR-API-003').Evidence -join ' ' | Should -Match 'Python traceback'
        }
    }
}
