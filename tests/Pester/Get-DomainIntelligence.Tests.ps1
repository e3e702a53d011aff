BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $dnsParams = @{ Resolver = $Lab.resolver; AllowPrivateAddress = $true; NameServerPort = $Lab.dnsPort }
    $dnsScenarios = $Lab.scenarios | Where-Object { $_.area -eq 'Dns' -and $_.name -like 'dns-*' -and $_.name -ne 'dns-enum' }
}

Describe 'Get-DomainIntelligence' {
    It 'reports exactly the planted weaknesses of every DNS test zone, and nothing for the clean one' {
        $dnsScenarios.Count | Should -BeGreaterThan 10
        $results = $dnsScenarios.host | Get-DomainIntelligence @dnsParams
        $results | Should -BeOfType ([ApiThreat.DnsIntelligence])
        $results.Count | Should -Be $dnsScenarios.Count
        foreach ($s in $dnsScenarios) {
            $r = $results | Where-Object Domain -EQ $s.host
            $because = "$($s.name) should report exactly $($s.expectedFindings -join ',')"
            @($r.Findings.RuleId | Sort-Object) | Should -Be @($s.expectedFindings | Sort-Object) -Because $because
        }
        ($results | Where-Object Domain -EQ (Get-LabHost dns-clean)).Findings | Should -BeNullOrEmpty
    }

    It 'describes the clean zone: name servers, MX, SPF, DMARC, CAA, DNSSEC' {
        $d = Get-LabHost dns-clean
        $r = Get-DomainIntelligence -Domain $d @dnsParams
        ($r.NameServers | Sort-Object) | Should -Be @("ns1.$d", "ns2.$d")
        $r.Mx | Should -Be "10 mail.$d"
        $r.Spf.AllQualifier | Should -Be '-'
        $r.Dmarc.Policy | Should -Be 'reject'
        $r.Caa.Count | Should -Be 2
        $r.DnssecSigned | Should -BeTrue
        $r.ZoneTransferOpen | Should -BeFalse
    }

    It 'tells a signed zone without a DS (an island) from an unsigned one' {
        $island = Get-DomainIntelligence -Domain (Get-LabHost dns-dnssec-island) @dnsParams
        $island.DnssecSigned | Should -BeFalse
        $island.DnskeyPublished | Should -BeTrue
        $island.Dnssec | Should -Be 'Signed, no DS'
        $unsigned = Get-DomainIntelligence -Domain (Get-LabHost dns-unsigned) @dnsParams
        $unsigned.DnskeyPublished | Should -BeFalse
        $unsigned.Dnssec | Should -Be 'Unsigned'
        (Get-DomainIntelligence -Domain (Get-LabHost dns-clean) @dnsParams).Dnssec | Should -BeLike 'Signed*'
    }

    It 'finds every planted finding once, with the catalogue rule behind it' {
        $r = Get-DomainIntelligence -Domain (Get-LabHost dns-axfr-open) @dnsParams
        $f = $r.Findings | Where-Object RuleId -EQ 'ATR-DNS-001'
        @($f).Count | Should -Be 1
        $f.Severity | Should -Be 'High'
        (Get-ApiThreatRule -Id ATR-DNS-001).Title | Should -Be $f.Title
        $r.ZoneTransferServers | Should -Be "127.0.0.1:$($Lab.dnsPort)"
    }

    It 'binds Domain by property name, and checks -HostName for dangling CNAMEs' {
        $r = [pscustomobject]@{ Domain = (Get-LabHost dns-clean) } | Get-DomainIntelligence @dnsParams
        $r.Findings | Should -BeNullOrEmpty
        $enum = Get-LabScenario dns-enum
        $r = Get-DomainIntelligence -Domain $enum.host -HostName $enum.expect.Dangling @dnsParams -NoZoneTransfer
        (($r.Findings | Where-Object RuleId -EQ 'ATR-DNS-002').Target | Sort-Object) | Should -Be ($enum.expect.Dangling | Sort-Object)
    }

    It 'gives one error per bad domain and goes on' {
        $r = Get-DomainIntelligence -Domain 'bad domain!', "no-such-domain.$($Lab.zone)", (Get-LabHost dns-clean) @dnsParams -ErrorVariable e -ErrorAction SilentlyContinue
        @($r).Count | Should -Be 1
        $e.Count | Should -Be 2
        ($e | Where-Object TargetObject -EQ 'bad domain!').FullyQualifiedErrorId | Should -BeLike 'InvalidDomain,*'
        ($e | Where-Object TargetObject -EQ "no-such-domain.$($Lab.zone)").FullyQualifiedErrorId | Should -BeLike 'DomainNotFound,*'
    }
}

Describe 'Get-DomainIntelligence against failed lookups and refused name servers' {
    It 'warns "not checked" when lookups fail, and raises no finding from them' {
        $d = Get-LabHost dns-hostile-servfail
        $r = Get-DomainIntelligence -Domain $d @dnsParams -WarningVariable warns -WarningAction SilentlyContinue
        $r.Findings | Should -BeNullOrEmpty
        $r.NotChecked | Should -Not -BeNullOrEmpty
        $text = $warns -join "`n"
        foreach ($what in 'SPF', 'DMARC', 'CAA', 'DNSSEC') { $text | Should -Match "${d}: not checked: ${what}:" }
    }

    It 'reports a name server it may not ask as not checked, not as a lame delegation' {
        $noPrivate = @{ Resolver = $Lab.resolver; NameServerPort = $Lab.dnsPort }
        $clean = Get-DomainIntelligence -Domain (Get-LabHost dns-clean) @noPrivate -WarningVariable warns -WarningAction SilentlyContinue
        $clean.Findings | Should -BeNullOrEmpty
        ($warns -join "`n") | Should -Match 'not asked.*AllowPrivateAddress'
        $lame = Get-DomainIntelligence -Domain (Get-LabHost dns-lame) @noPrivate -WarningAction SilentlyContinue
        @($lame.Findings.RuleId) | Should -Be @('ATR-DNS-015')
        $lame.Findings[0].Evidence | Should -Match 'ns-gone'
    }

    It 'keeps a zone transfer whose one record has an invalid punycode label' {
        $d = Get-LabHost dns-hostile-xfr-bad-idn
        $r = Get-DomainIntelligence -Domain $d @dnsParams
        $r.ZoneTransferOpen | Should -BeTrue
        ($r.Findings | Where-Object RuleId -EQ 'ATR-DNS-001').Evidence | Should -Match 'after-the-bad-one.*1 unreadable record'
    }
}
