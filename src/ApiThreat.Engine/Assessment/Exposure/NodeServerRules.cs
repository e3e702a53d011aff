using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Exposure;

/// <summary>
/// API servers from npm whose defaults expose what only their operators should reach (Test-ApiSecurity): Node-RED's
/// Admin API. Each is asked only of an origin that already said what it is, with GETs, and reported with counts and
/// type names, never flow content or credentials.
/// </summary>
[RuleSet]
public static class NodeServerRules
{
    private const string Owasp8 = "https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/";
    private const string Cwe306 = "https://cwe.mitre.org/data/definitions/306.html";

    private static ThreatRule R(string id, string title, Severity severity, string cwe, string rationale, string remediation, params string[] references) => new()
    {
        Id = id, Title = title, Severity = severity, Category = FindingCategory.ApiExposure, Cwe = cwe, OwaspApi = "API8:2023",
        Rationale = rationale, Remediation = remediation, References = references,
    };

    public static readonly ThreatRule OpenNodeRed = R("ATR-EXPO-030", "Node-RED editor and Admin API without authentication (code execution)",
        Severity.Critical, "CWE-306",
        "Node-RED's Admin API answers without credentials unless adminAuth is set, which its default settings file leaves commented out: GET /auth/login answers {} (no login strategy) and GET /flows returns every deployed flow. Anyone who reaches it can POST /flows with an exec or function node and run any command as Node-RED's user, and read the flows' configuration.",
        "Set adminAuth in settings.js (the credentials strategy with bcrypt password hashes, or an OAuth/OpenID strategy), serve the editor over HTTPS, and keep port 1880 off public networks; httpAdminRoot can move the editor, which is no protection on its own.",
        "https://nodered.org/docs/user-guide/runtime/securing-node-red", "https://nodered.org/docs/api/admin/methods/", Owasp8, Cwe306);
}
