using ApiThreat.Engine.Assessment.Hijack.Content;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack.Observatory;

/// <summary>
/// The HTTP Observatory's ten tests (algorithm version 4), computed from <see cref="HijackEvidence"/> with the
/// same decisions as the published scanner, so our grade is the one the Observatory would give. Unlike the
/// Observatory we also grade non-2xx answers and sites with certificates its client rejects. The HSTS preload list
/// is the one the request carries (the module's dated snapshot unless another is given). Cookies are the session
/// jar's: every hop of the auto session's redirect chain counts (the Observatory's robots.txt fetch goes through a
/// client without the jar, so it adds none).
/// </summary>
public static class ObservatoryGrader
{
    private static readonly HashSet<string> s_broad = new(StringComparer.Ordinal) { "ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*" };
    private static readonly HashSet<string> s_broadAndInline = new(s_broad, StringComparer.Ordinal) { "'unsafe-inline'", "data:" };
    private static readonly string[] s_passive = { "img-src", "media-src" };
    private static readonly string[] s_noncesHashes = { "'sha256-", "'sha384-", "'sha512-", "'nonce-" };

    /// <summary>The Observatory's CORS probe origin.</summary>
    public const string CorsOrigin = "https://http-observatory.security.mozilla.org";

    public static (ObservatoryTestResult[] Tests, int Score, string Grade) Grade(HijackEvidence e)
    {
        var csp = ContentSecurityPolicy(e, out var cspData);
        var hsts = StrictTransportSecurity(e);
        var tests = new[]
        {
            csp,
            Cookies(e, hsts.Pass),
            Cors(e),
            Redirection(e),
            ReferrerPolicy(e),
            hsts,
            SubresourceIntegrity(e),
            XContentTypeOptions(e),
            XFrameOptions(e, cspData),
            CrossOriginResourcePolicy(e),
        };
        var (score, grade) = ObservatoryScoring.Score(tests.Select(t => t.ScoreModifier));
        return (tests, score, grade);
    }

    private static ObservatoryTestResult Result(string test, string result, bool pass) =>
        new() { Test = test, Result = result, ScoreModifier = ObservatoryScoring.Modifiers[result], Pass = pass };

    private static List<string> Values(Net.HttpProbeResult? r, string name) => r?.HeaderValues(name).ToList() ?? new List<string>();

    // ---- content-security-policy --------------------------------------------------------------------------

