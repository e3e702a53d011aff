BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $https = $Lab.httpsPort
    $dir = New-TestDirectory 'compare'
    $drift = Get-LabHost inv-drift
    function Set-DriftState([int]$State) {
        $null = Invoke-HttpProbe -Url "http://$($drift):$($Lab.httpPort)/__lab/state?set=$State" @LabParams
    }
    function Format-Change($c) {
        $detail = if ($c.Property) { $c.Property } else { $c.Key -replace '^\S+ ', '' }
        "$($c.ChangeType) $($c.ItemType) $detail $($c.Severity) $($c.RuleId)".Trim()
    }
    $expected = @((Get-LabScenario inv-drift).expect.DriftChanges | Sort-Object)
}
AfterAll {
    Set-DriftState 1
    Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue
}

Describe 'Compare-ApiInventory' {
    It 'reports exactly the drift of a host that changed between two runs (new operation, lost auth, new certificate)' {
        $db = Join-Path $dir 'drift.db'
        Set-DriftState 1
        $before = Get-ApiInventory -Url $drift -Port $https @LabParams
        $before.Authentication | Should -Be 'Bearer'
        $null = $before | Save-ApiInventory -Path $db
        Set-DriftState 2
        $changes = Get-ApiInventory -Url $drift -Port $https @LabParams | Compare-ApiInventory -Baseline $db
        $changes | Should -BeOfType ([ApiThreat.InventoryChange])
        @($changes | ForEach-Object { Format-Change $_ } | Sort-Object) | Should -Be $expected
        $lost = $changes | Where-Object RuleId -EQ 'ATR-INV-005'
        $lost.Severity | Should -Be 'High'
        $lost.Before | Should -Be 'Bearer'
        $lost.After | Should -Be 'None'
        $lost.HostName | Should -Be $drift
    }

    It 'compares two stored snapshots (previous against latest by default)' {
        $db = Join-Path $dir 'snapshots.db'
        Set-DriftState 1
        $null = Get-ApiInventory -Url $drift -Port $https @LabParams | Save-ApiInventory -Path $db
        Set-DriftState 2
        $null = Get-ApiInventory -Url $drift -Port $https @LabParams | Save-ApiInventory -Path $db
        @(Compare-ApiInventory -Baseline $db | ForEach-Object { Format-Change $_ } | Sort-Object) | Should -Be $expected
        @(Compare-ApiInventory -Baseline $db -Snapshot 1 -DifferenceSnapshot 2 | ForEach-Object { Format-Change $_ } | Sort-Object) | Should -Be $expected
        Compare-ApiInventory -Baseline $db -Snapshot 2 -DifferenceSnapshot 2 | Should -BeNullOrEmpty
    }

    It 'reports nothing when nothing changed' {
        $db = Join-Path $dir 'same.db'
        Set-DriftState 1
        $null = Get-ApiInventory -Url $drift -Port $https @LabParams | Save-ApiInventory -Path $db
        Get-ApiInventory -Url $drift -Port $https @LabParams | Compare-ApiInventory -Baseline $db | Should -BeNullOrEmpty
    }

    It 'names a missing snapshot in a terminating error' {
        $db = Join-Path $dir 'one.db'
        $null = [ApiThreat.DiscoveredHost]@{ HostName = 'a.contoso.test' } | Save-ApiInventory -Path $db
        { Compare-ApiInventory -Baseline $db } | Should -Throw -ExpectedMessage '*only one snapshot*'
        { [ApiThreat.DiscoveredHost]@{ HostName = 'a.contoso.test' } | Compare-ApiInventory -Baseline $db -Snapshot 7 } | Should -Throw -ErrorId 'SnapshotNotFound*'
    }
}
