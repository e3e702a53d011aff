using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Hijack;

/// <summary>
/// Rules of Test-HijackSusceptibility: browser-side protections (CSP, framing, HSTS, cookies, CORS, content
/// handling, CSRF, referrer, SRI, cross-origin isolation) and subdomain takeover.
/// </summary>
[RuleSet]
public static class HijackRules
{
    private const string Mdn = "https://developer.mozilla.org/en-US/docs/Web/Security/Practical_implementation_guides/";
    private const string Observatory = "https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring";

    public static readonly ThreatRule CspMissing = new()
    {
        Id = "ATR-HIJACK-001", Title = "No enforced Content-Security-Policy", Severity = Severity.Medium,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-1021", OwaspApi = "API8:2023",
        Rationale = "Without an enforced CSP (header or <meta http-equiv>), any injected markup can run script: one XSS bug becomes session hijack.",
        Remediation = "Send Content-Security-Policy with at least script-src, object-src 'none' and base-uri 'none' (or 'self'); prefer nonces or hashes with 'strict-dynamic'.",
        References = new[] { Mdn + "CSP", Observatory },
    };

    public static readonly ThreatRule CspReportOnly = new()
    {
        Id = "ATR-HIJACK-002", Title = "Content-Security-Policy is only report-only", Severity = Severity.Low,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-1021", OwaspApi = "API8:2023",
        Rationale = "Content-Security-Policy-Report-Only reports violations but blocks nothing.",
        Remediation = "Once reports are clean, send the same policy as Content-Security-Policy.",
        References = new[] { "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy-Report-Only" },
    };

    public static readonly ThreatRule CspUnsafeInline = new()
    {
        Id = "ATR-HIJACK-003", Title = "CSP allows inline script ('unsafe-inline' without nonce, hash or 'strict-dynamic')", Severity = Severity.Medium,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-79", OwaspApi = "API8:2023",
        Rationale = "'unsafe-inline' in the effective script-src lets injected <script> and event handlers run: the CSP does not stop XSS.",
        Remediation = "Remove 'unsafe-inline' from script-src; use nonces or hashes (browsers then ignore 'unsafe-inline'), ideally with 'strict-dynamic'.",
        References = new[] { "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/script-src" },
    };

    public static readonly ThreatRule CspUnsafeEval = new()
    {
        Id = "ATR-HIJACK-004", Title = "CSP allows 'unsafe-eval'", Severity = Severity.Low,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-95", OwaspApi = "API8:2023",
        Rationale = "'unsafe-eval' lets strings become code (eval, new Function, setTimeout(string)): DOM XSS sinks stay exploitable.",
        Remediation = "Remove eval-style code and then 'unsafe-eval' from script-src.",
        References = new[] { "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/script-src" },
    };

    public static readonly ThreatRule CspBroadScriptSource = new()
    {
        Id = "ATR-HIJACK-005", Title = "CSP script sources allow any host, http: or data:", Severity = Severity.Medium,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-79", OwaspApi = "API8:2023",
        Rationale = "A script-src (or default-src) with *, http:, https:, data: or an http:// host lets an attacker load script from a place they control.",
        Remediation = "List only the script origins you need over https, or use nonces with 'strict-dynamic'.",
        References = new[] { Mdn + "CSP" },
    };

    public static readonly ThreatRule CspObjectSrcMissing = new()
    {
        Id = "ATR-HIJACK-006", Title = "CSP does not restrict object-src", Severity = Severity.Low,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-79", OwaspApi = "API8:2023",
        Rationale = "Without object-src (or a restrictive default-src), plugins and <embed> can load script-capable content and bypass script-src.",
        Remediation = "Add object-src 'none'.",
        References = new[] { "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/object-src" },
    };

    public static readonly ThreatRule CspBaseUriMissing = new()
    {
        Id = "ATR-HIJACK-007", Title = "CSP does not restrict base-uri", Severity = Severity.Low,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-79", OwaspApi = "API8:2023",
        Rationale = "An injected <base href> re-points every relative script URL to the attacker, defeating nonce-based policies. base-uri does not fall back to default-src.",
        Remediation = "Add base-uri 'none' (or 'self').",
        References = new[] { "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/base-uri" },
    };

