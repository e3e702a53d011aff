using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Exposure;

/// <summary>
/// API servers from npm whose defaults expose what only their operators should reach (Test-ApiSecurity): Node-RED's
/// Admin API, Sails' blueprint shortcut routes, swagger-stats' telemetry. Each is asked only of an origin that already said what it is, with GETs, and reported with counts and
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

    public static readonly ThreatRule SailsShortcutRoutes = R("ATR-EXPO-031", "Sails blueprint shortcut routes enabled (writes through GET)",
        Severity.High, "CWE-650",
        "Sails serves shortcut blueprint routes for every model unless blueprints.shortcuts is false, which only its generated production config sets: GET /<model>/create?..., /<model>/update/:id?... and /<model>/destroy/:id change data through GET, so a link, an image tag or a crawler can write and delete records, past any CSRF protection (which never guards GET), as well as anyone who reaches the API.",
        "Set blueprints.shortcuts to false in config/blueprints.js (not only in config/env/production.js, since an app run without NODE_ENV=production keeps them), and protect the RESTful blueprint routes with policies.",
        "https://sailsjs.com/documentation/reference/blueprint-api#?shortcut-blueprint-routes", "https://sailsjs.com/documentation/reference/configuration/sails-config-blueprints",
        Owasp8, "https://cwe.mitre.org/data/definitions/650.html");

    public static readonly ThreatRule OpenApiTelemetry = R("ATR-EXPO-032", "API telemetry open without credentials (swagger-stats)",
        Severity.Medium, "CWE-200",
        "swagger-stats serves its statistics (/swagger-stats/stats), Prometheus metrics (/swagger-stats/metrics) and dashboard without credentials unless its authentication option is true: anyone can read every API operation's path, traffic, timing and error rates, the host's name, address and memory, and, with ?fields=lasterrors, the last failing requests with their headers, where other clients' Authorization headers and cookies are kept (then the finding is High).",
        "Set authentication: true with an onAuthenticate function (or customAuth) in swagger-stats' options, or do not mount it on the public listener; serve it over HTTPS.",
        "https://swaggerstats.io/guide/conf.html#authentication", "https://github.com/slanatech/swagger-stats#readme", Owasp8,
        "https://cwe.mitre.org/data/definitions/200.html");
}
