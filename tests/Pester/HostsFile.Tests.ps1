BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
}

Describe 'Names resolve from the system hosts file without -Resolver' {
    BeforeAll {
        # A real name of the real /etc/hosts: localhost. Python's http.server answers on a free loopback port.
        $script:Reason = Get-RealSkipReason -Command python3
        $script:HostsLocalhost = (Test-Path /etc/hosts) -and (Select-String -Path /etc/hosts -Pattern '^\s*127\.0\.0\.1\s+(.*\s)?localhost(\s|$)' -Quiet)
        if (-not $Reason) {
            $script:Port = Get-FreeTcpPort
            $script:Root = Join-Path ([IO.Path]::GetTempPath()) "apithreat-hosts-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
            $null = New-Item -ItemType Directory $Root
            Set-Content (Join-Path $Root 'index.html') '<html><head><title>hosts file page</title></head><body>ok</body></html>'
            $script:Server = Start-RealServer -Name http-server -FilePath /usr/bin/python3 -ArgumentList @('-m', 'http.server', $Port, '--bind', '127.0.0.1', '--directory', $Root) -ReadyPort $Port
        }
    }
    AfterAll { $Server | Stop-RealServer }

    It 'Invoke-HttpProbe reaches http://localhost:<port>/ through /etc/hosts' {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason; return }
        if (-not $HostsLocalhost) { Set-ItResult -Skipped -Because '/etc/hosts does not map localhost to 127.0.0.1 on this machine'; return }
        (Invoke-Curl "http://localhost:$Port/").Body | Should -Match 'hosts file page'   # ground truth: curl reads /etc/hosts too
        $probe = Invoke-HttpProbe "http://localhost:$Port/" -AllowPrivateAddress -TimeoutSec 5
        $probe.StatusCode | Should -Be 200
        $probe.Title | Should -Be 'hosts file page'
    }

    It 'without -AllowPrivateAddress the hosts-file address is still refused by the scope guard' {
        if ($Reason -or -not $HostsLocalhost) { Set-ItResult -Skipped -Because ($Reason ?? '/etc/hosts has no localhost line'); return }
        $out = Invoke-HttpProbe "http://localhost:$Port/" -TimeoutSec 5 -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Match 'OutOfScope'
    }
}
