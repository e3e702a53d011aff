BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Postgres.ps1')
    $script:Dir = New-TestDirectory 'pgtest'
    $script:Pg = Start-RealPostgres
    $script:Fleet, $script:FleetParams = Get-ScanFleet
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $script:PwshCmd, $script:PwshPrefix = if (Test-Path $pwsh) { $pwsh, @() } else { (Get-Process -Id $PID).Path, @((Join-Path $PSHOME 'pwsh.dll')) }

    function script:Get-ItemKeys([string]$ScanId) {
        Invoke-Psql $Pg "SELECT i.item_type || ' ' || i.item_key FROM apithreat_items i JOIN apithreat_snapshots s ON s.id = i.snapshot_id WHERE s.scan_id = '$ScanId' ORDER BY 1"
    }

    function script:Get-HostRequestCounts {
        # How often each fleet host was asked for something (the Lab's request log), as "host count" lines.
        (Get-LabRequestLog) | Where-Object { $_ -like "*$Fleet*" } | ForEach-Object { ([uri]$_).Host } | Group-Object | ForEach-Object { "$($_.Name) $($_.Count)" } | Sort-Object
    }
}

AfterAll {
    Stop-RealPostgres $Pg
    Remove-Item -Recurse -Force $Dir -ErrorAction SilentlyContinue
}

