using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api;

/// <summary>
/// Rules of Test-ApiSecurity: what a live API shows from outside. ATR-API-001..014 are passive (GET, HEAD, OPTIONS,
/// and read-only GraphQL queries); ATR-API-015..022 need -Active (canaries, adjacent reads, a bounded burst);
/// ATR-API-023 is what the assessment's own requests did to the target.
/// </summary>
[RuleSet]
public static class ApiRules
{
    private const string Owasp = "https://owasp.org/API-Security/editions/2023/en/0x11-t10/";

    private static ThreatRule R(string id, string title, Severity severity, FindingCategory category, string? cwe, string? owasp,
        string rationale, string remediation, params string[] references) => new()
    {
        Id = id, Title = title, Severity = severity, Category = category, Cwe = cwe, OwaspApi = owasp,
        Rationale = rationale, Remediation = remediation, References = references.Length > 0 ? references : new[] { Owasp },
    };

    public static readonly ThreatRule SecuredOperationOpen = R("ATR-API-001", "Operation declared secured answers without credentials",
        Severity.High, FindingCategory.ApiExposure, "CWE-306", "API2:2023",
        "The API's own specification requires credentials for this operation, yet it answered a request that carried none with a success status and content.",
        "Enforce authentication in the gateway or framework for every operation the specification marks as secured; add a contract test that calls each secured operation without credentials and expects 401.",
        Owasp, "https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/");

    public static readonly ThreatRule AdminEndpointExposed = R("ATR-API-002", "Administrative or diagnostic endpoint reachable without authentication",
        Severity.High, FindingCategory.ApiExposure, "CWE-215", "API5:2023",
        "Management and diagnostic endpoints (Spring Boot Actuator, /env, heap dumps, server-status, metrics, debug consoles) answered without credentials. They disclose configuration, secrets, memory and internals, and some allow changes.",
        "Do not expose management endpoints on the public listener: bind them to an internal port, or require administrative authentication; disable heapdump/env endpoints in production.",
        "https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/",
        "https://docs.spring.io/spring-boot/reference/actuator/endpoints.html");

    public static readonly ThreatRule VerboseError = R("ATR-API-003", "Verbose error: stack trace, exception or SQL error disclosed",
        Severity.Medium, FindingCategory.ApplicationSecurity, "CWE-209", "API8:2023",
        "An error response carries a stack trace, exception type, framework debug page, SQL error text or server file paths, which tell an attacker the technology, code layout and query structure.",
        "Return generic error bodies (application/problem+json with a correlation id) and log details server-side; turn off debug mode in production.",
        "https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/", "https://cwe.mitre.org/data/definitions/209.html");

    public static readonly ThreatRule TraceAdvertised = R("ATR-API-004", "TRACE method advertised",
        Severity.Low, FindingCategory.ApplicationSecurity, "CWE-693", "API8:2023",
        "The server lists TRACE among allowed methods. TRACE echoes requests, including headers added by proxies, and has been used to read credentials (cross-site tracing).",
        "Disable TRACE (and TRACK) on the server and any proxy in front of it.",
        "https://owasp.org/www-community/attacks/Cross_Site_Tracing");

    public static readonly ThreatRule WriteMethodsOnOpenResource = R("ATR-API-005", "PUT/DELETE advertised on a resource readable without authentication",
        Severity.Medium, FindingCategory.ApiExposure, "CWE-650", "API5:2023",
        "OPTIONS advertises state-changing methods (PUT, DELETE, PATCH) on a resource that answered GET without credentials; if those methods are as open as the read, anyone can modify or delete it.",
        "Advertise and allow only the methods the resource needs, and require authorization for every state-changing method.",
        "https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/");

    public static readonly ThreatRule GraphQlIntrospection = R("ATR-API-006", "GraphQL introspection enabled",
        Severity.Medium, FindingCategory.ApiExposure, "CWE-200", "API8:2023",
        "The GraphQL endpoint answers introspection queries, handing anyone the complete schema: every type, field, argument and mutation, including internal ones.",
        "Disable introspection in production (or restrict it to authenticated developers); publish a curated schema instead.",
        "https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html");

    public static readonly ThreatRule GraphQlSuggestions = R("ATR-API-007", "GraphQL field suggestions enabled",
        Severity.Low, FindingCategory.ApiExposure, "CWE-200", "API8:2023",
        "Errors for unknown fields answer \"Did you mean ...?\", which lets attackers rebuild the schema field by field even when introspection is off.",
        "Turn off field suggestions in production (e.g. graphql-js/Apollo validation options, Hot Chocolate 'IncludeExceptionDetails' and suggestion settings).",
        "https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html");

