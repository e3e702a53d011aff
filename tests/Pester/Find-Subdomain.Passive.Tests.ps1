# Find-Subdomain's passive providers against their Lab stand-ins (tests/Lab/Scenarios/PassiveProviderScenarios.cs): each
# stand-in speaks its provider's documented API (paths, key placement, paging, 429 with Retry-After, provider-shaped
# 401 that echoes the key). Every live name a provider reports under the domain is written with all the providers that
# gave it; names that do not resolve or lie outside the domain never are.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Domain = 'passive.apithreat.test'
    $script:Stubs = @($Lab.scenarios | Where-Object area -EQ 'Passive')
    $script:Endpoints = @{}
    foreach ($s in $Stubs) { $Endpoints[$s.expect.Provider[0]] = "https://$($s.host):$($Lab.httpsPort)$($s.expect.Root[0])" }
    $script:GoodKey = ConvertTo-SecureString 'lab-good-7f3e9c' -AsPlainText -Force
    $script:Keys = @{}
    foreach ($s in $Stubs | Where-Object { $_.expect.Key[0] -ne 'none' }) { $Keys[$s.expect.Provider[0]] = $GoodKey }
    # The user's provider file (as a paid plan would give) without the free tiers' pacing: VirusTotal's 4 a minute would
    # make each second page wait 15 s.
    $script:SavedData = $env:APITHREAT_DATA
    $env:APITHREAT_DATA = Join-Path $TestDrive 'data'
    $null = New-Item -ItemType Directory (Join-Path $env:APITHREAT_DATA 'passive')
    $file = Get-Content -Raw (Join-Path $ModulePath 'data/passive/providers.json') | ConvertFrom-Json
    foreach ($provider in $file.providers) { $provider.requestsPerSecond = 0 }
    $file | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $env:APITHREAT_DATA 'passive/providers.json')
    $script:P = @{ Resolver = $Lab.resolver; AllowPrivateAddress = $true; TrustedRootCertificate = $Lab.rootCertificate; ProviderEndpoint = $Endpoints }
}

AfterAll { $env:APITHREAT_DATA = $SavedData }

