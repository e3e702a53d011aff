using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>
/// Rules of Test-ApiAuthorization: what an API lets one identity do with another's objects and functions, and what
/// its authentication accepts. ATR-AUTHZ-001..009 come from the identity × request matrix; 010..019 from the tokens
/// and logins; 020..029 from the data the API accepts and returns.
/// </summary>
[RuleSet]
public static class AuthorizationRules
{
    private const string Bola = "https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/";
    private const string BrokenAuth = "https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/";
    private const string PropertyLevel = "https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/";
    private const string Bfla = "https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/";
    private const string JwtCheatSheet = "https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html";

    private static ThreatRule R(string id, string title, Severity severity, FindingCategory category, string cwe, string owasp,
        string rationale, string remediation, params string[] references) => new()
    {
        Id = id, Title = title, Severity = severity, Category = category, Cwe = cwe, OwaspApi = owasp,
        Rationale = rationale, Remediation = remediation, References = references,
    };

    public static readonly ThreatRule ObjectOfAnotherIdentity = R("ATR-AUTHZ-001", "Another identity's object returned (BOLA)",
        Severity.High, FindingCategory.ApiExposure, "CWE-639", "API1:2023",
        "An object that belongs to one identity (its owner field names that identity, or only that identity was shown it) was requested by a second identity with the second identity's own credentials, using the identifier the owner was shown, and the API returned the object: it checks that the caller is logged in, not that the object is the caller's.",
        "Check object-level authorization on every operation that takes an object identifier: load the object through a query scoped to the caller (owner = current user, or the caller's tenant/permissions), and answer 404 when it is not the caller's. Add a test that requests one user's objects with another user's token.",
        Bola, "https://cheatsheetseries.owasp.org/cheatsheets/Authorization_Cheat_Sheet.html");

    public static readonly ThreatRule ObjectWithoutAuthentication = R("ATR-AUTHZ-002", "Private object readable without credentials",
        Severity.High, FindingCategory.ApiExposure, "CWE-862", "API1:2023",
        "An object that belongs to one identity was returned to a request without any credentials, although the API treats these objects as private: its specification secures the operation, the listing they come from refuses anonymous callers, or only the owner was shown the object.",
        "Require authentication on every operation that reads private objects (a default-deny authentication policy in the framework or gateway), then check that the object is the caller's.",
        Bola, BrokenAuth);

    public static readonly ThreatRule FunctionOfHigherIdentity = R("ATR-AUTHZ-003", "Administrative operation reachable by a lower identity (BFLA)",
        Severity.High, FindingCategory.ApiExposure, "CWE-285", "API5:2023",
        "An operation reserved for administrators (an /admin-style path, or the specification reserves it for administrators) gave a lower identity the same answer it gave the privileged identity: the function is hidden in the user interface, not guarded on the server.",
        "Enforce roles on the server for every administrative operation (deny by default; e.g. DRF IsAdminUser, an Express role middleware on the router), not by hiding links; keep administrative APIs on a separate, authenticated route.",
        Bfla, "https://cheatsheetseries.owasp.org/cheatsheets/Authorization_Cheat_Sheet.html");

    public static readonly ThreatRule JwtNoneAccepted = R("ATR-AUTHZ-010", "JWT with \"alg\": \"none\" accepted",
        Severity.Critical, FindingCategory.ApplicationSecurity, "CWE-347", "API2:2023",
        "The API accepted an identity's token rewritten as an unsecured JWT (header \"alg\": \"none\", no signature): anyone can forge a token for any user by writing its claims.",
        "Verify every token with an explicit allow-list of algorithms (e.g. jsonwebtoken verify(token, key, { algorithms: ['RS256'] }), PyJWT decode(..., algorithms=[...])); never decode a token without verifying it.",
        BrokenAuth, "https://datatracker.ietf.org/doc/html/rfc8725#section-3.1", JwtCheatSheet);