    public static ObservatoryTestResult ContentSecurityPolicy(HijackEvidence e, out Dictionary<string, HashSet<string>>? data)
    {
        const string test = "content-security-policy";
        data = null;
        var response = e.Auto;
        if (response is null || e.AutoUrl is null) return Result(test, "csp-not-implemented", false);
        var header = Values(response, "Content-Security-Policy");
        var meta = e.AutoIsHtml ? e.Html?.MetaCsp.ToList() ?? new List<string>() : new List<string>();

        ObservatoryCsp.Result all;
        try { all = ObservatoryCsp.Parse(header.Concat(meta).ToList()); }
        catch (ObservatoryCspException) { return Result(test, "csp-header-invalid", false); }
        Dictionary<string, HashSet<string>> headerOnly;
        try { headerOnly = ObservatoryCsp.Parse(header).Directives; } catch (ObservatoryCspException) { headerOnly = new(); }
        Dictionary<string, HashSet<string>> metaOnly;
        try { metaOnly = ObservatoryCsp.ParseMeta(meta).Directives; } catch (ObservatoryCspException) { metaOnly = new(); }

        if (headerOnly.Count + metaOnly.Count == 0)
            return response.Header("Content-Security-Policy-Report-Only") is { Length: > 0 }
                ? Result(test, "csp-not-implemented-but-reporting-enabled", false)
                : Result(test, "csp-not-implemented", false);

        var csp = all.Directives;
        HashSet<string> Get(params string[] names)
        {
            foreach (var n in names) if (csp.TryGetValue(n, out var v)) return new HashSet<string>(v, StringComparer.Ordinal);
            return new HashSet<string>(StringComparer.Ordinal) { "*" };
        }
        var objectSrc = Get("object-src", "default-src");
        var scriptSrc = Get("script-src", "default-src");
        var styleSrc = Get("style-src", "default-src");
        static bool NonceHash(IEnumerable<string> s) => s.Any(x => s_noncesHashes.Any(p => x.StartsWith(p, StringComparison.Ordinal)));

        foreach (var list in new[] { scriptSrc, styleSrc })
            if (NonceHash(list)) list.Remove("'unsafe-inline'");

        string? result = null;
        if (NonceHash(scriptSrc) && scriptSrc.Contains("'strict-dynamic'"))
            scriptSrc.RemoveWhere(s => s_broad.Any(b => s.StartsWith(b, StringComparison.Ordinal)) || s == "'self'" || s == "'unsafe-inline'");
        else if (scriptSrc.Contains("'strict-dynamic'"))
            result = "csp-header-invalid";

        var active = csp.Where(kv => !s_passive.Contains(kv.Key) && kv.Key != "script-src").SelectMany(kv => kv.Value).Concat(scriptSrc).ToList();
        var passive = s_passive.SelectMany(d => csp.TryGetValue(d, out var v) ? v : csp.TryGetValue("default-src", out var dv) ? dv : new HashSet<string>()).ToList();
        var https = e.AutoUrl.Scheme == "https";
        static bool Insecure(string s) => s.StartsWith("http:", StringComparison.Ordinal) || s.StartsWith("ftp:", StringComparison.Ordinal);

        if (scriptSrc.Any(s_broadAndInline.Contains) || objectSrc.Any(s_broad.Contains)) result ??= "csp-implemented-with-unsafe-inline";
        if (https && active.Any(Insecure)) result ??= "csp-implemented-with-insecure-scheme";
        if (scriptSrc.Contains("'unsafe-eval'") || styleSrc.Contains("'unsafe-eval'")) result ??= "csp-implemented-with-unsafe-eval";
        if (https && passive.Any(Insecure)) result ??= "csp-implemented-with-insecure-scheme-in-passive-content-only";
        if (styleSrc.Any(s_broadAndInline.Contains)) result ??= "csp-implemented-with-unsafe-inline-in-style-src-only";
        if (csp.TryGetValue("default-src", out var def) && def.Count == 1 && def.Contains("'none'")) result ??= "csp-implemented-with-no-unsafe-default-src-none";
        else result ??= "csp-implemented-with-no-unsafe";

        var pass = result is "csp-implemented-with-no-unsafe" or "csp-implemented-with-no-unsafe-default-src-none"
            or "csp-implemented-with-unsafe-inline-in-style-src-only" or "csp-implemented-with-insecure-scheme-in-passive-content-only";
        if (pass && all.HasDuplicateWarnings) result = "csp-implemented-but-duplicate-directives";
        // The XFO test reads frame-ancestors from this merged view (as the Observatory does, <meta> included).
        data = new Dictionary<string, HashSet<string>>(csp, StringComparer.Ordinal);
        return Result(test, result, pass);
    }

    // ---- cookies -------------------------------------------------------------------------------------------

    private static readonly string[] s_cookieGoodness =
    {
        "cookies-without-secure-flag-but-protected-by-hsts", "cookies-without-secure-flag",
        "cookies-session-without-secure-flag-but-protected-by-hsts", "cookies-samesite-flag-invalid",
        "cookies-anticsrf-without-samesite-flag", "cookies-session-without-httponly-flag", "cookies-session-without-secure-flag",
    };

    private static string? Worse(string candidate, string? current, string[] order) =>
        current is null || Array.IndexOf(order, candidate) > Array.IndexOf(order, current) ? candidate : current;

