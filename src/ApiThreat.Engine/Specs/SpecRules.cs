using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Specs;

/// <summary>
/// Security design rules for OpenAPI/Swagger documents (Test-ApiSpecification). They cover the rule families of
/// the OWASP API Security Top 10 2023 linting rulesets (authentication schemes, credentials in URLs, unprotected
/// operations, error and rate-limit responses, unbounded input, mass assignment, SSRF-prone parameters,
/// function-level authorization, inventory of servers), as ApiThreat's own rules.
/// </summary>
[RuleSet]
public static class SpecRules
{
    private const string Owasp = "https://owasp.org/API-Security/editions/2023/en/0x11-t10/";
    private const string OasSecurity = "https://spec.openapis.org/oas/v3.1.0#security-requirement-object";

    private static ThreatRule R(string id, string title, Severity severity, string? cwe, string? owasp, string rationale, string remediation, params string[] references) => new()
    {
        Id = id, Title = title, Severity = severity, Category = FindingCategory.ApiExposure, Cwe = cwe, OwaspApi = owasp,
        Rationale = rationale, Remediation = remediation, References = references.Length > 0 ? references : new[] { Owasp },
    };

    public static readonly ThreatRule UnprotectedWrite = R("ATR-SPEC-001", "State-changing operation declares no security",
        Severity.High, "CWE-306", "API2:2023",
        "A POST, PUT, PATCH or DELETE operation has no security requirement (none at operation or document level, an explicit empty list, or an empty {} alternative), so the contract allows anyone to change data.",
        "Declare a security requirement for every state-changing operation, at operation level or globally; keep unauthenticated writes to documented exceptions such as login and sign-up.",
        Owasp, OasSecurity);

    public static readonly ThreatRule UnprotectedRead = R("ATR-SPEC-002", "Read operation declares no security",
        Severity.Low, "CWE-306", "API2:2023",
        "A GET or HEAD operation has no security requirement. Public reads are sometimes intended, but every unauthenticated read of business data widens what an attacker can harvest.",
        "Declare security on reads of non-public data; if the operation is public by design, say so in its description and keep the data it returns minimal.",
        Owasp, OasSecurity);

    public static readonly ThreatRule HttpBasic = R("ATR-SPEC-003", "HTTP Basic authentication scheme",
        Severity.Medium, "CWE-522", "API2:2023",
        "HTTP Basic sends a reusable password with every request, merely base64-encoded; it cannot be scoped, rotated per client or revoked without changing the password.",
        "Use OAuth 2.0 / OpenID Connect bearer tokens, or mutual TLS, instead of Basic authentication.",
        Owasp, "https://datatracker.ietf.org/doc/html/rfc7617#section-4");

    public static readonly ThreatRule ApiKeyInUrl = R("ATR-SPEC-004", "API key passed in the URL",
        Severity.Medium, "CWE-598", "API2:2023",
        "An apiKey security scheme is sent in the query string or path. URLs end up in server, proxy and CDN logs, browser history and Referer headers, so the key leaks.",
        "Send API keys in a request header (or use OAuth 2.0 tokens); never in the query string or path.",
        Owasp, "https://cwe.mitre.org/data/definitions/598.html");

    public static readonly ThreatRule CredentialsInUrl = R("ATR-SPEC-005", "Credentials in URL parameters",
        Severity.High, "CWE-598", "API2:2023",
        "A query or path parameter is named like a credential (password, secret, token, api key), or a server URL embeds user:password. Credentials in URLs are logged and leaked by every intermediary.",
        "Move credentials to headers or request bodies sent over TLS; remove user information from server URLs.",
        Owasp, "https://cwe.mitre.org/data/definitions/598.html");

    public static readonly ThreatRule InsecureAuthScheme = R("ATR-SPEC-006", "Outdated or insecure HTTP authentication scheme",
        Severity.Medium, "CWE-327", "API2:2023",
        "The HTTP authentication scheme is Negotiate/NTLM, OAuth 1.0 or Digest, which rely on weak or legacy cryptography and are hard to implement safely for APIs.",
        "Use bearer tokens issued by OAuth 2.0 / OpenID Connect, or mutual TLS.",
        Owasp, "https://www.iana.org/assignments/http-authschemes/");

    public static readonly ThreatRule JwtPractices = R("ATR-SPEC-007", "JWT scheme does not state its validation practices",
        Severity.Info, "CWE-347", "API2:2023",
        "A JWT bearer or OAuth 2.0 scheme does not say that tokens are handled per RFC 8725 (algorithm allow-list, no 'none', audience and issuer checks), the usual sources of token forgery.",
        "Validate JWTs per RFC 8725 and state it in the security scheme's description.",
        Owasp, "https://datatracker.ietf.org/doc/html/rfc8725");

