BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $PSScriptRoot 'ExportSamples.ps1')
    function Get-FreePort {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start()
        try { $l.LocalEndpoint.Port } finally { $l.Stop() }
    }
    # A syslog collector as real ones behave: reads octet-counted frames until the sender closes, then closes too
    # (that close is what confirms the events). Runs in a thread job; receive its frames with Receive-Job.
    function Start-SyslogReceiver {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $listener.Start()
        $job = Start-ThreadJob -ArgumentList $listener -ScriptBlock {
            param($listener)
            $accept = $listener.AcceptTcpClientAsync()
            if (-not $accept.Wait(20000)) { return }
            $client = $accept.Result; $client.ReceiveTimeout = 20000
            $reader = [IO.BinaryReader]::new($client.GetStream())
            try {
                while ($true) {
                    $len = ''; while (($b = $reader.ReadByte()) -ne 32) { $len += [char]$b }
                    [Text.Encoding]::UTF8.GetString($reader.ReadBytes([int]$len))
                }
            }
            catch [IO.EndOfStreamException] { }
            finally { $client.Dispose(); $listener.Stop() }
        }
        [pscustomobject]@{ Port = $listener.LocalEndpoint.Port; Job = $job; Listener = $listener }
    }
    # 250 findings in one ScanResult: one pipeline object that holds many events.
    function New-BigScan {
        $scan = New-SampleScan
        $scan.Findings = 1..250 | ForEach-Object { New-SampleFinding ('ATR-TEST-{0:D3}' -f $_) High TransportSecurity "h$_.contoso.test" "evidence $_" }
        $scan.Changes = @(); $scan.Scores = @()
        $scan
    }
}

