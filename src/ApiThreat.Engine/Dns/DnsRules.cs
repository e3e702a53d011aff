using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Dns;

/// <summary>DNS health: delegation, zone exposure, mail authentication (SPF, DMARC), CAA, DNSSEC, dangling and wildcard records.</summary>
[RuleSet]
public static class DnsRules
{
    private const string Rfc5936 = "https://www.rfc-editor.org/rfc/rfc5936";
    private const string Rfc7208 = "https://www.rfc-editor.org/rfc/rfc7208";
    private const string Rfc7489 = "https://www.rfc-editor.org/rfc/rfc7489";
    private const string Rfc8659 = "https://www.rfc-editor.org/rfc/rfc8659";
    private const string Rfc4033 = "https://www.rfc-editor.org/rfc/rfc4033";
    private const string OwaspInventory = "API9:2023";

    public static readonly ThreatRule ZoneTransferOpen = new()
    {
        Id = "ATR-DNS-001",
        Title = "Zone transfer (AXFR) allowed to anyone",
        Severity = Severity.High,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-200",
        OwaspApi = OwaspInventory,
        Rationale = "An authoritative server that answers AXFR from any client hands out the whole zone: every host, internal " +
                    "names, staging and admin APIs, mail and verification records. It is the complete map an attacker would " +
                    "otherwise have to guess.",
        Remediation = "Allow zone transfers only to your secondary servers (allow-transfer / ACL by address, better with TSIG keys), " +
                      "on every authoritative name server.",
        References = new[] { Rfc5936, "https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/" },
    };

    public static readonly ThreatRule DanglingCname = new()
    {
        Id = "ATR-DNS-002",
        Title = "Dangling CNAME: the alias points to a name that does not exist",
        Severity = Severity.High,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-672",
        OwaspApi = OwaspInventory,
        Rationale = "A CNAME whose target no longer exists (NXDOMAIN) is left over from a decommissioned service. Whoever registers " +
                    "the target (a cloud resource name, an expired domain) serves content, cookies and APIs under your name.",
        Remediation = "Remove the CNAME, or re-create the target resource under your control before anything else can claim it. " +
                      "Delete DNS records as part of decommissioning every cloud resource.",
        References = new[] { "https://developer.mozilla.org/en-US/docs/Web/Security/Subdomain_takeovers",
                             "https://learn.microsoft.com/en-us/azure/security/fundamentals/subdomain-takeover" },
    };

    public static readonly ThreatRule SpfMissing = new()
    {
        Id = "ATR-DNS-003",
        Title = "No SPF record",
        Severity = Severity.Medium,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-290",
        Rationale = "Without SPF, receivers cannot tell which servers may send mail for the domain, so it can be spoofed in " +
                    "phishing (password resets, API key notices). A domain that sends no mail should say so with v=spf1 -all.",
        Remediation = "Publish one TXT record 'v=spf1 <your senders> -all' (or 'v=spf1 -all' for a domain that sends no mail).",
        References = new[] { Rfc7208 },
    };

    public static readonly ThreatRule SpfPassAll = new()
    {
        Id = "ATR-DNS-004",
        Title = "SPF allows every sender (+all)",
        Severity = Severity.High,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-290",
        Rationale = "'+all' (or a bare 'all') authorises every host on the internet to send mail as the domain: SPF then passes " +
                    "for spoofed mail and even lends it credibility with DMARC.",
        Remediation = "End the SPF record with -all (or ~all while you verify your senders), listing only your real senders.",
        References = new[] { Rfc7208 + "#section-5.1" },
    };

    public static readonly ThreatRule SpfWeakAll = new()
    {
        Id = "ATR-DNS-005",
        Title = "SPF ends in a neutral policy (?all) or has no all",
        Severity = Severity.Medium,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-290",
        Rationale = "'?all', or no 'all' and no redirect, gives a neutral result for unlisted senders: receivers treat spoofed " +
                    "mail as if there were no SPF at all.",
        Remediation = "End the SPF record with -all (fail) or ~all (softfail).",
        References = new[] { Rfc7208 + "#section-4.7" },
    };