    public static readonly ThreatRule DeprecatedOAuthFlow = R("ATR-SPEC-008", "Deprecated OAuth 2.0 grant (implicit or password)",
        Severity.Medium, "CWE-287", "API2:2023",
        "The implicit grant leaks access tokens through URLs and browser history; the resource-owner password grant hands user passwords to clients. The OAuth 2.0 Security Best Current Practice forbids both.",
        "Use the authorization code grant with PKCE for user-facing clients and client credentials for services.",
        Owasp, "https://datatracker.ietf.org/doc/html/rfc9700");

    public static readonly ThreatRule NoRefreshUrl = R("ATR-SPEC-009", "OAuth 2.0 flow without refresh URL (long-lived tokens)",
        Severity.Low, "CWE-613", "API2:2023",
        "A flow that serves users declares no refreshUrl, which usually means access tokens are long-lived so that clients need not re-authenticate; a stolen token then stays useful for long.",
        "Issue short-lived access tokens with refresh tokens, and declare the refreshUrl.",
        Owasp, "https://datatracker.ietf.org/doc/html/rfc9700");

    public static readonly ThreatRule HttpServer = R("ATR-SPEC-010", "Server URL uses plain HTTP",
        Severity.High, "CWE-319", "API8:2023",
        "A server (or Swagger 2.0 scheme) is plain http://, so requests, credentials and responses travel unencrypted and can be read or changed in transit.",
        "Serve the API only over HTTPS and list only https:// servers.",
        Owasp, "https://cwe.mitre.org/data/definitions/319.html");

    public static readonly ThreatRule NoAuthErrorResponses = R("ATR-SPEC-011", "Secured operation declares no 401/403 response",
        Severity.Low, "CWE-209", "API8:2023",
        "A secured operation does not describe what happens when authentication or authorization fails, so its failure behaviour is untested by contract and may leak details.",
        "Declare 401 and 403 responses (or 4XX) with an error schema for every secured operation.",
        Owasp);

    public static readonly ThreatRule No429Response = R("ATR-SPEC-012", "No 429 (Too Many Requests) response declared",
        Severity.Low, "CWE-770", "API4:2023",
        "The operation does not describe throttling; APIs without rate limits invite brute force, scraping and resource exhaustion.",
        "Rate-limit the operation and declare a 429 response (with Retry-After).",
        Owasp, "https://datatracker.ietf.org/doc/html/rfc6585#section-4");

    public static readonly ThreatRule No500Response = R("ATR-SPEC-013", "No 500 (server error) response declared",
        Severity.Info, "CWE-209", "API8:2023",
        "The operation does not describe server errors, so the error body is not held to a schema and may carry stack traces or internals.",
        "Declare a 500 (or 5XX/default) response with a generic error schema.",
        Owasp);

    public static readonly ThreatRule NoValidationResponse = R("ATR-SPEC-014", "No 400/422 validation error response declared",
        Severity.Info, "CWE-20", "API8:2023",
        "The operation takes input but does not describe how invalid input is rejected, which often means it is not validated strictly.",
        "Validate input against the schema and declare a 400 or 422 (or 4XX) response.",
        Owasp);

    public static readonly ThreatRule NoRetryAfter = R("ATR-SPEC-015", "429 response without Retry-After header",
        Severity.Info, "CWE-770", "API4:2023",
        "The 429 response does not declare Retry-After, so well-behaved clients cannot back off and retry storms follow.",
        "Declare a Retry-After header on 429 responses.",
        Owasp, "https://datatracker.ietf.org/doc/html/rfc9110#section-10.2.3");

    public static readonly ThreatRule NoRateLimitHeaders = R("ATR-SPEC-016", "Success responses declare no rate-limit headers",
        Severity.Info, "CWE-770", "API4:2023",
        "No success response declares RateLimit / X-RateLimit headers, a sign that the operation is not rate limited.",
        "Rate-limit the operation and declare RateLimit-Limit/Remaining/Reset (or X-RateLimit-*) headers.",
        Owasp, "https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/");

    public static readonly ThreatRule UnboundedString = R("ATR-SPEC-017", "String without maxLength",
        Severity.Low, "CWE-770", "API4:2023",
        "A string in the API's input or output has no maxLength, enum or const: servers that trust the schema accept arbitrarily large values (memory, storage and log exhaustion).",
        "Give every string a maxLength (or an enum/const), and enforce it.",
        Owasp);

    public static readonly ThreatRule UnboundedArray = R("ATR-SPEC-018", "Array without maxItems",
        Severity.Medium, "CWE-770", "API4:2023",
        "An array has no maxItems: a client can send, or make the server build, arbitrarily long lists (batch amplification, memory exhaustion).",
        "Give every array a maxItems and enforce it; paginate large collections.",
        Owasp);