    public static readonly ThreatRule CspMalformed = new()
    {
        Id = "ATR-HIJACK-008", Title = "CSP has invalid syntax or duplicate directives", Severity = Severity.Low,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-1021", OwaspApi = "API8:2023",
        Rationale = "Browsers ignore unknown or repeated directives (only the first counts), and 'strict-dynamic' without a nonce or hash disables scripts: the policy in force is not the one intended.",
        Remediation = "Fix the reported directive; state each directive once per policy.",
        References = new[] { "https://www.w3.org/TR/CSP3/#parse-serialized-policy" },
    };

    public static readonly ThreatRule FramingUnprotected = new()
    {
        Id = "ATR-HIJACK-009", Title = "Page can be framed by any site (clickjacking)", Severity = Severity.Medium,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-1021", OwaspApi = "API8:2023",
        Rationale = "Neither X-Frame-Options (DENY/SAMEORIGIN) nor a CSP frame-ancestors header restricts framing: a hostile page can overlay it and steal clicks.",
        Remediation = "Send Content-Security-Policy: frame-ancestors 'none' (or 'self'), and X-Frame-Options: DENY for old browsers.",
        References = new[] { Mdn + "Clickjacking" },
    };

    public static readonly ThreatRule FramingConflict = new()
    {
        Id = "ATR-HIJACK-010", Title = "X-Frame-Options is invalid or conflicts with frame-ancestors", Severity = Severity.Low,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-1021", OwaspApi = "API8:2023",
        Rationale = "Browsers ignore an unknown or ALLOW-FROM X-Frame-Options, and CSP frame-ancestors overrides X-Frame-Options: when they disagree, the weaker intent may be the one in force.",
        Remediation = "Use one consistent policy: frame-ancestors in the CSP header, and X-Frame-Options DENY or SAMEORIGIN matching it.",
        References = new[] { "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Frame-Options" },
    };

    public static readonly ThreatRule HstsMissing = new()
    {
        Id = "ATR-HIJACK-011", Title = "No Strict-Transport-Security on HTTPS", Severity = Severity.Medium,
        Category = FindingCategory.TransportSecurity, Cwe = "CWE-319", OwaspApi = "API8:2023",
        Rationale = "Without HSTS, a network attacker can strip the first plain-HTTP request and hijack the session before TLS starts.",
        Remediation = "Send Strict-Transport-Security: max-age=63072000; includeSubDomains (add preload when ready) on every HTTPS response.",
        References = new[] { Mdn + "TLS#http_strict_transport_security", "https://hstspreload.org/" },
    };

    public static readonly ThreatRule HstsWeak = new()
    {
        Id = "ATR-HIJACK-012", Title = "Strict-Transport-Security is invalid or shorter than six months", Severity = Severity.Low,
        Category = FindingCategory.TransportSecurity, Cwe = "CWE-319", OwaspApi = "API8:2023",
        Rationale = "A short or unparseable HSTS policy lapses between visits and leaves the downgrade window open.",
        Remediation = "Send one Strict-Transport-Security header with max-age of at least 15552000 (six months); 31536000 or more to preload.",
        References = new[] { "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security" },
    };

    public static readonly ThreatRule HstsNotPreloadable = new()
    {
        Id = "ATR-HIJACK-013", Title = "HSTS policy is not eligible for preloading", Severity = Severity.Info,
        Category = FindingCategory.TransportSecurity, Cwe = "CWE-319", OwaspApi = "API8:2023",
        Rationale = "Only preloaded hosts are protected on the very first visit; preloading needs max-age >= 31536000, includeSubDomains and preload.",
        Remediation = "Add includeSubDomains and preload with max-age >= 31536000 once every subdomain serves HTTPS, then submit at hstspreload.org.",
        References = new[] { "https://hstspreload.org/#submission-requirements" },
    };

