BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    function Complete([string]$Line) {
        [System.Management.Automation.CommandCompletion]::CompleteInput($Line, $Line.Length, $null).CompletionMatches
    }
    $script:Db = Join-Path $TestDrive 'inventory.db'
    $hosts = @([ApiThreat.DiscoveredHost]@{ HostName = 'a.contoso.test'; Domain = 'contoso.test' })
    $endpoint = [ApiThreat.ApiEndpoint]@{ Url = 'https://a.contoso.test/api/'; HostName = 'a.contoso.test'; Kind = 'Rest' }
    $script:First = $hosts | Save-ApiInventory -Path $Db -Label first
    $script:Second = @($hosts) + $endpoint | Save-ApiInventory -Path $Db -Label 'second run'
}

Describe 'Argument completers' {
    It 'completes -Minimum with the grades' {
        (Complete 'Assert-ExternalRiskScore -Minimum ').CompletionText | Should -Be @('A', 'B', 'C', 'D', 'F')
        (Complete 'Assert-ExternalRiskScore -FailBelow c').CompletionText | Should -Be 'C'
    }

    It 'completes -Snapshot with the ids of the database on the command line, newest first, then latest and previous' {
        $r = Complete "Get-ApiInventory -Path '$Db' -Snapshot "
        $r.CompletionText | Should -Be @("$($Second.Id)", "$($First.Id)", 'latest', 'previous')
        $r[0].ToolTip | Should -Match "'second run', 2 items"
        (Complete "Compare-ApiInventory -Baseline '$Db' -Snapshot $($First.Id)").CompletionText | Should -Be "$($First.Id)"
        (Complete "Compare-ApiInventory -Baseline '$Db' -DifferencePath '$Db' -DifferenceSnapshot l").CompletionText | Should -Be 'latest'
    }

    It 'completes -Snapshot relative to the current location, and offers only the words without a database' {
        Push-Location $TestDrive
        try { (Complete 'Get-ApiInventory -Path ./inventory.db -Snapshot ').CompletionText | Should -Contain "$($First.Id)" }
        finally { Pop-Location }
        (Complete 'Get-ApiInventory -Path ./no-such.db -Snapshot ').CompletionText | Should -Be @('latest', 'previous')
    }

    It 'completes -ItemType with the types stored in the newest snapshot, or every storable type' {
        $r = Complete "Get-ApiInventory -Path '$Db' -ItemType "
        $r.CompletionText | Should -Be @('ApiEndpoint', 'DiscoveredHost')
        $r[0].ToolTip | Should -Match 'ApiEndpoint: 1 in snapshot'
        $all = (Complete 'Get-ApiInventory -Path ./none.db -ItemType Cert').CompletionText
        $all | Should -Contain 'CertificateInfo'
    }

    It 'completes -Provider with the providers of the range data, quoting names with spaces' {
        $r = (Complete 'Update-ApiThreatData -Path ./x.json -Provider ').CompletionText
        foreach ($p in 'AWS', 'Akamai', 'Azure', 'Cloudflare', 'Fastly', "'Google Cloud'") { $r | Should -Contain $p }
        (Complete 'Update-ApiThreatData -Path ./x.json -Provider Goo').CompletionText | Should -Be "'Google Cloud'"
    }

    It 'completes rule ids' {
        (Complete 'Get-ApiThreatRule -Id ATR-DNS-00').CompletionText | Should -Not -BeNullOrEmpty
    }
}
