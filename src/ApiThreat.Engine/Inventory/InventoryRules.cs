using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Inventory;

/// <summary>
/// Inventory hygiene (OWASP API9:2023 Improper Inventory Management): what API discovery finds exposed, and the
/// drift Compare-ApiInventory reports as risk. Discovery findings sit on ApiEndpoint.Findings; drift rules are
/// named by InventoryChange.RuleId.
/// </summary>
[RuleSet]
public static class InventoryRules
{
    private static readonly string[] s_api9 =
    {
        "https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/",
    };

    public static readonly ThreatRule ExposedSpecification = new()
    {
        Id = "ATR-INV-001",
        Title = "API description document publicly readable",
        Severity = Severity.Low,
        Category = FindingCategory.ApiExposure,
        Cwe = "CWE-200",
        OwaspApi = "API9:2023",
        Rationale = "An OpenAPI/Swagger, WSDL, WADL, AsyncAPI or Postman document served without authentication hands an attacker the full map of the API: every operation, parameter and security scheme, including internal or forgotten ones.",
        Remediation = "Serve API descriptions only to the people who need them (developer portal behind sign-in, internal network), or publish a reviewed public subset; remove specs from production hosts that do not need them.",
        References = s_api9.Append("https://swagger.io/docs/specification/v3_0/about/").ToArray(),
    };

    public static readonly ThreatRule NonProductionApi = new()
    {
        Id = "ATR-INV-002",
        Title = "Non-production API reachable from the internet",
        Severity = Severity.Medium,
        Category = FindingCategory.InventoryHygiene,
        Cwe = "CWE-1059",
        OwaspApi = "API9:2023",
        Rationale = "Development, test, staging and sandbox APIs are usually less protected than production (debug features, weak or shared credentials, copies of real data) and are often forgotten once their project ends.",
        Remediation = "Put non-production APIs behind the corporate network, VPN or an identity-aware proxy; decommission the ones no longer used and record the others in the API inventory with an owner.",
        References = s_api9,
    };

    public static readonly ThreatRule OldApiVersion = new()
    {
        Id = "ATR-INV-003",
        Title = "Several API versions served side by side",
        Severity = Severity.Low,
        Category = FindingCategory.InventoryHygiene,
        Cwe = "CWE-1059",
        OwaspApi = "API9:2023",
        Rationale = "When an old API version keeps answering next to its successor, fixes and new security controls often reach only the new one; attackers target the old version (API9:2023's 'deprecated versions still running').",
        Remediation = "Retire superseded API versions on a published schedule; until then, apply the same authentication, rate limits and patches to every version still served.",
        References = s_api9,
    };

    public static readonly ThreatRule NewEndpoint = new()
    {
        Id = "ATR-INV-004",
        Title = "API endpoint not in the baseline inventory",
        Severity = Severity.Medium,
        Category = FindingCategory.InventoryHygiene,
        Cwe = "CWE-1059",
        OwaspApi = "API9:2023",
        Rationale = "An API that appeared since the last inventory was deployed without passing through it: a shadow API whose owner, data and protection nobody has reviewed.",
        Remediation = "Identify the owner of the new endpoint, review its authentication and exposure, and add it to the inventory (or take it down).",
        References = s_api9,
    };

    public static readonly ThreatRule LostAuthentication = new()
    {
        Id = "ATR-INV-005",
        Title = "API endpoint lost its authentication",
        Severity = Severity.High,
        Category = FindingCategory.ApiExposure,
        Cwe = "CWE-306",
        OwaspApi = "API2:2023",
        Rationale = "An endpoint that demanded credentials in the baseline now answers without them: a configuration change, a gateway bypass or a redeployment removed its authentication, exposing its data and operations to anyone.",
        Remediation = "Restore authentication on the endpoint at once, then find the change that removed it (gateway route, middleware, deployment) and add a test that fails when it is missing.",
        References = new[] { "https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/" },
    };

    public static readonly ThreatRule NewUnauthenticatedOperation = new()
    {
        Id = "ATR-INV-006",
        Title = "New API operation callable without authentication",
        Severity = Severity.Medium,
        Category = FindingCategory.ApiExposure,
        Cwe = "CWE-306",
        OwaspApi = "API9:2023",
        Rationale = "An operation added since the baseline that declares no security requirement is reachable by anyone; new operations are where missing authorization checks are most often introduced.",
        Remediation = "Review the new operation: require authentication unless it is meant to be public, and record the decision in the API inventory.",
        References = s_api9,
    };

    public static readonly ThreatRule CertificateIssuerChanged = new()
    {
        Id = "ATR-INV-007",
        Title = "TLS certificate issuer changed",
        Severity = Severity.Medium,
        Category = FindingCategory.CertificateHealth,
        Cwe = "CWE-295",
        OwaspApi = null,
        Rationale = "A renewal normally keeps the issuing CA; a certificate from a different issuer may be an unapproved re-issue, a hijacked name served by someone else's infrastructure, or an interception device.",
        Remediation = "Confirm the new certificate was requested by the host's owner (check CT logs and CAA records); if not, revoke it and investigate the DNS and hosting of the name.",
        References = new[] { "https://www.rfc-editor.org/rfc/rfc8659", "https://certificate.transparency.dev/" },
    };
}
