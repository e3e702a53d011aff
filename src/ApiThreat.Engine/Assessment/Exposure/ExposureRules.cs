using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Exposure;

/// <summary>
/// What a server exposes to anyone (Test-ApiSecurity; the transport-for-people rules also Test-HijackSusceptibility):
/// versions, default pages, debug pages, listings and files left in the web root, GraphQL IDEs, personal and secret
/// data in open responses, open writes, plain-HTTP sites and password forms, wildcard CORS. Every content finding is
/// validated by what the content is, never by a status code alone, and reported once per host and signature.
/// </summary>
[RuleSet]
public static class ExposureRules
{
    private const string Owasp8 = "https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/";

    private static ThreatRule R(string id, string title, Severity severity, FindingCategory category, string cwe, string owasp,
        string rationale, string remediation, params string[] references) => new()
    {
        Id = id, Title = title, Severity = severity, Category = category, Cwe = cwe, OwaspApi = owasp,
        Rationale = rationale, Remediation = remediation, References = references.Length > 0 ? references : new[] { Owasp8 },
    };

    public static readonly ThreatRule VersionDisclosed = R("ATR-EXPO-001", "Server, framework or runtime version disclosed",
        Severity.Low, FindingCategory.ApplicationSecurity, "CWE-497", "API8:2023",
        "Response headers (Server, X-Powered-By, X-AspNet-Version, X-Generator...) or the server's own error and default pages name the product and its exact version, so an attacker can pick known vulnerabilities for it without probing.",
        "Hide versions: Apache 'ServerTokens Prod' and 'ServerSignature Off', nginx 'server_tokens off', PHP 'expose_php = Off', remove X-Powered-By/X-AspNet-Version, Tomcat's ErrorReportValve showServerInfo=\"false\".",
        Owasp8, "https://cwe.mitre.org/data/definitions/497.html");

    public static readonly ThreatRule DefaultPage = R("ATR-EXPO-002", "Default or placeholder page left in place",
        Severity.Low, FindingCategory.ApplicationSecurity, "CWE-1188", "API8:2023",
        "The server answers with its installation welcome page (Apache 'It works', nginx 'Welcome to nginx!', lighttpd, Caddy, IIS, Tomcat, Jetty, Django's 'The install worked successfully!') or the sample applications it was installed with (Tomcat's /examples, whose session and request examples any visitor can drive): an unconfigured or forgotten server, often unpatched, and it names the product.",
        "Remove the default site and its document root and the sample applications (Tomcat: the ROOT and examples web applications), or serve the real application; retire hosts that have no purpose.",
        Owasp8);

    public static readonly ThreatRule DebugPage = R("ATR-EXPO-003", "Framework debug page or console exposed",
        Severity.High, FindingCategory.ApplicationSecurity, "CWE-215", "API8:2023",
        "A framework's development error page answered (Django DEBUG technical page, Werkzeug debugger, Laravel Ignition/Whoops, Rails, ASP.NET yellow screen or developer exception page, Spring Whitelabel with a trace, Express development stack trace, PHP display_errors): it shows source code, settings, stack frames, paths and sometimes an interactive console.",
        "Run production with debug off (Django DEBUG = False, Flask debug off, APP_DEBUG=false, NODE_ENV=production, ASPNETCORE_ENVIRONMENT=Production, display_errors = Off) and return generic error pages.",
        Owasp8, "https://cwe.mitre.org/data/definitions/215.html");

    public static readonly ThreatRule DirectoryListing = R("ATR-EXPO-004", "Directory listing enabled",
        Severity.Medium, FindingCategory.ApplicationSecurity, "CWE-548", "API8:2023",
        "The server lists the files of a directory (Apache mod_autoindex, nginx autoindex, lighttpd dir-listing, Caddy browse, IIS directory browsing, Python http.server): every file in it, backups and forgotten exports included, is one click away.",
        "Turn directory listing off (Apache 'Options -Indexes', nginx 'autoindex off', lighttpd 'dir-listing.activate = \"disable\"', Caddy file_server without browse) and serve an index page.",
        Owasp8, "https://cwe.mitre.org/data/definitions/548.html");

    public static readonly ThreatRule RepositoryExposed = R("ATR-EXPO-005", "Version-control or folder metadata exposed (.git, .svn, .DS_Store)",
        Severity.High, FindingCategory.ApplicationSecurity, "CWE-527", "API8:2023",
        "The web root serves version-control metadata (.git/HEAD and config, .svn) or macOS folder metadata (.DS_Store): the whole source history, credentials committed to it, and the names of every file can be downloaded.",
        "Deploy build artefacts, not working copies; deny dot-files at the server ('location ~ /\\. { deny all; }', 'RedirectMatch 404 /\\.'); rotate any secret the repository held.",
        Owasp8, "https://cwe.mitre.org/data/definitions/527.html");

