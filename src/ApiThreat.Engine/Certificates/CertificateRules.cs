using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Certificates;

/// <summary>What Get-CertificateIntelligence can find wrong with a server certificate.</summary>
[RuleSet]
public static class CertificateRules
{
    public static readonly ThreatRule Expired = new()
    {
        Id = "ATR-CERT-001", Title = "Certificate has expired", Severity = Severity.High, Category = FindingCategory.CertificateHealth,
        Cwe = "CWE-298", OwaspApi = "API8:2023",
        Rationale = "Clients refuse an expired certificate, or users and integrations learn to click through warnings, which makes interception unnoticeable.",
        Remediation = "Renew the certificate and automate renewal (ACME), with monitoring of the expiry date.",
        References = new[] { "https://cwe.mitre.org/data/definitions/298.html", "https://datatracker.ietf.org/doc/html/rfc5280#section-4.1.2.5" },
    };

    public static readonly ThreatRule Expiring = new()
    {
        Id = "ATR-CERT-002", Title = "Certificate expires soon", Severity = Severity.Medium, Category = FindingCategory.CertificateHealth,
        Cwe = "CWE-298", OwaspApi = "API8:2023",
        Rationale = "A certificate close to its end date becomes an outage (and a reason to disable validation) if renewal fails.",
        Remediation = "Renew now and automate renewal so certificates are replaced well before the last 30 days.",
        References = new[] { "https://datatracker.ietf.org/doc/html/rfc8555" },
    };

    public static readonly ThreatRule NotYetValid = new()
    {
        Id = "ATR-CERT-003", Title = "Certificate is not yet valid", Severity = Severity.High, Category = FindingCategory.CertificateHealth,
        Cwe = "CWE-298", OwaspApi = "API8:2023",
        Rationale = "A certificate whose validity starts in the future is refused by clients: the service is effectively down for them, or they disable checks.",
        Remediation = "Issue the certificate with a correct notBefore (check the issuing system's clock) and redeploy.",
        References = new[] { "https://datatracker.ietf.org/doc/html/rfc5280#section-4.1.2.5" },
    };

    public static readonly ThreatRule HostnameMismatch = new()
    {
        Id = "ATR-CERT-004", Title = "Certificate does not match the host name", Severity = Severity.High, Category = FindingCategory.CertificateHealth,
        Cwe = "CWE-297", OwaspApi = "API8:2023",
        Rationale = "A name mismatch makes every client either fail or skip host name verification, which removes protection against interception.",
        Remediation = "Serve a certificate whose Subject Alternative Names include this host name (wildcards cover exactly one label).",
        References = new[] { "https://cwe.mitre.org/data/definitions/297.html", "https://datatracker.ietf.org/doc/html/rfc6125" },
    };

    public static readonly ThreatRule SelfSigned = new()
    {
        Id = "ATR-CERT-005", Title = "Certificate is self-signed", Severity = Severity.High, Category = FindingCategory.CertificateHealth,
        Cwe = "CWE-295", OwaspApi = "API8:2023",
        Rationale = "No client can tell a self-signed certificate from an attacker's: clients must disable validation or pin it.",
        Remediation = "Use a certificate from a public CA (or from your private CA distributed to every client).",
        References = new[] { "https://cwe.mitre.org/data/definitions/295.html" },
    };

    public static readonly ThreatRule UntrustedChain = new()
    {
        Id = "ATR-CERT-006", Title = "Certificate chain is not trusted", Severity = Severity.High, Category = FindingCategory.CertificateHealth,
        Cwe = "CWE-295", OwaspApi = "API8:2023",
        Rationale = "The chain does not end at a trusted root (system store or -TrustedRootCertificate): clients refuse it or are taught to ignore errors.",
        Remediation = "Serve a certificate issued by a trusted CA with its intermediates, or give your private root with -TrustedRootCertificate if it is yours.",
        References = new[] { "https://cwe.mitre.org/data/definitions/295.html", "https://datatracker.ietf.org/doc/html/rfc5280#section-6" },
    };

    public static readonly ThreatRule IncompleteChain = new()
    {
        Id = "ATR-CERT-007", Title = "Server does not send the intermediate certificates", Severity = Severity.Medium, Category = FindingCategory.CertificateHealth,
        Cwe = "CWE-295", OwaspApi = "API8:2023",
        Rationale = "Browsers may fetch missing intermediates, but API clients, mobile apps and libraries usually do not: they fail to connect or get configured to skip validation.",
        Remediation = "Configure the server to send the full chain (leaf then intermediates, without the root).",
        References = new[] { "https://datatracker.ietf.org/doc/html/rfc8446#section-4.4.2", "https://datatracker.ietf.org/doc/html/rfc5246#section-7.4.2" },
    };

    public static readonly ThreatRule WeakKey = new()
    {
        Id = "ATR-CERT-008", Title = "Certificate key is too small", Severity = Severity.High, Category = FindingCategory.CertificateHealth,
        Cwe = "CWE-326", OwaspApi = "API8:2023",
        Rationale = "RSA keys below 2048 bits and EC keys below 256 bits are within reach of factoring or discrete-log attacks and are refused by current clients.",
        Remediation = "Re-issue the certificate with an RSA 2048+ or ECDSA P-256+ key.",
        References = new[] { "https://cwe.mitre.org/data/definitions/326.html", "https://csrc.nist.gov/pubs/sp/800/131/a/r2/final" },
    };

    public static readonly ThreatRule WeakSignature = new()
    {
        Id = "ATR-CERT-009", Title = "Certificate is signed with SHA-1 or MD5", Severity = Severity.High, Category = FindingCategory.CertificateHealth,
        Cwe = "CWE-328", OwaspApi = "API8:2023",
        Rationale = "SHA-1 and MD5 signatures are forgeable with chosen-prefix collisions; public CAs stopped issuing them and clients distrust them.",
        Remediation = "Re-issue the certificate (and any intermediate) with a SHA-256 or stronger signature.",
        References = new[] { "https://cwe.mitre.org/data/definitions/328.html", "https://shattered.io/" },
    };
}
