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