    public static readonly ThreatRule GraphQlBatching = R("ATR-API-008", "GraphQL batching accepted",
        Severity.Medium, FindingCategory.ApiExposure, "CWE-770", "API4:2023",
        "The endpoint executes an array of operations in one HTTP request. Batching multiplies what one request can do, and defeats per-request rate limits (password and OTP brute force in a single call).",
        "Disable array batching, or cap the batch size and count every operation against rate limits; add query cost limits.",
        "https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html");

    public static readonly ThreatRule KeyInQueryAccepted = R("ATR-API-009", "API key or token accepted in the query string",
        Severity.Medium, FindingCategory.ApplicationSecurity, "CWE-598", "API2:2023",
        "The API reacts to a credential passed as a URL query parameter (a bogus key is read and rejected as a key), so clients are allowed to send keys in URLs, where logs, proxies, browser history and Referer headers capture them.",
        "Accept credentials only in headers (Authorization or a dedicated header); reject requests that carry them in the query string.",
        "https://cwe.mitre.org/data/definitions/598.html");

    public static readonly ThreatRule CredentialsOverHttp = R("ATR-API-010", "Credentials accepted over plain HTTP",
        Severity.High, FindingCategory.TransportSecurity, "CWE-319", "API8:2023",
        "The API serves plain HTTP (without redirecting to HTTPS) while asking for credentials (an authentication challenge, or operations its specification secures), so passwords, keys and tokens cross the network unencrypted.",
        "Serve the API only over HTTPS; make the HTTP listener redirect (or refuse) before any credential is sent, and enable HSTS.",
        "https://cwe.mitre.org/data/definitions/319.html");

    public static readonly ThreatRule NoRateLimitSignals = R("ATR-API-011", "No rate-limit signals",
        Severity.Low, FindingCategory.ApiExposure, "CWE-770", "API4:2023",
        "No response carried RateLimit-*, X-RateLimit-* or Retry-After headers, a passive sign that requests are not rate limited (brute force, scraping, cost exhaustion). -Active confirms it with a bounded burst.",
        "Rate-limit every API (per client and per credential) and announce limits with RateLimit headers and 429 + Retry-After.",
        "https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/",
        "https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/");

    public static readonly ThreatRule SequentialIds = R("ATR-API-012", "Sequential numeric identifiers exposed",
        Severity.Low, FindingCategory.ApiExposure, "CWE-639", "API1:2023",
        "Objects are identified by small consecutive integers (in URLs or listed ids), so every other object's identifier is guessable; any gap in object-level authorization becomes mass data exposure.",
        "Use random identifiers (UUIDs) in the API, and check object-level authorization on every access.",
        "https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/");

    public static readonly ThreatRule CacheablePersonalData = R("ATR-API-013", "Cacheable response carries personal data",
        Severity.Medium, FindingCategory.ApplicationSecurity, "CWE-524", "API3:2023",
        "A response with personal data (e-mail addresses, phone numbers, birth dates, addresses, national ids, card numbers) is cacheable by shared caches (public, max-age or heuristic freshness), so a CDN or proxy can serve it to other users.",
        "Send Cache-Control: no-store (or private, no-cache) on every response that carries personal data.",
        "https://cwe.mitre.org/data/definitions/524.html", "https://www.rfc-editor.org/rfc/rfc9111#section-5.2.2.5");

    public static readonly ThreatRule AuthenticatedNoStore = R("ATR-API-014", "Authenticated response without Cache-Control: no-store",
        Severity.Low, FindingCategory.ApplicationSecurity, "CWE-525", "API8:2023",
        "A response to an authenticated request, or one that hands out tokens, does not forbid storage, so browsers and intermediaries may keep credentials and private data on disk.",
        "Send Cache-Control: no-store on authenticated responses and on every response that issues tokens.",
        "https://cwe.mitre.org/data/definitions/525.html", "https://datatracker.ietf.org/doc/html/rfc6749#section-5.1");

