using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Exposure;

/// <summary>
/// Operations servers whose HTTP API answers anyone (Test-ApiSecurity): Supervisor's XML-RPC interface, Webdis (Redis
/// over HTTP), the Netdata agent and the Glances web server. Each is asked only of an origin that already said what it
/// is, with read-only requests, and reported with counts and names, never a process's command line, a key's value or a log.
/// </summary>
[RuleSet]
public static class OpsServerRules
{
    private const string Owasp8 = "https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/";
    private const string Cwe306 = "https://cwe.mitre.org/data/definitions/306.html";

    private static ThreatRule R(string id, string title, Severity severity, string rationale, string remediation, params string[] references) => new()
    {
        Id = id, Title = title, Severity = severity, Category = FindingCategory.ApiExposure, Cwe = "CWE-306", OwaspApi = "API8:2023",
        Rationale = rationale, Remediation = remediation, References = references,
    };

    public static readonly ThreatRule OpenSupervisor = R("ATR-EXPO-024", "Supervisor process control API without credentials",
        Severity.High,
        "Supervisor's XML-RPC interface (/RPC2 of its [inet_http_server]) answers without credentials, as it does when the section sets no username and password: anyone who reaches it can list, stop, start and signal every process it manages, read their logs, clear them, and shut supervisord down (supervisor.stopProcess, supervisor.readProcessStdoutLog, supervisor.shutdown).",
        "Set username and password in [inet_http_server] (or use only the [unix_http_server] socket with restrictive permissions), bind it to 127.0.0.1, and put TLS in front of it when it must be reached over a network.",
        "https://supervisord.org/configuration.html#inet-http-server-section-settings", "https://supervisord.org/api.html", Owasp8, Cwe306);

    public static readonly ThreatRule OpenWebdis = R("ATR-EXPO-025", "Webdis forwards Redis commands without credentials",
        Severity.Critical,
        "Webdis passes the Redis command named in the URL (GET /DBSIZE, /GET/key, /SET/key/value, /CONFIG/SET/...) to its Redis server for anyone, as it does unless an ACL disables commands for clients without HTTP Basic credentials: every key can be read, changed and deleted, and CONFIG SET lets an attacker make Redis write files on the server.",
        "Add an ACL that disables every command (\"disabled\": [\"*\"]) for anonymous clients and enables only the needed ones for an http_basic_auth profile, serve it over TLS, set redis_auth, and keep the port off public networks.",
        "https://github.com/nicolasff/webdis#acl", "https://redis.io/docs/management/security/", Owasp8, Cwe306);

    public static readonly ThreatRule OpenNetdata = R("ATR-EXPO-026", "Netdata agent API readable without credentials",
        Severity.Medium,
        "The Netdata agent's dashboard and REST API (GET /api/v1/info, /api/v1/charts, /api/v1/allmetrics) answer anyone, as they do at its defaults: the host's name, operating system, hardware, running applications and services, network interfaces and every metric, in real time, which maps the host for an attacker.",
        "Restrict [web] allow connections from and allow dashboard from to the monitoring networks (or bind to = localhost and reach the agent through Netdata Cloud or a proxy with authentication), and keep port 19999 off public networks.",
        "https://github.com/netdata/netdata/blob/v1.37.1/web/server/README.md#access-lists", "https://learn.netdata.cloud/docs/agent/netdata-security", Owasp8, Cwe306);

    public static readonly ThreatRule OpenGlances = R("ATR-EXPO-027", "Glances web server shows the process list without credentials",
        Severity.High,
        "The Glances web server (glances -w) answers its RESTful API without a password, as it does unless started with --password: GET /api/3/processlist lists every process of the host with its user and full command line (where passwords and tokens given as arguments appear), beside the host's system, file systems, network and configuration.",
        "Start the web server with --password (and a password file), bind it to 127.0.0.1 (-B), disable the processlist plugin where it is not needed, and keep port 61208 off public networks.",
        "https://glances.readthedocs.io/en/v3.3.1/cmds.html", "https://glances.readthedocs.io/en/v3.3.1/quickstart.html#web-server-mode", Owasp8, Cwe306);
}