    public static readonly ThreatRule RedirectionWeak = new()
    {
        Id = "ATR-HIJACK-014", Title = "HTTP does not redirect straight to HTTPS on the same host", Severity = Severity.Medium,
        Category = FindingCategory.TransportSecurity, Cwe = "CWE-319", OwaspApi = "API8:2023",
        Rationale = "The plain-HTTP entry point must send users to HTTPS on the same host first, or HSTS is never learned and the session can be hijacked in transit.",
        Remediation = "Answer every http:// request with a 301/308 to the same URL on https:// and the same host; redirect elsewhere only from HTTPS.",
        References = new[] { Mdn + "TLS#http_redirections" },
    };

    public static readonly ThreatRule CookieNotSecure = new()
    {
        Id = "ATR-HIJACK-015", Title = "Cookie set without the Secure attribute", Severity = Severity.Medium,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-614", OwaspApi = "API2:2023",
        Rationale = "A cookie without Secure is sent over plain HTTP, where anyone on the path can read it; a session cookie read is a session hijacked.",
        Remediation = "Set Secure on every cookie (and use HSTS).",
        References = new[] { Mdn + "Cookies" },
    };

    public static readonly ThreatRule CookieNotHttpOnly = new()
    {
        Id = "ATR-HIJACK-016", Title = "Session cookie readable by script (no HttpOnly)", Severity = Severity.Medium,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-1004", OwaspApi = "API2:2023",
        Rationale = "A session cookie without HttpOnly can be stolen by any XSS with document.cookie.",
        Remediation = "Set HttpOnly on session and authentication cookies.",
        References = new[] { Mdn + "Cookies" },
    };

    public static readonly ThreatRule CookieSameSite = new()
    {
        Id = "ATR-HIJACK-017", Title = "Cookie SameSite missing, invalid, or None without Secure", Severity = Severity.Low,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-1275", OwaspApi = "API2:2023",
        Rationale = "Session and anti-CSRF cookies without SameSite Lax/Strict ride along on cross-site requests (CSRF); SameSite=None without Secure is rejected by browsers; an unknown value is ignored.",
        Remediation = "Set SameSite=Lax or Strict on session and anti-CSRF cookies; SameSite=None only with Secure for cookies that must be sent cross-site.",
        References = new[] { "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#samesitesamesite-value" },
    };

    public static readonly ThreatRule CookiePrefix = new()
    {
        Id = "ATR-HIJACK-018", Title = "Cookie breaks its __Host- or __Secure- prefix rules", Severity = Severity.Medium,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-565", OwaspApi = "API2:2023",
        Rationale = "Browsers reject a __Secure- cookie without Secure and a __Host- cookie without Secure, with a Domain, or with a Path other than /: the cookie the application relies on is never stored.",
        Remediation = "__Secure-: add Secure. __Host-: add Secure and Path=/, and remove Domain.",
        References = new[] { "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#cookie_prefixes" },
    };

    public static readonly ThreatRule CookieBroadScope = new()
    {
        Id = "ATR-HIJACK-019", Title = "Session cookie scoped to a parent domain", Severity = Severity.Low,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-1275", OwaspApi = "API2:2023",
        Rationale = "A session cookie with Domain set to a parent domain is sent to, and can be overwritten by, every sibling subdomain: one compromised or taken-over subdomain hijacks or fixes sessions here.",
        Remediation = "Omit the Domain attribute (host-only cookie), or use the __Host- prefix.",
        References = new[] { Mdn + "Cookies" },
    };

    public static readonly ThreatRule SessionIdInUrl = new()
    {
        Id = "ATR-HIJACK-020", Title = "Session identifier carried in URLs", Severity = Severity.Medium,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-598", OwaspApi = "API2:2023",
        Rationale = "Session ids in URLs (;jsessionid=, PHPSESSID=, sid=) leak through Referer, logs and shared links, and make session fixation trivial.",
        Remediation = "Carry sessions only in cookies; disable URL rewriting (e.g. tracking-mode COOKIE, session.use_trans_sid=0).",
        References = new[] { "https://owasp.org/www-community/attacks/Session_fixation" },
    };

