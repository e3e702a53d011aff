using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.DigitalRisk.Secrets;

/// <summary>
/// Credentials a site serves to anyone (Find-ExposedSecret, -IncludeSecrets): in its scripts and source maps,
/// configuration files left at well-known paths, API descriptions, HTML comments and error pages. One rule per kind of
/// credential; the finding names the exact type, where it is (URL, line, column) and its masked value, never the value.
/// </summary>
[RuleSet]
public static class SecretRules
{
    private static readonly string[] s_refs =
    {
        "https://cwe.mitre.org/data/definitions/798.html",
        "https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/",
        "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html",
    };

    private const string Revoke = "Revoke or rotate the credential now at its provider (it has been public as long as the resource was), check the provider's logs for use since, "
        + "then remove it from what the site serves and keep secrets on the server side (a secrets manager, environment of the server, never the browser bundle or a file under the web root).";

    public static readonly ThreatRule CloudCredential = new()
    {
        Id = "ATR-SECRET-001", Title = "Cloud provider credential exposed", Severity = Severity.Critical,
        Category = FindingCategory.DigitalRisk, Cwe = "CWE-798", OwaspApi = "API2:2023",
        Rationale = "AWS, Google Cloud, Azure and other cloud keys served to anyone give whoever reads them the account's resources: data in "
            + "storage, compute for mining, and often the rights to create more credentials. Automated scanners harvest them within minutes.",
        Remediation = Revoke + " Use short-lived role credentials (instance roles, workload identity) instead of long-term keys.",
        References = s_refs.Append("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html").ToArray(),
    };

    public static readonly ThreatRule SourceControlToken = new()
    {
        Id = "ATR-SECRET-002", Title = "Source control, package registry or CI/CD token exposed", Severity = Severity.Critical,
        Category = FindingCategory.DigitalRisk, Cwe = "CWE-798", OwaspApi = "API2:2023",
        Rationale = "A GitHub, GitLab, npm, PyPI, Docker Hub or pipeline token lets its reader read private code and push code or packages "
            + "as the organisation: a supply-chain compromise of everyone who installs what it publishes.",
        Remediation = Revoke + " Prefer fine-grained, expiring tokens limited to the repositories and scopes the job needs.",
        References = s_refs.Append("https://docs.github.com/en/code-security/secret-scanning/introduction/about-secret-scanning").ToArray(),
    };

    public static readonly ThreatRule PaymentKey = new()
    {
        Id = "ATR-SECRET-003", Title = "Payment provider secret key exposed", Severity = Severity.Critical,
        Category = FindingCategory.DigitalRisk, Cwe = "CWE-798", OwaspApi = "API2:2023",
        Rationale = "A live Stripe, Square, Braintree or Shopify secret key moves money and reads customers' payment data: refunds, payouts "
            + "and charges in the organisation's name.",
        Remediation = Revoke + " Browsers only ever need the publishable key; secret and restricted keys belong to the server.",
        References = s_refs.Append("https://docs.stripe.com/keys-best-practices").ToArray(),
    };

    public static readonly ThreatRule ServiceApiKey = new()
    {
        Id = "ATR-SECRET-004", Title = "Messaging, e-mail or SaaS API key exposed", Severity = Severity.High,
        Category = FindingCategory.DigitalRisk, Cwe = "CWE-798", OwaspApi = "API2:2023",
        Rationale = "Slack, Twilio, SendGrid, Mailgun, Discord, AI and observability keys let their reader post and read as the "
            + "organisation, send phishing from its verified domains, run up its bills, or read its telemetry.",
        Remediation = Revoke + " Calls to such services go through the organisation's own API, which holds the key.",
        References = s_refs,
    };

