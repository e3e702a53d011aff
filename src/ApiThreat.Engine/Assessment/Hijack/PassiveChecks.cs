using ApiThreat.Engine.Assessment.Hijack.Content;
using ApiThreat.Engine.Assessment.Hijack.Csp;
using ApiThreat.Engine.Assessment.Hijack.Observatory;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack;

/// <summary>The checks that only read what the site already sent: headers, redirects, cookies, the page.</summary>
public static class PassiveChecks
{
    private static readonly HashSet<string> s_sessionParameters = new(StringComparer.OrdinalIgnoreCase)
    { "jsessionid", "phpsessid", "sessionid", "session_id", "sid", "cfid", "cftoken", "aspsessionid" };

    public static List<Finding> Run(HijackEvidence e)
    {
        var findings = new List<Finding>();
        var auto = e.Auto;
        if (auto is null) return findings;
        var target = auto.FinalUri.GetLeftPart(UriPartial.Path);
        var policies = Policies(e);
        findings.AddRange(CspChecks.Evaluate(target, policies));
        findings.AddRange(Framing(target, e, policies));
        findings.AddRange(Transport(e));
        findings.AddRange(CookieChecks(target, e));
        findings.AddRange(ContentChecks(target, e));
        return findings;
    }

    public static List<CspPolicy> Policies(HijackEvidence e)
    {
        var list = new List<CspPolicy>();
        foreach (var v in e.Auto!.HeaderValues("Content-Security-Policy")) list.AddRange(CspPolicy.ParseHeader(v, CspDelivery.Header));
        if (e.AutoIsHtml && e.Html is not null) foreach (var m in e.Html.MetaCsp) list.AddRange(CspPolicy.ParseHeader(m, CspDelivery.Meta));
        foreach (var v in e.Auto.HeaderValues("Content-Security-Policy-Report-Only")) list.AddRange(CspPolicy.ParseHeader(v, CspDelivery.ReportOnly));
        return list;
    }

    private static IEnumerable<Finding> Framing(string target, HijackEvidence e, List<CspPolicy> policies)
    {
        var xfoValues = e.Auto!.HeaderValues("X-Frame-Options").ToList();
        var xfo = xfoValues.Count > 0 ? string.Join(", ", xfoValues).Trim().ToLowerInvariant() : null;
        var xfoValid = xfo is "deny" or "sameorigin";
        var ancestors = policies.Where(p => p.Delivery == CspDelivery.Header).Select(p => p.Get("frame-ancestors")).Where(a => a is not null).Select(a => a!).ToList();
        var restrictive = ancestors.Any(a => !a.Any(s => s is "*" or "http:" or "https:" or "http://*" or "https://*"));
        if (!xfoValid && !restrictive)
        {
            yield return HijackRules.FramingUnprotected.ToFinding(target,
                $"X-Frame-Options: {(xfo is null ? "absent" : TextSafety.Truncate(xfo, 100))}; CSP frame-ancestors: {(ancestors.Count == 0 ? "absent" : string.Join(" | ", ancestors.Select(a => string.Join(' ', a))))}");
            if (xfo is not null && !xfoValid)
                yield return HijackRules.FramingConflict.ToFinding(target, $"X-Frame-Options '{TextSafety.Truncate(xfo, 100)}' is not DENY or SAMEORIGIN and is ignored by browsers");
            yield break;
        }
        if (xfo is not null && !xfoValid)
            yield return HijackRules.FramingConflict.ToFinding(target, $"X-Frame-Options '{TextSafety.Truncate(xfo, 100)}' is not DENY or SAMEORIGIN and is ignored by browsers (frame-ancestors applies)");
        else if (xfoValid && ancestors.Count > 0)
        {
            var fa = ancestors[0];
            var faDenies = fa.Count == 1 && fa[0] == "'none'";
            var faSelfOnly = fa.Count == 1 && fa[0] == "'self'";
            var conflict = xfo == "deny" ? !faDenies : !(faSelfOnly || faDenies);
            if (conflict)
                yield return HijackRules.FramingConflict.ToFinding(target,
                    $"X-Frame-Options: {xfo!.ToUpperInvariant()} but frame-ancestors {string.Join(' ', fa)}: browsers that support CSP obey frame-ancestors");
        }
    }

