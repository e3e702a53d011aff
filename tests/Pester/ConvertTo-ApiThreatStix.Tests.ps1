BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $PSScriptRoot 'ExportSamples.ps1')
}

Describe 'ConvertTo-ApiThreatStix' {
    It 'writes a STIX 2.1 bundle with the organisation, observables, vulnerabilities and a report' {
        $bundle = New-SampleScan | ConvertTo-ApiThreatStix -Organization 'Contoso Ltd' -Timestamp $PinnedTime | ConvertFrom-Json -DateKind String
        $bundle.type | Should -Be 'bundle'
        $bundle.id | Should -Match '^bundle--[0-9a-f-]{36}$'
        $types = $bundle.objects.type
        foreach ($t in 'identity', 'domain-name', 'ipv4-addr', 'x509-certificate', 'url', 'software', 'vulnerability', 'observed-data', 'report', 'relationship') {
            $types | Should -Contain $t
        }
        ($bundle.objects | Where-Object { $_.type -eq 'identity' -and $_.identity_class -eq 'organization' }).name | Should -Be 'Contoso Ltd'
        ($bundle.objects | Where-Object type -EQ 'vulnerability').name | Sort-Object | Should -Be @('CVE-2021-23017', 'Subdomain takeover of old.contoso.test')
        ($bundle.objects | Where-Object { $_.type -eq 'domain-name' -and $_.value -eq 'api.contoso.test' }).resolves_to_refs |
            Should -Be ($bundle.objects | Where-Object type -EQ 'ipv4-addr').id
        foreach ($o in $bundle.objects | Where-Object { $_.type -notin 'domain-name', 'ipv4-addr', 'ipv6-addr', 'url', 'software', 'x509-certificate', 'autonomous-system' }) {
            $o.created | Should -Be '2026-11-29T08:00:00.000Z'
        }
    }

    It 'gives the same ids on re-export, whatever the time' {
        $scan = New-SampleScan
        $a = $scan | ConvertTo-ApiThreatStix -Organization Contoso -Timestamp $PinnedTime
        $b = $scan | ConvertTo-ApiThreatStix -Organization Contoso -Timestamp $PinnedTime
        $a | Should -BeExactly $b
        $later = $scan | ConvertTo-ApiThreatStix -Organization Contoso | ConvertFrom-Json
        $later.objects.id | Should -Be ($a | ConvertFrom-Json).objects.id
    }
}
