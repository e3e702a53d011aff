# Dot-sourced by the export tests: a small scan built from the public types, with hostile text where a target controls it.
$script:Hostile = "<script>alert(1)</script>|CEF:0|x\y=z`r`n**bold** [l](javascript:alert(1)) $([char]27)[31m"
$script:PinnedTime = [DateTimeOffset]'2026-11-29T08:00:00Z'

function New-SampleFinding([string]$RuleId, [ApiThreat.Severity]$Severity, [ApiThreat.FindingCategory]$Category, [string]$Target, [string]$Evidence, [string]$Title = 'Sample finding', [string[]]$Cve = @()) {
    [ApiThreat.Finding]@{
        RuleId = $RuleId; Severity = $Severity; Category = $Category; Target = $Target; Evidence = $Evidence; Title = $Title
        HostName = ($Target -replace '^[a-z]+://', '' -replace '[:/].*$', ''); Remediation = 'Fix it.'; Cwe = 'CWE-319'; OwaspApi = 'API8:2023'
        References = @('https://owasp.org/API-Security/'); VulnerabilityIds = $Cve; Timestamp = $PinnedTime
    }
}

function New-SampleScan {
    $scan = [ApiThreat.ScanResult]::new()
    $scan.Domains = @('contoso.test')
    $scan.Started = $PinnedTime.AddMinutes(-5); $scan.Finished = $PinnedTime
    $scan.Hosts = @(
        [ApiThreat.DiscoveredHost]@{ HostName = 'api.contoso.test'; Domain = 'contoso.test'; Addresses = @('192.0.2.10'); Sources = @('Wordlist') }
        [ApiThreat.DiscoveredHost]@{ HostName = 'old.contoso.test'; Domain = 'contoso.test'; CnameChain = @('contoso-old.azurewebsites.net'); Sources = @('ZoneTransfer') }
    )
    $scan.Certificates = @([ApiThreat.CertificateInfo]@{ HostName = 'api.contoso.test'; Port = 443; Subject = "CN=$Hostile"; Issuer = 'CN=Lab CA'; SerialNumber = '0A1B2C'
        NotBefore = $PinnedTime.AddDays(-60); NotAfter = $PinnedTime.AddDays(12); DaysRemaining = 12; Sha256Fingerprint = 'A' * 64; SubjectAlternativeNames = @('api.contoso.test') })
    $scan.Inventory = @(
        [ApiThreat.ApiEndpoint]@{ Url = 'https://api.contoso.test/v1/'; HostName = 'api.contoso.test'; Port = 443; Kind = 'OpenApi'; Title = $Hostile }
        [ApiThreat.ApiEndpoint]@{ Url = 'https://api.contoso.test/graphql'; HostName = 'api.contoso.test'; Port = 443; Kind = 'GraphQL' }
    )
    $scan.Technologies = @([ApiThreat.Technology]@{ Url = 'https://api.contoso.test/v1/'; HostName = 'api.contoso.test'; Name = 'nginx'; Version = '1.18.0'; Cpe = 'cpe:2.3:a:f5:nginx:1.18.0:*:*:*:*:*:*:*' })
    $scan.Findings = @(
        New-SampleFinding 'ATR-TEST-001' High TransportSecurity 'https://api.contoso.test/v1/' $Hostile 'Missing HSTS header'
        New-SampleFinding 'ATR-TEST-002' Critical Takeover 'old.contoso.test' 'CNAME contoso-old.azurewebsites.net is unclaimed' 'Dangling CNAME'
        New-SampleFinding 'ATR-TEST-003' Medium TechnologyCurrency 'api.contoso.test:443' 'nginx 1.18.0' 'Outdated nginx' -Cve 'CVE-2021-23017'
        New-SampleFinding 'ATR-TEST-004' Low DnsHealth 'contoso.test' 'v=spf1 +all' 'SPF allows any sender'
    )
    $scan.Scores = @(
        [ApiThreat.RiskScore]@{ Target = 'contoso.test'; Scope = 'Domain'; Score = 41; Grade = 'D'; FindingCount = 4; Explanation = @('Takeover caps the grade', $Hostile) }
        [ApiThreat.RiskScore]@{ Target = 'api.contoso.test'; Scope = 'Host'; Score = 62; Grade = 'C'; FindingCount = 2 }
    )
    $scan.Changes = @([ApiThreat.InventoryChange]@{ ChangeType = 'Added'; ItemType = 'Endpoint'; Key = 'https://api.contoso.test/graphql'; Severity = 'Medium'; DetectedAt = $PinnedTime })
    $scan
}

function New-LargeScan([int]$HostCount, [int]$FindingCount) {
    # A scan shaped like a large real one (the xunit report test builds the same): most hosts have no findings, a
    # quarter have several from 40 rules; targets are the hosts' URLs; evidence is half shared, half unique.
    if (-not ('ApiThreatTests.LargeScan' -as [type])) {
        Add-Type -IgnoreWarnings -WarningAction SilentlyContinue -ReferencedAssemblies ([ApiThreat.Finding].Assembly.Location) -TypeDefinition @'
namespace ApiThreatTests {
public static class LargeScan {
  public static ApiThreat.ScanResult Create(int hostCount, int findingCount) {
    var hosts = new ApiThreat.DiscoveredHost[hostCount];
    for (int i = 0; i < hostCount; i++)
      hosts[i] = new ApiThreat.DiscoveredHost { HostName = "h" + i + ".bench.example", Domain = "bench.example",
        Addresses = new[] { "198.51." + (i / 256 % 256) + "." + (i % 256) }, Sources = new[] { "Wordlist" } };
    int withFindings = System.Math.Max(1, hostCount / 4);
    var findings = new ApiThreat.Finding[findingCount];
    for (int n = 0; n < findingCount; n++) {
      int host = n % withFindings, rule = n / withFindings % 40;
      findings[n] = new ApiThreat.Finding { RuleId = "ATR-BENCH-" + rule.ToString("000"), Title = "Bench rule " + rule,
        Severity = (ApiThreat.Severity)(rule % 5), Category = (ApiThreat.FindingCategory)(rule % 8),
        Target = "https://h" + host + ".bench.example/", HostName = "h" + host + ".bench.example",
        Evidence = n % 2 == 0 ? "Strict-Transport-Security: max-age=0" : "GET /api/v" + (n % 7) + "/items/" + n + " answered 200",
        Remediation = "Remediation of rule " + rule + ".", Cwe = "CWE-319", OwaspApi = "API8:2023", References = new[] { "https://owasp.org/API-Security/" } };
    }
    return new ApiThreat.ScanResult { Domains = new[] { "bench.example" }, Hosts = hosts, Findings = findings };
  }
}
}
'@
    }
    [ApiThreatTests.LargeScan]::Create($HostCount, $FindingCount)
}