    public static readonly ThreatRule SecretFileExposed = R("ATR-EXPO-006", "Environment or configuration file with secrets exposed (.env)",
        Severity.Critical, FindingCategory.ApplicationSecurity, "CWE-538", "API8:2023",
        "A .env-style file (KEY=value lines) is served to anyone: such files hold database passwords, API keys and signing secrets.",
        "Keep configuration outside the web root, deny dot-files at the server, and rotate every secret the file held.",
        Owasp8, "https://cwe.mitre.org/data/definitions/538.html");

    public static readonly ThreatRule BackupFileExposed = R("ATR-EXPO-007", "Backup, dump or editor swap file exposed",
        Severity.High, FindingCategory.ApplicationSecurity, "CWE-530", "API8:2023",
        "A backup archive, database dump, editor swap file or renamed source file (.bak, .old, .swp, .sql, .zip, .tar.gz) is downloadable: it carries source code, credentials or whole databases.",
        "Remove backups and dumps from the web root, keep them in storage the server does not publish, and deny backup extensions at the server.",
        Owasp8, "https://cwe.mitre.org/data/definitions/530.html");

    public static readonly ThreatRule SourceMapExposed = R("ATR-EXPO-008", "JavaScript source map exposed",
        Severity.Low, FindingCategory.ApplicationSecurity, "CWE-540", "API8:2023",
        "A script's source map (*.map: JSON with version 3, sources and mappings) is served publicly, handing out the original, unminified source with comments, internal paths and sometimes embedded sources.",
        "Do not deploy source maps to public servers (or restrict them to your error-tracking service).",
        Owasp8, "https://cwe.mitre.org/data/definitions/540.html");

    public static readonly ThreatRule GraphQlIde = R("ATR-EXPO-009", "GraphQL IDE exposed",
        Severity.Low, FindingCategory.ApiExposure, "CWE-1188", "API8:2023",
        "An in-browser GraphQL IDE (GraphiQL, GraphQL Playground, Apollo Sandbox or landing page, Altair, Voyager) is served in production: it invites exploration of the schema and eases attacks, separately from whether introspection is on.",
        "Disable the IDE or landing page in production (Apollo: ApolloServerPluginLandingPageDisabled or the production default; graphql-http/express-graphql: graphiql: false; Hot Chocolate: Tool.Enable = false).",
        "https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html");

    public static readonly ThreatRule ExcessiveDataExposure = R("ATR-EXPO-010", "Unauthenticated response carries personal or secret data",
        Severity.Medium, FindingCategory.ApiExposure, "CWE-213", "API3:2023",
        "An API answered a request without credentials with records carrying personal data (e-mail addresses, phone numbers, national ids, birth dates), account authority (roles, is_admin/is_staff flags) or secrets (password hashes, tokens, API keys): anyone can harvest them.",
        "Require authentication; return only the fields the client needs (response schemas, serializers with explicit fields); never return password hashes, keys or tokens in resources.",
        "https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/");

    public static readonly ThreatRule WordPressUserEnumeration = R("ATR-EXPO-011", "WordPress REST API lists users",
        Severity.Medium, FindingCategory.ApiExposure, "CWE-200", "API3:2023",
        "/wp-json/wp/v2/users answers anyone with the site's authors: their login slugs and names, half of every brute-force and credential-stuffing attempt.",
        "Restrict the users endpoint to authenticated requests (a rest_endpoints filter or a security plugin), and enforce strong passwords and 2FA.",
        "https://developer.wordpress.org/rest-api/reference/users/");

    public static readonly ThreatRule OpenWrite = R("ATR-EXPO-012", "Writes accepted without credentials (open CRUD)",
        Severity.High, FindingCategory.ApiExposure, "CWE-306", "API5:2023",
        "A collection that anyone can read also accepted a write without credentials (-Active: a marker object was created, then deleted): anyone can create, change and delete the API's data.",
        "Require authentication and authorization on every state-changing method; make development mock servers (json-server...) read-only or keep them off public networks.",
        "https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/");

    public static readonly ThreatRule PlainHttpOnly = R("ATR-EXPO-013", "Site served only over plain HTTP",
        Severity.Low, FindingCategory.TransportSecurity, "CWE-319", "API8:2023",
        "The site answers over plain HTTP and has no HTTPS at all: everything it serves and everything sent to it (cookies, tokens, form data) can be read and changed on the network.",
        "Serve the site over HTTPS (free certificates from an ACME CA), redirect http:// to https:// and send HSTS.",
        "https://cwe.mitre.org/data/definitions/319.html", "https://developer.mozilla.org/en-US/docs/Web/Security/Practical_implementation_guides/TLS");

