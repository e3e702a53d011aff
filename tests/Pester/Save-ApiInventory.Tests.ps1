BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $https = $Lab.httpsPort
    $dir = New-TestDirectory 'save'
    $hosts = 'inv-openapi31', 'inv-graphql-open', 'inv-soap' | ForEach-Object { Get-LabHost $_ }
    $script:found = $hosts | Get-ApiInventory -Port $https @LabParams
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $script:pwshCmd, $script:pwshPrefix = if (Test-Path $pwsh) { $pwsh, @() } else { (Get-Process -Id $PID).Path, @((Join-Path $PSHOME 'pwsh.dll')) }
}
AfterAll { Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue }

Describe 'Save-ApiInventory' {
    It 'saves a snapshot that Get-ApiInventory -Path reads back' {
        $db = Join-Path $dir 'roundtrip.db'
        $snap = $found | Save-ApiInventory -Path $db -Label first
        $snap | Should -BeOfType ([ApiThreat.InventorySnapshot])
        $snap.ItemCount | Should -Be $found.Count
        $back = Get-ApiInventory -Path $db
        ($back.Url | Sort-Object) | Should -Be ($found.Url | Sort-Object)
        ($back | ForEach-Object { "$($_.Kind) $($_.Operations.Count) $($_.Authentication -join ',')" } | Sort-Object) |
            Should -Be ($found | ForEach-Object { "$($_.Kind) $($_.Operations.Count) $($_.Authentication -join ',')" } | Sort-Object)
        $null = $found | Save-ApiInventory -Path $db -Label second
        $list = Get-ApiInventory -Path $db -ListSnapshot
        $list.Label | Should -Be @('first', 'second')
        (Get-ApiInventory -Path $db -Snapshot 1).Count | Should -Be $found.Count
        # FirstSeen is carried from the first snapshot.
        $firstSeen = (Get-ApiInventory -Path $db -Snapshot 1 | Sort-Object Url)[0].FirstSeen
        (Get-ApiInventory -Path $db -Snapshot latest | Sort-Object Url)[0].FirstSeen | Should -Be $firstSeen
    }

    It 'creates nothing with -WhatIf' {
        $db = Join-Path $dir 'whatif.db'
        $found | Save-ApiInventory -Path $db -WhatIf
        Test-Path $db | Should -BeFalse
    }

    It 'refuses objects that are not ApiThreat objects, and saves the others' {
        $db = Join-Path $dir 'mixed.db'
        $snap = @('just a string', $found[0]) | Save-ApiInventory -Path $db -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'NotAnApiThreatObject,*'
        $snap.ItemCount | Should -Be 1
    }

    It 'gives a clear terminating error for a file that is not an inventory' {
        $bad = Join-Path $dir 'notes.txt'
        Set-Content $bad ('x' * 200)
        { Get-ApiInventory -Path $bad } | Should -Throw -ExpectedMessage "*notes.txt*"
        { Get-ApiInventory -Path (Join-Path $dir 'missing.db') } | Should -Throw -ErrorId 'InventoryNotFound*'
    }

    It 'keeps the previous snapshot intact when the saving process is killed mid-save' {
        $db = Join-Path $dir 'killed.db'
        $null = $found | Save-ApiInventory -Path $db -Label intact
        $marker = Join-Path $dir 'started.txt'
        $scriptFile = Join-Path $dir 'save-forever.ps1'
        Set-Content $scriptFile @"
Import-Module '$ModulePath/ApiThreat.psd1'
`$i = 0
& { while (`$true) { `$i++; if (`$i -eq 2000) { Set-Content '$marker' 'go' }; [ApiThreat.Finding]@{ RuleId = 'ATR-INV-001'; Target = ('https://h{0}.contoso.test/' -f `$i) } } } | Save-ApiInventory -Path '$db' -Label killed
"@
        $p = Start-Process -FilePath $pwshCmd -ArgumentList ($pwshPrefix + @('-NoProfile', '-NonInteractive', '-File', $scriptFile)) -PassThru
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not (Test-Path $marker) -and [DateTime]::UtcNow -lt $deadline -and -not $p.HasExited) { Start-Sleep -Milliseconds 100 }
        Start-Sleep -Milliseconds 500
        $p.HasExited | Should -BeFalse -Because 'the save must still be running when it is killed'
        $p.Kill($true)
        $p.WaitForExit(10000) | Should -BeTrue
        $list = Get-ApiInventory -Path $db -ListSnapshot
        $list.Label | Should -Be @('intact')
        (Get-ApiInventory -Path $db).Count | Should -Be $found.Count
        # And the file still takes new snapshots.
        ($found | Save-ApiInventory -Path $db -Label after).Id | Should -BeGreaterThan 1
    }

    It 'loads SQLite (managed and native) from deps/ through the private load context' {
        $db = Join-Path $dir 'alc.db'
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath/ApiThreat.psd1'
`$null = [ApiThreat.Finding]@{ RuleId = 'ATR-INV-001'; Target = 'x' } | Save-ApiInventory -Path '$db'
`$sqlite = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Microsoft.Data.Sqlite' }
`$native = if (Test-Path /proc/self/maps) { (Get-Content /proc/self/maps | Where-Object { `$_ -like '*e_sqlite3*' } | Select-Object -First 1) } else { 'n/a' }
[pscustomobject]@{
    Context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$sqlite).Name
    Path = `$sqlite.Location
    Native = "`$native"
} | ConvertTo-Json -Compress
"@
        $r = & $pwshCmd @pwshPrefix -NoProfile -NonInteractive -Command $script | ConvertFrom-Json
        $r.Context | Should -Be 'ApiThreat'
        $r.Path | Should -BeLike '*deps*'
        if ($IsLinux) { $r.Native | Should -BeLike '*deps/runtimes/*/native/libe_sqlite3.so*' }
    }
}
