BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # The Lab's iplab zone (tests/Lab/Dns/IpZones.cs): PTR records for 127.0.0.10 (confirmed) and 127.0.0.11 (not), five names on 127.0.0.20.
    $zone = 'iplab.apithreat.test'
    $dns = @{ Resolver = $Lab.resolver }
}

Describe 'Get-IpIntelligence' {
    It 'reads forward-confirmed and unconfirmed reverse DNS through the resolver' {
        $ok, $bad = Get-IpIntelligence 127.0.0.10, 127.0.0.11 @dns | Sort-Object Address
        $ok | Should -BeOfType ([ApiThreat.IpIntelligence])
        $ok.ReverseName | Should -Be "confirmed.$zone"
        $ok.ForwardConfirmed | Should -BeTrue
        $ok.Findings | Should -BeNullOrEmpty
        $bad.ReverseName | Should -Be "elsewhere.$zone"
        $bad.ForwardConfirmed | Should -BeFalse
        $bad.Findings.RuleId | Should -Be 'ATR-IP-004'
    }

    It 'classifies and attributes addresses offline with -NoReverseLookup' {
        $r = Get-IpIntelligence 13.32.10.20, 151.101.1.69, '2606:4700::1', 10.1.2.3, 169.254.169.254 -NoReverseLookup | Sort-Object Address
        ($r | Where-Object Address -EQ '13.32.10.20').CloudService | Should -Be 'CLOUDFRONT'
        ($r | Where-Object Address -EQ '151.101.1.69').CloudProvider | Should -Be 'Fastly'
        ($r | Where-Object Address -EQ '2606:4700::1').CloudProvider | Should -Be 'Cloudflare'
        ($r | Where-Object Address -EQ '10.1.2.3').Classification | Should -Be 'Private'
        ($r | Where-Object Address -EQ '169.254.169.254').Classification | Should -Be 'Metadata'
        $r.Findings | Should -BeNullOrEmpty -Because 'typed addresses are not published by any discovered name'
    }

    It 'groups piped DiscoveredHosts by address: shared hosting and private addresses published in DNS' {
        $hosts = 1..5 | ForEach-Object { [ApiThreat.DiscoveredHost]@{ HostName = "site$_.$zone"; Addresses = @('127.0.0.20') } }
        $hosts += [ApiThreat.DiscoveredHost]@{ HostName = "confirmed.$zone"; Addresses = @('127.0.0.10') }
        $r = $hosts | Get-IpIntelligence @dns
        $shared = $r | Where-Object Address -EQ '127.0.0.20'
        $shared.HostNames.Count | Should -Be 5
        $shared.SharedHosting | Should -BeTrue
        @($shared.Findings.RuleId | Sort-Object) | Should -Be @('ATR-IP-001', 'ATR-IP-003')
        ($r | Where-Object Address -EQ '127.0.0.10').Findings.RuleId | Should -Be 'ATR-IP-001'
    }

    It 'resolves objects that have a HostName but no addresses' {
        $r = [pscustomobject]@{ HostName = "confirmed.$zone" } | Get-IpIntelligence @dns
        $r.Address | Should -Be '127.0.0.10'
        $r.HostNames | Should -Be "confirmed.$zone"
    }

    It 'rejects bad addresses per item and a bad .mmdb for the whole call' {
        $r = 'not-an-ip', '192.0.2.1' | Get-IpIntelligence -NoReverseLookup -ErrorVariable errs -ErrorAction SilentlyContinue
        $r.Address | Should -Be '192.0.2.1'
        $errs.Count | Should -BeGreaterOrEqual 1
        $errs[0].TargetObject | Should -Be 'not-an-ip'
        { Get-IpIntelligence -Address 'not-an-ip' } | Should -Throw -ExpectedMessage '*not-an-ip*'
        $bad = Join-Path $TestDrive 'bad.mmdb'
        Set-Content $bad 'not a database'
        { Get-IpIntelligence 192.0.2.1 -NoReverseLookup -AsnDatabase $bad } | Should -Throw -ExpectedMessage '*not a MaxMind DB*'
    }
}

Describe 'Get-IpIntelligence after Find-Subdomain' {
    It 'takes discovered names without an address (dangling CNAMEs) quietly, with no parameter-binding error' {
        $enum = Get-LabScenario dns-enum
        $found = Find-Subdomain -Domain $enum.host -Source Wordlist -Resolver $Lab.resolver -AllowPrivateAddress -NameServerPort $Lab.dnsPort
        $dangling = @($found | Where-Object { $_.Addresses.Count -eq 0 })
        $dangling | Should -Not -BeNullOrEmpty -Because 'the scenario plants dangling CNAMEs'
        $r = $found | Get-IpIntelligence -Resolver $Lab.resolver -AllowPrivateAddress -NoReverseLookup -ErrorVariable e -ErrorAction SilentlyContinue -Verbose 4>&1
        $e | Should -BeNullOrEmpty
        @($r | Where-Object { $_ -is [ApiThreat.IpIntelligence] }) | Should -Not -BeNullOrEmpty
        $quiet = @($r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'no address to inspect' })
        $quiet.Count | Should -Be $dangling.Count
    }
}