    public static ObservatoryTestResult Cookies(HijackEvidence e, bool hsts)
    {
        const string test = "cookies";
        string? result = null;
        foreach (var raw in e.RawSetCookies)
            if (InvalidSameSite(raw)) result = Worse("cookies-samesite-flag-invalid", result, s_cookieGoodness);

        // The session's jar: cookies from every hop of its redirect chain count, not just the final response's.
        var jar = e.Jar.Stored.Select(j => j.Cookie).Where(c => !c.Name.Equals("heroku-session-affinity", StringComparison.Ordinal)).ToList();
        if (jar.Count == 0) return Result(test, "cookies-not-found", true);
        var missingSameSite = false;
        foreach (var c in jar)
        {
            var name = c.Name.ToLowerInvariant();
            var session = name.Contains("login") || name.Contains("sess");
            var anticsrf = name.Contains("csrf");
            var sameSite = c.SameSiteValid ? c.SameSite!.ToLowerInvariant() : null;
            if (!c.Secure && sameSite == "none") result = Worse("cookies-samesite-flag-invalid", result, s_cookieGoodness);
            if (!c.Secure) result = Worse(hsts ? "cookies-without-secure-flag-but-protected-by-hsts" : "cookies-without-secure-flag", result, s_cookieGoodness);
            if (anticsrf && sameSite is null) result = Worse("cookies-anticsrf-without-samesite-flag", result, s_cookieGoodness);
            if (session && !c.Secure) result = Worse(hsts ? "cookies-session-without-secure-flag-but-protected-by-hsts" : "cookies-session-without-secure-flag", result, s_cookieGoodness);
            if (session && !c.HttpOnly) result = Worse("cookies-session-without-httponly-flag", result, s_cookieGoodness);
            if (sameSite is null) missingSameSite = true;
        }
        result ??= missingSameSite ? "cookies-secure-with-httponly-sessions" : "cookies-secure-with-httponly-sessions-and-samesite";
        return Result(test, result, result is "cookies-secure-with-httponly-sessions" or "cookies-secure-with-httponly-sessions-and-samesite");
    }

    private static bool InvalidSameSite(string raw)
    {
        foreach (var part in raw.Trim().Split(';'))
        {
            var kv = part.Trim().Split('=');
            if (!kv[0].Trim().Equals("samesite", StringComparison.OrdinalIgnoreCase)) continue;
            if (kv.Length < 2 || kv[1].Length == 0) return true;
            if (kv[1].Trim().ToLowerInvariant() is not ("lax" or "strict" or "none")) return true;
        }
        return false;
    }

    // ---- cross-origin-resource-sharing ---------------------------------------------------------------------

    public static ObservatoryTestResult Cors(HijackEvidence e)
    {
        const string test = "cross-origin-resource-sharing";
        var acao = e.Cors?.Header("Access-Control-Allow-Origin");
        if (e.Cors is null || string.IsNullOrEmpty(acao)) return Result(test, "cross-origin-resource-sharing-not-implemented", true);
        var data = TextSafety.Truncate(acao, 256).Trim().ToLowerInvariant();
        if (data == "*") return Result(test, "cross-origin-resource-sharing-implemented-with-public-access", true);
        var credentials = e.Cors.Header("Access-Control-Allow-Credentials");
        if (acao == e.CorsOrigin && credentials is not null && credentials.Trim().Equals("true", StringComparison.OrdinalIgnoreCase))
            return Result(test, "cross-origin-resource-sharing-implemented-with-universal-access", false);
        return Result(test, "cross-origin-resource-sharing-implemented-with-restricted-access", true);
    }

    // ---- redirection ---------------------------------------------------------------------------------------

    public static ObservatoryTestResult Redirection(HijackEvidence e)
    {
        const string test = "redirection";
        string result;
        if (e.Http is null) result = "redirection-not-needed-no-http";
        else if (!e.HttpVerified) result = "redirection-invalid-cert";
        else
        {
            var route = e.HttpRoute;
            if (e.RoutePreloaded) result = "redirection-all-redirects-preloaded"; // checked before anything else, as the Observatory does
            else if (route.Count <= 1) result = "redirection-missing";
            else if (route[^1].Url.Scheme != "https") result = "redirection-not-to-https";
            else if (route[1].Url.Scheme == "http") result = "redirection-not-to-https-on-initial-redirection";
            else if (route[0].Url.Scheme == "http" && route[1].Url.Scheme == "https" && !string.Equals(route[0].Url.Host, route[1].Url.Host, StringComparison.OrdinalIgnoreCase))
                result = "redirection-off-host-from-http";
            else result = "redirection-to-https";
        }
        return Result(test, result, result is "redirection-not-needed-no-http" or "redirection-to-https" or "redirection-all-redirects-preloaded");
    }

    // ---- referrer-policy -----------------------------------------------------------------------------------

    private static readonly string[] s_referrerGood = { "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin" };
    private static readonly string[] s_referrerBad = { "origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade" };

