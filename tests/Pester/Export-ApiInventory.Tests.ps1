BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $https = $Lab.httpsPort
    $dir = New-TestDirectory 'export'
    $script:found = 'inv-openapi31', 'inv-graphql-open', 'inv-swagger2' | ForEach-Object { Get-LabHost $_ } | Get-ApiInventory -Port $https @LabParams
}
AfterAll { Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue }

Describe 'Export-ApiInventory' {
    It 'writes one JSON object per line' {
        $lines = $found | Export-ApiInventory -Format JsonLines
        $lines.Count | Should -Be $found.Count
        ($lines | ForEach-Object { ($_ | ConvertFrom-Json).Url } | Sort-Object) | Should -Be ($found.Url | Sort-Object)
    }

    It 'writes CSV with formula-like cells escaped' {
        $hostile = [ApiThreat.ApiEndpoint]@{ Url = 'https://x.contoso.test/'; HostName = 'x.contoso.test'; Title = '=HYPERLINK("http://evil","click")'; Server = '@SUM(A1)'; Kind = 'Rest' }
        $path = Join-Path $dir 'inventory.csv'
        $file = @($found) + $hostile | Export-ApiInventory -Format Csv -Path $path -PassThru
        $file | Should -BeOfType ([IO.FileInfo])
        $rows = Import-Csv $path
        $rows.Count | Should -Be ($found.Count + 1)
        $row = $rows | Where-Object HostName -EQ 'x.contoso.test'
        $row.Title | Should -Be "'=HYPERLINK(`"http://evil`",`"click`")"
        $row.Server | Should -Be "'@SUM(A1)"
        { $found | Export-ApiInventory -Format Csv -Path $path -NoClobber } | Should -Throw -ErrorId 'FileExists*'
        $found | Export-ApiInventory -Format Csv -Path $path | Should -BeNullOrEmpty        # replaced, like Out-File
        (Import-Csv $path).Count | Should -Be $found.Count
        Set-ItemProperty $path -Name IsReadOnly -Value $true
        try {
            { $found | Export-ApiInventory -Format Csv -Path $path } | Should -Throw -ErrorId 'FileReadOnly*'
            $found | Select-Object -First 1 | Export-ApiInventory -Format Csv -Path $path -Force
            (Import-Csv $path).Count | Should -Be 1
        }
        finally { Set-ItemProperty $path -Name IsReadOnly -Value $false }
    }

    It 'writes an OpenAPI 3.1 document per host with the observed security schemes' {
        $out = Join-Path $dir 'openapi'
        $files = $found | Export-ApiInventory -Format OpenApi -Path $out -PassThru
        ($files.Name | Sort-Object) | Should -Be (($found.HostName | Sort-Object -Unique) | ForEach-Object { "$_.openapi.json" })
        $again = $found | Export-ApiInventory -Format OpenApi -Path $out -NoClobber -PassThru -ErrorVariable clobbered -ErrorAction SilentlyContinue
        $again | Should -BeNullOrEmpty
        @($clobbered).Count | Should -Be $files.Count
        $clobbered[0].FullyQualifiedErrorId | Should -BeLike 'FileExists*' 
        $doc = Get-Content -Raw (Join-Path $out "$(Get-LabHost inv-openapi31).openapi.json") | ConvertFrom-Json -AsHashtable
        $doc.openapi | Should -Be '3.1.0'
        ($doc.paths.Keys | Sort-Object) | Should -Be @('/api/v1/pets', '/api/v1/pets/{id}')
        $doc.components.securitySchemes.bearerAuth.scheme | Should -Be 'bearer'
        $doc.paths['/api/v1/pets'].get.security[0].Keys | Should -Be 'bearerAuth'
        $basic = Get-Content -Raw (Join-Path $out "$(Get-LabHost inv-swagger2).openapi.json") | ConvertFrom-Json -AsHashtable
        $basic.components.securitySchemes.basicAuth.scheme | Should -Be 'basic'
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $dir 'whatif.jsonl'
        $found | Export-ApiInventory -Format JsonLines -Path $path -WhatIf
        Test-Path $path | Should -BeFalse
    }
}