    public static readonly ThreatRule PasswordOverHttp = R("ATR-EXPO-014", "Password form submitted over plain HTTP",
        Severity.High, FindingCategory.TransportSecurity, "CWE-523", "API2:2023",
        "A page has a form with a password field that is served, or submits, over plain HTTP: passwords cross the network in clear text.",
        "Serve the login page and its form target over HTTPS only; redirect http:// to https:// before any form is shown.",
        "https://cwe.mitre.org/data/definitions/523.html");

    public static readonly ThreatRule OpenContainerRegistry = R("ATR-EXPO-016", "Container registry readable without credentials",
        Severity.Medium, FindingCategory.ApiExposure, "CWE-306", "API8:2023",
        "A Docker Registry HTTP API V2 (distribution, Harbor, GitLab, Nexus...) answers its base /v2/ without asking for credentials: anyone can list its repositories and pull every image, with the code, configuration and secrets baked into their layers; a registry that also takes anonymous pushes lets anyone replace the images others deploy.",
        "Require authentication on the registry (htpasswd or token auth), or keep it off public networks; make a deliberately public registry read-only.",
        "https://distribution.github.io/distribution/spec/api/#api-version-check", "https://distribution.github.io/distribution/about/configuration/#auth");

    public static readonly ThreatRule CorsWildcard = R("ATR-EXPO-015", "Access-Control-Allow-Origin: * (any site may read responses)",
        Severity.Info, FindingCategory.ApplicationSecurity, "CWE-942", "API8:2023",
        "Responses carry Access-Control-Allow-Origin: *, so scripts of any site may read them (without cookies). Right for public data; Low on an API, Medium when the response is clearly not public (personal data, authentication headers).",
        "Send Access-Control-Allow-Origin only for the origins that need it, or keep * for data that is public by design.",
        "https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS", "https://portswigger.net/web-security/cors");

    public static readonly ThreatRule OpenMonitoringApi = R("ATR-EXPO-017", "Monitoring server API readable without credentials",
        Severity.Medium, FindingCategory.ApiExposure, "CWE-306", "API8:2023",
        "A monitoring server's HTTP API (Prometheus, Alertmanager, Pushgateway) answers its status endpoint without credentials: anyone can query every metric it holds and list its scrape targets, alerts, silences, receivers and build, which maps the internal network, its hosts and services, and what is watched.",
        "Put the server behind authentication (web.config.file with basic_auth_users and TLS, as the Prometheus exporter toolkit documents, or an authenticating reverse proxy) or keep it on an internal network only.",
        "https://prometheus.io/docs/operating/security/", "https://prometheus.io/docs/prometheus/latest/configuration/https/");

    public static readonly ThreatRule MonitoringConfigDisclosed = R("ATR-EXPO-018", "Monitoring server configuration disclosed without credentials",
        Severity.Medium, FindingCategory.ApiExposure, "CWE-200", "API8:2023",
        "The running configuration is served to anyone (Prometheus /api/v1/status/config, Alertmanager /api/v2/status): scrape jobs and targets, service-discovery endpoints, credential user names and file paths, relabelling rules, receivers with their mail servers and webhook URLs. The servers mask the secrets they know as <secret>; a credential left in clear (a URL with user information, a field the version does not mask) raises this to High.",
        "Require authentication on the server's HTTP API (web.config.file or a reverse proxy) or keep it internal; keep credentials in *_file settings and rotate any that were readable.",
        "https://prometheus.io/docs/prometheus/latest/querying/api/#config", "https://prometheus.io/docs/operating/security/");

    public static readonly ThreatRule MonitoringWriteOpen = R("ATR-EXPO-019", "Monitoring server accepts writes or administration without credentials",
        Severity.High, FindingCategory.ApiExposure, "CWE-306", "API5:2023",
        "A monitoring server takes state-changing requests from anyone: Prometheus with --web.enable-admin-api (delete series, snapshots), --web.enable-lifecycle (/-/quit, /-/reload) or the remote-write receiver; Alertmanager's silences and alerts (POST /api/v2/silences mutes any alert, POST /api/v2/alerts pages anyone); Pushgateway's push API (PUT/POST/DELETE /metrics/job/...) and its admin wipe. An intruder silences the alerts that would reveal them, forges or deletes metrics, or stops the server. Found from what the server publishes (its flags, its Allow header, its documented routes answering without credentials): nothing is written.",
        "Require authentication on the server (web.config.file with basic_auth_users and TLS, or an authenticating proxy that also restricts methods), leave the admin and lifecycle APIs off unless needed, and keep the server off public networks.",
        "https://prometheus.io/docs/operating/security/", "https://prometheus.io/docs/prometheus/latest/querying/api/#tsdb-admin-apis",
        "https://github.com/prometheus/pushgateway#api");
}