    public static ObservatoryTestResult ReferrerPolicy(HijackEvidence e)
    {
        const string test = "referrer-policy";
        if (e.Auto is null) return Result(test, "referrer-policy-not-implemented", false);
        var values = Values(e.Auto, "Referrer-Policy");
        if (e.AutoIsHtml && e.Html?.MetaReferrer is { } meta) values.Add(meta);
        if (values.Count == 0) return Result(test, "referrer-policy-not-implemented", true);
        var policy = string.Join(", ", values).Split(',').Select(v => v.Trim().ToLowerInvariant())
            .Where(v => s_referrerGood.Contains(v) || s_referrerBad.Contains(v)).LastOrDefault() ?? "";
        if (s_referrerGood.Contains(policy)) return Result(test, "referrer-policy-private", true);
        if (s_referrerBad.Contains(policy)) return Result(test, "referrer-policy-unsafe", false);
        return Result(test, "referrer-policy-header-invalid", false);
    }

    // ---- strict-transport-security -------------------------------------------------------------------------

    /// <summary>15768000 is six months; the Observatory accepts 15552000 (180 days) as "a white lie".</summary>
    public const long SixMonths = 15_552_000;

    public static ObservatoryTestResult StrictTransportSecurity(HijackEvidence e)
    {
        const string test = "strict-transport-security";
        string result = "hsts-not-implemented";
        if (e.Https is null) result = "hsts-not-implemented-no-https";
        else if (!e.HttpsVerified) result = "hsts-invalid-cert";
        else
        {
            var values = Values(e.Https, "Strict-Transport-Security");
            if (values.Count > 0)
            {
                var data = TextSafety.Truncate(string.Join(", ", values), 1024);
                var maxAge = ParseMaxAge(data);
                result = data.Contains(',') || maxAge is null ? "hsts-header-invalid"
                    : maxAge < SixMonths ? "hsts-implemented-max-age-less-than-six-months" : "hsts-implemented-max-age-at-least-six-months";
            }
        }
        // A preloaded host overrides everything else once HTTPS answered, even with a certificate the client rejects.
        if (e.Https is not null && e.HostPreloaded) result = "hsts-preloaded";
        return Result(test, result, result is "hsts-implemented-max-age-at-least-six-months" or "hsts-preloaded");
    }

