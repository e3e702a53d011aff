# Find-Subdomain -IpRange / -Asn: expansion from the addresses an organisation owns, against the Lab's block
# 127.77.0.0/24 (tests/Lab/Scenarios/RangeScenarios.cs): reverse DNS and certificates on a web port name its hosts;
# names outside its domains (or that do not resolve) come back as candidates with their evidence, never contacted.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Owned = Get-LabScenario ranges-owned
    $script:Domain = $Owned.expect.Domain[0]
    $script:Port = [int]$Owned.expect.TlsPort[0]
    $script:R = @{ Resolver = $Lab.resolver; TlsPort = $Port }
    $script:PrefixFile = Join-Path $TestDrive 'prefixes.txt'
    Set-Content -LiteralPath $PrefixFile -Value $Owned.expect.PrefixFile[0] -NoNewline
}

Describe 'Find-Subdomain -IpRange / -Asn' {
    It 'the block''s ground truth (dig and openssl)' {
        (dig "@127.0.0.1" -p $Lab.dnsPort +short -x 127.77.0.10) | Should -Be "api.$Domain."
        (dig "@127.0.0.1" -p $Lab.dnsPort +short -x 127.77.0.12) | Should -Be 'host-12.isp.example.net.'
        $san = '' | openssl s_client -connect "127.77.0.20:$Port" 2>$null | openssl x509 -noout -ext subjectAltName 2>$null
        ($san -join ' ') | Should -Match "portal\.$([regex]::Escape($Domain)).*partner\.outside\.test"
    }

    It 'finds every host of the domain on the block with its evidence, and returns the other names as candidates' {
        Reset-LabLog
        $r = Find-Subdomain -IpRange $Owned.expect.Block[0] -Domain $Domain @R -ErrorVariable e
        $e | Should -BeNullOrEmpty
        $r | Should -BeOfType ([ApiThreat.DiscoveredHost])
        ($r | Where-Object InScope).HostName | Sort-Object | Should -Be ($Owned.expect.Hosts | Sort-Object)
        ($r | Where-Object { -not $_.InScope }).HostName | Sort-Object | Should -Be ($Owned.expect.Candidates | Sort-Object)
        ($r | Where-Object HostName -EQ "api.$Domain").Evidence | Should -Contain "PTR 127.77.0.10 -> api.$Domain"
        ($r | Where-Object HostName -EQ "portal.$Domain").Sources | Should -Be 'TlsSan'
        ($r | Where-Object HostName -EQ 'partner.outside.test').Evidence | Should -Be "certificate of 127.77.0.20:$Port names partner.outside.test"
        ($r | Where-Object HostName -EQ 'partner.outside.test').Addresses | Should -Be '127.77.0.20'
        # Candidates are never looked up.
        (Get-LabDnsQueryLog) | Where-Object { $_ -match 'outside\.test$|isp\.example\.net$' } | Should -BeNullOrEmpty
    }

    It '-Asn reads the ASN''s prefixes from a prefix file and finds the same' {
        $r = Find-Subdomain -Asn $Owned.expect.Asn[0] -PrefixFile $PrefixFile -Domain $Domain @R
        ($r | Where-Object InScope).HostName | Sort-Object | Should -Be ($Owned.expect.Hosts | Sort-Object)
    }

    It 'pipes only in-scope hosts on when filtered' {
        $hosts = Find-Subdomain -IpRange $Owned.expect.Block[0] -Domain $Domain @R | Where-Object InScope
        $hosts.Domain | Sort-Object -Unique | Should -Be $Domain
    }

    It 'refuses ranges it cannot read or may not sweep, naming them' {
        { Find-Subdomain -IpRange '10.0.0.0/8' @R } | Should -Throw -ExpectedMessage '*1,048,576*'
        { Find-Subdomain -IpRange 'not-a-range' @R } | Should -Throw -ExpectedMessage "*'not-a-range' is not a CIDR block*"
        { Find-Subdomain -Asn 64512 @R } | Should -Throw -ExpectedMessage '*-AsnDatabase*-PrefixFile*'
        { Find-Subdomain -Asn 64599 -PrefixFile $PrefixFile @R } | Should -Throw -ExpectedMessage '*AS64599*'
    }
}
