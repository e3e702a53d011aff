# The hostile wing through the cmdlets: every target ends within its budget with a capped result or a clear
# per-target error, the others are unaffected, and nothing a target sent can drive the terminal.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $raw = $Lab.rawHttpPort
    $http = $Lab.httpPort
}

Describe 'Invoke-HttpProbe against hostile servers' {
    It 'finishes a mixed batch of hostile and healthy targets within the time budget' {
        $targets = @(
            "http://$(Get-LabHost hostile-slow-headers):$raw/"
            "http://$(Get-LabHost hostile-slow-body):$raw/"
            "http://$(Get-LabHost hostile-huge-length):$raw/"
            "http://$(Get-LabHost hostile-many-headers):$raw/"
            "http://$(Get-LabHost hostile-huge-header):$raw/"
            "http://$(Get-LabHost hostile-garbage):$raw/"
            "http://$(Get-LabHost hostile-endless-body):$http/"
            "http://$(Get-LabHost hostile-gzip-bomb):$http/"
            "http://$(Get-LabHost hostile-brotli-bomb):$http/"
            "http://$(Get-LabHost hostile-redirect-chain):$http/"
            "http://$(Get-LabHost hostile-cname-loop):$http/"
            "http://$(Get-LabHost plain):$http/"
        )
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $out = Invoke-HttpProbe -Url $targets @LabParams -TimeoutSec 3 -ErrorVariable errs -ErrorAction SilentlyContinue
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 20
        ($out | Where-Object Url -Like "*plain*").StatusCode | Should -Be 200
        foreach ($big in 'hostile-huge-length', 'hostile-endless-body', 'hostile-gzip-bomb', 'hostile-brotli-bomb') {
            $r = $out | Where-Object Url -Like "*$big*"
            $r.BodyTruncated | Should -BeTrue -Because $big
            $r.ContentLength | Should -BeLessOrEqual (2MB) -Because $big
        }
        ($out | Where-Object Url -Like '*redirect-chain*').RedirectStopped | Should -Match 'more than 5 redirects'
        # Each failing target has exactly one error naming it.
        $failed = 'hostile-slow-headers', 'hostile-slow-body', 'hostile-many-headers', 'hostile-huge-header', 'hostile-garbage', 'hostile-cname-loop'
        $errs.Count | Should -Be $failed.Count
        foreach ($f in $failed) { @($errs | Where-Object { "$($_.TargetObject)" -like "*$f*" }).Count | Should -Be 1 -Because $f }
    }

    It 'strips terminal control sequences from banners and titles' {
        $r = Invoke-HttpProbe -Url "http://$(Get-LabHost hostile-ansi-banner):$raw/" @LabParams
        $r.Server | Should -Not -Match '[\x00-\x08\x0B-\x1F\x7F]'
        $r.Title | Should -Not -Match '[\x00-\x08\x0B-\x1F\x7F]'
        $r.Title | Should -Match 'EVIL'
        ($r | Format-Table | Out-String) | Should -Not -Match '\x1B'
    }
}

Describe 'Scope and time bounds against hostile DNS' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Blackhole.ps1')
    }

    It 'never connects to the target of a CNAME that leaves -Scope (the listener stays silent)' {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $port = $listener.LocalEndpoint.Port
            $h = Get-LabHost hostile-cname-out-of-scope
            $r = Invoke-HttpProbe -Url "http://${h}:$port/" -Scope $h @LabParams -ErrorVariable errs -ErrorAction SilentlyContinue
            $r | Should -BeNullOrEmpty
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'OutOfScope*'
            "$($errs[0])" | Should -Match 'oos-target\.outside\.test'
            Start-Sleep -Milliseconds 300
            $listener.Pending() | Should -BeFalse
            # The control: with the CNAME's target in scope the same probe reaches the listener.
            $null = Invoke-HttpProbe -Url "http://${h}:$port/" -Scope $h, 'outside.test' @LabParams -TimeoutSec 1 -ErrorAction SilentlyContinue
            $listener.Pending() | Should -BeTrue
        }
        finally { $listener.Stop() }
    }

    It 'offers -AllowMetadataAddress on every network cmdlet, separate from -AllowPrivateAddress' {
        foreach ($name in 'Invoke-HttpProbe', 'Get-ApiInventory', 'Get-CertificateIntelligence', 'Test-TransportSecurity', 'Get-DomainIntelligence', 'Invoke-ApiThreatScan') {
            (Get-Command $name).Parameters.ContainsKey('AllowMetadataAddress') | Should -BeTrue -Because $name
        }
    }

    It 'bounds one target by -TimeoutSec whatever its address count (100 unreachable addresses)' {
        $hole = New-Blackhole -Address (1..100 | ForEach-Object { "127.0.1.$_" })
        try {
            $h = Get-LabHost hostile-many-addresses
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $null = Get-CertificateIntelligence -HostName $h -Port $hole.Port -TimeoutSec 2 @LabParams -ErrorVariable certErrs -ErrorAction SilentlyContinue
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
            $certErrs.Count | Should -Be 1
            $certErrs[0].FullyQualifiedErrorId | Should -BeLike 'ConnectTimeout*'
            $sw.Restart()
            $null = Test-TransportSecurity -HostName $h -Port $hole.Port -SkipHttpCheck -TimeoutSec 2 @LabParams -ErrorAction SilentlyContinue
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
        }
        finally { Remove-Blackhole $hole }
    }
}