Describe 'PostgreSQL inventory' {
    BeforeEach { if (-not $Pg) { Set-ItResult -Skipped -Because $PostgresSkipReason } }

    It 'saves, lists, reads and compares a snapshot; the password is never printed' {
        $hosts = Find-Subdomain -Domain $Fleet -NameServerPort $Lab.dnsPort -Source ZoneTransfer @LabParams
        $out = $hosts | Save-ApiInventory -Path $Pg.Location -Credential $Pg.Credential -Label 'zone' -Verbose 4>&1
        $snap = $out | Where-Object { $_ -is [ApiThreat.InventorySnapshot] }
        $snap.ItemCount | Should -Be 37
        $snap.Path | Should -Be $Pg.Location
        ($out | Out-String) | Should -Not -BeLike "*$($Pg.Password)*"
        # Ground truth from the server itself.
        Invoke-Psql $Pg "SELECT count(*) FROM apithreat_items WHERE snapshot_id = $($snap.Id)" | Should -Be '37'
        (Get-ApiInventory -Path $Pg.Location -Credential $Pg.Credential -ListSnapshot | Where-Object Id -EQ $snap.Id).Label | Should -Be 'zone'
        (Get-ApiInventory -Path $Pg.Location -Credential $Pg.Credential -ItemType DiscoveredHost -Snapshot $snap.Id).HostName | Sort-Object |
            Should -Be ($hosts.HostName | Sort-Object)
        $hosts | Compare-ApiInventory -Baseline $Pg.Location -Credential $Pg.Credential -Snapshot $snap.Id | Should -BeNullOrEmpty
    }

    It 'names the location, not the password, when the credential is wrong' {
        $bad = [pscredential]::new('postgres', (ConvertTo-SecureString 'wrong-secret-123' -AsPlainText -Force))
        $err = $null
        try { Find-Subdomain -Domain $Fleet -NameServerPort $Lab.dnsPort -Source ZoneTransfer @LabParams | Save-ApiInventory -Path $Pg.Location -Credential $bad }
        catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        "$err $($err.ErrorDetails)" | Should -BeLike "*postgres://postgres@127.0.0.1:$($Pg.Port)/postgres*"
        "$err $($err.ErrorDetails) $($err.Exception)" | Should -Not -BeLike '*wrong-secret-123*'
    }

    It 'three shard worker processes (JOB_COMPLETION_INDEX) write one snapshot equal to one process, no host probed twice' {
        $single = "single-$([guid]::NewGuid().ToString('n'))"
        Reset-LabLog
        # A generous timeout on both sides: four scanners, the Lab and PostgreSQL share the machine, and a live host that
        # times out in one run and not the other would differ for a reason that is not sharding.
        $whole = Invoke-ApiThreatScan @FleetParams -TimeoutSec 60 -SaveTo $Pg.Location -Credential $Pg.Credential -ScanId $single -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $wholeRequests = Get-HostRequestCounts

        $sharded = "sharded-$([guid]::NewGuid().ToString('n'))"
        $scanParameters = @{
            Profile = 'Passive'; Port = $Lab.httpsPort; TlsPort = $Lab.httpsPort; NameServerPort = $Lab.dnsPort
            CertificateTransparencyUri = "http://crt.$($Lab.zone):$($Lab.httpPort)/"
            Resolver = $Lab.resolver; AllowPrivateAddress = $true; TrustedRootCertificate = $Lab.rootCertificate; TimeoutSec = 60
        } | ConvertTo-Json -Compress
        Reset-LabLog
        $workers = foreach ($i in 0..2) {
            $psi = [System.Diagnostics.ProcessStartInfo]::new($PwshCmd)
            foreach ($a in $PwshPrefix + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $RepoRoot 'src/deploy/scan-worker.ps1'))) { $psi.ArgumentList.Add($a) }
            $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
            $psi.Environment['PSModulePath'] = (Split-Path (Split-Path $ModulePath)) + [IO.Path]::PathSeparator + $env:PSModulePath
            $psi.Environment['JOB_COMPLETION_INDEX'] = "$i"
            $psi.Environment['APITHREAT_SHARD_COUNT'] = '3'
            $psi.Environment['APITHREAT_SCAN_ID'] = $sharded
            $psi.Environment['APITHREAT_DOMAINS'] = $Fleet
            $psi.Environment['APITHREAT_STORE'] = $Pg.Location
            $psi.Environment['APITHREAT_STORE_USER'] = 'postgres'
            $psi.Environment['APITHREAT_STORE_PASSWORD'] = $Pg.Password
            $psi.Environment['APITHREAT_SCAN_PARAMETERS'] = $scanParameters
            $psi.Environment['APITHREAT_RESULT_PATH'] = Join-Path $Dir "shard-$i.clixml"
            $p = [System.Diagnostics.Process]::Start($psi)
            [pscustomobject]@{ Process = $p; Out = $p.StandardOutput.ReadToEndAsync(); Err = $p.StandardError.ReadToEndAsync() }
        }
        foreach ($w in $workers) {
            $w.Process.WaitForExit(600000) | Should -BeTrue
            $w.Process.ExitCode | Should -Be 0 -Because "$($w.Out.Result) $($w.Err.Result)"
            $w.Out.Result | Should -Not -BeLike "*$($Pg.Password)*"
            $w.Err.Result | Should -Not -BeLike "*$($Pg.Password)*"
        }
        $shardRequests = Get-HostRequestCounts
        $parts = 0..2 | ForEach-Object { Import-Clixml (Join-Path $Dir "shard-$_.clixml") }

        # One snapshot, equal to the single process's; every host assessed by exactly one shard, and asked as often.
        Invoke-Psql $Pg "SELECT count(*) FROM apithreat_snapshots WHERE scan_id = '$sharded'" | Should -Be '1'
        $difference = Compare-Object (Get-ItemKeys $single) (Get-ItemKeys $sharded) | ForEach-Object { "$($_.SideIndicator) $($_.InputObject)" }
        $difference | Should -BeNullOrEmpty -Because 'the shards together must store exactly what one process stores'
        $hostNames = $parts | ForEach-Object { $_.Hosts.HostName }
        ($hostNames | Sort-Object -Unique).Count | Should -Be $hostNames.Count
        $hostNames | Sort-Object | Should -Be ($whole.Hosts.HostName | Sort-Object)
        ($parts | ForEach-Object { $_.Inventory.Url }) | Sort-Object | Should -Be ($whole.Inventory.Url | Sort-Object)
        ($parts | ForEach-Object { $_.Findings } | ForEach-Object { "$($_.RuleId)|$($_.Target)|$($_.Evidence)" } | Sort-Object -Unique) |
            Should -Be ($whole.Findings | ForEach-Object { "$($_.RuleId)|$($_.Target)|$($_.Evidence)" } | Sort-Object -Unique)
        $shardRequests | Should -Be $wholeRequests
        $parts.ScanId | Sort-Object -Unique | Should -Be $sharded
    }

    It 'the hybrid-worker runbook example: two workers of one ScanId save one snapshot' {
        $scanId = "runbook-$([guid]::NewGuid().ToString('n'))"
        $extra = @{ Port = $Lab.httpsPort; TlsPort = $Lab.httpsPort; NameServerPort = $Lab.dnsPort; CertificateTransparencyUri = "http://crt.$($Lab.zone):$($Lab.httpPort)/" } + $LabParams
        $saved = $env:PSModulePath
        $env:PSModulePath = (Split-Path (Split-Path $ModulePath)) + [IO.Path]::PathSeparator + $env:PSModulePath # the runbook imports ApiThreat by name
        $summaries = foreach ($i in 0, 1) {
            & (Join-Path $RepoRoot 'src/deploy/examples/AzureAutomation-ScanRunbook.ps1') -Domain $Fleet -Store $Pg.Location -ScanId $scanId `
                -ShardIndex $i -ShardCount 2 -Profile Passive -Credential $Pg.Credential -ScanParameters $extra -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        }
        $env:PSModulePath = $saved
        $summaries.Shard | Should -Be @('0/2', '1/2')
        ($summaries | Measure-Object Hosts -Sum).Sum | Should -Be 37
        Invoke-Psql $Pg "SELECT count(*) FROM apithreat_snapshots WHERE scan_id = '$scanId'" | Should -Be '1'
        $summaries.SnapshotId | Sort-Object -Unique | Should -HaveCount 1
    }
}

Describe 'Fan-out over local jobs (src/deploy/examples)' {
    It 'runs shards as jobs into one SQLite snapshot and returns live results' {
        $db = Join-Path $Dir 'fanout.db'
        $extra = @{ Profile = 'Passive'; Port = $Lab.httpsPort; TlsPort = $Lab.httpsPort; NameServerPort = $Lab.dnsPort; CertificateTransparencyUri = "http://crt.$($Lab.zone):$($Lab.httpPort)/" } + $LabParams
        $results = & (Join-Path $RepoRoot 'src/deploy/examples/Invoke-ShardedScanJob.ps1') -Domain $Fleet -ShardCount 2 -SaveTo $db `
            -ScanParameters $extra -ModulePath (Join-Path $ModulePath "ApiThreat.psd1") -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $results | Should -HaveCount 2
        $results | ForEach-Object { $_ | Should -BeOfType ([ApiThreat.ScanResult]) }
        ($results.Hosts.HostName | Sort-Object -Unique).Count | Should -Be 37
        @(Get-ApiInventory -Path $db -ListSnapshot).Count | Should -Be 1
        ($results | ConvertTo-ApiThreatSarif | ConvertFrom-Json).runs.Count | Should -Be 1
    }
}