    public static readonly ThreatRule SessionFixation = new()
    {
        Id = "ATR-HIJACK-021", Title = "Session identifier chosen by the client is accepted (session fixation)", Severity = Severity.High,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-384", OwaspApi = "API2:2023",
        Rationale = "The server took a session id the client made up and sent it back unchanged in Set-Cookie: an attacker who plants an id in a victim's browser owns the session once the victim logs in.",
        Remediation = "Ignore unknown session ids and issue fresh random ones; always rotate the id at login and privilege change.",
        References = new[] { "https://owasp.org/www-community/attacks/Session_fixation", "https://cwe.mitre.org/data/definitions/384.html" },
    };

    public static readonly ThreatRule CorsArbitraryOrigin = new()
    {
        Id = "ATR-HIJACK-022", Title = "CORS reflects any Origin", Severity = Severity.High,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-942", OwaspApi = "API8:2023",
        Rationale = "Access-Control-Allow-Origin echoes whatever Origin is sent; with Access-Control-Allow-Credentials: true any web site can read authenticated responses in the victim's browser.",
        Remediation = "Check the Origin against an exact allow-list; never echo it. Public data: ACAO * without credentials.",
        References = new[] { Mdn + "CORS", "https://portswigger.net/web-security/cors" },
    };

    public static readonly ThreatRule CorsNullOrigin = new()
    {
        Id = "ATR-HIJACK-023", Title = "CORS trusts the null origin", Severity = Severity.High,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-942", OwaspApi = "API8:2023",
        Rationale = "Any page can send Origin: null (sandboxed iframe, data: URL), so trusting it is trusting everyone.",
        Remediation = "Remove null from the allowed origins.",
        References = new[] { "https://portswigger.net/web-security/cors#whitelisted-null-origin-value" },
    };

    public static readonly ThreatRule CorsOriginBypass = new()
    {
        Id = "ATR-HIJACK-024", Title = "CORS origin check can be bypassed (prefix, suffix or substring match)", Severity = Severity.High,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-942", OwaspApi = "API8:2023",
        Rationale = "The allow-list matches origins by string prefix, suffix or substring, so attacker domains such as evil-victim.com or victim.com.evil.net pass.",
        Remediation = "Parse the Origin and compare scheme, host and port exactly against the allow-list.",
        References = new[] { "https://portswigger.net/web-security/cors#errors-parsing-origin-headers" },
    };

    public static readonly ThreatRule CorsSubdomainTrust = new()
    {
        Id = "ATR-HIJACK-025", Title = "CORS trusts every subdomain", Severity = Severity.Low,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-942", OwaspApi = "API8:2023",
        Rationale = "Any subdomain (including a taken-over or XSS-prone one) can read responses cross-origin.",
        Remediation = "List the exact subdomains that need access.",
        References = new[] { "https://portswigger.net/web-security/cors#trusting-subdomains" },
    };

    public static readonly ThreatRule CorsInsecureOrigin = new()
    {
        Id = "ATR-HIJACK-026", Title = "HTTPS site trusts an http:// origin over CORS", Severity = Severity.Medium,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-942", OwaspApi = "API8:2023",
        Rationale = "A network attacker can inject script into the plain-HTTP origin and read the HTTPS site's responses through it.",
        Remediation = "Allow only https:// origins.",
        References = new[] { "https://portswigger.net/web-security/cors#breaking-tls-with-poorly-configured-cors" },
    };

    public static readonly ThreatRule NoSniffMissing = new()
    {
        Id = "ATR-HIJACK-027", Title = "X-Content-Type-Options: nosniff missing or invalid", Severity = Severity.Low,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-430", OwaspApi = "API8:2023",
        Rationale = "Without nosniff, browsers may sniff uploaded or API content as HTML or script and run it.",
        Remediation = "Send X-Content-Type-Options: nosniff on every response.",
        References = new[] { Mdn + "MIME_types" },
    };

    public static readonly ThreatRule JsonAsHtml = new()
    {
        Id = "ATR-HIJACK-028", Title = "JSON served as text/html", Severity = Severity.Medium,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-79", OwaspApi = "API8:2023",
        Rationale = "A browser renders a JSON body labelled text/html as a page: any string value in it becomes markup (XSS).",
        Remediation = "Serve JSON as application/json (with nosniff).",
        References = new[] { "https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#security-headers" },
    };

