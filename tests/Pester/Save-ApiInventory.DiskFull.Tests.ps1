# The disk fills up while Save-ApiInventory writes: the save must fail with a clear error naming the cause, and the
# snapshots saved before must read back intact. Uses a real small filesystem (tmpfs, which needs root on Linux, as in
# CI); elsewhere the test is reported as skipped with the reason, never passed.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Mount = Join-Path ([IO.Path]::GetTempPath()) "apithreat-full-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
    $script:SkipReason = if (-not $IsLinux) { 'needs Linux (a tmpfs mount)' }
    elseif ((id -u) -ne '0') { 'needs root to mount a small tmpfs' }
    else {
        $null = New-Item -ItemType Directory $Mount
        $out = & mount -t tmpfs -o size=8m tmpfs $Mount 2>&1
        if ($LASTEXITCODE -ne 0) { "mount -t tmpfs failed: $out" }
    }
    $hosts = 'inv-openapi31', 'inv-graphql-open', 'inv-soap' | ForEach-Object { Get-LabHost $_ }
    $script:Found = $hosts | Get-ApiInventory -Port $Lab.httpsPort @LabParams
}

AfterAll {
    if (-not $SkipReason) { & umount $Mount 2>&1 | Out-Null; if ($LASTEXITCODE -ne 0) { & umount -l $Mount 2>&1 | Out-Null } }
    Remove-Item -Recurse -Force $Mount -ErrorAction SilentlyContinue
}

Describe 'Save-ApiInventory when the disk fills up' {
    It 'fails with a clear error, keeps the earlier snapshot intact, and saves again once there is room' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $db = Join-Path $Mount 'inventory.db'
        $first = $Found | Save-ApiInventory -Path $db -Label before
        $first.ItemCount | Should -Be $Found.Count
        $expected = Get-ApiInventory -Path $db | ForEach-Object { $_ | ConvertTo-Json -Depth 8 -Compress } | Sort-Object

        # Leave about 48 KB free, then save far more than that (~1 MB of findings).
        $free = [IO.DriveInfo]::new($Mount).AvailableFreeSpace
        $filler = Join-Path $Mount 'filler.bin'
        $stream = [IO.File]::Create($filler)
        try { $stream.SetLength([Math]::Max(0, $free - 48KB)); $stream.Write([byte[]]::new(1), 0, 1) } finally { $stream.Dispose() }
        # tmpfs allocates on write: touch every block so the space is really taken.
        $bytes = [byte[]]::new(64KB); [Random]::new(1).NextBytes($bytes)
        $fs = [IO.File]::OpenWrite($filler); try { while ($fs.Position -lt $fs.Length - 1) { $fs.Write($bytes, 0, [Math]::Min($bytes.Length, $fs.Length - 1 - $fs.Position)) } } finally { $fs.Dispose() }
        [IO.DriveInfo]::new($Mount).AvailableFreeSpace | Should -BeLessThan 128KB

        $padding = 'x' * 2000
        $big = 1..500 | ForEach-Object { [ApiThreat.Finding]@{ RuleId = 'ATR-INV-001'; Target = "https://h$_.contoso.test/"; Evidence = "$padding $_" } }
        $err = $null
        try { $big | Save-ApiInventory -Path $db -Label big; throw 'the save did not fail' }
        catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'InventorySaveFailed*'
        $err.CategoryInfo.Category | Should -Be 'WriteError'
        $message = "$($err.ErrorDetails.Message) $($err.Exception.Message)"
        $message | Should -Match 'full'
        $message | Should -Match 'rolled back; the earlier snapshots are intact'
        $message | Should -Match ([regex]::Escape('inventory.db'))

        # Nothing half-written is left beside the database (a hot journal would be rolled back by the next writer,
        # but the failed save must have cleaned up itself).
        (Get-ChildItem $Mount -Name | Sort-Object) | Should -Be @('filler.bin', 'inventory.db')
        # So the .db file alone (what a backup copies) is whole.
        $copy = Join-Path $TestDrive 'copy.db'
        Copy-Item $db $copy
        (Get-ApiInventory -Path $copy -ListSnapshot).Label | Should -Be @('before')

        # Read back while the disk is still full: only the first snapshot, item for item.
        (Get-ApiInventory -Path $db -ListSnapshot).Label | Should -Be @('before')
        (Get-ApiInventory -Path $db | ForEach-Object { $_ | ConvertTo-Json -Depth 8 -Compress } | Sort-Object) | Should -Be $expected

        # With room again, the same file takes the big snapshot.
        Remove-Item $filler
        $second = $big | Save-ApiInventory -Path $db -Label big
        $second.ItemCount | Should -Be 500
        (Get-ApiInventory -Path $db -ListSnapshot).Label | Should -Be @('before', 'big')
        (Get-ApiInventory -Path $db -Snapshot 1 | ForEach-Object { $_ | ConvertTo-Json -Depth 8 -Compress } | Sort-Object) | Should -Be $expected
    }
}