    private static IEnumerable<Finding> Transport(HijackEvidence e)
    {
        // Preloaded hosts are HTTPS-only in browsers before any header is seen: no header or redirect weakness applies.
        if (e.Https is not null && !e.HostPreloaded)
        {
            var target = e.Https.FinalUri.GetLeftPart(UriPartial.Authority) + "/";
            var values = e.Https.HeaderValues("Strict-Transport-Security").ToList();
            if (values.Count == 0)
                yield return HijackRules.HstsMissing.ToFinding(target, "no Strict-Transport-Security header on the HTTPS response");
            else
            {
                var header = string.Join(", ", values);
                var maxAge = ObservatoryGrader.ParseMaxAge(header);
                if (values.Count > 1 || header.Contains(',') || maxAge is null)
                    yield return HijackRules.HstsWeak.ToFinding(target, $"Strict-Transport-Security '{TextSafety.Truncate(header, 200)}' cannot be parsed (one header with max-age is required)");
                else if (maxAge < ObservatoryGrader.SixMonths)
                    yield return HijackRules.HstsWeak.ToFinding(target, $"max-age={maxAge} is shorter than six months (15552000)");
                else
                {
                    var lower = header.ToLowerInvariant();
                    var missing = new List<string>();
                    if (maxAge < 31_536_000) missing.Add("max-age >= 31536000");
                    if (!lower.Split(';').Any(p => p.Trim() == "includesubdomains")) missing.Add("includeSubDomains");
                    if (!lower.Split(';').Any(p => p.Trim() == "preload")) missing.Add("preload");
                    if (missing.Count > 0)
                        yield return HijackRules.HstsNotPreloadable.ToFinding(target, $"Strict-Transport-Security: {TextSafety.Truncate(header, 200)} (missing {string.Join(", ", missing)})");
                }
            }
        }
        if (e.Http is not null && e.Https is not null && !e.RoutePreloaded)
        {
            var route = e.HttpRoute;
            var target = e.HttpUrl.ToString();
            var chain = string.Join(" -> ", route.Select(r => r.Url.ToString()));
            string? problem = null;
            if (route.Count <= 1) problem = $"http:// answers {e.Http.StatusCode} without redirecting to https://";
            else if (route[^1].Url.Scheme != "https") problem = $"the redirects end on plain HTTP: {chain}";
            else if (route[1].Url.Scheme == "http") problem = $"the first redirect stays on plain HTTP: {chain}";
            else if (!string.Equals(route[0].Url.Host, route[1].Url.Host, StringComparison.OrdinalIgnoreCase))
                problem = $"the first redirect leaves the host, so HSTS for {route[0].Url.Host} is never set: {chain}";
            if (problem is not null) yield return HijackRules.RedirectionWeak.ToFinding(target, problem);
        }
    }

    private static IEnumerable<Finding> CookieChecks(string target, HijackEvidence e)
    {
        var host = e.Host;
        foreach (var (c, origin) in AssessedCookies(e))
        {
            var session = c.LooksLikeSession;
            var shown = Describe(c) + origin;
            if (!c.Secure)
                yield return HijackRules.CookieNotSecure.ToFinding(target, $"Set-Cookie: {shown}", severity: session ? Severity.High : Severity.Medium,
                    title: session ? "Session cookie set without the Secure attribute" : null);
            if (session && !c.HttpOnly)
                yield return HijackRules.CookieNotHttpOnly.ToFinding(target, $"Set-Cookie: {shown}");
            if (c.SameSite is not null && !c.SameSiteValid)
                yield return HijackRules.CookieSameSite.ToFinding(target, $"Set-Cookie: {shown} (SameSite value '{TextSafety.Truncate(c.SameSite, 40)}' is not Strict, Lax or None)");
            else if (c.SameSiteNone && !c.Secure)
                yield return HijackRules.CookieSameSite.ToFinding(target, $"Set-Cookie: {shown} (SameSite=None without Secure is rejected by browsers)");
            else if (c.SameSite is null && (session || c.LooksLikeAntiCsrf))
                yield return HijackRules.CookieSameSite.ToFinding(target, $"Set-Cookie: {shown} ({(session ? "session" : "anti-CSRF")} cookie without SameSite)");
            if (c.PrefixViolation() is { } why)
                yield return HijackRules.CookiePrefix.ToFinding(target, $"Set-Cookie: {shown} ({why})");
            if (session && c.Domain is { } domain && domain != host && host.EndsWith("." + domain, StringComparison.Ordinal))
                yield return HijackRules.CookieBroadScope.ToFinding(target, $"Set-Cookie: {shown} (sent to every host under {domain})");
        }
        var urls = new List<string>();
        urls.AddRange(e.HttpRoute.Select(r => r.Url.ToString()));
        if (e.Https is not null) { urls.AddRange(e.Https.Redirects.Select(r => r.Location)); urls.Add(e.Https.FinalUri.ToString()); }
        if (e.Html is not null) urls.AddRange(e.Html.Links);
        foreach (var url in urls.Distinct())
        {
            if (CarriesSessionId(url)) { yield return HijackRules.SessionIdInUrl.ToFinding(target, $"URL carries a session id: {TextSafety.Truncate(url, 300)}"); break; }
        }
    }

