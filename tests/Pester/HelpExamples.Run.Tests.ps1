# Every example of every cmdlet's help, run as written against the Lab (HelpExamples.Tests.ps1 checks that each one
# parses and binds; this runs them). The names in the examples are mapped to Lab
# names (contoso.com is the Lab's small invdomain zone, fabrikam.com its clean DNS zone, IP addresses and the
# internal resolver are the Lab's), the network cmdlets get the Lab's resolver, ports and CA through
# $PSDefaultParameterValues, and the files the examples read exist in their working folder. Each example runs in a
# runspace of its own, so one that calls exit or changes state cannot break another. Only loopback is contacted.
# An example passes when it raises no error, except the outcomes it states (a gate failing on a low grade) and a name
# with no web server on the port tried: the Lab serves on its own ports, not 443 and 80, and a name without a web
# server is a normal outcome of discovery (about_ApiThreat_Errors). The few examples that need what no offline test
# has (a provider's API key, an interactive credential prompt, a database server, a provider's live API) are listed in
# $BindOnly with the reason; HelpExamples.Tests.ps1 binds them like every other.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # Examples that cannot run offline, with the reason (each is still parsed and bound by HelpExamples.Tests.ps1).
    $script:BindOnly = @{
        'Find-Subdomain#4'         = 'asks the passive providers (VirusTotal, Censys, Shodan) on the internet with API keys from a vault'
        'Find-ExposedSecret#4'     = '-Verify asks the providers'' live APIs (GitHub, AWS...) whether a key works'
        'Invoke-ApiThreatScan#4'   = 'needs a PostgreSQL server and prompts for its credential'
        'Test-ApiAuthorization#1'  = 'needs two users'' real API tokens ($aliceToken, $bobToken)'
        'Test-ApiAuthorization#2'  = 'prompts for two credentials (Get-Credential)'
        'Test-ApiAuthorization#3'  = 'logs in through a token endpoint of a real application with real passwords'
        'Test-ApiAuthorization#4'  = 'prompts for three credentials (Get-Credential)'
        'Test-ApiAuthorization#5'  = 'needs the application of the example on port 3000 and real bearer tokens'
    }
    $script:RunnableExamples = foreach ($cmd in Get-Command -Module ApiThreat -CommandType Cmdlet | Sort-Object Name) {
        $i = 0
        foreach ($ex in @((Get-Help $cmd.Name -Full).examples.example)) {
            $i++
            $reason = $BindOnly["$($cmd.Name)#$i"]
            @{ Command = $cmd.Name; Index = $i; Code = ($ex.code -join "`n"); Skip = [bool]$reason; Reason = $reason }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Domain = 'invdomain.' + $Lab.zone
    $script:OtherDomain = 'dns-clean.' + $Lab.zone
    $script:Work = Join-Path $TestDrive 'work'
    $null = New-Item -ItemType Directory $Work
    $script:SavedData = $env:APITHREAT_DATA
    $env:APITHREAT_DATA = Join-Path $TestDrive 'userdata'

    # A receiver for the SIEM examples: TLS syslog with a certificate of its own, trusted through corp-root.pem.
    $key = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=siem.test', $key, [System.Security.Cryptography.HashAlgorithmName]::SHA256)
    $san = [System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
    $san.AddIpAddress([System.Net.IPAddress]::Loopback); $san.AddDnsName('localhost')
    $request.CertificateExtensions.Add($san.Build())
    $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($true, $false, 0, $true))
    $siemCert = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(30))
    $siemCert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($siemCert.Export('Pfx'))
    $labRoot = Get-Content -Raw $Lab.rootCertificate
    $siemPem = "-----BEGIN CERTIFICATE-----`n" + [Convert]::ToBase64String($siemCert.RawData, 'InsertLineBreaks') + "`n-----END CERTIFICATE-----`n"
    # The corporate root of the examples: the Lab's CA (certificates of Lab hosts) and the SIEM receiver's certificate.
    Set-Content (Join-Path $Work 'corp-root.pem') ($labRoot.TrimEnd() + "`n" + $siemPem)

    $syslog = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $syslog.Start()
    $script:Syslog = $syslog
    $script:SyslogPort = $syslog.LocalEndpoint.Port
    $script:SyslogJob = Start-ThreadJob -ArgumentList $syslog, $siemCert -ScriptBlock {
        param($listener, $cert)
        while ($true) {
            $client = $listener.AcceptTcpClient()
            try {
                $tls = [System.Net.Security.SslStream]::new($client.GetStream())
                $tls.AuthenticateAsServer($cert)
                $buffer = [byte[]]::new(65536)
                while ($tls.Read($buffer, 0, $buffer.Length) -gt 0) { }
            }
            catch { }
            finally { $client.Dispose() }
        }
    }
    # And a Splunk HTTP Event Collector stand-in that accepts every batch.
    $hecPort = & { $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start(); try { $l.LocalEndpoint.Port } finally { $l.Stop() } }
    $script:HecPort = $hecPort
    $hec = [System.Net.HttpListener]::new(); $hec.Prefixes.Add("http://127.0.0.1:$hecPort/"); $hec.Start()
    $script:Hec = $hec
    $script:HecJob = Start-ThreadJob -ArgumentList $hec -ScriptBlock {
        param($listener)
        while ($listener.IsListening) {
            $context = $listener.GetContext()
            $bytes = [Text.Encoding]::UTF8.GetBytes('{"text":"Success","code":0}')
            $context.Response.ContentType = 'application/json'
            $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
            $context.Response.Close()
        }
    }

    # What the examples read: lists of hosts and names, specifications, downloaded data files, an ASN database.
    $https = $Lab.httpsPort
    $urls = "https://api.$Domain`:$https/", "https://www.$Domain`:$https/"
    Set-Content (Join-Path $Work 'hosts.txt') $urls
    Set-Content (Join-Path $Work 'names.txt') "api.$Domain", "www.$Domain", "plain.$($Lab.zone)"
    Set-Content (Join-Path $Work 'domains.txt') $Domain, $OtherDomain, "dns-spf-plus-all.$($Lab.zone)"
    Set-Content (Join-Path $Work 'labels.txt') 'api', 'www', 'mail', 'vpn'
    Set-Content (Join-Path $Work 'words.txt') 'login', 'secure'
    Set-Content (Join-Path $Work 'dns.json') ('{"version":"1.0","publication":"2026-11-30T18:00:00Z","description":"RDAP bootstrap file for Domain Name System registrations","services":[[["example"],["http://' + (Get-LabHost rdap-drp) + ':' + $Lab.httpPort + '/"]]]}')
    $null = New-Item -ItemType Directory (Join-Path $Work 'api')
    Copy-Item (Join-Path $RepoRoot 'tests/fixtures/specs/*') (Join-Path $Work 'api') -Include *.yaml, *.yml, swagger*.json
    Copy-Item (Join-Path $RepoRoot 'tests/fixtures/specs/flaw-auth.yaml') (Join-Path $Work 'openapi.yaml')
    $ranges = Join-Path $Work 'downloads/ranges'
    $null = New-Item -ItemType Directory -Force $ranges
    Set-Content (Join-Path $ranges 'ip-ranges.json') '{"syncToken":"1732040000","createDate":"2024-11-19-18-13-07","prefixes":[{"ip_prefix":"198.18.0.0/24","region":"eu-west-3","service":"EC2","network_border_group":"eu-west-3"}],"ipv6_prefixes":[]}'
    Set-Content (Join-Path $ranges 'ServiceTags_Public_20241118.json') '{"changeNumber":1,"cloud":"Public","values":[{"name":"AzureCloud.westus","id":"AzureCloud.westus","properties":{"region":"westus","systemService":"","addressPrefixes":["198.18.1.0/24"]}}]}'
    Set-Content (Join-Path $ranges 'cloud.json') '{"syncToken":"1","creationTime":"2024-11-17T00:00:00.0","prefixes":[{"ipv4Prefix":"198.18.2.0/24","service":"Google Cloud","scope":"us-east4"}]}'
    Set-Content (Join-Path $ranges 'ips-v4') "198.18.3.0/24"
    Set-Content (Join-Path $ranges 'ips-v6') "2001:db8:3::/48"
    Set-Content (Join-Path $ranges 'fastly.json') '{"addresses":["198.18.4.0/24"],"ipv6_addresses":[]}'
    Copy-Item (Join-Path $ranges '*') $Work
    Set-Content (Join-Path $Work 'akamai-prefixes.txt') '198.18.5.0/24'
    Set-Content (Join-Path $Work 'transport_security_state_static.json') "{ `"entries`": [ { `"name`": `"www.$Domain`", `"policy`": `"test`", `"mode`": `"force-https`" } ] }"
    Copy-Item (Join-Path $ModulePath 'data/psl/public_suffix_list.dat') $Work
    $fingerprints = Join-Path $Work 'my-fingerprints'
    $null = New-Item -ItemType Directory $fingerprints
    @{ 'Lab Robots' = @{ cats = @(41); robots = 'Disallow: /internal/' } } | ConvertTo-Json -Depth 4 | Set-Content (Join-Path $fingerprints 'lab.json')
    if (-not ('ApiThreat.Engine.Tests.Ip.MmdbWriter' -as [type])) {
        $writer = (Get-Content -Raw (Join-Path $RepoRoot 'tests/ApiThreat.Engine.Tests/Ip/MmdbWriter.cs')) -replace 'internal static class', 'public static class'
        Add-Type -IgnoreWarnings -WarningAction SilentlyContinue -TypeDefinition ("using System; using System.Collections.Generic; using System.IO; using System.Linq;`n" + $writer)
    }
    $asn = [System.Collections.Generic.List[System.ValueTuple[string, System.Collections.Generic.Dictionary[string, object]]]]::new()
    $entry = [System.Collections.Generic.Dictionary[string, object]]::new()
    $entry['autonomous_system_number'] = [uint32]64500; $entry['autonomous_system_organization'] = 'Lab Net'
    $asn.Add([System.ValueTuple[string, System.Collections.Generic.Dictionary[string, object]]]::new('127.0.0.0/28', $entry))
    [ApiThreat.Engine.Tests.Ip.MmdbWriter]::Write((Join-Path $Work 'GeoLite2-ASN.mmdb'), $asn, 'GeoLite2-ASN')

    # What the network cmdlets need to find the Lab: its resolver, ports, CA and Certificate Transparency service.
    $script:Defaults = @{
        '*:Resolver'                                = $Lab.resolver
        '*:AllowPrivateAddress'                     = $true
        '*:TrustedRootCertificate'                  = $Lab.rootCertificate
        '*:TimeoutSec'                              = 5
        'Find-Subdomain:NameServerPort'             = $Lab.dnsPort
        'Get-DomainIntelligence:NameServerPort'     = $Lab.dnsPort
        'Invoke-ApiThreatScan:NameServerPort'       = $Lab.dnsPort
        'Find-Subdomain:CertificateTransparencyUri' = "http://crt.$($Lab.zone):$($Lab.httpPort)/"
        'Invoke-ApiThreatScan:CertificateTransparencyUri' = "http://crt.$($Lab.zone):$($Lab.httpPort)/"
        # The Lab's names are few: a short wordlist keeps discovery (and -RateLimit, which also paces DNS) quick.
        'Find-Subdomain:Wordlist'                   = (Join-Path $Work 'labels.txt')
        'Invoke-ApiThreatScan:Wordlist'             = (Join-Path $Work 'labels.txt')
        'Find-Subdomain:TlsPort'                    = $https
        'Invoke-ApiThreatScan:TlsPort'              = $https
        'Invoke-ApiThreatScan:Port'                 = @($https, $Lab.httpPort)
        'Get-ApiInventory:Port'                     = @($https, $Lab.httpPort)
        'Get-CertificateIntelligence:Port'          = $https
        'Test-TransportSecurity:Port'               = $https
        'Test-TransportSecurity:HttpPort'           = $Lab.httpPort
        # The storage providers of Find-ExposedBucket are the Lab's S3, Azure Blob and Cloud Storage stand-ins.
        'Find-ExposedBucket:S3Endpoint'             = "http://$(Get-LabHost s3-drp):$($Lab.httpPort)"
        'Find-ExposedBucket:S3PathStyle'            = $true
        'Find-ExposedBucket:AzureBlobEndpoint'      = "http://blob-drp.$($Lab.zone):$($Lab.httpPort)"
        'Find-ExposedBucket:GcsEndpoint'            = "http://$(Get-LabHost gcs-drp):$($Lab.httpPort)"
    }

    # Example names -> Lab names; most specific first.
    function ConvertTo-LabExample([string]$Code) {
        $c = $Code
        # The Lab's small domain has www and api: the other web hosts of the examples are its www.
        $c = $c -replace '\b(app|portal|legacy)\.contoso\.com', 'www.contoso.com'
        # An organisation's address block and ASN are a few loopback addresses here (never a public range).
        $c = $c -replace '198\.51\.100\.0/24', '127.0.0.0/28'
        $c = $c -replace 'https://splunk\.contoso\.com:8088', "http://127.0.0.1:$HecPort"
        $c = $c -replace 'siem\.corp\.local', "127.0.0.1:$SyslogPort"
        $c = [regex]::Replace($c, '(https?)://((?:[a-z0-9-]+\.)*)contoso\.com(?::\d+)?', {
            param($m) $port = if ($m.Groups[1].Value -eq 'https') { $Lab.httpsPort } else { $Lab.httpPort }
            "$($m.Groups[1].Value)://$($m.Groups[2].Value)$Domain`:$port" })
        $c = $c -replace 'api\.contoso\.internal', "api.$Domain"
        $c = $c -replace 'contoso\.com', $Domain
        $c = $c -replace 'fabrikam\.com', $OtherDomain
        $c = $c -replace '10\.0\.0\.53', $Lab.resolver
        $c = $c -replace '203\.0\.113\.10', '127.0.0.1'
        $c = $c -replace '151\.101\.1\.69', '127.0.0.1'
        $c = $c -replace ' -S3Endpoint http://127\.0\.0\.1:9000', ''
        $c = $c -replace '-Port 8443', "-Port $($Lab.httpsPort)"
        $c
    }

    # Shared state of the examples: findings and scores of a Lab host, inventories with several snapshots.
    $script:Findings = @(Test-HijackSusceptibility -Url "https://api.$Domain`:$https/" @LabParams -Passive) +
        @(Get-CertificateIntelligence "api.$Domain" -Port $https @LabParams).Findings | Where-Object { $_ -is [ApiThreat.Finding] }
    $script:Scores = $Findings | Get-ExternalRiskScore -Domain $Domain
    $Findings | Export-Clixml (Join-Path $Work 'findings.xml')
    $inventory = Get-ApiInventory -Domain $Domain @LabParams -Port $https, $Lab.httpPort
    foreach ($db in 'contoso-inventory.db', 'inventory.db', 'last.db', 'contoso.db') {
        foreach ($n in 1..3) { $null = $inventory | Save-ApiInventory -Path (Join-Path $Work $db) -Label "run $n" }
    }

    # Outcomes an example states: a gate that fails when the Lab host grades low is doing its job.
    $script:Expected = @{
        'Assert-ExternalRiskScore#1' = 'RiskScoreBelowMinimum'
        'Assert-ExternalRiskScore#2' = 'RiskScoreBelowMinimum'
        'Assert-ExternalRiskScore#3' = 'RiskScoreBelowMinimum'
        'Invoke-ApiThreatScan#2'     = 'RiskScoreBelowMinimum'
    }

    function Invoke-Example([string]$Code) {
        $iss = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
        $iss.ImportPSModule((Join-Path $ModulePath 'ApiThreat.psd1'))
        $runspace = [runspacefactory]::CreateRunspace($iss)
        $runspace.Open()
        try {
            $runspace.SessionStateProxy.SetVariable('PSDefaultParameterValues', $Defaults.Clone())
            $runspace.SessionStateProxy.SetVariable('findings', $Findings)
            $runspace.SessionStateProxy.SetVariable('scores', $Scores)
            $runspace.SessionStateProxy.Path.SetLocation($Work) | Out-Null
            $ps = [powershell]::Create($runspace)
            # Get-Secret comes from SecretManagement in the example; here it returns a test token.
            $null = $ps.AddScript("function Get-Secret { param([string]`$Name) ConvertTo-SecureString 'hec-token-of-the-tests' -AsPlainText -Force }; $Code")
            $thrown = $null
            try { $output = $ps.Invoke() } catch { $thrown = $_.Exception.InnerException ?? $_.Exception }
            [pscustomobject]@{ Output = $output; Errors = @($ps.Streams.Error); Thrown = $thrown }
        }
        finally { $runspace.Dispose() }
    }
}

