BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    $original = (Get-LabScenario drp-original).host
    $temp = Join-Path ([IO.Path]::GetTempPath()) "apithreat-lookalike-$PID"
    $null = New-Item -ItemType Directory -Force $temp
    $tlds = Join-Path $temp 'tlds.txt'
    Set-Content -Path $tlds -Value 'example', 'wild', 'test'
    $drp = @{
        TldList = $tlds; HttpsPort = $Lab.httpsPort; HttpPort = $Lab.httpPort
        RdapUri = "http://$(Get-LabHost rdap-drp):$($Lab.httpPort)/"
    }
    $script:all = Find-LookalikeDomain $original @LabParams @drp -IncludeUnregistered -WarningVariable script:warnings
    function Get-DigAnswer([string]$Name, [string]$Type) {
        $port = ($Lab.resolver -split ':')[-1]
        $dig = Get-Command dig -CommandType Application | Select-Object -First 1
        (& $dig "@127.0.0.1" -p $port $Name $Type +tries=1 +time=2 +noall +comments +answer) -join "`n"
    }
}

AfterAll { Remove-Item -Recurse -Force $temp -ErrorAction SilentlyContinue }

Describe 'Find-LookalikeDomain' {
    Context 'permutations against real dnstwist' {
        It 'produces every dnstwist permutation of <Domain>, or its absence is a documented exception' -ForEach @(
            @{ Domain = 'example.com' }, @{ Domain = '1password.com' }, @{ Domain = 'my-bank2.co.uk' },
            @{ Domain = 'www.paypal.com' }, @{ Domain = 'xn--bcher-kva.de' }
        ) {
            $reason = Get-RealSkipReason -Command dnstwist
            if ($reason) { Set-ItResult -Skipped -Because $reason; return }
            # --format list prints the permutations and exits before any DNS query (dnstwist's own code path).
            $theirs = & dnstwist --format list $Domain | Where-Object { $_ }
            $LASTEXITCODE | Should -Be 0
            $theirs.Count | Should -BeGreaterThan 100
            $ours = Find-LookalikeDomain $Domain -NoResolve
            $ours | Should -BeOfType ([ApiThreat.LookalikeDomain])
            ($ours | Where-Object Status -NE NotChecked) | Should -BeNullOrEmpty
            $set = [Collections.Generic.HashSet[string]]::new([string[]]$ours.Domain)
            $exceptions = Get-Content (Join-Path $ModulePath 'data/digitalrisk/dnstwist-exceptions.tsv') |
                Where-Object { $_ -and -not $_.StartsWith('#') } | ForEach-Object { ($_ -split "`t")[0] }
            $missing = $theirs | Where-Object { -not $set.Contains($_) } |
                Where-Object { -not ($exceptions -contains 'original' -and $_ -eq $Domain) }
            $missing | Should -BeNullOrEmpty -Because "every dnstwist permutation of $Domain must be produced"
            $ours.Domain | Should -Not -Contain $Domain
            ($ours.Domain | Sort-Object -Unique).Count | Should -Be $ours.Count
        }

        It 'names each candidate''s fuzzer and shows internationalised names in Unicode and punycode' {
            $c = Find-LookalikeDomain 'acmebank.example' -NoResolve
            ($c.Fuzzer | Sort-Object -Unique) | Should -Be @('addition', 'bitsquatting', 'cyrillic', 'homoglyph', 'hyphenation', 'insertion',
                'omission', 'repetition', 'replacement', 'subdomain', 'tld-swap', 'transposition', 'various', 'vowel-swap')
            $h = $c | Where-Object UnicodeDomain -EQ 'acmebạnk.example'
            $h.Domain | Should -Match '^xn--'
            $h.Fuzzer | Should -Be 'homoglyph'
            ($c | Where-Object Domain -EQ 'acmebnak.example').Fuzzer | Should -Be 'transposition'
            ($c | Where-Object Domain -EQ 'acmebank-login.example') | Should -BeNullOrEmpty
            $words = Join-Path $temp 'words.txt'
            Set-Content $words 'login'
            (Find-LookalikeDomain 'acmebank.example' -NoResolve -Fuzzer dictionary -Dictionary $words).Domain |
                Should -Be @('acmebank-login.example', 'acmebanklogin.example', 'login-acmebank.example', 'loginacmebank.example')
        }

        It 'sends no DNS query with -NoResolve' {
            Reset-LabLog
            $null = Find-LookalikeDomain 'acmebank.example' -NoResolve @LabParams
            (Get-LabDnsQueryLog) | Where-Object { $_ -like '*acme*' } | Should -BeNullOrEmpty
        }
    }

    Context 'resolution and enrichment against the Lab' {
        It 'reports exactly the planted lookalikes as registered, with their findings (ground truth by dig)' {
            (Get-DigAnswer 'acmebnak.example' MX) | Should -Match 'MX\s+10 mx\.acmebnak\.example'
            (Get-DigAnswer 'acmebanks.example' A) | Should -Match 'status: SERVFAIL'
            (Get-DigAnswer 'acmebank.test' A) | Should -Match 'status: REFUSED'
            (Get-DigAnswer 'xyzzy12345.wild' A) | Should -Match '127\.0\.0\.9'
            $registered = $all | Where-Object Status -EQ Registered
            $expected = 'drp-mx', 'drp-clone', 'drp-homoglyph', 'drp-defensive' | ForEach-Object { (Get-LabScenario $_).host }
            ($registered.Domain | Sort-Object) | Should -Be ($expected | Sort-Object)
            foreach ($name in 'drp-mx', 'drp-clone', 'drp-homoglyph', 'drp-defensive') {
                $s = Get-LabScenario $name
                $l = $registered | Where-Object Domain -EQ $s.host
                @($l.Findings.RuleId | Sort-Object) | Should -Be @($s.expectedFindings | Sort-Object) -Because $name
                foreach ($f in $l.Findings) { $f.HostName | Should -Be $original; $f.Target | Should -Be $s.host; $f.Category | Should -Be DigitalRisk }
            }
            ($all | Where-Object Status -NE Registered | Where-Object { $_.Findings }) | Should -BeNullOrEmpty
        }

        It 'reads SERVFAIL, REFUSED and wildcard answers as Unknown, never registered' {
            $servfail = $all | Where-Object Domain -EQ 'acmebanks.example'
            $servfail.Status | Should -Be Unknown
            $servfail.StatusReason | Should -Match 'SERVFAIL'
            $refused = $all | Where-Object Domain -EQ 'acmebank.test'
            $refused.Status | Should -Be Unknown
            $refused.StatusReason | Should -Match 'REFUSED'
            $wild = $all | Where-Object Domain -EQ 'acmebank.wild'
            $wild.Status | Should -Be Unknown
            $wild.IsWildcard | Should -BeTrue
            ($all | Where-Object { $_.Domain -like '*.test' -and $_.Status -ne 'Unknown' }) | Should -BeNullOrEmpty
            ($all | Where-Object { $_.Domain -like '*.wild' -and $_.Status -eq 'Registered' }) | Should -BeNullOrEmpty
            ($all | Where-Object Domain -EQ 'acmebnk.example').Status | Should -Be Unregistered
            $warnings -join "`n" | Should -Match 'Unknown, not registered'
        }

        It 'gives each registered lookalike its MX, page similarity, certificate names and RDAP dates' {
            $mx = $all | Where-Object Domain -EQ (Get-LabHost drp-mx)
            $mx.MailServers | Should -Be 'mx.acmebnak.example'
            $mx.Addresses | Should -Be '127.0.0.1'
            $mx.PageSimilarity | Should -BeLessThan 40
            $mx.RegistrationDate.Year | Should -Be 2019
            $mx.Registrar | Should -Be 'Lab Registrar Inc.'
            $clone = $all | Where-Object Domain -EQ (Get-LabHost drp-clone)
            $clone.PageSimilarity | Should -BeGreaterOrEqual 80
            $clone.PageHash | Should -Match '^mh64:'
            $clone.CertificateNames | Should -Contain (Get-LabHost drp-clone)
            $idn = $all | Where-Object Domain -EQ (Get-LabHost drp-homoglyph)
            $idn.UnicodeDomain | Should -Be 'acmebạnk.example'
            ([DateTimeOffset]::UtcNow - $idn.RegistrationDate).TotalDays | Should -BeLessThan 5
            $defensive = $all | Where-Object Domain -EQ (Get-LabHost drp-defensive)
            $defensive.MailServers | Should -Be "mail.$original"
            $defensive.PageSimilarity | Should -BeNullOrEmpty
        }

        It 'streams only registered lookalikes by default' {
            $r = Find-LookalikeDomain $original @LabParams @drp -Fuzzer transposition, replacement -Skip Page, Certificate, Rdap
            ($r.Status | Sort-Object -Unique) | Should -Be 'Registered'
            ($r.Domain | Sort-Object) | Should -Be (@((Get-LabHost drp-mx), (Get-LabHost drp-clone), (Get-LabHost drp-defensive)) | Sort-Object)
            ($r | Where-Object Domain -EQ (Get-LabHost drp-clone)).PageSimilarity | Should -BeNullOrEmpty
        }

        It 'feeds the DigitalRisk factor of the imitated domain' {
            $score = $all | Get-ExternalRiskScore -Domain $original | Where-Object { $_.Target -eq $original -and $_.Scope -eq 'Domain' }
            $factor = $score.Factors | Where-Object Category -EQ DigitalRisk
            $factor.FindingCount | Should -Be 3
            $factor.Score | Should -BeLessThan 100
        }

        It 'makes STIX indicators of registered lookalikes and reports new ones against a baseline' {
            $stix = $all | ConvertTo-ApiThreatStix -Organization 'Acme Bank' | ConvertFrom-Json
            $indicators = $stix.objects | Where-Object type -EQ indicator
            $indicators.pattern | Should -Contain "[domain-name:value = '$(Get-LabHost drp-mx)']"
            $db = Join-Path $temp 'lookalikes.db'
            $registered = $all | Where-Object Status -EQ Registered
            $null = $registered | Where-Object Domain -NE (Get-LabHost drp-clone) | Save-ApiInventory -Path $db
            $changes = $registered | Compare-ApiInventory -Baseline $db
            $new = $changes | Where-Object { $_.ItemType -eq 'Lookalike' -and $_.ChangeType -eq 'Added' }
            $new.Key | Should -Be "$original|$(Get-LabHost drp-clone)"
            $new.RuleId | Should -Be 'ATR-DRP-007'
        }
    }

    Context 'input' {
        It 'gives InvalidDomain for what is not a domain and goes on' {
            $r = Find-LookalikeDomain 'not a domain', 'acmebank.example' -NoResolve -Fuzzer omission -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -Match '^InvalidDomain'
            $e[0].TargetObject | Should -Be 'not a domain'
            $r.Count | Should -BeGreaterThan 5
        }

        It 'stops with a clear error when -Dictionary cannot be read' {
            { Find-LookalikeDomain example.com -NoResolve -Fuzzer dictionary -Dictionary (Join-Path $temp 'missing.txt') } |
                Should -Throw -ErrorId 'InvalidDictionary*'
        }
    }
}