    public static readonly ThreatRule SpfTooManyLookups = new()
    {
        Id = "ATR-DNS-006",
        Title = "SPF needs more than 10 DNS lookups",
        Severity = Severity.Medium,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-1284",
        Rationale = "RFC 7208 limits an SPF evaluation to 10 DNS-querying terms (include, a, mx, ptr, exists, redirect), counted " +
                    "across nested includes. Beyond that receivers return permerror and the policy is void: legitimate mail may " +
                    "fail and spoofed mail is not rejected.",
        Remediation = "Flatten nested includes, drop unused senders, replace a/mx with ip4/ip6 ranges, or move senders to subdomains.",
        References = new[] { Rfc7208 + "#section-4.6.4" },
    };

    public static readonly ThreatRule SpfInvalid = new()
    {
        Id = "ATR-DNS-007",
        Title = "SPF is invalid (several records, a syntax error, or an include without an SPF record)",
        Severity = Severity.Medium,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-1284",
        Rationale = "Two 'v=spf1' records, an unknown mechanism or a malformed term make receivers return permerror: the domain " +
                    "then has no working SPF policy.",
        Remediation = "Publish exactly one 'v=spf1' TXT record and fix the terms named in the evidence.",
        References = new[] { Rfc7208 + "#section-4.5" },
    };

    public static readonly ThreatRule DmarcMissing = new()
    {
        Id = "ATR-DNS-008",
        Title = "No DMARC record",
        Severity = Severity.Medium,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-290",
        Rationale = "Without DMARC, receivers have no policy for mail that fails SPF and DKIM alignment, and you get no reports " +
                    "of who sends as your domain.",
        Remediation = "Publish '_dmarc.<domain> TXT \"v=DMARC1; p=none; rua=mailto:...\"', read the reports, then move to " +
                      "p=quarantine and p=reject.",
        References = new[] { Rfc7489 },
    };

    public static readonly ThreatRule DmarcMonitorOnly = new()
    {
        Id = "ATR-DNS-009",
        Title = "DMARC policy is none (monitoring only)",
        Severity = Severity.Medium,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-290",
        Rationale = "p=none asks receivers to deliver mail that fails DMARC: spoofed mail from the exact domain still reaches inboxes.",
        Remediation = "Once the aggregate reports show your senders aligned, move to p=quarantine and then p=reject.",
        References = new[] { Rfc7489 + "#section-6.3" },
    };

    public static readonly ThreatRule DmarcPartial = new()
    {
        Id = "ATR-DNS-010",
        Title = "DMARC applies to only part of the mail (pct below 100)",
        Severity = Severity.Low,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-290",
        Rationale = "pct=N applies the policy to N% of failing mail; the rest is treated one step more leniently, so some spoofed " +
                    "mail is still delivered.",
        Remediation = "Raise pct to 100 (or remove the tag) once the rollout is verified.",
        References = new[] { Rfc7489 + "#section-6.3" },
    };

    public static readonly ThreatRule DmarcInvalid = new()
    {
        Id = "ATR-DNS-011",
        Title = "DMARC record is invalid",
        Severity = Severity.Medium,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-1284",
        Rationale = "A _dmarc record that does not start with v=DMARC1, lacks a valid p= tag, or appears twice is ignored by " +
                    "receivers: the domain has no DMARC policy in effect.",
        Remediation = "Publish exactly one record starting 'v=DMARC1; p=...' with valid tags.",
        References = new[] { Rfc7489 + "#section-6.4" },
    };

    public static readonly ThreatRule CaaMissing = new()
    {
        Id = "ATR-DNS-012",
        Title = "No CAA record",
        Severity = Severity.Low,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-295",
        Rationale = "Without CAA, every public certificate authority may issue certificates for the domain; CAA limits issuance " +
                    "to the CAs you use and (with iodef) tells you about refused requests.",
        Remediation = "Publish CAA records naming your CAs, e.g. '0 issue \"letsencrypt.org\"' and '0 iodef \"mailto:security@...\"'.",
        References = new[] { Rfc8659 },
    };

    public static readonly ThreatRule DnssecMissing = new()
    {
        Id = "ATR-DNS-013",
        Title = "DNSSEC is not enabled",
        Severity = Severity.Low,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-345",
        Rationale = "Without DNSSEC (no DS at the parent, no DNSKEY in the zone), resolvers cannot verify answers: cache poisoning " +
                    "and on-path spoofing can redirect API clients to attacker hosts.",
        Remediation = "Sign the zone at your DNS provider and publish the DS record at the registrar.",
        References = new[] { Rfc4033 },
    };

