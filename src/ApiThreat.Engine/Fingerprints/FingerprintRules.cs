using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Fingerprints;

/// <summary>Findings about the versions of detected technologies (from the bundled, dated vulnerable-versions table).</summary>
[RuleSet]
public static class FingerprintRules
{
    public static readonly ThreatRule KnownVulnerableVersion = new()
    {
        Id = "ATR-TECH-001",
        Title = "Technology version with known vulnerabilities",
        Severity = Severity.High,
        Category = FindingCategory.TechnologyCurrency,
        Cwe = "CWE-1395",
        OwaspApi = "API8:2023",
        Rationale = "The version a server, framework or library discloses is one that published advisories (CVE ids in the " +
            "finding) describe as vulnerable. Attackers scan for exactly these banners and script tags; a public exploit " +
            "often exists.",
        Remediation = "Upgrade the component to the fixed version named in the finding (or a later supported release), " +
            "and stop disclosing exact versions in Server/X-Powered-By headers, generator tags and asset URLs.",
        References = new[]
        {
            "https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/",
            "https://owasp.org/Top10/A06_2021-Vulnerable_and_Outdated_Components/",
            "https://cwe.mitre.org/data/definitions/1395.html",
        },
    };

    public static readonly ThreatRule EndOfLifeVersion = new()
    {
        Id = "ATR-TECH-002",
        Title = "Technology version past its end of life",
        Severity = Severity.Medium,
        Category = FindingCategory.TechnologyCurrency,
        Cwe = "CWE-1104",
        OwaspApi = "API8:2023",
        Rationale = "The detected version no longer receives security fixes from its maintainers: every vulnerability " +
            "found from now on stays open. The finding names the date support ended.",
        Remediation = "Move to a supported release line (the finding names the first supported one), or to a vendor " +
            "offering extended support; until then, shield the service (WAF, reduced exposure).",
        References = new[]
        {
            "https://owasp.org/Top10/A06_2021-Vulnerable_and_Outdated_Components/",
            "https://cwe.mitre.org/data/definitions/1104.html",
            "https://endoflife.date/",
        },
    };
}
