using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Exposure;

/// <summary>
/// Dashboards and tools from npm that developers install beside an API and leave reachable (Test-ApiSecurity): Redis
/// Commander, Bull Board, express-status-monitor, the Verdaccio registry. Each is asked only of an origin that already said what it is, with
/// GETs, and reported with counts and versions, never a key, a job's data or a value.
/// </summary>
[RuleSet]
public static class NodeToolRules
{
    private const string Owasp8 = "https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/";
    private const string Cwe306 = "https://cwe.mitre.org/data/definitions/306.html";

    private static ThreatRule R(string id, string title, Severity severity, string cwe, string rationale, string remediation, params string[] references) => new()
    {
        Id = id, Title = title, Severity = severity, Category = FindingCategory.ApiExposure, Cwe = cwe, OwaspApi = "API8:2023",
        Rationale = rationale, Remediation = remediation, References = references,
    };

    public static readonly ThreatRule OpenRedisCommander = R("ATR-EXPO-040", "Redis administration UI open without authentication (Redis Commander)",
        Severity.Critical, "CWE-306",
        "Redis Commander asks for no credentials unless --http-auth-username and --http-auth-password (or a password hash) are given: its JSON API (/apiv2/server/info, /apiv2/keys/..., /apiv2/key/..., /apiv1/exec) answers anyone with the Redis server's INFO, every key and value, and runs any Redis command it is sent (SET, DEL, FLUSHALL, CONFIG SET), i.e. full control of the data store and often of the host through it.",
        "Start it with --http-auth-username and --http-auth-password-hash (or the server.httpAuth settings), or --read-only where writes are not needed, serve it over HTTPS behind a reverse proxy that authenticates, and never bind it beyond the administrators' network (its default address is 0.0.0.0).",
        "https://github.com/joeferner/redis-commander#usage", "https://github.com/joeferner/redis-commander/blob/master/docs/configuration.md", Owasp8, Cwe306);

    public static readonly ThreatRule OpenBullBoard = R("ATR-EXPO-041", "Job queue dashboard open without authentication (Bull Board)",
        Severity.High, "CWE-306",
        "Bull Board adds no authentication of its own: mounted as its README's example does (app.use('/admin/queues', serverAdapter.getRouter())), its API answers anyone with every queue, its job counts and its jobs' data, and its PUT routes pause and resume queues, retry, promote, clean and remove jobs, and empty or obliterate a queue, unless the board was created with readOnlyMode (then the finding is Medium: the jobs' data stays readable).",
        "Put the board's router behind the application's authentication (the bull-board examples use express-basic-auth or a session login), set readOnlyMode where operators only need to look, and do not mount it on the public listener.",
        "https://github.com/felixmosh/bull-board#readme", "https://github.com/felixmosh/bull-board/tree/master/examples", Owasp8, Cwe306);

    public static readonly ThreatRule OpenStatusMonitor = R("ATR-EXPO-042", "Express status monitor page open (express-status-monitor)",
        Severity.Low, "CWE-200",
        "express-status-monitor serves its dashboard at /status to anyone unless the page route is put behind authentication (its README's \"Securing endpoint\"): live CPU, memory, load, heap, event-loop delay, response times, request rate and status-code counts of the application, and the results of its configured health checks, which tell an attacker the service's load and whether an attack is taking effect.",
        "Mount it with { path: '' } and serve statusMonitor.pageRoute behind authentication (as its README shows with http-auth or connect-ensure-login), or leave it out of production builds.",
        "https://github.com/RafalWilinski/express-status-monitor#securing-endpoint", Owasp8, "https://cwe.mitre.org/data/definitions/200.html");

    public static readonly ThreatRule OpenPackageRegistry = R("ATR-EXPO-043", "Private npm registry readable without credentials (Verdaccio)",
        Severity.Medium, "CWE-284",
        "Verdaccio's shipped config.yaml gives every package access: $all, so anyone who reaches it lists and downloads the organisation's private packages (their source, internal names, endpoints and sometimes embedded keys); the same file leaves htpasswd's max_users unset, so anyone can also register with npm adduser and then publish, which cannot be seen without registering and is never tried.",
        "Set access: $authenticated (or named groups) on every package pattern, set max_users: -1 under auth.htpasswd once the accounts exist (or use an identity-provider plugin), drop the uplink proxy for private scopes, and serve it over HTTPS.",
        "https://verdaccio.org/docs/configuration#packages", "https://verdaccio.org/docs/plugin-auth#htpasswd", "https://verdaccio.org/docs/best#remove-proxy-to-increase-security-at-private-packages",
        Owasp8, "https://cwe.mitre.org/data/definitions/284.html");
}