    /// <summary>
    /// Every cookie the site set, once per name, domain and path: the auto session's jar (redirect hops included),
    /// the cookies browsers refuse, then the other session's (the http:// entry's hops) that the auto jar lacks.
    /// Cookies set on a redirect say so: their evidence names the hop.
    /// </summary>
    private static IEnumerable<(Cookies.SetCookie Cookie, string Origin)> AssessedCookies(HijackEvidence e)
    {
        var seen = new HashSet<(string, string, string)>();
        foreach (var list in new[] { e.Jar.Stored, e.Jar.Refused, e.OtherJar.Stored, e.OtherJar.Refused })
            foreach (var j in list)
                if (seen.Add((j.Cookie.Name, j.Domain, j.Path))) yield return (j.Cookie, j.OnRedirect ? $" (set on {j.Origin})" : "");
    }

    /// <summary>;jsessionid=... path parameters or session-named query parameters with an id-like value (6+ characters).</summary>
    public static bool CarriesSessionId(string url)
    {
        var text = url.Length > 4096 ? url[..4096] : url;
        var start = text.IndexOfAny(new[] { '?', ';' });
        if (start < 0) return false;
        foreach (var part in text[(start + 1)..].Split('#')[0].Split('&', ';', '?'))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) continue;
            var name = part[..eq];
            if (!s_sessionParameters.Contains(name) && !name.StartsWith("aspsessionid", StringComparison.OrdinalIgnoreCase)) continue;
            if (part.Length - eq - 1 >= 6) return true;
        }
        return false;
    }

    private static string Describe(Cookies.SetCookie c)
    {
        var attrs = new List<string>();
        if (c.Domain is not null) attrs.Add("Domain=" + c.Domain);
        if (c.Path is not null) attrs.Add("Path=" + c.Path);
        if (c.Secure) attrs.Add("Secure");
        if (c.HttpOnly) attrs.Add("HttpOnly");
        if (c.SameSite is not null) attrs.Add("SameSite=" + c.SameSite);
        return TextSafety.Truncate(c.Name, 80) + "=…" + (attrs.Count > 0 ? "; " + string.Join("; ", attrs) : ""); // value withheld: it may be a live session
    }

    private static IEnumerable<Finding> ContentChecks(string target, HijackEvidence e)
    {
        var auto = e.Auto!;
        var nosniff = auto.Header("X-Content-Type-Options");
        if (nosniff is null || !nosniff.Trim().Equals("nosniff", StringComparison.OrdinalIgnoreCase))
            yield return HijackRules.NoSniffMissing.ToFinding(target, nosniff is null ? "no X-Content-Type-Options header" : $"X-Content-Type-Options: {TextSafety.Truncate(nosniff, 100)}");

        if (e.AutoIsHtml && LooksLikeJson(auto.Text))
            yield return HijackRules.JsonAsHtml.ToFinding(target, $"Content-Type: {auto.ContentType}; body starts {TextSafety.Truncate(auto.Text.TrimStart(), 60)}");

        var referrer = ObservatoryGrader.ReferrerPolicy(e);
        if (referrer.Result is "referrer-policy-unsafe" or "referrer-policy-header-invalid")
        {
            var shown = string.Join(", ", auto.HeaderValues("Referrer-Policy").Concat(e.Html?.MetaReferrer is { } m ? new[] { m } : Array.Empty<string>()));
            yield return HijackRules.ReferrerPolicyUnsafe.ToFinding(target, $"Referrer-Policy: {TextSafety.Truncate(shown, 200)}");
        }

        if (e.AutoIsHtml && e.Html is not null)
        {
            var site = RegistrableDomain.Of(e.Host);
            var foreign = e.Html.Scripts.Where(s => (s.Src.StartsWith("//", StringComparison.Ordinal) || s.Src.Contains("://", StringComparison.Ordinal))
                    && (RegistrableDomain.OfUrl(s.Src) != site || s.Src.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || s.Src.StartsWith("//", StringComparison.Ordinal)))
                .Where(s => string.IsNullOrEmpty(s.Integrity) || s.Src.StartsWith("http:", StringComparison.OrdinalIgnoreCase)).ToList();
            if (foreign.Count > 0)
            {
                var insecure = foreign.Any(s => s.Src.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || s.Src.StartsWith("//", StringComparison.Ordinal));
                yield return HijackRules.SriMissing.ToFinding(target, "scripts: " + string.Join(", ", foreign.Take(10).Select(s => TextSafety.Truncate(s.Src, 150))),
                    severity: insecure ? Severity.Medium : null);
            }

            var protectedBySameSite = e.Cookies.Any(c => c.SameSiteRestricts);
            var unprotected = e.Html.Forms.Where(f => f.Method == "POST" && !f.HasCsrfToken).ToList();
            if (unprotected.Count > 0 && !protectedBySameSite)
                yield return HijackRules.CsrfUnprotectedForm.ToFinding(target,
                    "POST form(s) without anti-CSRF token: " + string.Join(", ", unprotected.Take(5).Select(f => $"action='{TextSafety.Truncate(f.Action, 100)}' fields=[{string.Join(",", f.Fields.Take(8))}]"))
                    + (e.Cookies.Count == 0 ? "; no cookie sets SameSite" : "; no cookie has SameSite=Lax/Strict"), confidence: Confidence.Tentative);
        }

        var coop = auto.Header("Cross-Origin-Opener-Policy")?.Trim().ToLowerInvariant();
        if (e.AutoIsHtml && coop is not ("same-origin" or "same-origin-allow-popups" or "noopener-allow-popups"))
            yield return HijackRules.CoopMissing.ToFinding(target, coop is null ? "no Cross-Origin-Opener-Policy header" : $"Cross-Origin-Opener-Policy: {TextSafety.Truncate(coop, 100)}");

        var corp = auto.Header("Cross-Origin-Resource-Policy")?.Trim().ToLowerInvariant();
        var coep = auto.Header("Cross-Origin-Embedder-Policy")?.Trim().ToLowerInvariant();
        var bad = new List<string>();
        if (corp is not null && corp is not ("same-origin" or "same-site" or "cross-origin")) bad.Add($"Cross-Origin-Resource-Policy: {TextSafety.Truncate(corp, 100)}");
        if (coep is not null && coep.Split(';')[0].Trim() is not ("require-corp" or "credentialless" or "unsafe-none")) bad.Add($"Cross-Origin-Embedder-Policy: {TextSafety.Truncate(coep, 100)}");
        if (bad.Count > 0) yield return HijackRules.CrossOriginPolicyInvalid.ToFinding(target, string.Join("; ", bad));
        if (corp == "cross-origin") yield return HijackRules.CorpCrossOrigin.ToFinding(target, "Cross-Origin-Resource-Policy: cross-origin");
    }

    private static bool LooksLikeJson(string text)
    {
        var t = text.TrimStart();
        if (t.Length == 0 || (t[0] != '{' && t[0] != '[')) return false;
        try { using var _ = System.Text.Json.JsonDocument.Parse(t.Length > 1_000_000 ? t[..1_000_000] : t); return true; }
        catch (System.Text.Json.JsonException) { return false; }
    }
}
