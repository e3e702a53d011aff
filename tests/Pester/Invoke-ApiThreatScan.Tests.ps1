BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Fleet, $script:FleetParams = Get-ScanFleet
    $script:Dir = New-TestDirectory 'scan'
}

AfterAll { Remove-Item -Recurse -Force $Dir -ErrorAction SilentlyContinue }

Describe 'Invoke-ApiThreatScan' {
    It 'returns one ScanResult for the Lab domain' {
        $r = Invoke-ApiThreatScan -Domain $Lab.zone -Profile Passive -TlsPort $Lab.httpsPort -Port $Lab.httpsPort @LabParams -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $r | Should -BeOfType ([ApiThreat.ScanResult])
        $r.Domains | Should -Be @($Lab.zone)
        $r.Profile | Should -Be 'Passive'
        $r.Finished | Should -BeGreaterThan $r.Started
    }

    It 'rejects an invalid domain with an error naming it, and scans the valid ones' {
        $r = Invoke-ApiThreatScan -Domain 'bad domain!', $Lab.zone -Profile Passive -TlsPort $Lab.httpsPort @LabParams -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        ($e | Where-Object FullyQualifiedErrorId -Like 'InvalidDomain*').TargetObject | Should -Be 'bad domain!'
        $r.Domains | Should -Be @($Lab.zone)
    }

    It 'scans the fleet: dark names are silence (one summary line), not error records' {
        $r = Invoke-ApiThreatScan @FleetParams -ErrorVariable e -WarningVariable w -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        # Ground truth from the Lab's own DNS: every name of the zone, found by the zone transfer.
        $names = (& dig "@127.0.0.1" -p $Lab.dnsPort AXFR $Fleet +noall +answer 2>$null) | ForEach-Object { ($_ -split '\s+')[0].TrimEnd('.') } | Where-Object { $_ -like "*.$Fleet" } | Sort-Object -Unique
        if ($names) { $r.Hosts.HostName | Sort-Object | Should -Be $names }
        $r.Hosts.Count | Should -Be 37
        $r.UnansweredHosts | Should -Be 30
        # No error record for a name that simply does not answer (a loaded machine may still fail a live host: that one may show).
        $e | Where-Object { "$($_.TargetObject)" -like '*dark-*' } | Should -BeNullOrEmpty
        $r.ErrorGroups.Samples | Where-Object { $_ -like '*dark-*' } | Should -BeNullOrEmpty
        $summary = @($w | Where-Object { "$_" -like '*had no web port*' })
        $summary.Count | Should -Be 1
        "$($summary[0])" | Should -BeLike '30 name(s) had no web port; * failed*'
        ($r.Inventory.HostName | Sort-Object -Unique) | Should -Be @("api-1.$Fleet", "api-2.$Fleet", "api-3.$Fleet")
        $r.Certificates.HostName | Where-Object { $_ -like 'dark-*' } | Should -BeNullOrEmpty
    }

    It 'names the stage of an error, once per target and cause' {
        # An HTTP-only port as the TLS port: every live host fails its TLS handshake there; each host is one error.
        $p = $FleetParams.Clone(); $p.TlsPort = $Lab.httpPort
        $r = Invoke-ApiThreatScan @p -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $tls = @($e | Where-Object FullyQualifiedErrorId -Like 'TlsHandshakeFailed*')
        $tls.Count | Should -Be 7
        $tls | ForEach-Object { $_.CategoryInfo.Activity | Should -Be 'Certificates' }
        ($tls.TargetObject | Sort-Object -Unique).Count | Should -Be 7
        ($r.ErrorGroups | Where-Object ErrorId -EQ 'TlsHandshakeFailed').Count | Should -Be 7
        $r.Errors | Should -Contain (($r.ErrorGroups | Where-Object ErrorId -EQ 'TlsHandshakeFailed').ToString())
    }

    It 'writes nothing and scans nothing with -WhatIf' {
        $report = Join-Path $Dir 'whatif.html'
        $db = Join-Path $Dir 'whatif.db'
        Reset-LabLog
        $r = Invoke-ApiThreatScan @FleetParams -Report $report -SaveTo $db -WhatIf
        $r | Should -BeNullOrEmpty
        Test-Path $report | Should -BeFalse
        Test-Path $db | Should -BeFalse
        (Get-LabRequestLog) -like "*$Fleet*" | Should -BeNullOrEmpty
    }

    It 'applies the file policy to -Report before it scans: missing folder, -NoClobber, read-only without -Force' {
        $existing = Join-Path $Dir 'kept.html'
        Set-Content -Path $existing -Value 'earlier report'
        Reset-LabLog
        { Invoke-ApiThreatScan @FleetParams -Report (Join-Path $Dir 'no-such-folder/r.html') } | Should -Throw -ErrorId 'OutputFolderNotFound*'
        { Invoke-ApiThreatScan @FleetParams -Report $existing -NoClobber } | Should -Throw -ErrorId 'FileExists*'
        (Get-Item $existing).IsReadOnly = $true
        { Invoke-ApiThreatScan @FleetParams -Report $existing } | Should -Throw -ErrorId 'FileReadOnly*'
        (Get-Item $existing).IsReadOnly = $false
        (Get-LabRequestLog) -like "*$Fleet*" | Should -BeNullOrEmpty -Because 'a refused -Report stops the call before any scan'
        Get-Content -Raw $existing | Should -Match 'earlier report'
    }

    It 'finds no change when it scans unchanged servers twice' {
        $db = Join-Path $Dir 'twice.db'
        $first = Invoke-ApiThreatScan @FleetParams -SaveTo $db -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $first.Snapshot.ItemCount | Should -BeGreaterThan 0
        $second = Invoke-ApiThreatScan @FleetParams -Baseline $db -SaveTo $db -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $second.Changes | ForEach-Object { "$($_.ChangeType) $($_.ItemType) $($_.Key) $($_.Property): $($_.Before) -> $($_.After)" } | Should -BeNullOrEmpty
        (Compare-ApiInventory -Baseline $db) | Should -BeNullOrEmpty
    }

    It 'resumes from its journal: the same result, nothing probed again' {
        $journal = Join-Path $Dir 'resume.jsonl'
        $first = Invoke-ApiThreatScan @FleetParams -ResumeFrom $journal -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        Reset-LabLog
        $again = Invoke-ApiThreatScan @FleetParams -ResumeFrom $journal -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        (Get-LabRequestLog) -like "*$Fleet*" | Should -BeNullOrEmpty
        foreach ($part in 'Hosts', 'Dns', 'Certificates', 'Ips', 'Inventory', 'Technologies', 'Assessments', 'Findings') {
            ($again.$part | ConvertTo-Json -Depth 8 -Compress) | Should -Be ($first.$part | ConvertTo-Json -Depth 8 -Compress) -Because $part
        }
    }

    It 'refuses a shard that is not index/count' {
        { Invoke-ApiThreatScan @FleetParams -Shard '3/3' } | Should -Throw -ErrorId 'InvalidShard*'
    }
}
