using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Exposure;

/// <summary>
/// Web administration and status pages that administrators serve beside their APIs and external scanners report
/// (nuclei's exposed-panels and misconfiguration templates): PHP-FPM's status page, nginx's stub_status, Apache's
/// mod_info and database administration UIs (Adminer, phpMyAdmin). Each is asked only of an origin whose server
/// already said what it is, with one read-only GET, and reported with counts and names, never another user's request.
/// </summary>
[RuleSet]
public static class AdminPageRules
{
    private const string Owasp8 = "https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/";

    private static ThreatRule R(string id, string title, Severity severity, string cwe, string rationale, string remediation, params string[] references) => new()
    {
        Id = id, Title = title, Severity = severity, Category = FindingCategory.ApiExposure, Cwe = cwe, OwaspApi = "API8:2023",
        Rationale = rationale, Remediation = remediation, References = references,
    };

    public static readonly ThreatRule PhpFpmStatus = R("ATR-EXPO-033", "PHP-FPM status page readable by anyone",
        Severity.Medium, "CWE-200",
        "PHP-FPM's status page (pm.status_path, routed by the web server to the pool) answers anyone: the pool's name, process manager and counters, and with ?full every worker's current or last request: its method, URI with the query string (where tokens and personal data travel), script path, and the user of HTTP authentication. That is information about other users' requests.",
        "Serve pm.status_path and ping.path only to the monitoring host (nginx: allow <monitor>; deny all; in their location, Apache: Require ip), or set pm.status_listen to a separate address that is not routed from the public listener.",
        "https://www.php.net/manual/en/fpm.status.php", "https://nginx.org/en/docs/http/ngx_http_access_module.html", Owasp8, "https://cwe.mitre.org/data/definitions/200.html");

    public static readonly ThreatRule NginxStubStatus = R("ATR-EXPO-034", "nginx stub_status page readable by anyone",
        Severity.Low, "CWE-200",
        "nginx's stub_status page answers anyone with the server's connection counters (active, accepted, handled, requests, reading, writing, waiting): load and traffic figures that help time and measure an attack, and confirm the server is nginx.",
        "Keep stub_status for the monitoring host (allow <monitor>; deny all; in its location, as nginx's documentation shows) or serve it on a listener that is not public.",
        "https://nginx.org/en/docs/http/ngx_http_stub_status_module.html", "https://nginx.org/en/docs/http/ngx_http_access_module.html", Owasp8);

    public static readonly ThreatRule ApacheServerInfo = R("ATR-EXPO-035", "Apache server-info (mod_info) readable by anyone",
        Severity.Medium, "CWE-215",
        "Apache's mod_info page (/server-info) answers anyone with the server's whole configuration: every loaded module, the directives of each with the configuration file and line they come from, virtual hosts, paths on disk, proxy back ends and access rules. It maps the server for an attacker.",
        "Keep the server-info handler for the administrators' addresses only (Debian's info.conf: Require local, or Require ip <admin network>), or disable mod_info (a2dismod info) on public servers.",
        "https://httpd.apache.org/docs/2.4/mod/mod_info.html", Owasp8);

    public static readonly ThreatRule DatabaseAdmin = R("ATR-EXPO-036", "Database administration interface reachable",
        Severity.Medium, "CWE-284",
        "A database administration UI (Adminer, phpMyAdmin) serves its login page to anyone: the product and version are known, the database server behind it can be attacked with guessed or leaked passwords through it (Adminer also logs in to servers the visitor names), and every vulnerability of the UI itself is one request away.",
        "Do not publish database administration UIs: restrict them to the administrators' addresses (Apache: Require ip, nginx: allow/deny), put them behind the web server's own authentication (Basic auth over HTTPS, single sign-on) or a VPN, and remove them when not in use.",
        "https://www.adminer.org/en/", "https://docs.phpmyadmin.net/en/latest/setup.html#securing-your-phpmyadmin-installation", Owasp8, "https://cwe.mitre.org/data/definitions/284.html");
}