    public static readonly ThreatRule UnboundedInteger = R("ATR-SPEC-019", "Integer without minimum and maximum",
        Severity.Low, "CWE-1284", "API4:2023",
        "An integer has no minimum or no maximum: page sizes, quantities and counts without bounds enable resource exhaustion and logic abuse (negative quantities, huge limits).",
        "Give every integer a minimum and a maximum, and enforce them.",
        Owasp);

    public static readonly ThreatRule IntegerFormat = R("ATR-SPEC-020", "Integer without int32/int64 format",
        Severity.Info, "CWE-190", "API4:2023",
        "An integer does not state its format, so implementations disagree on its range (overflow, truncation).",
        "Declare format: int32 or int64 for every integer.",
        Owasp);

    public static readonly ThreatRule OpenAdditionalProperties = R("ATR-SPEC-021", "Request body accepts undeclared properties (mass assignment)",
        Severity.Medium, "CWE-915", "API3:2023",
        "An object in a request body allows additional (or unevaluated) properties without a maxProperties bound; servers that bind request bodies to models then let clients set fields they should not (role, owner, price).",
        "Set additionalProperties: false (or unevaluatedProperties: false in 3.1) on request objects, and bind only allow-listed fields.",
        Owasp, "https://cwe.mitre.org/data/definitions/915.html");

    public static readonly ThreatRule NumericId = R("ATR-SPEC-022", "Numeric identifier in path",
        Severity.Low, "CWE-639", "API1:2023",
        "A path parameter named like an identifier is an integer: sequential ids are guessable, which turns any missing object-level authorization check into mass data exposure.",
        "Use random, non-guessable identifiers (UUIDs) in URLs, and check object-level authorization on every access.",
        Owasp, "https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/");

    public static readonly ThreatRule UrlParameter = R("ATR-SPEC-023", "Parameter takes a URL (server-side request forgery risk)",
        Severity.Medium, "CWE-918", "API7:2023",
        "A parameter or request property is a URL (named url, uri, callback, webhook, redirect... or format uri): if the server fetches it, attackers reach internal services and cloud metadata; if it redirects to it, open redirects follow.",
        "Avoid taking URLs from clients; otherwise allow-list schemes, hosts and ports, resolve and block private ranges, and never follow redirects blindly.",
        Owasp, "https://owasp.org/API-Security/editions/2023/en/0xa7-server-side-request-forgery/");

    public static readonly ThreatRule AdminSharesSecurity = R("ATR-SPEC-024", "Administrative operation shares security with ordinary operations",
        Severity.Medium, "CWE-285", "API5:2023",
        "An operation whose path looks administrative is protected only by schemes that also protect ordinary operations, so any ordinary user's credential is accepted at the contract level; function-level authorization then rests on code alone.",
        "Protect administrative operations with distinct schemes or scopes (e.g. an admin OAuth scope), and check roles on every call.",
        Owasp, "https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/");

    public static readonly ThreatRule InternalServer = R("ATR-SPEC-025", "Non-production or internal server listed",
        Severity.Medium, "CWE-1059", "API9:2023",
        "The document lists a development, test, staging, local or internal server. Published specs that name such hosts point attackers at weaker, often unpatched or unauthenticated, environments.",
        "Publish only production servers; keep other environments in separate, non-public documents.",
        Owasp, "https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/");

    public static readonly ThreatRule ServerAudienceUndeclared = R("ATR-SPEC-026", "Server does not declare its environment or audience",
        Severity.Info, null, "API9:2023",
        "A server declares neither its environment (production, staging, ...) in its description nor its audience (x-internal), so inventory reviews cannot tell what is exposed on purpose.",
        "Describe each server's environment and mark internal ones with x-internal: true.",
        Owasp, "https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/");

    public static readonly ThreatRule NoCorsOrigin = R("ATR-SPEC-027", "Responses declare no CORS policy",
        Severity.Info, "CWE-942", "API8:2023",
        "No response of the operation declares Access-Control-Allow-Origin, so the intended cross-origin policy is undocumented and often ends up as a permissive default.",
        "Decide and document the CORS policy: declare Access-Control-Allow-Origin on responses.",
        Owasp, "https://developer.mozilla.org/docs/Web/HTTP/CORS");

    public static readonly ThreatRule UnrestrictedString = R("ATR-SPEC-028", "String without format, pattern or enum",
        Severity.Info, "CWE-20", "API4:2023",
        "A string accepts any characters: without a format, pattern, enum or const the contract gives validators nothing to reject injection payloads with.",
        "Restrict strings with a format, pattern, enum or const wherever the domain allows.",
        Owasp);

    public static readonly ThreatRule UnprotectedAdmin = R("ATR-SPEC-029", "Administrative or debug operation declares no security",
        Severity.High, "CWE-306", "API5:2023",
        "An operation whose path looks administrative, internal or diagnostic (admin, debug, internal, actuator, metrics...) can be called without credentials according to the contract.",
        "Remove debug and internal operations from public APIs, or require an administrative credential for them.",
        Owasp, "https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/");
}