Describe 'Crafted inventory stores' {
    BeforeAll {
        $script:sqlite = Get-Command sqlite3 -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        function New-CraftedStore([string]$Sql) {
            $path = Join-Path $TestDrive "$([guid]::NewGuid().ToString('n')).db"
            $null = [ApiThreat.ApiEndpoint]@{ Url = 'https://api.contoso.test/v1'; HostName = 'api.contoso.test'; Port = 443; Kind = 'Rest' } | Save-ApiInventory -Path $path
            $null = $Sql | & $sqlite.Source $path
            $path
        }
    }
    BeforeEach {
        if (-not $sqlite) { Set-ItResult -Skipped -Because 'the sqlite3 command-line tool (Debian package sqlite3) is not installed' }
    }

    It 'refuses a store whose snapshots table is a view over an endless query, at once, with the reason' {
        $path = New-CraftedStore ("ALTER TABLE snapshots RENAME TO s0; CREATE VIEW snapshots AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) " +
            "SELECT i AS id, '2026-01-01T00:00:00Z' AS taken, NULL AS label, 'x' AS tool_version, 0 AS item_count FROM r;")
        $sw = [Diagnostics.Stopwatch]::StartNew()
        { Get-ApiInventory -Path $path -ListSnapshot } | Should -Throw -ErrorId 'NotAnInventory*'
        { Compare-ApiInventory -Baseline $path } | Should -Throw "*'snapshots' is a view*"
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
    }

    It 'refuses to save into a store with a trigger that never ends' {
        $path = New-CraftedStore 'CREATE TRIGGER spin AFTER INSERT ON items BEGIN SELECT (WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r); END;'
        $sw = [Diagnostics.Stopwatch]::StartNew()
        { [ApiThreat.Finding]@{ RuleId = 'ATR-X-001'; Target = 'a.test' } | Save-ApiInventory -Path $path } | Should -Throw "*trigger ('spin' on items)*"
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
    }

    It 'names crafted values instead of throwing raw format or overflow exceptions' {
        $path = New-CraftedStore "UPDATE snapshots SET taken = 'yesterday-ish', item_count = 99999999999;"
        { Get-ApiInventory -Path $path -ListSnapshot } | Should -Throw -ErrorId 'InventoryCorrupt*'
        $err = { Get-ApiInventory -Path $path } | Should -Throw -PassThru
        "$err" | Should -Match "snapshot 1 has the date 'yesterday-ish'"
        "$err" | Should -Not -Match 'FormatException|OverflowException'
    }

    It 'says a save waits for another writer, and stops within a second of Ctrl+C' {
        $path = New-CraftedStore 'SELECT 1;'
        # sqlite3 runs each statement as its line arrives: the write lock is held while the pipe stays open.
        $script = Join-Path $TestDrive 'hold.sh'
        Set-Content $script "(echo 'BEGIN IMMEDIATE;'; echo 'CREATE TABLE held(x);'; sleep 30) | '$($sqlite.Source)' '$path'"
        $holder = Start-Process -FilePath /bin/sh -ArgumentList $script -PassThru
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(15)
            do { # until the holder has the lock (sqlite3 exits 5, "database is locked")
                Start-Sleep -Milliseconds 200
                $null = & $sqlite.Source $path 'BEGIN IMMEDIATE; ROLLBACK;' 2>&1
            } while ($LASTEXITCODE -eq 0 -and [DateTime]::UtcNow -lt $deadline)
            $ps = [PowerShell]::Create()
            $null = $ps.AddScript({ param($module, $path) Import-Module $module; [ApiThreat.Finding]@{ RuleId = 'ATR-X-001'; Target = 'a.test' } | Save-ApiInventory -Path $path }).
                AddArgument((Join-Path $ModulePath 'ApiThreat.psd1')).AddArgument($path)
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ($ps.Streams.Warning.Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            "$($ps.Streams.Warning[0])" | Should -Match 'being written by another process; waiting up to 30 s'
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
            $ps.Dispose()
        }
        finally { $holder.Kill($true) }
    }
}
