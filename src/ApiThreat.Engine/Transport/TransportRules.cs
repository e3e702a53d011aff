using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Transport;

/// <summary>What Test-TransportSecurity can find wrong with a server's TLS and HTTPS set-up.</summary>
[RuleSet]
public static class TransportRules
{
    public static readonly ThreatRule Ssl3Offered = new()
    {
        Id = "ATR-TLS-001", Title = "SSL 3.0 is offered", Severity = Severity.High, Category = FindingCategory.TransportSecurity,
        Cwe = "CWE-327", OwaspApi = "API8:2023",
        Rationale = "SSL 3.0 is broken (POODLE) and prohibited by RFC 7568; offering it lets an active attacker downgrade and decrypt traffic.",
        Remediation = "Disable SSL 3.0 on the server; offer TLS 1.2 and TLS 1.3 only.",
        References = new[] { "https://datatracker.ietf.org/doc/html/rfc7568", "https://cwe.mitre.org/data/definitions/327.html" },
    };

    public static readonly ThreatRule Tls10Offered = new()
    {
        Id = "ATR-TLS-002", Title = "TLS 1.0 is offered", Severity = Severity.Medium, Category = FindingCategory.TransportSecurity,
        Cwe = "CWE-327", OwaspApi = "API8:2023",
        Rationale = "TLS 1.0 is deprecated (RFC 8996): it relies on SHA-1/MD5 in the handshake and CBC constructions with known attacks (BEAST, Lucky13).",
        Remediation = "Disable TLS 1.0; offer TLS 1.2 and TLS 1.3 only.",
        References = new[] { "https://datatracker.ietf.org/doc/html/rfc8996" },
    };

    public static readonly ThreatRule Tls11Offered = new()
    {
        Id = "ATR-TLS-003", Title = "TLS 1.1 is offered", Severity = Severity.Medium, Category = FindingCategory.TransportSecurity,
        Cwe = "CWE-327", OwaspApi = "API8:2023",
        Rationale = "TLS 1.1 is deprecated (RFC 8996) and lacks modern AEAD cipher suites.",
        Remediation = "Disable TLS 1.1; offer TLS 1.2 and TLS 1.3 only.",
        References = new[] { "https://datatracker.ietf.org/doc/html/rfc8996" },
    };

    public static readonly ThreatRule NoModernProtocol = new()
    {
        Id = "ATR-TLS-004", Title = "Neither TLS 1.2 nor TLS 1.3 is offered", Severity = Severity.High, Category = FindingCategory.TransportSecurity,
        Cwe = "CWE-327", OwaspApi = "API8:2023",
        Rationale = "Without TLS 1.2 or 1.3 every connection uses a deprecated protocol; current clients refuse to connect.",
        Remediation = "Enable TLS 1.2 and TLS 1.3.",
        References = new[] { "https://datatracker.ietf.org/doc/html/rfc8996", "https://datatracker.ietf.org/doc/html/rfc8446" },
    };

    public static readonly ThreatRule InsecureCipherSuites = new()
    {
        Id = "ATR-TLS-005", Title = "Insecure cipher suites are offered (NULL, anonymous, export, RC4, DES or MD5)", Severity = Severity.High,
        Category = FindingCategory.TransportSecurity, Cwe = "CWE-327", OwaspApi = "API8:2023",
        Rationale = "These suites give no encryption, no authentication, or encryption that is broken in practice: an attacker can read or alter traffic.",
        Remediation = "Remove every NULL, anonymous (anon), EXPORT, RC4, DES and MD5 suite from the server's cipher configuration.",
        References = new[] { "https://datatracker.ietf.org/doc/html/rfc7465", "https://ciphersuite.info/cs/?security=insecure" },
    };

    public static readonly ThreatRule TripleDesSuites = new()
    {
        Id = "ATR-TLS-006", Title = "64-bit block cipher suites (3DES) are offered", Severity = Severity.Medium, Category = FindingCategory.TransportSecurity,
        Cwe = "CWE-327", OwaspApi = "API8:2023",
        Rationale = "3DES has a 64-bit block: long-lived connections leak plaintext through birthday collisions (Sweet32, CVE-2016-2183).",
        Remediation = "Remove the 3DES (DES-CBC3) suites.",
        References = new[] { "https://sweet32.info/", "https://nvd.nist.gov/vuln/detail/CVE-2016-2183" },
    };