    public static readonly ThreatRule JwtSignatureNotVerified = R("ATR-AUTHZ-011", "JWT signature not verified",
        Severity.Critical, FindingCategory.ApplicationSecurity, "CWE-347", "API2:2023",
        "The API accepted an identity's token with its signature removed or replaced by one made with another key: the server reads the claims without checking who signed them, so anyone can forge a token for any user.",
        "Verify the signature of every token with the issuer's key before reading its claims (jsonwebtoken verify, not decode; PyJWT decode with a key and algorithms), and reject tokens whose algorithm is not the one expected.",
        BrokenAuth, "https://datatracker.ietf.org/doc/html/rfc8725#section-3.1", JwtCheatSheet);

    public static readonly ThreatRule ExpiredTokenAccepted = R("ATR-AUTHZ-012", "Expired token accepted",
        Severity.High, FindingCategory.ApplicationSecurity, "CWE-613", "API2:2023",
        "A correctly signed token whose expiry (exp) lies in the past was accepted, so a token stolen once stays valid forever.",
        "Check exp (and nbf) on every request, with at most a small clock-skew allowance; do not set ignoreExpiration/verify_exp=False in production.",
        BrokenAuth, "https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.4");

    public static readonly ThreatRule JwtGuessableSecret = R("ATR-AUTHZ-013", "JWT signed with a guessable secret",
        Severity.Critical, FindingCategory.ApplicationSecurity, "CWE-1391", "API2:2023",
        "An identity's token is signed with an HMAC secret found in a short list of common and default secrets (tested offline, without a request): anyone can sign tokens for any user.",
        "Sign tokens with a random secret of at least 256 bits kept out of source code (or with an asymmetric key), rotate it now, and invalidate the tokens signed with the old one.",
        BrokenAuth, "https://datatracker.ietf.org/doc/html/rfc8725#section-3.5", JwtCheatSheet);

    public static readonly ThreatRule TokenInQueryAccepted = R("ATR-AUTHZ-014", "Credentials accepted in the query string",
        Severity.Medium, FindingCategory.ApplicationSecurity, "CWE-598", "API2:2023",
        "An identity's token was accepted as a URL query parameter (access_token, token, api_key...) in place of its header: clients may put credentials in URLs, where server and proxy logs, browser history and Referer headers keep them.",
        "Accept credentials only in the Authorization header (or a dedicated header/cookie); ignore or reject credentials in the query string.",
        BrokenAuth, "https://datatracker.ietf.org/doc/html/rfc6750#section-2.3");

    public static readonly ThreatRule UserEnumeration = R("ATR-AUTHZ-015", "Login answers tell existing users apart",
        Severity.Medium, FindingCategory.ApplicationSecurity, "CWE-204", "API2:2023",
        "A failed login for an existing user is answered differently (status or message) from a failed login for a user that does not exist, consistently: anyone can test which user names exist, then guess passwords for those only.",
        "Answer every failed login the same way (one status, one message such as \"Invalid username or password\", similar timing), and the same for password-reset requests.",
        BrokenAuth, "https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#authentication-and-error-messages");

    public static readonly ThreatRule NoLoginLockout = R("ATR-AUTHZ-016", "No lockout or throttling of failed logins",
        Severity.Medium, FindingCategory.ApplicationSecurity, "CWE-307", "API2:2023",
        "A series of failed logins for one existing user never met a lockout, a 429/423 answer, a Retry-After or rate-limit header, or a message about too many attempts: passwords can be guessed at full speed.",
        "Throttle or lock out after a few failed logins per account (and per client), answer 429 with Retry-After, and alert on bursts; e.g. django-axes, express-rate-limit, an identity provider's brute-force protection.",
        BrokenAuth, "https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks");

    public static readonly ThreatRule PrivilegedPropertyAccepted = R("ATR-AUTHZ-020", "Privileged property accepted (mass assignment)",
        Severity.High, FindingCategory.ApiExposure, "CWE-915", "API3:2023",
        "An identity created or updated an object of its own with a property it should not set (a role, an administrator flag, the owner, the identifier, a balance) and the API stored the value it was sent, where the same create without that property got the server's own value.",
        "Bind request bodies to an explicit allow-list of writable fields (DRF read_only_fields, a DTO, pick() instead of Object.assign(model, req.body)); set roles, owners and identifiers on the server only.",
        PropertyLevel, "https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html");
}
