namespace ApiThreat.Engine.Tests.Export;

/// <summary>A small scan with hostile text in every field a target controls.</summary>
internal static class ExportSamples
{
    public static readonly DateTimeOffset Time = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    public const string Hostile = "<script>alert(1)</script>|CEF:0|x\\y=z\r\n**bold** [l](javascript:alert(1)) \u001b[31m";

    public static Finding Finding(string rule, Severity sev, FindingCategory cat, string target, string evidence, string title = "Sample finding", string[]? vulns = null) => new()
    {
        RuleId = rule, Title = title, Severity = sev, Category = cat, Target = target,
        HostName = Engine.Rules.TargetName.HostOf(target), Evidence = evidence, Remediation = "Fix it.", Cwe = "CWE-319", OwaspApi = "API8:2023",
        References = new[] { "https://owasp.org/API-Security/" }, VulnerabilityIds = vulns ?? Array.Empty<string>(), Timestamp = Time,
    };

    public static ScanResult Scan() => new()
    {
        Domains = new[] { "contoso.test" },
        Started = Time.AddMinutes(-5),
        Finished = Time,
        Hosts = new[]
        {
            new DiscoveredHost { HostName = "api.contoso.test", Domain = "contoso.test", Addresses = new[] { "192.0.2.10", "2001:db8::10" }, Sources = new[] { "Wordlist" } },
            new DiscoveredHost { HostName = "old.contoso.test", Domain = "contoso.test", CnameChain = new[] { "contoso-old.azurewebsites.net" }, Sources = new[] { "ZoneTransfer" } },
        },
        Certificates = new[]
        {
            new CertificateInfo { HostName = "api.contoso.test", Port = 443, Subject = "CN=" + Hostile, Issuer = "CN=Lab CA", SerialNumber = "0A1B2C",
                NotBefore = Time.AddDays(-60), NotAfter = Time.AddDays(12), DaysRemaining = 12, KeyAlgorithm = "RSA", KeySize = 2048,
                SignatureAlgorithm = "sha256RSA", Sha256Fingerprint = new string('A', 64), SubjectAlternativeNames = new[] { "api.contoso.test" } },
        },
        Ips = new[] { new IpIntelligence { Address = "192.0.2.10", Asn = 64500, Organization = "Example Net", HostNames = new[] { "api.contoso.test" } } },
        Inventory = new[]
        {
            new ApiEndpoint { Url = "https://api.contoso.test/v1/", HostName = "api.contoso.test", Port = 443, Kind = EndpointKind.OpenApi, Title = Hostile },
            new ApiEndpoint { Url = "https://api.contoso.test/graphql", HostName = "api.contoso.test", Port = 443, Kind = EndpointKind.GraphQL },
        },
        Technologies = new[] { new Technology { Url = "https://api.contoso.test/v1/", HostName = "api.contoso.test", Name = "nginx", Version = "1.18.0", Cpe = "cpe:2.3:a:f5:nginx:1.18.0:*:*:*:*:*:*:*" } },
        Findings = new[]
        {
            Finding("ATR-TEST-001", Severity.High, FindingCategory.TransportSecurity, "https://api.contoso.test/v1/", Hostile, "Missing HSTS header"),
            Finding("ATR-TEST-002", Severity.Critical, FindingCategory.Takeover, "old.contoso.test", "CNAME contoso-old.azurewebsites.net is unclaimed", "Dangling CNAME"),
            Finding("ATR-TEST-003", Severity.Medium, FindingCategory.TechnologyCurrency, "api.contoso.test:443", "nginx 1.18.0", "Outdated nginx", new[] { "CVE-2021-23017" }),
            Finding("ATR-TEST-004", Severity.Low, FindingCategory.DnsHealth, "contoso.test", "v=spf1 +all", "SPF allows any sender"),
        },
        Scores = new[]
        {
            new RiskScore { Target = "contoso.test", Scope = "Domain", Score = 41, Grade = "D", FindingCount = 4, Explanation = new[] { "Takeover caps the grade", Hostile } },
            new RiskScore { Target = "api.contoso.test", Scope = "Host", Score = 62, Grade = "C", FindingCount = 2 },
        },
        Changes = new[] { new InventoryChange { ChangeType = ChangeType.Added, ItemType = "Endpoint", Key = "https://api.contoso.test/graphql", Severity = Severity.Medium, DetectedAt = Time } },
    };

    public static Engine.Export.ExportSet Set(params object[] items)
    {
        var set = new Engine.Export.ExportSet();
        foreach (var i in items.Length == 0 ? new object[] { Scan() } : items) set.Add(i);
        return set;
    }

    /// <summary>../shared/schemas from the repository root (CI puts shared/ beside the clone).</summary>
    public static string SchemaRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ApiThreat.psd1")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "schemas"));
            }
            throw new DirectoryNotFoundException("Repository root (ApiThreat.psd1) not found above " + AppContext.BaseDirectory);
        }
    }
}
