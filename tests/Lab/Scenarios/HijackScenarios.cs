using ApiThreat.Lab.Dns;
using ApiThreat.Lab.Web;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// Ground truth for Test-HijackSusceptibility: one host per behaviour, each a change from the clean A+ site.
/// ExpectedFindings are the default run's rule ids (CORS and session probes on); Expect carries the Observatory
/// grade and score worked out by hand from the published scoring table (algorithm v4), every test's result id,
/// and the findings of -Passive / -Active runs where they differ.
/// </summary>
[ScenarioSet]
public static class HijackScenarios
{
    /// <summary>The clean site's ten Observatory results (140 points: A+).</summary>
    public static readonly IReadOnlyDictionary<string, string> Baseline = new Dictionary<string, string>
    {
        ["content-security-policy"] = "csp-implemented-with-no-unsafe-default-src-none",
        ["cookies"] = "cookies-secure-with-httponly-sessions-and-samesite",
        ["cross-origin-resource-sharing"] = "cross-origin-resource-sharing-not-implemented",
        ["redirection"] = "redirection-to-https",
        ["referrer-policy"] = "referrer-policy-private",
        ["strict-transport-security"] = "hsts-implemented-max-age-at-least-six-months",
        ["subresource-integrity"] = "sri-implemented-and-all-scripts-loaded-securely",
        ["x-content-type-options"] = "x-content-type-options-nosniff",
        ["x-frame-options"] = "x-frame-options-implemented-via-csp",
        ["cross-origin-resource-policy"] = "corp-implemented-with-same-origin",
    };

