# Export-Csv and ConvertTo-Csv write what a reader can use: every collection a result carries (string arrays, nested
# findings, operations, factors, header dictionaries) as its items joined with "; ", every enum by name, never a type
# name ("System.String[]", "ApiThreat.Finding[]"); while the objects keep their typed properties for scripts and
# Export-Clixml still writes exactly what it wrote before the text was read (module/types: ApiThreat.Text.types.ps1xml).
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # Every model type a cmdlet declares as output.
    $script:OutputTypes = @(Get-Command -Module ApiThreat -CommandType Cmdlet | ForEach-Object { $_.OutputType.Type } |
            Where-Object { $_ -and $_.Namespace -eq 'ApiThreat' } | Sort-Object FullName -Unique | ForEach-Object { @{ Name = $_.Name; Type = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Stamp = [DateTimeOffset]'2026-11-29T08:00:00Z'

    function New-Sample([type]$Type, [int]$Depth = 0) {
        # An instance with every settable property filled: texts, numbers, the last enum value, and collections of two
        # items (model objects filled the same way, one level down).
        $o = [Activator]::CreateInstance($Type)
        foreach ($p in $Type.GetProperties() | Where-Object { $_.CanWrite -and $_.SetMethod.IsPublic }) {
            $t = $p.PropertyType
            $u = [Nullable]::GetUnderlyingType($t) ?? $t
            $value = if ($u -eq [string]) { "$($p.Name) text" }
                elseif ($u.IsArray -and $u.GetElementType() -eq [string]) { [string[]]@("$($p.Name) one", "$($p.Name) two") }
                elseif ($u.IsArray -and $u.GetElementType().Namespace -eq 'ApiThreat' -and $Depth -lt 1) {
                    $items = [Array]::CreateInstance($u.GetElementType(), 2)
                    $items[0] = New-Sample $u.GetElementType() ($Depth + 1); $items[1] = New-Sample $u.GetElementType() ($Depth + 1)
                    , $items
                }
                elseif ($u.IsGenericType -and $u.GetGenericTypeDefinition() -eq [System.Collections.Generic.Dictionary`2]) {
                    $d = [Activator]::CreateInstance($u); $d['Server'] = 'nginx'; $d['X-Frame-Options'] = 'DENY'; , $d
                }
                elseif ($u -in [int], [long], [double]) { 42 }
                elseif ($u -eq [bool]) { $true }
                elseif ($u.IsEnum) { [enum]::GetValues($u)[-1] }
                elseif ($u -eq [DateTimeOffset]) { $Stamp }
                elseif ($u -eq [DateOnly]) { [DateOnly]::new(2026, 11, 29) }
                elseif ($u.Namespace -eq 'ApiThreat' -and $u.IsClass -and $Depth -lt 1) { New-Sample $u ($Depth + 1) }
                else { $null }
            if ($null -ne $value) { $o.($p.Name) = $value }
        }
        $o
    }
}

Describe 'ConvertTo-Csv of every output type' {
    It '<Name>: collections joined, enums by name, no type names' -ForEach $OutputTypes {
        $sample = New-Sample $Type
        $row = $sample | ConvertTo-Csv | ConvertFrom-Csv
        $problems = foreach ($p in $Type.GetProperties()) {
            $cell = $row.($p.Name)
            if ($cell -cmatch '\b(System|ApiThreat)\.[A-Z][\w`\[\],.]*') { "$($p.Name) is written as a type name: '$cell'" }
            $u = [Nullable]::GetUnderlyingType($p.PropertyType) ?? $p.PropertyType
            if ($u.IsEnum -and $null -ne $sample.($p.Name) -and $cell -ne $sample.($p.Name).ToString()) { "$($p.Name) is written as '$cell', not the enum's name" }
            if ($u.IsEnum -and $cell -match '^\d+$') { "$($p.Name) is a bare enum number: '$cell'" }
            if ($u.IsArray -and $u.GetElementType() -eq [string] -and $sample.($p.Name).Count -eq 2 -and $cell -ne ($sample.PSBase.($p.Name) -join '; ')) {
                "$($p.Name) is written as '$cell', not its items joined with '; '"
            }
        }
        $problems | Should -BeNullOrEmpty
    }
}

Describe 'The objects stay typed' {
    It 'keeps arrays as arrays for scripts, JSON and pipeline binding' {
        $h = [ApiThreat.DiscoveredHost]@{ HostName = 'a.contoso.test'; Addresses = @('192.0.2.1', '2001:db8::1'); Sources = @('Wordlist', 'TlsSan') }
        $h.Addresses.GetType() | Should -Be ([string[]])
        $h.Addresses.Count | Should -Be 2
        $h.Addresses[1] | Should -Be '2001:db8::1'
        $h.Addresses -contains '192.0.2.1' | Should -BeTrue
        @($h, $h).Addresses.Count | Should -Be 4
        ($h | ConvertTo-Json -Compress | ConvertFrom-Json).Addresses | Should -Be @('192.0.2.1', '2001:db8::1')
        $h.Addresses = @('198.51.100.7'); $h.Addresses += '198.51.100.8'
        $h.Addresses | Should -Be @('198.51.100.7', '198.51.100.8')
        $h.Addresses.GetType() | Should -Be ([string[]])
        ($h | ConvertTo-Csv | ConvertFrom-Csv).Addresses | Should -Be '198.51.100.7; 198.51.100.8'
        # The CLR text of the array itself is untouched (the readable text is a PowerShell member).
        [object].GetMethod('ToString').Invoke($h.PSBase.Addresses, @()) | Should -Be 'System.String[]'
    }

    It 'keeps the column order of the type' {
        $header = ([ApiThreat.Finding]::new() | ConvertTo-Csv)[0] -replace '"', '' -split ','
        $header | Should -Be @([ApiThreat.Finding].GetProperties().Name)
    }

    It 'serializes exactly as before the text was read (Export-Clixml, jobs)' {
        $h = New-Sample ([ApiThreat.DiscoveredHost])
        $h.Evidence = [Array]::Empty[string]()
        $h.CnameChain = [Array]::Empty[string]()
        $before = [System.Management.Automation.PSSerializer]::Serialize($h, 8)
        $null = $h | ConvertTo-Csv
        $after = [System.Management.Automation.PSSerializer]::Serialize($h, 8)
        $after | Should -BeExactly $before
        $back = [System.Management.Automation.PSSerializer]::Deserialize($after)
        $back | Should -BeOfType ([ApiThreat.DiscoveredHost])
        $back.Findings[0] | Should -BeOfType ([ApiThreat.Finding])
        ($back | ConvertTo-Csv) | Should -Be ($h | ConvertTo-Csv)
    }

    It 'writes results the Lab gives readable too' {
        $domain = "invdomain.$($Lab.zone)"
        $results = @(Get-ApiInventory -Domain $domain -Port $Lab.httpsPort @LabParams -ErrorAction SilentlyContinue)
        $results | Should -Not -BeNullOrEmpty
        $csv = ($results | ConvertTo-Csv) -join "`n"
        $csv | Should -Not -MatchExactly '\b(System|ApiThreat)\.[A-Z][\w`]*(\[\])?"'
    }
}