Describe 'Send-ApiThreatEvent' {
    It 'sends one CEF syslog datagram per finding to a UDP receiver' {
        $udp = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        try {
            $udp.Client.ReceiveTimeout = 5000
            $port = $udp.Client.LocalEndPoint.Port
            $r = (New-SampleScan).Findings | Send-ApiThreatEvent -Syslog "127.0.0.1:$port" -Facility Local4
            $r | Should -BeOfType ([ApiThreat.EventDelivery])
            $r.Sent | Should -Be 4
            $r.Failed | Should -Be 0
            $from = [System.Net.IPEndPoint]::new([System.Net.IPAddress]::Any, 0)
            $messages = 1..4 | ForEach-Object { [Text.Encoding]::UTF8.GetString($udp.Receive([ref]$from)) }
            ($messages | Where-Object { $_ -match 'ATR-TEST-002' }) | Should -Match '^<162>1 \S+ \S+ ApiThreat \d+ finding - CEF:0\|ApiThreat\|ApiThreat\|[^|]+\|ATR-TEST-002\|Dangling CNAME\|10\|'
            ($messages | Where-Object { $_ -match 'ATR-TEST-001' }) | Should -Match 'msg=<script>alert\(1\)</script>\|CEF:0\|x\\\\y\\=z\\r\\n'
            foreach ($m in $messages) { $m | Should -Not -Match "[\r\n\x1b]" }
        }
        finally { $udp.Dispose() }
    }

    It 'frames TCP syslog with octet counting, one connection for all batches, confirmed when the collector closes' {
        $receiver = Start-SyslogReceiver
        try {
            $r = New-SampleScan | Send-ApiThreatEvent -Syslog "127.0.0.1:$($receiver.Port)" -Protocol Tcp -BatchSize 2
            $r.Events | Should -Be 7 # 4 findings, 1 change, 2 scores
            $r.Batches | Should -Be 4
            $r.Sent | Should -Be 7
            $frames = @($receiver.Job | Wait-Job -Timeout 30 | Receive-Job)
            $frames.Count | Should -Be 7
            $frames[4] | Should -Match ' change - CEF:0\|ApiThreat\|ApiThreat\|[^|]+\|ATR-CHANGE-Endpoint-Added\|'
            $frames[5] | Should -Match ' score - CEF:0\|.*\|ATR-SCORE-Domain\|Risk score contoso.test: D \(41\)\|8\|'
        }
        finally { $receiver.Job | Remove-Job -Force; $receiver.Listener.Stop() }
    }

    It 'reports nothing sent to a TCP collector that accepts but never reads, and keeps the events' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $listener.Start() # never accepts: the kernel does
        try {
            $path = Join-Path $TestDrive 'never-read.log'
            $r = New-BigScan | Send-ApiThreatEvent -Syslog "127.0.0.1:$($listener.LocalEndpoint.Port)" -Protocol Tcp -MaxRetries 0 -TimeoutSec 1 `
                -FailedEventPath $path -ErrorVariable errs -ErrorAction SilentlyContinue
            $r.Sent | Should -Be 0
            $r.Failed | Should -Be 250
            "$($errs[0])" | Should -Match 'did not confirm'
            (Get-Content $path).Count | Should -Be 250
        }
        finally { $listener.Stop() }
    }

    It 'keeps every event in -FailedEventPath when stopped while retrying a down collector, and stops within a second' {
        $port = Get-FreePort
        $path = Join-Path $TestDrive 'stopped.log'
        $ps = [PowerShell]::Create()
        $null = $ps.AddScript({
            param($module, $samples, $port, $path)
            Import-Module $module
            . $samples
            $scan = New-SampleScan
            $scan.Findings = 1..250 | ForEach-Object { New-SampleFinding ('ATR-TEST-{0:D3}' -f $_) High TransportSecurity "h$_.contoso.test" "evidence $_" }
            $scan.Changes = @(); $scan.Scores = @()
            $scan | Send-ApiThreatEvent -Syslog "127.0.0.1:$port" -Protocol Tcp -BatchSize 100 -MaxRetries 10 -RetryDelayMilliseconds 5000 -FailedEventPath $path
        }).AddArgument((Join-Path $ModulePath 'ApiThreat.psd1')).AddArgument((Join-Path $PSScriptRoot 'ExportSamples.ps1')).AddArgument($port).AddArgument($path)
        $async = $ps.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (-not (Test-Path $path) -or (Get-Content $path).Count -lt 250) {
            if ([DateTime]::UtcNow -gt $deadline) { throw 'the events never reached the spool' }
            Start-Sleep -Milliseconds 100
        }
        Start-Sleep -Milliseconds 300 # the first batch is now waiting for its retry
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 2 # a second in practice; room for a CI machine whose two cores are busy
        $ps.Dispose()
        $lines = Get-Content $path
        $lines.Count | Should -Be 250
        ($lines | Select-String 'ATR-TEST-250').Count | Should -Be 1
    }

    It 'keeps the buffered events when the upstream pipeline fails' {
        $path = Join-Path $TestDrive 'upstream.log'
        { & { New-SampleScan; throw 'upstream broke' } | Send-ApiThreatEvent -Syslog "127.0.0.1:$(Get-FreePort)" -Protocol Tcp -BatchSize 100 -FailedEventPath $path } |
            Should -Throw '*upstream broke*'
        (Get-Content $path).Count | Should -Be 7
    }

    It 'keeps every undelivered event in the error record and the failed-event file' {
        $port = Get-FreePort
        $path = Join-Path $TestDrive 'unsent.log'
        $r = New-SampleScan | Send-ApiThreatEvent -Syslog "127.0.0.1:$port" -Protocol Tcp -BatchSize 3 -MaxRetries 1 -RetryDelayMilliseconds 10 -TimeoutSec 2 `
            -FailedEventPath $path -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'EventDeliveryFailed*'
        $errs[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $errs[0].ErrorDetails.Message | Should -BeLike "7 of 7 events were not delivered to tcp://127.0.0.1:$port*after 2 attempts*$path*"
        @($errs[0].TargetObject).Count | Should -Be 7
        Get-Content $path | Should -Be $errs[0].TargetObject
        $r.Sent | Should -Be 0
        $r.Failed | Should -Be 7
        $r.FailedEventPath | Should -Be $path
    }

    It 'never shows the HEC token in errors or verbose output' {
        $port = Get-FreePort
        $token = ConvertTo-SecureString 'super-secret-hec-token' -AsPlainText -Force
        $verbose = (New-SampleScan).Findings | Send-ApiThreatEvent -HecUri "http://127.0.0.1:$port" -HecToken $token -MaxRetries 1 -RetryDelayMilliseconds 10 `
            -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $errs.Count | Should -Be 1
        ($errs[0] | Out-String) + ($errs[0].Exception.ToString()) + ($verbose | Out-String) + ($errs[0].TargetObject -join "`n") |
            Should -Not -Match 'super-secret-hec-token'
        $errs[0].ErrorDetails.Message | Should -BeLike "*http://127.0.0.1:$port/services/collector/event*"
    }

    It 'refuses a HEC URI that carries a token in its query' {
        { Send-ApiThreatEvent -InputObject (New-SampleScan) -HecUri 'https://h.test/services/collector?token=abc' -HecToken (ConvertTo-SecureString x -AsPlainText -Force) } |
            Should -Throw -ErrorId 'InvalidHecUri*'
    }

    It 'sends nothing with -WhatIf' {
        $udp = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        try {
            $r = New-SampleScan | Send-ApiThreatEvent -Syslog "127.0.0.1:$($udp.Client.LocalEndPoint.Port)" -WhatIf
            $r.Sent | Should -Be 0
            $udp.Available | Should -Be 0
        }
        finally { $udp.Dispose() }
    }

    It 'writes JSON Lines to the pipeline or to a file' {
        $lines = New-SampleScan | Send-ApiThreatEvent -Format JsonLines
        $lines.Count | Should -Be 7
        $objects = $lines | ConvertFrom-Json
        $objects.type | Sort-Object -Unique | Should -Be @('change', 'finding', 'score')
        ($objects | Where-Object type -EQ finding)[0].fingerprint | Should -Match '^[0-9a-f]{64}$'
        $path = Join-Path $TestDrive 'events.jsonl'
        New-SampleScan | Send-ApiThreatEvent -Format JsonLines -Path $path
        (Get-Content $path) | Should -Be $lines
        New-SampleScan | Send-ApiThreatEvent -Format JsonLines -Path $path -Append
        (Get-Content $path).Count | Should -Be 14
    }

    It 'follows the exporters'' file policy with -Path: -NoClobber, -Force for read-only, -PassThru, a missing folder' {
        $path = Join-Path $TestDrive 'policy.jsonl'
        $file = New-SampleScan | Send-ApiThreatEvent -Format JsonLines -Path $path -PassThru
        $file | Should -BeOfType ([System.IO.FileInfo])
        $file.FullName | Should -Be $path
        { New-SampleScan | Send-ApiThreatEvent -Format JsonLines -Path $path -NoClobber } | Should -Throw -ErrorId 'FileExists*'
        New-SampleScan | Send-ApiThreatEvent -Format JsonLines -Path $path -NoClobber -Append
        (Get-Content $path).Count | Should -Be 14 -Because '-Append adds to the file -NoClobber protects'
        (Get-Item $path).IsReadOnly = $true
        { New-SampleScan | Send-ApiThreatEvent -Format JsonLines -Path $path } | Should -Throw -ErrorId 'FileReadOnly*'
        New-SampleScan | Send-ApiThreatEvent -Format JsonLines -Path $path -Force
        (Get-Content $path).Count | Should -Be 7
        { New-SampleScan | Send-ApiThreatEvent -Format JsonLines -Path (Join-Path $TestDrive 'missing/e.jsonl') } | Should -Throw -ErrorId 'OutputFolderNotFound*'
    }

    It 'reports objects that are not ApiThreat objects and goes on' {
        $lines = @('nope', (New-SampleFinding 'ATR-TEST-001' High TransportSecurity 'a.test' 'x')) | Send-ApiThreatEvent -Format JsonLines -ErrorVariable errs -ErrorAction SilentlyContinue
        @($lines).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NotAnApiThreatObject*'
    }
}
