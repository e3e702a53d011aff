# A fourth round of Test-ApiSecurity's real-software wing (contract of Test-ApiSecurity.RealServers.Tests.ps1): Rails 6.1
# (Debian ruby-rails) in API mode with a scaffolded resource (tests/Real/apps/realfw-rails), run as `rails server` runs
# it in development and in production. curl checks what each really serves; every expected rule is found, nothing
# else at Medium or above, and the production twin gives none of them. Plain HTTP on loopback: ATR-EXPO-013 and
# ATR-API-011 (Low) are part of both variants' truth, and WEBrick names its version (ATR-EXPO-001, Low) in both.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Exposure.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Rails.ps1')
    $script:RailsReason = Get-RailsSkipReason
    $script:Rails = @{}
    $script:Operations = @('GET /books', 'GET /books/{id}' | ForEach-Object { New-ExposureOperation $_ })
}

AfterAll { $Rails.Values | ForEach-Object { $_.Server | Stop-RealServer } }

Describe 'Rails 6.1 API mode: development shows its debug pages, production does not' {
    It 'development: the JSON debug page of an API-only app and the welcome page (ATR-EXPO-003, ATR-EXPO-002)' {
        if ($RailsReason) { Set-ItResult -Skipped -Because $RailsReason; return }
        $Rails.development = Start-RailsApp development
        $base = $Rails.development.Base
        $debug = Invoke-Curl "$base/books/999999"
        $debug.StatusCode | Should -Be 404
        $debug.Body | Should -Match '"exception":"#\\u003cActiveRecord::RecordNotFound' -Because 'DebugExceptions answers an API client with the exception'
        $debug.Body | Should -Match '"traces":\{"Application Trace":\[\{'
        (Invoke-Curl "$base/atr-nowhere" -Header 'Accept: text/html').Body | Should -Match '<title>Action Controller: Exception caught</title>'
        (Invoke-Curl "$base/").Body | Should -Match 'Yay! You&rsquo;re on Rails!'
        $findings = Invoke-ExposureScan "$base/" -Operation $Operations
        $null = Assert-Exposure $findings @('ATR-EXPO-003', 'ATR-EXPO-002', 'ATR-EXPO-001', 'ATR-EXPO-013') -Because 'Rails development'
        @($findings | Where-Object RuleId -EQ 'ATR-EXPO-003' | ForEach-Object { ($_.Evidence -split ':')[0] } | Sort-Object -Unique) | Should -Be @('Rails debug page')
        $welcome = @($findings | Where-Object RuleId -EQ 'ATR-EXPO-002')
        $welcome | Should -HaveCount 1
        $welcome[0].Evidence | Should -Match '^Rails welcome page'
        ($findings | Where-Object RuleId -EQ 'ATR-EXPO-001').Evidence | Should -Match 'WEBrick/'
    }

    It 'production: empty 404s and no welcome page; only the Low findings' {
        if ($RailsReason) { Set-ItResult -Skipped -Because $RailsReason; return }
        $Rails.production = Start-RailsApp production
        $base = $Rails.production.Base
        $missing = Invoke-Curl "$base/books/999999"
        $missing.StatusCode | Should -Be 404
        $missing.Body | Should -Not -Match 'traces'
        (Invoke-Curl "$base/").StatusCode | Should -Be 404
        $findings = Invoke-ExposureScan "$base/" -Operation $Operations
        $null = Assert-Exposure $findings @() -Because 'Rails production'
        @($findings.RuleId | Where-Object { $_ -notin 'ATR-API-011', 'ATR-EXPO-013', 'ATR-EXPO-001' }) | Should -BeNullOrEmpty
    }
}