AfterAll {
    $env:APITHREAT_DATA = $SavedData
    # Closing the listeners ends the receivers' blocking accept loops, and so their jobs.
    if ($Syslog) { $Syslog.Stop() }
    if ($Hec) { $Hec.Stop() }
    foreach ($job in $SyslogJob, $HecJob) { if ($job) { $null = Wait-Job $job -Timeout 5; Remove-Job $job -Force } }
}

Describe 'Every help example runs as written against the Lab' {
    It '<Command> example <Index>' -ForEach $RunnableExamples {
        if ($Skip) { Set-ItResult -Skipped -Because "it $Reason"; return }
        $code = ConvertTo-LabExample $Code
        $r = Invoke-Example $code
        $allowed = $Expected["$Command#$Index"]
        $problems = @(
            if ($r.Thrown -and -not ($allowed -and ($r.Thrown.ErrorRecord.FullyQualifiedErrorId -like "$allowed*" -or $r.Thrown.Message -match $allowed))) {
                "threw: $($r.Thrown.GetType().Name): $($r.Thrown.Message)"
            }
            foreach ($e in $r.Errors) {
                $noWebServer = $e.FullyQualifiedErrorId -like 'ConnectFailed*' -and "$e" -match 'ConnectionRefused'
                if (-not $noWebServer -and -not ($allowed -and $e.FullyQualifiedErrorId -like "$allowed*")) { "error: $($e.FullyQualifiedErrorId): $e (target: $($e.TargetObject))" }
            }
        )
        $problems | Should -BeNullOrEmpty -Because "the example ran as:`n$code`n"
    }
}