    /// <summary>max-age as the Observatory reads it (parseInt of what follows "max-age="), or null.</summary>
    public static long? ParseMaxAge(string header)
    {
        long? maxAge = null;
        foreach (var p in header.Split(';').Select(x => x.Trim().ToLowerInvariant()))
        {
            if (!p.StartsWith("max-age=", StringComparison.Ordinal)) continue;
            var digits = new string(p[8..].TrimStart().TakeWhile(char.IsAsciiDigit).ToArray());
            maxAge = digits.Length is > 0 and <= 18 ? long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        return maxAge;
    }

    // ---- subresource-integrity -----------------------------------------------------------------------------

    private static readonly string[] s_sriGoodness =
    {
        "sri-implemented-and-all-scripts-loaded-securely", "sri-implemented-and-external-scripts-loaded-securely",
        "sri-implemented-but-external-scripts-not-loaded-securely", "sri-not-implemented-but-external-scripts-loaded-securely",
        "sri-not-implemented-and-external-scripts-not-loaded-securely", "sri-not-implemented-response-not-html",
    };

    public static ObservatoryTestResult SubresourceIntegrity(HijackEvidence e)
    {
        const string test = "subresource-integrity";
        if (e.Auto is null) return Result(test, "sri-not-implemented-but-no-scripts-loaded", false);
        string? result = null;
        var mime = (e.Auto.ContentType ?? "").Split(';')[0];
        if (mime.Length > 0 && mime is not ("text/html" or "application/xhtml+xml")) result = "sri-not-implemented-response-not-html";
        else if (e.HtmlUnparseable || e.Html is null) return Result(test, "html-not-parseable", false);
        else
        {
            var siteDomain = RegistrableDomain.Of(e.Host);
            var foreign = false;
            var sessionHttps = e.AutoUrl?.Scheme == "https";
            foreach (var script in e.Html.Scripts)
            {
                var src = script.Src;
                bool relativeOrigin = false, relativeProtocol = false, sameSld;
                // The Observatory's /^(\/\/)[^\/]/ and /^https?:\/\// (case-sensitive), without a regex engine.
                if (src.Length > 2 && src.StartsWith("//", StringComparison.Ordinal) && src[2] != '/') { relativeProtocol = true; sameSld = true; }
                else if (src.StartsWith("http://", StringComparison.Ordinal) || src.StartsWith("https://", StringComparison.Ordinal)) sameSld = RegistrableDomain.OfUrl(src) == siteDomain;
                else { relativeOrigin = true; sameSld = true; }
                var secureOrigin = relativeOrigin || (sameSld && !relativeProtocol);
                if (!secureOrigin) foreign = true;
                var scheme = !relativeProtocol && !relativeOrigin && Uri.TryCreate(src, UriKind.Absolute, out var u) ? u.Scheme : null;
                var secureScheme = scheme == "https" || (relativeOrigin && sessionHttps);
                var integrity = !string.IsNullOrEmpty(script.Integrity);
                if (!secureOrigin)
                {
                    if (integrity && !secureScheme) result = Worse("sri-implemented-but-external-scripts-not-loaded-securely", result, s_sriGoodness);
                    else if (!integrity && secureScheme) result = Worse("sri-not-implemented-but-external-scripts-loaded-securely", result, s_sriGoodness);
                    else if (!integrity) result = Worse("sri-not-implemented-and-external-scripts-not-loaded-securely", result, s_sriGoodness);
                }
                else if (integrity && secureScheme && result is null) result = "sri-implemented-and-all-scripts-loaded-securely";
            }
            if (e.Html.ScriptCount == 0) result = "sri-not-implemented-but-no-scripts-loaded";
            else result ??= foreign ? "sri-implemented-and-external-scripts-loaded-securely" : "sri-not-implemented-but-all-scripts-loaded-from-secure-origin";
        }
        return Result(test, result, result is "sri-implemented-and-all-scripts-loaded-securely" or "sri-implemented-and-external-scripts-loaded-securely"
            or "sri-not-implemented-response-not-html" or "sri-not-implemented-but-all-scripts-loaded-from-secure-origin" or "sri-not-implemented-but-no-scripts-loaded");
    }

    // ---- x-content-type-options ----------------------------------------------------------------------------

    public static ObservatoryTestResult XContentTypeOptions(HijackEvidence e)
    {
        const string test = "x-content-type-options";
        var header = e.Auto?.Header("X-Content-Type-Options");
        var result = string.IsNullOrEmpty(header) ? "x-content-type-options-not-implemented"
            : TextSafety.Truncate(header, 256).Trim().Equals("nosniff", StringComparison.OrdinalIgnoreCase) ? "x-content-type-options-nosniff"
            : "x-content-type-options-header-invalid";
        return Result(test, result, result == "x-content-type-options-nosniff");
    }

    // ---- x-frame-options -----------------------------------------------------------------------------------

    public static ObservatoryTestResult XFrameOptions(HijackEvidence e, Dictionary<string, HashSet<string>>? cspData)
    {
        const string test = "x-frame-options";
        if (e.Auto is null) return Result(test, "x-frame-options-not-implemented", false);
        var header = e.Auto.Header("X-Frame-Options");
        string result;
        if (!string.IsNullOrEmpty(header))
        {
            var xfo = TextSafety.Truncate(header, 1024).Trim().ToLowerInvariant();
            result = xfo is "deny" or "sameorigin" ? "x-frame-options-sameorigin-or-deny"
                : xfo.StartsWith("allow-from", StringComparison.Ordinal) ? "x-frame-options-allow-from-origin" : "x-frame-options-header-invalid";
        }
        else result = "x-frame-options-not-implemented";
        if (cspData is not null && cspData.ContainsKey("frame-ancestors")) result = "x-frame-options-implemented-via-csp";
        return Result(test, result, result is "x-frame-options-allow-from-origin" or "x-frame-options-sameorigin-or-deny" or "x-frame-options-implemented-via-csp");
    }

    // ---- cross-origin-resource-policy ----------------------------------------------------------------------

    public static ObservatoryTestResult CrossOriginResourcePolicy(HijackEvidence e)
    {
        const string test = "cross-origin-resource-policy";
        var header = e.Auto?.Header("Cross-Origin-Resource-Policy");
        var result = "corp-not-implemented";
        if (!string.IsNullOrEmpty(header))
        {
            result = TextSafety.Truncate(header, 256).Trim().ToLowerInvariant() switch
            {
                "same-site" => "corp-implemented-with-same-site",
                "same-origin" => "corp-implemented-with-same-origin",
                "cross-origin" => "corp-implemented-with-cross-origin",
                _ => "corp-header-invalid",
            };
        }
        return Result(test, result, result != "corp-header-invalid");
    }
}
