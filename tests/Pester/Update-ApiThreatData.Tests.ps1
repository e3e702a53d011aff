BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $savedData = $env:APITHREAT_DATA
    $env:APITHREAT_DATA = Join-Path $TestDrive 'userdata'
    $dest = Join-Path $env:APITHREAT_DATA 'ip-ranges/cloud-ranges.tsv'
    # Small files in the providers' published formats.
    $files = Join-Path $TestDrive 'downloads'
    $null = New-Item -ItemType Directory $files
    Set-Content (Join-Path $files 'ip-ranges.json') '{"syncToken":"1732040000","createDate":"2024-11-19-18-13-07","prefixes":[{"ip_prefix":"198.18.0.0/24","region":"eu-west-3","service":"EC2","network_border_group":"eu-west-3"}],"ipv6_prefixes":[]}'
    Set-Content (Join-Path $files 'ServiceTags_Public_20241118.json') '{"changeNumber":1,"cloud":"Public","values":[{"name":"AzureCloud.westus","id":"AzureCloud.westus","properties":{"region":"westus","systemService":"","addressPrefixes":["198.18.1.0/24"]}}]}'
    Set-Content (Join-Path $files 'cloud.json') '{"syncToken":"1","creationTime":"2024-11-17T00:00:00.0","prefixes":[{"ipv4Prefix":"198.18.2.0/24","service":"Google Cloud","scope":"us-east4"}]}'
    Set-Content (Join-Path $files 'ips-v4') "198.18.3.0/24`n"
    Set-Content (Join-Path $files 'fastly.json') '{"addresses":["198.18.4.0/24"],"ipv6_addresses":[]}'
}

AfterAll { $env:APITHREAT_DATA = $savedData }

Describe 'Update-ApiThreatData' {
    It 'writes nothing with -WhatIf' {
        Get-ChildItem $files | Update-ApiThreatData -WhatIf
        Test-Path $dest | Should -BeFalse
    }

    It 'imports every provider format, dates each provider, and Get-IpIntelligence uses the result' {
        $out = Get-ChildItem $files | Update-ApiThreatData
        $out | Should -BeOfType ([ApiThreat.CloudRangeSource])
        Test-Path $dest | Should -BeTrue
        ($out | Where-Object Provider -EQ 'AWS').Date | Should -Be ([datetime]'2024-11-19')
        ($out | Where-Object Provider -EQ 'Azure').Date | Should -Be ([datetime]'2024-11-18')
        ($out | Where-Object Provider -EQ 'Google Cloud').PrefixCount | Should -Be 1
        ($out | Where-Object Provider -EQ 'Akamai').PrefixCount | Should -BeGreaterThan 1 -Because 'providers not imported are kept from the bundled file'
        $r = Get-IpIntelligence 198.18.0.9, 198.18.1.9, 198.18.2.9, 198.18.3.9, 198.18.4.9 -NoReverseLookup | Sort-Object Address
        $r.CloudProvider | Should -Be @('AWS', 'Azure', 'Google Cloud', 'Cloudflare', 'Fastly')
        $r[0].CloudRegion | Should -Be 'eu-west-3'
    }

    It 'replaces the HSTS preload list from Chromium''s file, dated, and Test-HijackSusceptibility uses it' {
        $chromium = Join-Path $TestDrive 'transport_security_state_static.json'
        Set-Content $chromium @"
// Chromium's list has comments
{ "pinsets": [], "entries": [
  { "name": "hijack-hsts-preloaded.$($Lab.zone)", "policy": "test", "mode": "force-https" },
  { "name": "pins-only.test", "policy": "test", "pins": "x" }
] }
"@
        (Get-Item $chromium).LastWriteTimeUtc = [datetime]'2026-10-01T12:00:00Z'
        Update-ApiThreatData -Path $chromium -WhatIf
        Test-Path (Join-Path $env:APITHREAT_DATA 'hsts/hsts-preload.json') | Should -BeFalse
        $out = Update-ApiThreatData -Path $chromium
        $out | Should -BeOfType ([ApiThreat.HstsPreloadSource])
        $out.EntryCount | Should -Be 1
        $out.Date | Should -Be ([datetime]'2026-10-01')
        $out.Path | Should -Be (Join-Path $env:APITHREAT_DATA 'hsts/hsts-preload.json')
        $a = Test-HijackSusceptibility -Url "https://$(Get-LabHost hijack-hsts-preloaded):$($Lab.httpsPort)/" -HttpPort $Lab.httpPort -HttpsPort $Lab.httpsPort -Summary @LabParams
        ($a.Tests | Where-Object Test -EQ 'strict-transport-security').Result | Should -Be 'hsts-preloaded'
        $a.Score | Should -Be 145
    }

    It 'reports an unknown file and still imports the good ones' {
        $junk = Join-Path $TestDrive 'junk.json'
        Set-Content $junk '{"nothing":1}'
        $other = Join-Path $TestDrive 'other.tsv'
        $out = Update-ApiThreatData -Path $junk, (Join-Path $files 'ips-v4') -DestinationPath $other -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRangeFile,*'
        $errs[0].TargetObject | Should -Be $junk
        ($out | Where-Object Provider -EQ 'Cloudflare').PrefixCount | Should -Be 1
        Test-Path $other | Should -BeTrue
    }

    It 'replaces the RDAP bootstrap registry from IANA''s dns.json, and Find-LookalikeDomain asks the server it names' {
        $rdap = "http://$(Get-LabHost rdap-drp):$($Lab.httpPort)/"
        $file = Join-Path $TestDrive 'dns.json'
        Set-Content $file ('{"version":"1.0","publication":"2026-11-30T18:00:00Z","description":"RDAP bootstrap file for Domain Name System registrations","services":[[["example"],["' + $rdap + '"]]]}')
        $out = Update-ApiThreatData -Path $file
        $out | Should -BeOfType ([ApiThreat.RdapBootstrapSource])
        $out.TldCount | Should -Be 1
        $out.Path | Should -Be (Join-Path $env:APITHREAT_DATA 'digitalrisk/rdap-dns.json')
        $l = Find-LookalikeDomain acmebank.example -Fuzzer transposition @LabParams -Skip Page, Certificate | Where-Object Domain -EQ acmebnak.example
        $l.RegistrationDate.Year | Should -Be 2019
        $l.RdapSource | Should -BeLike "$rdap*"
        $bad = Join-Path $TestDrive 'bad-dns.json'
        Set-Content $bad '{"description":"RDAP bootstrap file","services":[["example"]]}'
        $null = Update-ApiThreatData -Path $bad -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Match '^InvalidRdapBootstrapFile'
    }
}
