using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Hijack.Takeover;

/// <summary>Subdomain takeover: names that point at resources nobody holds any more.</summary>
[RuleSet]
public static class TakeoverRules
{
    public static readonly ThreatRule ServiceUnclaimed = new()
    {
        Id = "ATR-TAKEOVER-001", Title = "Subdomain points at an unclaimed third-party resource", Severity = Severity.Critical,
        Category = FindingCategory.Takeover, Cwe = "CWE-350", OwaspApi = "API9:2023",
        Rationale = "The name's CNAME leads to a hosting service (app, bucket, page) whose resource no longer exists: anyone who claims it there serves content, sets cookies and phishes under this name.",
        Remediation = "Remove the DNS record, or re-claim the resource at the provider; remove records before deleting cloud resources.",
        References = new[] { "https://github.com/EdOverflow/can-i-take-over-xyz", "https://developer.mozilla.org/en-US/docs/Web/Security/Subdomain_takeovers" },
    };

    public static readonly ThreatRule NsDelegationDangling = new()
    {
        Id = "ATR-TAKEOVER-002", Title = "Subdomain delegated to name servers that do not exist", Severity = Severity.Critical,
        Category = FindingCategory.Takeover, Cwe = "CWE-350", OwaspApi = "API9:2023",
        Rationale = "The name is delegated (NS) to servers whose names do not resolve: whoever registers that domain, or re-creates the hosted zone, answers for the whole subtree.",
        Remediation = "Remove the stale NS delegation, or point it at name servers you control.",
        References = new[] { "https://github.com/EdOverflow/can-i-take-over-xyz", "https://0xpatrik.com/subdomain-takeover-ns/" },
    };

    public static readonly ThreatRule DanglingCname = new()
    {
        Id = "ATR-TAKEOVER-003", Title = "CNAME points at a name that does not exist", Severity = Severity.High,
        Category = FindingCategory.Takeover, Cwe = "CWE-350", OwaspApi = "API9:2023",
        Rationale = "The CNAME target returns NXDOMAIN. If its domain can be registered, or the name created at an unlisted provider, the subdomain can be taken over.",
        Remediation = "Remove the record, or check who can create the target name and re-claim it.",
        References = new[] { "https://developer.mozilla.org/en-US/docs/Web/Security/Subdomain_takeovers" },
    };
}
