BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $enum = Get-LabScenario dns-enum
    $domain = $enum.host
    $ctUri = "http://$(Get-LabHost crt):$($Lab.httpPort)/"
    $dnsParams = @{ Resolver = $Lab.resolver; AllowPrivateAddress = $true; NameServerPort = $Lab.dnsPort }
    $temp = Join-Path ([IO.Path]::GetTempPath()) "apithreat-fs-$PID"
    $null = New-Item -ItemType Directory -Force $temp
}

AfterAll { Remove-Item -Recurse -Force $temp -ErrorAction SilentlyContinue }

Describe 'Find-Subdomain' {
    It 'takes -Source as SubdomainSources values and refuses the ones that are not sources' {
        $r = Find-Subdomain -Domain $domain -Source ([ApiThreat.SubdomainSources]::Wordlist) @dnsParams
        ($r.HostName | Sort-Object) | Should -Be ($enum.expect.Wordlist | Sort-Object)
        $err = $null
        try { Find-Subdomain -Domain $domain -Source Recursive @dnsParams } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidSource,*'
        $err.ErrorDetails.Message | Should -BeLike '*-Recurse*'
    }

    It 'finds exactly the planted names with the bundled wordlist' {
        $r = Find-Subdomain -Domain $domain -Source Wordlist @dnsParams
        $r | Should -BeOfType ([ApiThreat.DiscoveredHost])
        ($r.HostName | Sort-Object) | Should -Be ($enum.expect.Wordlist | Sort-Object)
        $r | Where-Object IsWildcard | Should -BeNullOrEmpty
        ($r | Where-Object { $_.Sources -join ',' -ne 'Wordlist' }) | Should -BeNullOrEmpty
        ($r | ForEach-Object Domain | Sort-Object -Unique) | Should -Be $domain
    }

    It 'adds every source, merging provenance per name' {
        $r = Find-Subdomain -Domain $domain -CertificateTransparencyUri $ctUri -TlsPort $Lab.httpsPort -Recurse 1 @dnsParams `
            -TrustedRootCertificate $Lab.rootCertificate -WarningVariable w
        $w | Should -BeNullOrEmpty
        $expected = 'Wordlist', 'CertificateTransparency', 'TlsSan', 'Permutation', 'Recursive' | ForEach-Object { $enum.expect.$_ }
        ($r.HostName | Sort-Object) | Should -Be ($expected | Sort-Object)
        foreach ($source in 'CertificateTransparency', 'TlsSan', 'Permutation', 'Recursive') {
            foreach ($name in $enum.expect.$source) { ($r | Where-Object HostName -EQ $name).Sources | Should -Be $source }
        }
        foreach ($name in $enum.expect.CertificateTransparencyKnown) {
            ($r | Where-Object HostName -EQ $name).Sources | Should -Be @('Wordlist', 'CertificateTransparency')
        }
    }

    It 'reports dangling CNAMEs as DNS findings and carries CNAME chains' {
        $r = Find-Subdomain -Domain $domain -Source Wordlist @dnsParams
        $dangling = $r | Where-Object { $_.Findings }
        ($dangling.HostName | Sort-Object) | Should -Be ($enum.expect.Dangling | Sort-Object)
        ($dangling.Findings.RuleId | Sort-Object -Unique) | Should -Be $enum.expect.DanglingFindings
        ($r | Where-Object HostName -EQ "www.$domain").CnameChain | Should -Be "api.$domain"
    }

    It 'reports wildcard-only names only with -IncludeWildcard' {
        $r = Find-Subdomain -Domain $domain -Source Wordlist -Recurse 1 -IncludeWildcard @dnsParams
        $wild = $r | Where-Object IsWildcard
        $wild | Should -Not -BeNullOrEmpty
        foreach ($h in $wild) {
            @($enum.expect.WildcardParents | Where-Object { $h.HostName.EndsWith(".$_") }).Count | Should -Be 1
        }
        foreach ($real in $enum.expect.Recursive) { ($r | Where-Object HostName -EQ $real).IsWildcard | Should -BeFalse }
    }

    It 'lists an AXFR-open zone through the ZoneTransfer source' {
        $s = Get-LabScenario dns-axfr-open
        $r = Find-Subdomain -Domain $s.host -Source ZoneTransfer @dnsParams
        ($r.HostName | Sort-Object) | Should -Be ($s.expect.ZoneTransfer | Sort-Object)
    }

    It 'binds Domain by property name from piped objects' {
        $r = [pscustomobject]@{ Domain = (Get-LabScenario dns-axfr-open).host } | Find-Subdomain -Source ZoneTransfer @dnsParams
        $r | Should -Not -BeNullOrEmpty
    }

    It 'gives one error for an invalid domain and goes on with the others' {
        $r = Find-Subdomain -Domain 'not a domain!', (Get-LabScenario dns-axfr-open).host -Source ZoneTransfer @dnsParams -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Should -Not -BeNullOrEmpty
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDomain,*'
        $e[0].TargetObject | Should -Be 'not a domain!'
    }

    It 'gives one error, not one per name, when the resolver is dead' {
        $r = Find-Subdomain -Domain $domain -Source Wordlist -Resolver 127.0.0.1:9 -AllowPrivateAddress -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'DnsResolver*'
        $e[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }

    It 'stops with an error naming a missing, empty or unreadable wordlist' {
        { Find-Subdomain -Domain $domain -Wordlist (Join-Path $temp 'missing.txt') @dnsParams } | Should -Throw -ExpectedMessage '*missing.txt*does not exist*'
        $empty = Join-Path $temp 'empty.txt'
        Set-Content $empty "# only a comment`n`n"
        { Find-Subdomain -Domain $domain -Wordlist $empty @dnsParams } | Should -Throw -ExpectedMessage '*empty.txt*no valid label*'
        { Find-Subdomain -Domain $domain -Wordlist $temp @dnsParams } | Should -Throw -ExpectedMessage '*is a directory*'
    }

    It 'streams: the first name arrives long before a large brute force ends' {
        $list = Join-Path $temp 'big.txt'
        [IO.File]::WriteAllLines($list, [string[]](0..199999 | ForEach-Object { "n$_" }))
        $bench = "bench.$($Lab.zone)"
        $ps = [PowerShell]::Create()
        $null = $ps.AddScript("Import-Module '$ModulePath/ApiThreat.psd1'; Find-Subdomain -Domain $bench -Source Wordlist -Wordlist '$list' -Resolver '$($Lab.resolver)'")
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        while ($output.Count -eq 0 -and -not $async.IsCompleted -and $sw.Elapsed.TotalSeconds -lt 60) { Start-Sleep -Milliseconds 10 }
        $first = $sw.Elapsed.TotalSeconds
        $stillRunning = -not $async.IsCompleted
        $ps.EndInvoke($async)
        $total = $sw.Elapsed.TotalSeconds
        $ps.Dispose()
        $output.Count | Should -Be 20000
        $stillRunning | Should -BeTrue
        $first | Should -BeLessThan ($total / 2)
    }
}