    public static readonly ThreatRule DnssecBroken = new()
    {
        Id = "ATR-DNS-014",
        Title = "DNSSEC chain is broken (DS without DNSKEY)",
        Severity = Severity.High,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-345",
        Rationale = "The parent publishes a DS record but the zone serves no DNSKEY: validating resolvers (a large share of users) " +
                    "treat every answer as bogus and the whole domain stops resolving for them.",
        Remediation = "Re-publish the zone's DNSKEY (re-sign the zone), or remove the DS record at the registrar before unsigning.",
        References = new[] { Rfc4033, "https://www.rfc-editor.org/rfc/rfc6781" },
    };

    public static readonly ThreatRule LameDelegation = new()
    {
        Id = "ATR-DNS-015",
        Title = "Lame delegation: a name server does not serve the zone",
        Severity = Severity.Medium,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-1188",
        Rationale = "An NS record names a server that does not exist, does not answer, or answers without authority. Resolution " +
                    "slows or fails; if the NS name's domain has expired, whoever registers it controls answers for the zone.",
        Remediation = "Remove the NS record or fix the server so it answers authoritatively for the zone; check NS names' domains are yours.",
        References = new[] { "https://www.rfc-editor.org/rfc/rfc1912#section-2.8", "https://www.rfc-editor.org/rfc/rfc8499" },
    };

    public static readonly ThreatRule InconsistentNameServers = new()
    {
        Id = "ATR-DNS-016",
        Title = "Name servers disagree (SOA serial or NS set)",
        Severity = Severity.Low,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-1188",
        Rationale = "Authoritative servers that give different SOA serials or NS sets serve different versions of the zone: " +
                    "records removed on one server (old APIs, dangling aliases) stay live on another.",
        Remediation = "Fix zone replication (NOTIFY/IXFR) so every authoritative server serves the same serial and NS set.",
        References = new[] { "https://www.rfc-editor.org/rfc/rfc1996" },
    };

    public static readonly ThreatRule WildcardRecord = new()
    {
        Id = "ATR-DNS-017",
        Title = "Wildcard DNS record",
        Severity = Severity.Low,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-1188",
        OwaspApi = OwaspInventory,
        Rationale = "A wildcard makes every name under the domain resolve: typos and arbitrary names reach your servers (and " +
                    "their cookies and CORS rules), and real hosts hide among the synthesised ones in inventories.",
        Remediation = "Replace the wildcard with explicit records, or make sure what it points to rejects unknown Host names.",
        References = new[] { "https://www.rfc-editor.org/rfc/rfc4592" },
    };

    public static readonly ThreatRule DmarcNoReporting = new()
    {
        Id = "ATR-DNS-018",
        Title = "DMARC has no aggregate report address (rua)",
        Severity = Severity.Info,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-778",
        Rationale = "Without rua, you never learn who sends mail as your domain, nor whether the policy harms legitimate mail.",
        Remediation = "Add rua=mailto:<mailbox you read> to the DMARC record.",
        References = new[] { Rfc7489 + "#section-7.2" },
    };

    public static readonly ThreatRule SingleNameServer = new()
    {
        Id = "ATR-DNS-019",
        Title = "Only one name server",
        Severity = Severity.Low,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-1188",
        Rationale = "A zone with a single authoritative server goes dark when that server does: every API under the domain " +
                    "becomes unreachable. RFC 1034 requires at least two.",
        Remediation = "Add a second name server on a separate network (a secondary DNS provider).",
        References = new[] { "https://www.rfc-editor.org/rfc/rfc1034#section-4.1", "https://www.rfc-editor.org/rfc/rfc2182" },
    };

    public static readonly ThreatRule SpfPtrMechanism = new()
    {
        Id = "ATR-DNS-020",
        Title = "SPF uses the deprecated ptr mechanism",
        Severity = Severity.Low,
        Category = FindingCategory.DnsHealth,
        Cwe = "CWE-350",
        Rationale = "ptr relies on reverse DNS, which the sender's network controls; it is slow, unreliable and RFC 7208 says " +
                    "not to use it. Some receivers ignore it, so mail fails.",
        Remediation = "Replace ptr with ip4/ip6 ranges or include: of your mail provider.",
        References = new[] { Rfc7208 + "#section-5.5" },
    };
}
