BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $PSScriptRoot 'ExportSamples.ps1')
    function Get-FreePort {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start()
        try { $l.LocalEndpoint.Port } finally { $l.Stop() }
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

    It 'frames TCP syslog with octet counting, one connection for all batches' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $listener.Start()
        try {
            $r = New-SampleScan | Send-ApiThreatEvent -Syslog "127.0.0.1:$($listener.LocalEndpoint.Port)" -Protocol Tcp -BatchSize 2
            $r.Events | Should -Be 7 # 4 findings, 1 change, 2 scores
            $r.Batches | Should -Be 4
            $client = $listener.AcceptTcpClient(); $client.ReceiveTimeout = 5000
            $reader = [IO.BinaryReader]::new($client.GetStream())
            $frames = foreach ($i in 1..7) {
                $len = ''; while (($c = [char]$reader.ReadByte()) -ne ' ') { $len += $c }
                [Text.Encoding]::UTF8.GetString($reader.ReadBytes([int]$len))
            }
            $frames[4] | Should -Match ' change - CEF:0\|ApiThreat\|ApiThreat\|[^|]+\|ATR-CHANGE-Endpoint-Added\|'
            $frames[5] | Should -Match ' score - CEF:0\|.*\|ATR-SCORE-Domain\|Risk score contoso.test: D \(41\)\|8\|'
            $client.Dispose()
        }
        finally { $listener.Stop() }
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

    It 'reports objects that are not ApiThreat objects and goes on' {
        $lines = @('nope', (New-SampleFinding 'ATR-TEST-001' High TransportSecurity 'a.test' 'x')) | Send-ApiThreatEvent -Format JsonLines -ErrorVariable errs -ErrorAction SilentlyContinue
        @($lines).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NotAnApiThreatObject*'
    }
}