Describe 'Find-Subdomain passive providers' {
    It 'has a Lab stand-in for each of the twelve providers' {
        $Stubs.Count | Should -Be 12
    }

    It 'the stand-ins answer as their APIs do (ground truth with curl)' {
        $vt = $Stubs | Where-Object { $_.expect.Provider[0] -eq 'VirusTotal' }
        $ca = $Lab.rootCertificate
        $page = curl -s --cacert $ca --resolve "$($vt.host):$($Lab.httpsPort):127.0.0.1" -H 'x-apikey: lab-good-x' "$($Endpoints.VirusTotal)domains/$Domain/subdomains?limit=40" | ConvertFrom-Json
        $page.data.id | Should -Contain "shared.$Domain"
        $page.meta.cursor | Should -Not -BeNullOrEmpty
        $denied = curl -s -o /dev/null -w '%{http_code}' --cacert $ca --resolve "$($vt.host):$($Lab.httpsPort):127.0.0.1" -H 'x-apikey: wrong' "$($Endpoints.VirusTotal)domains/$Domain/subdomains"
        $denied | Should -Be '401'
    }

    It '-Source Passive: every live name under the domain, with every provider that gave it' {
        $r = Find-Subdomain -Domain $Domain -Source Passive -ApiKey $Keys @P -ErrorVariable e
        $e | Should -BeNullOrEmpty
        $expected = @("shared.$Domain") + ($Stubs | ForEach-Object { $_.expect.Found | Select-Object -Skip 1 })
        ($r.HostName | Sort-Object) | Should -Be ($expected | Sort-Object)
        ($r | Where-Object HostName -EQ "shared.$Domain").Sources | Sort-Object | Should -Be ($Stubs.expect.Provider | Sort-Object)
        foreach ($s in $Stubs) {
            foreach ($name in $s.expect.Found | Select-Object -Skip 1) { ($r | Where-Object HostName -EQ $name).Sources | Should -Be $s.expect.Provider[0] }
        }
        $r.HostName | Should -Not -Match '^dead-|example\.net$'
    }

    It 'a provider named without a key stops the command, naming where a key may come from' {
        $err = $null
        try { Find-Subdomain -Domain $Domain -Source VirusTotal, Shodan @P } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'ProviderKeyMissing,*'
        $err.Exception.Message | Should -Match 'VirusTotal.*VT_API_KEY.*Shodan.*SHODAN_API_KEY'
    }

    It '-Source Passive without keys runs the keyless providers and says which were skipped' {
        $r = Find-Subdomain -Domain $Domain -Source Passive @P -Verbose 4>&1
        $verbose = $r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -match '^VirusTotal: skipped, no API key') | Should -Not -BeNullOrEmpty
        $hosts = $r | Where-Object { $_ -is [ApiThreat.DiscoveredHost] }
        ($hosts | Where-Object HostName -EQ "shared.$Domain").Sources | Sort-Object | Should -Be (@('AlienVault', 'CertificateTransparency', 'CertSpotter', 'HackerTarget', 'UrlScan', 'WaybackMachine') | Sort-Object)
    }

    It 'reads a key from the provider''s environment variable' {
        $env:VT_API_KEY = 'lab-good-from-env'
        try { $r = Find-Subdomain -Domain $Domain -Source VirusTotal @P -Verbose 4>&1 }
        finally { Remove-Item Env:VT_API_KEY }
        ($r | Where-Object { $_ -is [ApiThreat.DiscoveredHost] }).HostName | Should -Contain "virustotal-2.$Domain"
        ($r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain ("VirusTotal: $($Endpoints.VirusTotal), key from `$env:VT_API_KEY.")
    }

    It 'reads a key through Get-Secret when SecretManagement is there' {
        function global:Get-Secret([string]$Name) { if ($Name -eq 'ApiThreat.Chaos') { ConvertTo-SecureString 'lab-good-from-vault' -AsPlainText -Force } }
        try { $r = Find-Subdomain -Domain $Domain -Source Chaos @P }
        finally { Remove-Item Function:\Get-Secret }
        ($r.HostName | Sort-Object) | Should -Be ((($Stubs | Where-Object { $_.expect.Provider[0] -eq 'Chaos' }).expect.Found) | Sort-Object)
    }

    It 'a rejected key is one error naming the provider; the other providers go on' {
        $keys = $Keys.Clone(); $keys.VirusTotal = ConvertTo-SecureString 'Zq7-not-a-good-key' -AsPlainText -Force
        $r = Find-Subdomain -Domain $Domain -Source VirusTotal, Chaos -ApiKey $keys @P -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ProviderKeyRejected,*'
        $e[0].TargetObject | Should -Be 'VirusTotal'
        $e[0].ErrorDetails.RecommendedAction | Should -Match 'VT_API_KEY'
        ($e[0] | Out-String) + $e[0].Exception.Message | Should -Not -Match 'Zq7-not-a-good-key'
        $r.HostName | Should -Contain "chaos-1.$Domain"
    }

    It 'garbage and 429s: one clear error for garbage, a Retry-After waited out' {
        $r = Find-Subdomain -Domain "throttled.$Domain" -Source VirusTotal, BinaryEdge -ApiKey $Keys @P -ErrorVariable e
        $e | Should -BeNullOrEmpty
        ($r.HostName | Sort-Object) | Should -Be @("t-binaryedge.throttled.$Domain", "t-virustotal.throttled.$Domain")
        $null = Find-Subdomain -Domain "garbage.$Domain" -Source UrlScan @P -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ProviderAnswerMalformed,*'
        $e[0].Exception.Message | Should -Match 'urlscan\.io.*text/html'
    }

    It 'refuses plain-text keys and unknown providers without echoing the value' {
        $err = $null
        try { Find-Subdomain -Domain $Domain -Source Shodan -ApiKey @{ Shodan = 'Zq7-plain-text-key' } @P } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidApiKey,*'
        ($err | Out-String) | Should -Not -Match 'Zq7-plain-text-key'
        $err = $null
        try { Find-Subdomain -Domain $Domain -Source Shodan -ApiKey @{ Shodann = $GoodKey } @P } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'UnknownProvider,*'
        $err.ErrorDetails.RecommendedAction | Should -Match 'Shodan'
    }
}
