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
            Expected = @('ATR-EXPO-001', 'ATR-EXPO-013') }
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
        @($ids) | Should -Be @($_.Expected | Sort-Object)
    }
}
