using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Ip;

/// <summary>What Get-IpIntelligence can find about the addresses a domain's names resolve to.</summary>
[RuleSet]
public static class IpRules
{
    public static readonly ThreatRule PrivateAddressPublished = new()
    {
        Id = "ATR-IP-001", Title = "A public name resolves to a private or loopback address", Severity = Severity.Low,
        Category = FindingCategory.DnsHealth, Cwe = "CWE-200", OwaspApi = "API9:2023",
        Rationale = "Public DNS that points at RFC 1918, loopback or link-local space discloses internal addressing, and lets a page or "
            + "client that trusts the name reach whatever listens there on the victim's own network (DNS rebinding-style pivots).",
        Remediation = "Serve internal names from internal (split-horizon) DNS only, and remove the public records.",
        References = new[] { "https://datatracker.ietf.org/doc/html/rfc1918", "https://cwe.mitre.org/data/definitions/200.html" },
    };

    public static readonly ThreatRule ReservedAddressPublished = new()
    {
        Id = "ATR-IP-002", Title = "A public name resolves to a reserved, documentation or metadata address", Severity = Severity.Medium,
        Category = FindingCategory.DnsHealth, Cwe = "CWE-918", OwaspApi = "API7:2023",
        Rationale = "Bogon addresses in public DNS are leftovers or mistakes; a name that resolves to the cloud metadata address turns any "
            + "server-side fetch of that name into credential theft (SSRF).",
        Remediation = "Remove or correct the record; never publish 169.254.169.254 or other special-purpose addresses.",
        References = new[] { "https://www.iana.org/assignments/iana-ipv4-special-registry/", "https://cwe.mitre.org/data/definitions/918.html" },
    };

    public static readonly ThreatRule SharedHosting = new()
    {
        Id = "ATR-IP-003", Title = "Many discovered names share one address", Severity = Severity.Info,
        Category = FindingCategory.InventoryHygiene, Cwe = "CWE-1059",
        Rationale = "Names on one address share its fate: a compromise, outage, block-listing or TLS misconfiguration of one is likely to reach the others.",
        Remediation = "Confirm the co-hosted names are meant to share infrastructure, and that none of them is forgotten.",
        References = new[] { "https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/" },
    };

    public static readonly ThreatRule ReverseDnsNotConfirmed = new()
    {
        Id = "ATR-IP-004", Title = "Reverse DNS is not forward-confirmed", Severity = Severity.Info,
        Category = FindingCategory.DnsHealth, Cwe = "CWE-350",
        Rationale = "A PTR name that does not resolve back to the address cannot be trusted as the host's identity (mail and log checks reject it) "
            + "and often marks a stale record.",
        Remediation = "Make the PTR name resolve to the address (forward-confirmed reverse DNS), or correct the PTR record.",
        References = new[] { "https://datatracker.ietf.org/doc/html/rfc8601#section-2.7.3", "https://cwe.mitre.org/data/definitions/350.html" },
    };
}