    public static readonly ThreatRule ReflectedInput = new()
    {
        Id = "ATR-HIJACK-029", Title = "Query input reflected unencoded in HTML (reflected XSS)", Severity = Severity.High,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-79", OwaspApi = "API8:2023",
        Rationale = "A harmless marker with markup characters sent in a query parameter came back unencoded in an HTML page: the same path can carry script.",
        Remediation = "Encode output for its context (HTML, attribute, script); validate input; add a strict CSP.",
        References = new[] { "https://owasp.org/www-community/attacks/xss/" },
    };

    public static readonly ThreatRule CsrfUnprotectedForm = new()
    {
        Id = "ATR-HIJACK-030", Title = "State-changing form without anti-CSRF token or SameSite cookies", Severity = Severity.Medium,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-352", OwaspApi = "API2:2023",
        Rationale = "A POST form carries no anti-CSRF token and the site's cookies have no SameSite Lax/Strict: another site can submit it with the user's session.",
        Remediation = "Add a per-session anti-CSRF token to state-changing forms and set SameSite=Lax or Strict on session cookies.",
        References = new[] { "https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html" },
    };

    public static readonly ThreatRule ReferrerPolicyUnsafe = new()
    {
        Id = "ATR-HIJACK-031", Title = "Referrer-Policy is unsafe or invalid", Severity = Severity.Low,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-200", OwaspApi = "API3:2023",
        Rationale = "unsafe-url, origin-when-cross-origin or no-referrer-when-downgrade leak full URLs (tokens, ids) to other sites or over HTTP; an unrecognised value is ignored.",
        Remediation = "Set Referrer-Policy: strict-origin-when-cross-origin (or stricter: no-referrer, same-origin, strict-origin).",
        References = new[] { Mdn + "Referrer_policy" },
    };

    public static readonly ThreatRule SriMissing = new()
    {
        Id = "ATR-HIJACK-032", Title = "Cross-origin script loaded without Subresource Integrity", Severity = Severity.Low,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-353", OwaspApi = "API10:2023",
        Rationale = "A script from another site runs with this origin's privileges; if that site or CDN is compromised (or the script is loaded over HTTP), so is every session here.",
        Remediation = "Add integrity=\"sha384-...\" and crossorigin=\"anonymous\" to third-party scripts, and load them over HTTPS.",
        References = new[] { "https://developer.mozilla.org/en-US/docs/Web/Security/Subresource_Integrity" },
    };

    public static readonly ThreatRule CoopMissing = new()
    {
        Id = "ATR-HIJACK-033", Title = "No Cross-Origin-Opener-Policy isolation", Severity = Severity.Info,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-1021", OwaspApi = "API8:2023",
        Rationale = "Without COOP same-origin (or same-origin-allow-popups), pages this site opens, or that open it, keep a window handle to it (tabnabbing, XS-Leaks).",
        Remediation = "Send Cross-Origin-Opener-Policy: same-origin.",
        References = new[] { "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Cross-Origin-Opener-Policy" },
    };

    public static readonly ThreatRule CrossOriginPolicyInvalid = new()
    {
        Id = "ATR-HIJACK-034", Title = "Cross-Origin-Resource-Policy or -Embedder-Policy has an invalid value", Severity = Severity.Low,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-1021", OwaspApi = "API8:2023",
        Rationale = "Browsers ignore an unknown CORP or COEP value, so the resource is not protected the way the header intends.",
        Remediation = "CORP: same-origin, same-site or cross-origin. COEP: require-corp, credentialless or unsafe-none.",
        References = new[] { "https://developer.mozilla.org/en-US/docs/Web/HTTP/Cross-Origin_Resource_Policy" },
    };

    public static readonly ThreatRule CorpCrossOrigin = new()
    {
        Id = "ATR-HIJACK-035", Title = "Cross-Origin-Resource-Policy explicitly allows cross-origin embedding", Severity = Severity.Info,
        Category = FindingCategory.ApplicationSecurity, Cwe = "CWE-1021", OwaspApi = "API8:2023",
        Rationale = "CORP cross-origin lets any site embed the response, exposing it to Spectre-style side channels.",
        Remediation = "Use same-origin or same-site unless the resource is meant for embedding.",
        References = new[] { Mdn + "CORP" },
    };
}