    public static readonly ThreatRule NoForwardSecrecy = new()
    {
        Id = "ATR-TLS-007", Title = "Cipher suites without forward secrecy are offered", Severity = Severity.Low, Category = FindingCategory.TransportSecurity,
        Cwe = "CWE-327", OwaspApi = "API8:2023",
        Rationale = "With static RSA (or static DH) key exchange, whoever obtains the server key later can decrypt every recorded session.",
        Remediation = "Offer only ECDHE/DHE suites in TLS 1.2 (and TLS 1.3, which always has forward secrecy).",
        References = new[] { "https://datatracker.ietf.org/doc/html/rfc7525#section-6.3" },
    };

    public static readonly ThreatRule NoAead = new()
    {
        Id = "ATR-TLS-008", Title = "No AEAD cipher suite is offered", Severity = Severity.Medium, Category = FindingCategory.TransportSecurity,
        Cwe = "CWE-327", OwaspApi = "API8:2023",
        Rationale = "Only CBC-mode suites remain, whose MAC-then-encrypt construction has a history of padding-oracle attacks (Lucky13, POODLE-TLS).",
        Remediation = "Offer AES-GCM or ChaCha20-Poly1305 suites (TLS 1.2) and TLS 1.3.",
        References = new[] { "https://datatracker.ietf.org/doc/html/rfc7525#section-4.2" },
    };

    public static readonly ThreatRule NoHttpsRedirect = new()
    {
        Id = "ATR-TLS-009", Title = "Plain HTTP is served without a redirect to HTTPS", Severity = Severity.Medium, Category = FindingCategory.TransportSecurity,
        Cwe = "CWE-319", OwaspApi = "API8:2023",
        Rationale = "Clients that start on http:// (typed URLs, old links, misconfigured SDKs) send credentials and tokens in clear text.",
        Remediation = "Answer every plain-HTTP request with a 301/308 redirect to the HTTPS URL (or close port 80).",
        References = new[] { "https://cwe.mitre.org/data/definitions/319.html", "https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring" },
    };

    public static readonly ThreatRule HstsMissing = new()
    {
        Id = "ATR-TLS-010", Title = "HSTS is not set", Severity = Severity.Medium, Category = FindingCategory.TransportSecurity,
        Cwe = "CWE-319", OwaspApi = "API8:2023",
        Rationale = "Without Strict-Transport-Security a network attacker can strip HTTPS from the first request (sslstrip).",
        Remediation = "Send Strict-Transport-Security: max-age=31536000; includeSubDomains on HTTPS responses.",
        References = new[] { "https://datatracker.ietf.org/doc/html/rfc6797", "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security" },
    };

    public static readonly ThreatRule HstsWeak = new()
    {
        Id = "ATR-TLS-011", Title = "HSTS max-age is shorter than six months or invalid", Severity = Severity.Low, Category = FindingCategory.TransportSecurity,
        Cwe = "CWE-319", OwaspApi = "API8:2023",
        Rationale = "A short or malformed max-age lets the protection lapse between visits; six months is the minimum of SSL Labs' A+ and the Observatory.",
        Remediation = "Use max-age=31536000 (one year) or more, correctly formed.",
        References = new[] { "https://datatracker.ietf.org/doc/html/rfc6797#section-6.1.1" },
    };

    public static readonly ThreatRule NoTls13 = new()
    {
        Id = "ATR-TLS-012", Title = "TLS 1.3 is not offered", Severity = Severity.Info, Category = FindingCategory.TransportSecurity,
        Cwe = "CWE-327",
        Rationale = "TLS 1.3 removes legacy cryptography, always has forward secrecy and encrypts the certificate; its absence is a sign of an ageing stack.",
        Remediation = "Enable TLS 1.3 alongside TLS 1.2.",
        References = new[] { "https://datatracker.ietf.org/doc/html/rfc8446" },
    };
}