    public static readonly ThreatRule PrivateKey = new()
    {
        Id = "ATR-SECRET-005", Title = "Private key exposed", Severity = Severity.Critical,
        Category = FindingCategory.DigitalRisk, Cwe = "CWE-321", OwaspApi = "API8:2023",
        Rationale = "A private key (TLS, SSH, signing, age, PGP) that anyone can download lets them impersonate its owner, decrypt what was "
            + "encrypted to it, or log in where it is authorised. A passphrase only slows an offline attack.",
        Remediation = "Treat the key as compromised: revoke the certificate or remove the public key wherever it is trusted, issue a new pair, "
            + "and remove the file from the web root and the build output.",
        References = s_refs.Append("https://cwe.mitre.org/data/definitions/321.html").ToArray(),
    };

    public static readonly ThreatRule BearerToken = new()
    {
        Id = "ATR-SECRET-006", Title = "Bearer token (JWT) exposed", Severity = Severity.Medium,
        Category = FindingCategory.DigitalRisk, Cwe = "CWE-522", OwaspApi = "API2:2023",
        Rationale = "A signed token served in a page or bundle authenticates whoever sends it until it expires: a long-lived or non-expiring "
            + "token there is a shared password. Expired tokens and public client keys (Supabase anon) are reported Low.",
        Remediation = "Issue tokens at run time to the user who logs in, short-lived; revoke the exposed one (rotate the signing key if it "
            + "cannot be revoked) and remove it from the build.",
        References = s_refs.Append("https://www.rfc-editor.org/rfc/rfc8725").ToArray(),
    };

    public static readonly ThreatRule CredentialsInUrl = new()
    {
        Id = "ATR-SECRET-007", Title = "Password in a connection string or URL exposed", Severity = Severity.High,
        Category = FindingCategory.DigitalRisk, Cwe = "CWE-798", OwaspApi = "API8:2023",
        Rationale = "A database, cache or broker connection string with its password (or an http(s) URL with user:password) gives its reader "
            + "the service wherever it is reachable, and tells them where the data lives.",
        Remediation = "Change the password, make the service reachable only from the application's network, and keep connection strings in "
            + "the server's configuration.",
        References = s_refs,
    };

    public static readonly ThreatRule GenericSecret = new()
    {
        Id = "ATR-SECRET-008", Title = "Secret-looking value assigned to a credential name", Severity = Severity.Medium,
        Category = FindingCategory.DigitalRisk, Cwe = "CWE-798", OwaspApi = "API8:2023",
        Rationale = "A random-looking value assigned to a name such as apiKey, client_secret or DB_PASSWORD, in a served script or a .env file, "
            + "is very likely a credential, though no provider format confirms it (confidence EntropyOnly).",
        Remediation = "Check what the value opens; if it is a credential, rotate it and move it to the server side.",
        References = s_refs,
    };

    public static readonly ThreatRule BrowserKey = new()
    {
        Id = "ATR-SECRET-009", Title = "Browser or test-mode key exposed", Severity = Severity.Low,
        Category = FindingCategory.DigitalRisk, Cwe = "CWE-798", OwaspApi = "API8:2023",
        Rationale = "Google/Firebase browser API keys and Stripe test-mode keys are meant to be public or harmless, but an unrestricted browser "
            + "key lets anyone spend the project's quota on any enabled API, and a test key reveals the account.",
        Remediation = "Restrict browser keys to the APIs and HTTP referrers (or app identifiers) that use them; keep test-mode keys out of "
            + "production builds.",
        References = s_refs.Append("https://cloud.google.com/docs/authentication/api-keys#securing").ToArray(),
    };

    public static readonly ThreatRule VerifiedSecret = new()
    {
        Id = "ATR-SECRET-010", Title = "Exposed secret confirmed live by its provider", Severity = Severity.Critical,
        Category = FindingCategory.DigitalRisk, Cwe = "CWE-798", OwaspApi = "API2:2023",
        Rationale = "The provider's read-only identity endpoint accepted the exposed credential (-Verify): it works now, for anyone.",
        Remediation = Revoke,
        References = s_refs,
    };
}
