using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.DigitalRisk;

/// <summary>
/// Digital risk protection: domains that impersonate the organisation (Find-LookalikeDomain) and storage left open
/// under its names (Find-ExposedBucket). Lookalike findings are scored under the domain they imitate (Finding.HostName),
/// since that is the organisation's exposure; bucket findings under the domain the name came from.
/// </summary>
[RuleSet]
public static class DigitalRiskRules
{
    private static readonly string[] s_lookalikeRefs =
    {
        "https://attack.mitre.org/techniques/T1583/001/",
        "https://www.cisa.gov/news-events/news/avoiding-social-engineering-and-phishing-attacks",
        "https://github.com/elceef/dnstwist",
    };

    public static readonly ThreatRule LookalikeReceivesMail = new()
    {
        Id = "ATR-DRP-001", Title = "Registered lookalike domain receives mail (MX)", Severity = Severity.Medium,
        Category = FindingCategory.DigitalRisk, Cwe = "CWE-451",
        Rationale = "A domain one typo away from the organisation's, with mail exchangers, receives the mail that customers, partners and "
            + "API clients address to it by mistake (doppelganger domains collect credentials, invoices and password resets), and can send "
            + "convincing phishing from a name that passes a glance.",
        Remediation = "Check who holds the domain (RDAP); if it is not the organisation, report it to the registrar for abuse or recover it "
            + "(UDRP); register the likeliest typos defensively and point their MX at the organisation's own mail.",
        References = s_lookalikeRefs,
    };

    public static readonly ThreatRule LookalikeServesSimilarPage = new()
    {
        Id = "ATR-DRP-002", Title = "Lookalike domain serves a page like the organisation's", Severity = Severity.High,
        Category = FindingCategory.DigitalRisk, Cwe = "CWE-451",
        Rationale = "A lookalike whose page is a near copy of the organisation's (fuzzy hash of the normalised page) is the shape of a "
            + "phishing or credential-harvesting site; it does not redirect to the organisation, it imitates it.",
        Remediation = "Capture the evidence, then ask the hosting provider and registrar to take the site down (abuse contacts from RDAP), "
            + "submit it to browser block lists, and warn users; consider a UDRP complaint.",
        References = s_lookalikeRefs,
    };

    public static readonly ThreatRule NewlyRegisteredLookalike = new()
    {
        Id = "ATR-DRP-003", Title = "Lookalike domain registered recently", Severity = Severity.Medium,
        Category = FindingCategory.DigitalRisk, Cwe = "CWE-451",
        Rationale = "Phishing domains are used within days of registration: a lookalike registered in the last weeks (RDAP registration "
            + "event) is more likely to be in an attack's preparation than a years-old namesake.",
        Remediation = "Watch the domain (DNS, certificates, page) until its purpose is clear; if it imitates the organisation, act as for "
            + "ATR-DRP-002 before the campaign starts.",
        References = s_lookalikeRefs,
    };

    private static readonly string[] s_bucketRefs =
    {
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
        "https://learn.microsoft.com/en-us/azure/storage/blobs/anonymous-read-access-prevent",
        "https://cloud.google.com/storage/docs/public-access-prevention",
        "https://attack.mitre.org/techniques/T1530/",
    };

    public static readonly ThreatRule PublicBucketListing = new()
    {
        Id = "ATR-DRP-004", Title = "Storage bucket lists its objects to anyone", Severity = Severity.High,
        Category = FindingCategory.DigitalRisk, Cwe = "CWE-732", OwaspApi = "API8:2023",
        Rationale = "A bucket named after the organisation that anyone can list hands out the names of every object (backups, exports, "
            + "logs) and usually their content; such buckets are found by the same name guessing.",
        Remediation = "Confirm the owner; block public access on the bucket or account (S3 Block Public Access, Azure "
            + "allowBlobPublicAccess=false, GCS public access prevention) and review what was exposed.",
        References = s_bucketRefs,
    };

    public static readonly ThreatRule PublicBucketRead = new()
    {
        Id = "ATR-DRP-005", Title = "Storage bucket serves its objects to anyone", Severity = Severity.Medium,
        Category = FindingCategory.DigitalRisk, Cwe = "CWE-552", OwaspApi = "API8:2023",
        Rationale = "Objects that anyone can read are one guessed or leaked name away from disclosure, listing or not.",
        Remediation = "Serve public content through a CDN or signed URLs and keep the bucket private; block public access where nothing must be public.",
        References = s_bucketRefs,
    };

    public static readonly ThreatRule PublicBucketWrite = new()
    {
        Id = "ATR-DRP-006", Title = "Storage bucket accepts writes from anyone", Severity = Severity.Critical,
        Category = FindingCategory.DigitalRisk, Cwe = "CWE-732", OwaspApi = "API8:2023",
        Rationale = "Anyone can plant or replace objects: scripts served to the organisation's pages, software updates, data its systems "
            + "import; the probe wrote and deleted a small object of its own.",
        Remediation = "Remove the public write grant (bucket policy, ACL, container access level) at once, then check the objects for tampering.",
        References = s_bucketRefs,
    };

    public static readonly ThreatRule NewLookalikeSinceBaseline = new()
    {
        Id = "ATR-DRP-007", Title = "Lookalike domain or open bucket not in the baseline", Severity = Severity.Medium,
        Category = FindingCategory.DigitalRisk, Cwe = "CWE-451",
        Rationale = "A lookalike that became registered, or a bucket that appeared, since the last inventory is the freshest signal of a "
            + "campaign in preparation or a new exposure.",
        Remediation = "Review the new item now: who holds the domain, what it serves, whether the bucket is the organisation's.",
        References = s_lookalikeRefs,
    };
}
