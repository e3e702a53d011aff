BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:SavedData = $env:APITHREAT_DATA
    $env:APITHREAT_DATA = Join-Path $TestDrive 'userdata'
    $script:Shipped = Join-Path $ModulePath 'data/psl/public_suffix_list.dat'
}

# The engine keeps the list it read until the next Update-ApiThreatData: the extra private suffix of the test stays
# for the rest of this session, which only changes names under apithreat-psl.test.
AfterAll { $env:APITHREAT_DATA = $SavedData }

Describe 'The Public Suffix List' {
    It 'ships the real list with its licence noted' {
        $Shipped | Should -Exist
        $Shipped | Should -FileContentMatch 'Mozilla Public'
        $Shipped | Should -FileContentMatch '===BEGIN PRIVATE DOMAINS==='
        Join-Path $ModulePath 'data/psl/README.md' | Should -FileContentMatch 'MPL|Mozilla Public License'
    }

    It 'groups scores by registrable domain (co.uk, platform suffixes), and Update-ApiThreatData refreshes it' {
        $f = { param($h) [ApiThreat.Finding]@{ RuleId = 'ATR-TEST-001'; Title = 't'; Severity = 'Medium'; Category = 'TransportSecurity'; Target = $h; HostName = $h } }
        $domains = { param($hosts) @($hosts | ForEach-Object { & $f $_ } | Get-ExternalRiskScore | Where-Object Scope -EQ Domain).Target | Sort-Object }
        & $domains @('api.example.co.uk', 'www.example.co.uk') | Should -Be 'example.co.uk'
        & $domains @('app1.herokuapp.com', 'app2.herokuapp.com') | Should -Be @('app1.herokuapp.com', 'app2.herokuapp.com')
        & $domains @('a.team.apithreat-psl.test') | Should -Be 'apithreat-psl.test'

        # A newer list (here: the shipped one plus a private suffix) installs into the user's folder and is used at once.
        $newer = Join-Path $TestDrive 'public_suffix_list.dat'
        (Get-Content -Raw $Shipped) -replace '// ===END PRIVATE DOMAINS===', "apithreat-psl.test`n// ===END PRIVATE DOMAINS===" | Set-Content -Path $newer -NoNewline
        Update-ApiThreatData -Path $newer -WhatIf
        Join-Path $env:APITHREAT_DATA 'psl/public_suffix_list.dat' | Should -Not -Exist
        $r = Update-ApiThreatData -Path $newer
        $r | Should -BeOfType ([ApiThreat.PublicSuffixListSource])
        $r.RuleCount | Should -BeGreaterThan 9000
        $r.Path | Should -Be (Join-Path $env:APITHREAT_DATA 'psl/public_suffix_list.dat')
        & $domains @('a.team.apithreat-psl.test') | Should -Be 'team.apithreat-psl.test'
    }

    It 'refuses a file that only looks like the list, naming it' {
        $bad = Join-Path $TestDrive 'bad.dat'
        Set-Content $bad "// ===BEGIN ICANN DOMAINS===`nexample`n"
        $null = Update-ApiThreatData -Path $bad -DestinationPath (Join-Path $TestDrive 'out.dat') -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPublicSuffixList*'
        $e[0].TargetObject | Should -Be $bad
        Join-Path $TestDrive 'out.dat' | Should -Not -Exist
    }
}
