# A fifth round of Test-ApiSecurity's real-software wing: the round-5 frameworks of Get-ApiInventory.RealSoftware5 on
# their defaults, scanned as a user would (Get-ApiInventory -Depth Standard | Test-ApiSecurity, passive). None of them
# exposes anything beyond what plain HTTP on loopback is: exactly the expected Low findings, nothing at Medium or above.
# ATR-EXPO-013 (plain HTTP only) is every variant's truth; ATR-EXPO-001 where the server names its version (aiohttp's
# "Python/3.11 aiohttp/3.8.4", wsgiref's "WSGIServer/0.2 CPython/3.11"); ATR-API-011 where the API's reads answer
# without any rate-limit header.

BeforeDiscovery {
    $script:Servers = @(
        @{ Name = 'Fortune.js 5 + fortune-json-api (JSON:API)'; App = 'realfw5-fortune'; Npm = @('fortune', 'fortune-http', 'fortune-json-api')
            Start = @('node', 'server.js', '{port}'); Expected = @('ATR-API-011', 'ATR-EXPO-013') }
        @{ Name = 'aiohttp 3.8 + aiohttp-apispec 3'; App = 'realfw5-aiohttp'; Python = @('aiohttp_apispec')
            Start = @('/usr/bin/python3', 'app.py', '{port}'); Ready = '/api/docs/swagger.json'; Expected = @('ATR-API-011', 'ATR-EXPO-001', 'ATR-EXPO-013') }
        @{ Name = 'Falcon 3'; App = 'realfw5-falcon'; Python = @('falcon'); Start = @('/usr/bin/python3', 'app.py', '{port}'); Ready = '/images'
            Expected = @('ATR-EXPO-001', 'ATR-EXPO-013'); WithReads = 'ATR-API-011' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Discovery.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Exposure.ps1')
}

AfterAll { Stop-Framework }

Describe 'Test-ApiSecurity on the round-5 frameworks at their defaults' {
    It '<Name>: only the Low findings of plain HTTP on loopback, nothing at Medium or above' -ForEach $Servers {
        $s = Start-Framework $_
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $endpoints | Should -HaveCount 1
        $findings = @($endpoints | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop)
        $ids = Assert-Exposure $findings @() -Because $_.Name
        # Falcon's /images is found by the resource wordlist when wsgiref (HTTP/1.0, one request at a time) lets its probe
        # through; its reads then answer without any rate-limit header (ATR-API-011), which only reads can show.
        $expected = @($_.Expected) + @(if ($_.WithReads -and @($endpoints.Operations).Count) { $_.WithReads })
        @($ids) | Should -Be @($expected | Sort-Object)
    }
}

Describe 'Test-ApiSecurity on SAP CAP 9, which one malformed GET stops' {
    # CAP 9.9's OData request logger calls decodeURI on the raw path unguarded: a GET with a malformed percent-escape
    # throws outside any handler, the process exits, and the port refuses connections from then on. Expected: the
    # passive findings gathered before (plain HTTP only, no rate-limit headers) plus ATR-API-023 naming the request
    # that went unanswered and the last one answered; nothing High.
    BeforeAll {
        function Get-Cap([string]$Name) {
            @{ Name = $Name; App = 'realfw5-cap'; Npm = @('@sap/cds', 'express')
                Start = @('node', 'node_modules/@sap/cds/bin/serve.js', '--port', '{port}'); Ready = '/odata/v4/catalog/$metadata' }
        }
    }

    It 'curl: the service answers, one GET with a bad escape gets an empty reply, then the port refuses connections' {
        $s = Start-Framework (Get-Cap 'SAP CAP 9 (crash ground truth)')
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        (Invoke-Curl "$($s.Base)/odata/v4/catalog/Books").StatusCode | Should -Be 200
        $null = & curl -sS --max-time 10 --noproxy '127.0.0.0/8' "$($s.Base)/odata/v4/catalog/atr-probe%" 2>&1
        $LASTEXITCODE | Should -Be 52 -Because 'curl: (52) Empty reply from server: the process died handling it'
        Start-Sleep -Milliseconds 500
        $null = & curl -sS --max-time 10 --noproxy '127.0.0.0/8' "$($s.Base)/odata/v4/catalog/Books" 2>&1
        $LASTEXITCODE | Should -Be 7 -Because 'curl: (7) Failed to connect: nothing listens any more'
    }

    It 'the assessment keeps what it found before and reports the service stopped, naming the request' {
        $s = Start-Framework (Get-Cap 'SAP CAP 9 (scanned)')
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $endpoints | Should -HaveCount 1
        $findings = @($endpoints | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop)
        $stopped = @($findings | Where-Object RuleId -EQ 'ATR-API-023')
        $stopped | Should -HaveCount 1
        $stopped[0].Severity | Should -Be 'Medium'
        # The request CAP died on is one of the error probe's malformed escapes; .NET retries a request whose reused
        # connection closed unanswered, so the first one seen failing may be that retry, refused.
        $stopped[0].Evidence | Should -Match "GET /odata/v4/catalog/\S*atr\S*%\S* got no answer \(.*\), and from then on 127\.0\.0\.1:\d+ refused connections \(3 tries over a second\)\. The last request it answered: GET /odata/v4/catalog"
        @($findings | Where-Object Severity -In 'High', 'Critical') | Should -BeNullOrEmpty
        @($findings.RuleId | Sort-Object -Unique) | Should -Be @('ATR-API-011', 'ATR-API-023', 'ATR-EXPO-013')
    }
}
