BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    [xml]$script:Formats = Get-Content -Raw (Join-Path $ModulePath 'ApiThreat.format.ps1xml')

    function New-LongSample([type]$Type) {
        # An instance whose every text is longer than any column: a view must truncate, never wrap or drop a column.
        $o = [Activator]::CreateInstance($Type)
        foreach ($p in $Type.GetProperties() | Where-Object { $_.CanWrite }) {
            $t = $p.PropertyType
            $value = if ($t -eq [string]) { "$($p.Name)-" + ('w' * 150) }
                elseif ($t -eq [string[]]) { @(1..3 | ForEach-Object { "$($p.Name)$_-" + ('v' * 40) }) }
                elseif ($t -eq [int] -or $t -eq [long]) { 123456 }
                elseif ($t -eq [double]) { 12345.6 }
                elseif ($t -eq [bool]) { $true }
                elseif ($t.IsEnum) { [enum]::GetValues($t)[-1] }
                elseif ($t -eq [DateTimeOffset] -or $t -eq [Nullable[DateTimeOffset]]) { [DateTimeOffset]'2026-11-29T08:00:00Z' }
                elseif ($t -eq [DateOnly]) { [DateOnly]::new(2026, 11, 29) }
                else { $null }
            if ($null -ne $value) { $o.($p.Name) = $value }
        }
        $o
    }
}

Describe 'Default views' {
    It 'every table view fits 120 columns with all its columns, one line per object' {
        $tables = $Formats.Configuration.ViewDefinitions.View | Where-Object { $_.TableControl }
        $tables | Should -Not -BeNullOrEmpty
        $problems = foreach ($view in $tables) {
            $typeName = $view.ViewSelectedBy.TypeName
            $type = [ApiThreat.Finding].Assembly.GetType($typeName)
            $type | Should -Not -BeNullOrEmpty -Because "$typeName is a public type"
            $labels = @($view.TableControl.TableHeaders.TableColumnHeader | ForEach-Object { if ($_.Label) { $_.Label } })
            $text = New-LongSample $type | Format-Table | Out-String -Width 120
            $lines = @($text -split "`r?`n" | ForEach-Object { $_.TrimEnd() } | Where-Object { $_ })
            if ($lines | Where-Object Length -GT 120) { "$typeName has a line over 120 columns:`n$text" }
            elseif ($lines.Count -ne 3) { "$typeName does not show one header line, a rule and one row:`n$text" }
            foreach ($label in $labels) { if ($lines[0] -notmatch [regex]::Escape($label)) { "$typeName loses its '$label' column at 120 columns:`n$text" } }
        }
        $problems | Should -BeNullOrEmpty
    }

    It 'puts the most useful columns first' {
        $first = @{
            'ApiThreat.Finding' = 'Severity'; 'ApiThreat.HttpProbe' = 'Status'; 'ApiThreat.CertificateInfo' = 'HostName'
            'ApiThreat.InventoryChange' = 'Severity'; 'ApiThreat.ApiEndpoint' = 'Kind'; 'ApiThreat.HijackAssessment' = 'Grade'
        }
        foreach ($typeName in $first.Keys) {
            $view = $Formats.Configuration.ViewDefinitions.View | Where-Object { $_.TableControl -and $_.ViewSelectedBy.TypeName -eq $typeName }
            @($view.TableControl.TableHeaders.TableColumnHeader)[0].Label | Should -Be $first[$typeName]
        }
    }

    It 'never shows raw certificate bytes, in the table or the list' {
        $cert = New-LongSample ([ApiThreat.CertificateInfo])
        $cert.RawData = [Convert]::ToBase64String([byte[]](1..255) * 8)
        ($cert | Format-Table | Out-String -Width 120) | Should -Not -Match 'AQIDBAUG'
        $list = $cert | Format-List | Out-String -Width 120
        $list | Should -Not -Match 'AQIDBAUG'
        $list | Should -Match 'Sha256Fingerprint'
        $list | Should -Match 'DaysRemaining'
    }
}