    public const string LabSignatureFile = "tests/Lab/takeover-lab-signatures.json";
    /// <summary>The Lab's HSTS preload list (Chromium's format); the expectations below are those of runs given it.</summary>
    public const string LabPreloadFile = "tests/Lab/hsts-preload-lab.json";

    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        var zone = lab.Zone;
        LabScenario S(string name, string description, Action<HijackSite> configure, string[] findings, int score, string grade,
            Dictionary<string, string>? observatory = null, string[]? passive = null, string[]? active = null,
            CertKind cert = CertKind.Valid, IReadOnlyList<LabRecord>? records = null, IReadOnlyList<LabRecord>? extra = null, string? takeover = null)
        {
            var site = new HijackSite();
            configure(site);
            var results = new Dictionary<string, string>(Baseline);
            foreach (var (k, v) in observatory ?? new()) results[k] = v;
            var expect = new Dictionary<string, string[]>
            {
                ["Score"] = new[] { score.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ["Grade"] = new[] { grade },
                ["Observatory"] = results.Select(kv => $"{kv.Key}={kv.Value}").ToArray(),
                ["FindingsPassive"] = passive ?? findings,
                ["FindingsActive"] = active ?? findings,
            };
            if (takeover is not null) expect["TakeoverConfidence"] = new[] { takeover };
            return new LabScenario
            {
                Name = name, Area = "Hijack", Description = description, Certificate = cert,
                Handler = site.Handler(lab, lab.HostOf("hijack-clean")), ExpectedFindings = findings, Expect = expect,
                Records = records, ExtraRecords = extra ?? Array.Empty<LabRecord>(),
            };
        }
        var none = Array.Empty<string>();
        string[] R(params int[] ids) => ids.Select(i => $"ATR-HIJACK-{i:000}").ToArray();

        yield return S("hijack-clean", "Every protection on: the A+ site with no finding.", _ => { }, none, 140, "A+");
        var bench = S("hijack-bench", "The clean site, also on every <name>.hijack-bench host (wildcard DNS and certificate): the benchmark's 2,000 targets.",
            _ => { }, none, 140, "A+", cert: CertKind.Wildcard, extra: new[] { LabRecord.A("*." + lab.HostOf("hijack-bench"), "127.0.0.1") });
        yield return new LabScenario
        {
            Name = bench.Name, Area = bench.Area, Description = bench.Description, Certificate = bench.Certificate, Handler = bench.Handler,
            ExpectedFindings = bench.ExpectedFindings, Expect = bench.Expect, ExtraRecords = bench.ExtraRecords, ServesSubdomains = true,
        };
        yield return S("hijack-404", "The clean site answering 404 (the Observatory refuses it; we grade it).", s => s.Status = 404, none, 140, "A+");
        yield return S("hijack-badcert", "The clean site behind a self-signed certificate (the Observatory's client rejects it; we grade it).", _ => { }, none, 60, "C+",
            new() { ["strict-transport-security"] = "hsts-invalid-cert", ["redirection"] = "redirection-invalid-cert" }, cert: CertKind.SelfSigned);
        yield return S("hijack-fgrade", "Every header protection missing or unsafe: the F site.", s =>
        {
            foreach (var k in s.Headers.Keys.ToList()) s.Headers[k] = null;
            s.Headers["Referrer-Policy"] = "unsafe-url";
            s.Headers["Cross-Origin-Resource-Policy"] = "bogus";
            s.Cookies = new() { "sessionid={rand}" };
            s.Scripts = "<script src=\"http://cdn.outside.test/lib.js\"></script>";
            s.Form = "<form method=\"post\" action=\"/transfer\"><input name=\"amount\"><button>Send</button></form>";
            s.Http = HttpEntry.ServeContent;
            s.Cors = origin => (origin, true);
        }, R(1, 9, 11, 14, 15, 16, 17, 22, 23, 27, 30, 31, 32, 33, 34), 0, "F", new()
        {
            ["content-security-policy"] = "csp-not-implemented", ["cookies"] = "cookies-session-without-secure-flag",
            ["cross-origin-resource-sharing"] = "cross-origin-resource-sharing-implemented-with-universal-access", ["redirection"] = "redirection-missing",
            ["referrer-policy"] = "referrer-policy-unsafe", ["strict-transport-security"] = "hsts-not-implemented",
            ["subresource-integrity"] = "sri-not-implemented-and-external-scripts-not-loaded-securely",
            ["x-content-type-options"] = "x-content-type-options-not-implemented", ["x-frame-options"] = "x-frame-options-not-implemented",
            ["cross-origin-resource-policy"] = "corp-header-invalid",
        }, passive: R(1, 9, 11, 14, 15, 16, 17, 27, 30, 31, 32, 33, 34));

        // ---- CSP ----
        yield return S("hijack-csp-unsafe-inline", "script-src 'self' 'unsafe-inline'.",
            s => s.Headers["Content-Security-Policy"] = HijackSite.CleanCsp.Replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
            R(3), 80, "B+", new() { ["content-security-policy"] = "csp-implemented-with-unsafe-inline" });
        yield return S("hijack-csp-nonce", "Nonce + 'strict-dynamic' make 'unsafe-inline' and https: inert (no finding).",
            s => s.Headers["Content-Security-Policy"] = "script-src 'nonce-r4nd0m' 'unsafe-inline' 'strict-dynamic' https:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            none, 130, "A+", new() { ["content-security-policy"] = "csp-implemented-with-unsafe-inline-in-style-src-only" });
        yield return S("hijack-csp-eval", "script-src 'self' 'unsafe-eval'.",
            s => s.Headers["Content-Security-Policy"] = HijackSite.CleanCsp.Replace("script-src 'self'", "script-src 'self' 'unsafe-eval'"),
            R(4), 120, "A+", new() { ["content-security-policy"] = "csp-implemented-with-unsafe-eval" });
        yield return S("hijack-csp-wildcard", "script-src * data:.",
            s => s.Headers["Content-Security-Policy"] = HijackSite.CleanCsp.Replace("script-src 'self'", "script-src * data:"),
            R(5), 80, "B+", new() { ["content-security-policy"] = "csp-implemented-with-unsafe-inline" });
        yield return S("hijack-csp-no-object-base", "A CSP without object-src, default-src or base-uri.",
            s => s.Headers["Content-Security-Policy"] = "script-src 'self'; style-src 'self'; frame-ancestors 'none'",
            R(6, 7), 80, "B+", new() { ["content-security-policy"] = "csp-implemented-with-unsafe-inline" });
        yield return S("hijack-csp-report-only", "Only Content-Security-Policy-Report-Only (XFO DENY keeps framing safe).", s =>
        {
            s.Headers["Content-Security-Policy"] = null;
            s.Headers["Content-Security-Policy-Report-Only"] = HijackSite.CleanCsp;
        }, R(2), 75, "B", new() { ["content-security-policy"] = "csp-not-implemented-but-reporting-enabled", ["x-frame-options"] = "x-frame-options-sameorigin-or-deny" });
        yield return S("hijack-csp-duplicate", "script-src given twice (the second is ignored by browsers; the Observatory calls it invalid).",
            s => s.Headers["Content-Security-Policy"] = HijackSite.CleanCsp.Replace("script-src 'self';", "script-src 'self'; script-src 'unsafe-inline';"),
            R(8), 75, "B", new() { ["content-security-policy"] = "csp-header-invalid", ["x-frame-options"] = "x-frame-options-sameorigin-or-deny" });
        yield return S("hijack-csp-report-dup", "report-uri given twice (allowed by the Observatory, still a warning).",
            s => s.Headers["Content-Security-Policy"] = HijackSite.CleanCsp + "; report-uri /csp1; report-uri /csp2",
            R(8), 130, "A+", new() { ["content-security-policy"] = "csp-implemented-but-duplicate-directives" });
        yield return S("hijack-csp-meta", "The policy only in <meta http-equiv>, with frame-ancestors (ignored there); XFO DENY in the header.", s =>
        {
            s.Headers["Content-Security-Policy"] = null;
            s.HeadExtra = $"<meta http-equiv=\"Content-Security-Policy\" content=\"{HijackSite.CleanCsp}\">";
        }, R(8), 140, "A+");

        // ---- framing ----
        yield return S("hijack-xfo-conflict", "XFO DENY but frame-ancestors allows a partner.",
            s => s.Headers["Content-Security-Policy"] = HijackSite.CleanCsp.Replace("frame-ancestors 'none'", "frame-ancestors https://partner.outside.test"),
            R(10), 140, "A+");
        yield return S("hijack-xfo-invalid", "XFO ALLOWALL (ignored) and no frame-ancestors.", s =>
        {
            s.Headers["Content-Security-Policy"] = HijackSite.CleanCsp.Replace(" frame-ancestors 'none';", "");
            s.Headers["X-Frame-Options"] = "ALLOWALL";
        }, R(9, 10), 80, "B+", new() { ["x-frame-options"] = "x-frame-options-header-invalid" });

        // ---- HSTS and redirection ----
        yield return S("hijack-hsts-short", "HSTS max-age=3600.", s => s.Headers["Strict-Transport-Security"] = "max-age=3600",
            R(12), 130, "A+", new() { ["strict-transport-security"] = "hsts-implemented-max-age-less-than-six-months" });
        yield return S("hijack-hsts-nopreload", "HSTS one year, without includeSubDomains or preload.", s => s.Headers["Strict-Transport-Security"] = "max-age=31536000",
            R(13), 140, "A+");
        yield return S("hijack-hsts-invalid", "HSTS without max-age.", s => s.Headers["Strict-Transport-Security"] = "includeSubDomains; preload",
            R(12), 80, "B+", new() { ["strict-transport-security"] = "hsts-header-invalid" });
        var preloaded = S("hijack-hsts-preloaded", "On the Lab's HSTS preload list (force-https): no Strict-Transport-Security header and http:// serves the page "
            + "without redirecting, yet browsers only ever use HTTPS. The Observatory gives hsts-preloaded (+5) and redirection-all-redirects-preloaded; no finding.", s =>
        {
            s.Headers["Strict-Transport-Security"] = null;
            s.Http = HttpEntry.ServeContent;
        }, none, 145, "A+", new() { ["strict-transport-security"] = "hsts-preloaded", ["redirection"] = "redirection-all-redirects-preloaded" });
        // Without the Lab list (the module's, which does not name it) the same host is graded on its headers.
        preloaded.Expect["NotPreloadedScore"] = new[] { "60" };
        preloaded.Expect["NotPreloadedGrade"] = new[] { "C+" };
        preloaded.Expect["NotPreloadedFindings"] = R(11, 14);
        preloaded.Expect["NotPreloadedObservatory"] = new[] { "strict-transport-security=hsts-not-implemented", "redirection=redirection-missing" };
        yield return preloaded;
        yield return S("hijack-redirect-offhost", "http:// redirects straight to HTTPS on another host.", s => s.Http = HttpEntry.RedirectOffHost,
            R(14), 135, "A+", new() { ["redirection"] = "redirection-off-host-from-http" });
        yield return S("hijack-redirect-via-http", "http:// redirects to another http:// URL before HTTPS.", s => s.Http = HttpEntry.RedirectViaHttp,
            R(14), 130, "A+", new() { ["redirection"] = "redirection-not-to-https-on-initial-redirection" });

        // ---- cookies and sessions ----
        yield return S("hijack-cookie-insecure", "Session cookie without Secure (HSTS on).", s => s.Cookies = new() { "sessionid={rand}; Path=/; HttpOnly; SameSite=Lax" },
            R(15), 125, "A+", new() { ["cookies"] = "cookies-session-without-secure-flag-but-protected-by-hsts" });
        yield return S("hijack-cookie-httponly", "Session cookie without HttpOnly.", s => s.Cookies = new() { "PHPSESSID={rand}; Path=/; Secure; SameSite=Lax" },
            R(16), 70, "B", new() { ["cookies"] = "cookies-session-without-httponly-flag" });
        yield return S("hijack-cookie-csrf-samesite", "Anti-CSRF cookie without SameSite.", s => s.Cookies = new() { "csrftoken={rand}; Path=/; Secure" },
            R(17), 80, "B+", new() { ["cookies"] = "cookies-anticsrf-without-samesite-flag" });
        yield return S("hijack-cookie-samesite-none", "SameSite=None without Secure.", s => s.Cookies = new() { "prefs={rand}; Path=/; SameSite=None" },
            R(15, 17), 80, "B+", new() { ["cookies"] = "cookies-samesite-flag-invalid" });
        yield return S("hijack-cookie-prefix", "__Host- cookie with Path=/app (rejected by browsers).", s => s.Cookies = new() { "__Host-session={rand}; Path=/app; Secure; HttpOnly; SameSite=Strict" },
            R(18), 135, "A+", new() { ["cookies"] = "cookies-not-found" });
        yield return S("hijack-cookie-domain", "Session cookie scoped to the parent domain.", s => s.Cookies = new() { $"session={{rand}}; Domain={zone}; Path=/; Secure; HttpOnly; SameSite=Lax" },
            R(19), 140, "A+");
        yield return S("hijack-cookie-hop", "https:// answers 302 to /home and sets an insecure session cookie on that redirect only; the http:// 301 sets an insecure "
            + "cookie too. The Observatory's session keeps its jar across redirects, so the 302's cookie is graded (the http:// session's is not: HTTPS answered).", s =>
        {
            s.HttpsLanding = "/home";
            s.HttpsHopCookies = new() { "sessionid={rand}; Path=/; HttpOnly; SameSite=Lax" };
            s.HttpHopCookies = new() { "lang=en; Path=/" };
        }, R(15), 125, "A+", new() { ["cookies"] = "cookies-session-without-secure-flag-but-protected-by-hsts" });
        yield return S("hijack-cookie-hop-reset", "The 302 sets insecure sessionid (Path=/) and theme (Path=/app); the final page sets both again with Secure at Path=/. "
            + "Same name, domain and path replaces (sessionid is secure in the jar); another path is a second cookie (theme at /app stays insecure).", s =>
        {
            s.HttpsLanding = "/home";
            s.HttpsHopCookies = new() { "sessionid={rand}; Path=/; HttpOnly; SameSite=Lax", "theme=dark; Path=/app" };
            s.Cookies = new() { "__Host-session={rand}; Path=/; Secure; HttpOnly; SameSite=Strict", "sessionid={rand}; Path=/; Secure; HttpOnly; SameSite=Lax", "theme=dark; Path=/; Secure; SameSite=Lax" };
        }, R(15), 130, "A+", new() { ["cookies"] = "cookies-without-secure-flag-but-protected-by-hsts" });
        yield return S("hijack-session-url", "Links carry ;jsessionid= in the URL.", s => s.BodyExtra = "<a href=\"/account;jsessionid=0123456789ABCDEF\">account</a>",
            R(20), 140, "A+");
        yield return S("hijack-fixation", "Adopts a JSESSIONID chosen by the client and sends it back.", s =>
        {
            s.Cookies = new() { "JSESSIONID={rand}; Path=/; Secure; HttpOnly; SameSite=Lax" };
            s.CookieTransform = (ctx, value) => ctx.Request.Cookies.TryGetValue("JSESSIONID", out var sent) && sent.Length > 0
                ? $"JSESSIONID={sent}; Path=/; Secure; HttpOnly; SameSite=Lax" : value;
        }, R(21), 140, "A+", passive: none);

        // ---- CORS ----
        yield return S("hijack-cors-reflect", "Reflects any Origin, with credentials (Origin: null included, reported on its own).", s => s.Cors = o => (o, true),
            R(22, 23), 50, "C", new() { ["cross-origin-resource-sharing"] = "cross-origin-resource-sharing-implemented-with-universal-access" }, passive: none);
        yield return S("hijack-cors-null", "Trusts Origin: null, with credentials.", s => s.Cors = o => o == "null" ? (o, true) : (null, false),
            R(23), 140, "A+", passive: none);
        var prefixHost = lab.HostOf("hijack-cors-prefix");
        yield return S("hijack-cors-prefix", "Trusts origins that start with its own origin (victim.com.evil.net).",
            s => s.Cors = o => o.StartsWith("https://" + prefixHost, StringComparison.Ordinal) ? (o, true) : (null, false), R(24), 140, "A+", passive: none);
        yield return S("hijack-cors-suffix", "Trusts origins that end with the site's domain (evil-victim.com), so also every subdomain.",
            s => s.Cors = o => o.StartsWith("https://", StringComparison.Ordinal) && o.EndsWith("apithreat.test", StringComparison.Ordinal) ? (o, true) : (null, false),
            R(24, 25), 140, "A+", passive: none);
        var substringHost = lab.HostOf("hijack-cors-substring");
        yield return S("hijack-cors-substring", "Trusts https origins that merely contain its host name.",
            s => s.Cors = o => o.StartsWith("https://", StringComparison.Ordinal) && o.Contains(substringHost, StringComparison.Ordinal) ? (o, true) : (null, false),
            R(24, 25), 140, "A+", passive: none);
        var subHost = lab.HostOf("hijack-cors-subdomain");
        yield return S("hijack-cors-subdomain", "Trusts exactly its https subdomains.",
            s => s.Cors = o => Uri.TryCreate(o, UriKind.Absolute, out var u) && u.Scheme == "https" && u.Host.EndsWith("." + subHost, StringComparison.Ordinal) ? (o, true) : (null, false),
            R(25), 140, "A+", passive: none);
        var httpHost = lab.HostOf("hijack-cors-http");
        yield return S("hijack-cors-http", "The HTTPS site trusts its own http:// origin.",
            s => s.Cors = o => o.StartsWith("http://" + httpHost, StringComparison.Ordinal) ? (o, true) : (null, false), R(26), 140, "A+", passive: none);
        yield return S("hijack-cors-public", "Access-Control-Allow-Origin: * without credentials on a document: public, an Info finding (ATR-EXPO-015).", s => s.Cors = _ => ("*", false),
            new[] { "ATR-EXPO-015" }, 140, "A+", new() { ["cross-origin-resource-sharing"] = "cross-origin-resource-sharing-implemented-with-public-access" });

        // ---- content, CSRF, referrer, SRI, isolation ----
        yield return S("hijack-json-html", "JSON served as text/html.", s => s.Body = "{\"user\":\"<b>x</b>\",\"id\":1}",
            R(28), 135, "A+", new() { ["subresource-integrity"] = "sri-not-implemented-but-no-scripts-loaded" });
        yield return S("hijack-nosniff-invalid", "X-Content-Type-Options: sniff.", s => s.Headers["X-Content-Type-Options"] = "sniff",
            R(27), 135, "A+", new() { ["x-content-type-options"] = "x-content-type-options-header-invalid" });
        yield return S("hijack-reflect", "Echoes the query string into the page unencoded (found only with -Active).",
            s => s.Transform = (ctx, page) => page.Replace("<h1>Lab</h1>", "<h1>Lab</h1><p>You searched: " + string.Join(" ", ctx.Request.Query.Select(q => q.Value.ToString())) + "</p>"),
            none, 140, "A+", active: R(29));
        yield return S("hijack-csrf", "A POST form without token; no cookie has SameSite.", s =>
        {
            s.Cookies = new() { "theme=dark; Path=/; Secure" };
            s.Form = "<form method=\"POST\" action=\"/account/email\"><input name=\"email\"><button>Change</button></form>";
        }, R(30), 135, "A+", new() { ["cookies"] = "cookies-secure-with-httponly-sessions" });
        yield return S("hijack-referrer-unsafe", "Referrer-Policy: unsafe-url.", s => s.Headers["Referrer-Policy"] = "unsafe-url",
            R(31), 130, "A+", new() { ["referrer-policy"] = "referrer-policy-unsafe" });
        yield return S("hijack-sri-external", "A third-party script over HTTPS without integrity.",
            s => s.Scripts = HijackSite.SriScript + "<script src=\"https://cdn.outside.test/lib.js\"></script>",
            R(32), 130, "A+", new() { ["subresource-integrity"] = "sri-not-implemented-but-external-scripts-loaded-securely" });
        yield return S("hijack-coop-missing", "No Cross-Origin-Opener-Policy.", s => s.Headers["Cross-Origin-Opener-Policy"] = null, R(33), 140, "A+");
        yield return S("hijack-corp-cross", "Cross-Origin-Resource-Policy: cross-origin.", s => s.Headers["Cross-Origin-Resource-Policy"] = "cross-origin",
            R(35), 130, "A+", new() { ["cross-origin-resource-policy"] = "corp-implemented-with-cross-origin" });
        yield return S("hijack-coep-invalid", "Cross-Origin-Embedder-Policy: bogus.", s => s.Headers["Cross-Origin-Embedder-Policy"] = "bogus", R(34), 140, "A+");

        // ---- subdomain takeover (patterns of tests/Lab/takeover-lab-signatures.json stand for the real providers) ----
        const string svc = "svc." + LabHost.OutsideZone;
        string[] T(int id) => new[] { $"ATR-TAKEOVER-{id:000}" };
        LabScenario Takeover(string name, string description, string cnameTarget, bool exists, string? body, int status, string[] findings, string? confidence, int score = 135, string grade = "A+")
        {
            var host = lab.HostOf(name);
            var scenario = S(name, description, s => { if (body is not null) { s.Body = body; s.Status = status; } }, findings, score, grade,
                body is null ? null : new() { ["subresource-integrity"] = "sri-not-implemented-but-no-scripts-loaded" },
                records: new[] { LabRecord.Cname(host, cnameTarget) },
                extra: exists ? new[] { LabRecord.A(cnameTarget, "127.0.0.1") } : null, takeover: confidence);
            if (!exists) { scenario.Expect["Score"] = new[] { "0" }; scenario.Expect["Grade"] = new[] { "" }; }
            return scenario;
        }
        yield return Takeover("takeover-heroku", "CNAME to a Heroku-like app that answers 'No such app' (edge case: Potential).",
            $"ghost-app.herokuapp.{svc}", true, "<html><body><iframe src=\"//www.herokucdn.com/error-pages/no-such-app.html\"></iframe>No such app</body></html>", 404, T(1), "Potential");
        yield return Takeover("takeover-s3", "CNAME to an S3-like bucket endpoint answering NoSuchBucket (Confirmed).",
            $"media.s3.{svc}", true, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>", 404, T(1), "Confirmed");
        yield return Takeover("takeover-azure", "CNAME to an Azure-like name that is NXDOMAIN (the provider's rule: Confirmed).",
            $"gone-site.azurewebsites.{svc}", false, null, 0, T(1), "Confirmed");
        yield return Takeover("takeover-shopify", "CNAME to a Shopify-like shop page; the provider verifies domains (Unlikely).",
            $"shop.myshopify.{svc}", true, "<html><body><h1>Sorry, this shop is currently unavailable.</h1></body></html>", 200, T(1), "Unlikely");
        yield return Takeover("takeover-dangling", "CNAME to a name no provider signature knows, which does not exist.",
            $"retired.{LabHost.OutsideZone}", false, null, 0, T(3), "Potential");
        yield return Takeover("takeover-live", "CNAME to a Heroku-like app that exists and serves the clean site (no finding).",
            $"live-app.herokuapp.{svc}", true, null, 200, none, null, 140, "A+");
        var nsHost = lab.HostOf("takeover-ns");
        yield return S("takeover-ns", "Delegated (NS) to name servers whose names do not exist.", _ => { }, T(2), 140, "A+",
            records: new[] { LabRecord.A(nsHost, "127.0.0.1"), LabRecord.Ns(nsHost, $"ns1.expired-dns.{LabHost.OutsideZone}"), LabRecord.Ns(nsHost, $"ns2.expired-dns.{LabHost.OutsideZone}") },
            takeover: "Confirmed");
    }
}
