# An eighth round of Test-ApiSecurity's real-software wing: operations servers from Debian 12 at their defaults and in a
# safe twin, scanned as a user would (Get-ApiInventory -Depth Standard | Test-ApiSecurity, passive).
# EXPECTED-HEADER

BeforeDiscovery {
    $script:Servers = @(
EXPECTED-CASES
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Exposure.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Ops.ps1')
}

AfterAll { Stop-OpsServer }

Describe 'Test-ApiSecurity on Supervisor, Webdis, Netdata and Glances (Debian) at their defaults and in a safe twin' {
    It '<Name>: curl sees what anyone can reach; exactly the expected findings, nothing else at Medium or above' -ForEach $Servers {
        $case = $_  # a switch below rebinds $_
        $s = Start-OpsServer $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $open = $case.Start -contains 'open'
        switch ($case.App) {
            'realfw8-ops-supervisor' {
                $state = Invoke-XmlRpcCurl $s.Base 'supervisor.getState'
                if ($open) { $state.StatusCode | Should -Be 200; $state.Body | Should -Match '<string>RUNNING</string>' }
                else { $state.StatusCode | Should -Be 401; $state.Headers | Should -Match '(?m)^WWW-Authenticate: Basic realm="default"' }
            }
            'realfw8-ops-webdis' {
                $dbsize = Invoke-Curl "$($s.Base)/DBSIZE"
                if ($open) { $dbsize.StatusCode | Should -Be 200; $dbsize.Body | Should -BeExactly '{"DBSIZE":2}' }
                else { $dbsize.StatusCode | Should -Be 403 -Because 'the ACL disables every command for clients without credentials' }
            }
            'realfw8-ops-netdata' {
                if ($open) { (Invoke-Curl "$($s.Base)/api/v1/info").StatusCode | Should -Be 200 }
                else { (Invoke-Curl "$($s.Base)/api/v1/info").StatusCode | Should -Be 0 -Because 'the access list drops the connection of anyone outside 10.20.*' }
            }
            'realfw8-ops-glances' {
                $list = Invoke-Curl "$($s.Base)/api/3/processlist"
                if ($open) { $list.StatusCode | Should -Be 200; $list.Body | Should -Match '"cmdline": \[' }
                else { $list.StatusCode | Should -Be 401; $list.Headers | Should -Match '(?m)^Www-Authenticate: Basic realm="private"' }
            }
        }
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $endpoints | Should -HaveCount $case.Endpoints
        # A server that shows nothing to the scanner is still asked directly, as a user who knows its address would.
        $targets = if ($endpoints.Count) { $endpoints } else { [pscustomobject]@{ Url = $s.Base } }
        $findings = @($targets | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction SilentlyContinue)
        $ids = Assert-Exposure $findings @($case.Serious) -Because $case.Name
        @($ids) | Should -Be @($case.Expected | Sort-Object)
    }

    It 'the open servers'' findings name what anyone can reach (process names, key and chart counts), never a command line or a value' -ForEach @($Servers | Where-Object { $_.Start -contains 'open' }) {
        $case = $_  # a switch below rebinds $_
        $s = Start-OpsServer $case
        if ($s.Skip) { Set-ItResult -Skipped -Because $s.Skip; return }
        $endpoints = @(Get-ApiInventory -Url $s.Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
        $findings = @($endpoints | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop)
        $f = @($findings | Where-Object RuleId -EQ $case.Rule)
        $f | Should -HaveCount 1
        $f[0].Severity | Should -Be $case.Severity
        $f[0].Evidence | Should -Match $case.Evidence
        $findings.Evidence -join "`n" | Should -Not -Match 'sleep 86400|"beta"|session:42' -Because 'command lines, keys and values are never copied'
        switch ($case.App) {
            'realfw8-ops-supervisor' {
                $state = Invoke-XmlRpcCurl $s.Base 'supervisor.getAllProcessInfo'
                ([regex]::Matches($state.Body, '<string>RUNNING</string>')).Count | Should -Be 2 -Because 'the scan stopped no program'
            }
            'realfw8-ops-webdis' {
                (Invoke-Curl "$($s.Base)/DBSIZE").Body | Should -BeExactly '{"DBSIZE":2}' -Because 'the scan wrote and deleted no key'
            }
        }
    }
}