    public static readonly ThreatRule SqlInjection = R("ATR-API-015", "SQL error triggered by an injection canary",
        Severity.High, FindingCategory.ApplicationSecurity, "CWE-89", "API8:2023",
        "A quote or SQL metacharacter in a parameter produced a database error that a benign value did not: input reaches a SQL query unescaped.",
        "Use parameterized queries everywhere; validate input against the schema; never return database errors to clients.",
        "https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html");

    public static readonly ThreatRule NoSqlInjection = R("ATR-API-016", "NoSQL operator injection triggered an error",
        Severity.High, FindingCategory.ApplicationSecurity, "CWE-943", "API8:2023",
        "A query operator ($ne, $gt, $where) supplied in a parameter reached the document database and produced a database error: clients can inject query operators.",
        "Reject objects and operator keys where scalars are expected; use typed query builders and schema validation.",
        "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/05.6-Testing_for_NoSQL_Injection");

    public static readonly ThreatRule CommandInjection = R("ATR-API-017", "Command injection: shell arithmetic evaluated",
        Severity.Critical, FindingCategory.ApplicationSecurity, "CWE-78", "API8:2023",
        "A harmless shell arithmetic canary ($(expr a + b)) in a parameter came back evaluated: the parameter reaches a shell command.",
        "Never build shell commands from input; call programs with argument arrays, and validate input strictly.",
        "https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html");

    public static readonly ThreatRule TemplateInjection = R("ATR-API-018", "Server-side template injection: expression evaluated",
        Severity.High, FindingCategory.ApplicationSecurity, "CWE-1336", "API8:2023",
        "A template expression canary ({{a*b}}, ${a*b}) in a parameter came back evaluated: input is rendered as a template, which usually leads to code execution.",
        "Never render user input as a template; pass it as data to fixed templates, and use sandboxed template engines.",
        "https://portswigger.net/web-security/server-side-template-injection");

    public static readonly ThreatRule PathTraversal = R("ATR-API-019", "Path traversal: a system file was read",
        Severity.Critical, FindingCategory.ApplicationSecurity, "CWE-22", "API8:2023",
        "A ../ sequence in a parameter made the server return a well-known system file (/etc/passwd, win.ini): input reaches file paths.",
        "Map identifiers to files through an allow-list; canonicalize and confine paths to a base directory.",
        "https://owasp.org/www-community/attacks/Path_Traversal");

    public static readonly ThreatRule AdjacentObjectRead = R("ATR-API-020", "Adjacent object readable without authentication (IDOR)",
        Severity.High, FindingCategory.ApiExposure, "CWE-639", "API1:2023",
        "An object read without credentials had a numeric identifier, and the neighbouring identifier returned another object too: anyone can enumerate the collection.",
        "Require authentication and check object-level authorization on every read; use non-guessable identifiers.",
        "https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/");

    public static readonly ThreatRule NoRateLimitUnderBurst = R("ATR-API-021", "No rate limiting under a burst of requests",
        Severity.Medium, FindingCategory.ApiExposure, "CWE-770", "API4:2023",
        "A bounded burst of requests to the endpoint never met 429 (Too Many Requests) nor any rate-limit header.",
        "Rate-limit per client and per credential, answer 429 with Retry-After, and protect expensive operations with stricter limits.",
        "https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/");

    public static readonly ThreatRule ReflectedMarkup = R("ATR-API-022", "Input reflected unescaped into HTML (XSS)",
        Severity.Medium, FindingCategory.ApplicationSecurity, "CWE-79", "API8:2023",
        "A harmless HTML canary in a parameter came back unescaped in a text/html response, so script can be injected into pages the API serves.",
        "Encode output for its context, serve API data as application/json with X-Content-Type-Options: nosniff, and add a restrictive Content-Security-Policy.",
        "https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html");

    public static readonly ThreatRule ServiceStopped = R("ATR-API-023", "Service stopped answering during the assessment (crash or block)",
        Severity.Medium, FindingCategory.ApplicationSecurity, "CWE-248", "API4:2023",
        "The service answered the assessment's first requests, then one request got no answer and from then on its port refused connections. Either a request (most often a malformed one: a bad percent-escape, an invalid body) crashed the process, so anyone can stop the service with one unauthenticated request, or something in front of it began refusing this client.",
        "Reproduce with the request named in the evidence against a test instance. If it crashes the service, handle the error where the input is parsed or logged (an uncaught exception must not end the process), and run the service under a supervisor that restarts it; if a protection blocked the scanner, nothing is wrong.",
        "https://cwe.mitre.org/data/definitions/248.html",
        "https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/");
}
