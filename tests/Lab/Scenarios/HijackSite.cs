using Microsoft.AspNetCore.Http;

namespace ApiThreat.Lab.Scenarios;

/// <summary>How a hijack Lab host answers plain HTTP.</summary>
public enum HttpEntry { RedirectToHttps, ServeContent, RedirectOffHost, RedirectViaHttp }

/// <summary>
/// A configurable web site for the hijack scenarios: starts from the clean A+ site (every protection on) and each
/// scenario changes one behaviour. Values are per response (random session ids), so probes see a live site.
/// </summary>
public sealed class HijackSite
{
    public const string CleanCsp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    public const string SriScript = "<script src=\"/app.js\" integrity=\"sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC\" crossorigin=\"anonymous\"></script>";
    public const string TokenForm = "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf_token\" value=\"t0k3n\"><input name=\"user\"><button>Sign in</button></form>";

    public Dictionary<string, string?> Headers { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Content-Security-Policy"] = CleanCsp,
        ["X-Frame-Options"] = "DENY",
        ["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains; preload",
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
        ["Cross-Origin-Resource-Policy"] = "same-origin",
        ["Cross-Origin-Opener-Policy"] = "same-origin",
        ["Cross-Origin-Embedder-Policy"] = "require-corp",
    };

    /// <summary>Set-Cookie values; {rand} becomes a fresh random value per response.</summary>
    public List<string> Cookies { get; set; } = new() { "__Host-session={rand}; Path=/; Secure; HttpOnly; SameSite=Strict" };
    public string HeadExtra { get; set; } = "";
    public string Scripts { get; set; } = SriScript;
    public string Form { get; set; } = TokenForm;
    public string BodyExtra { get; set; } = "";
    /// <summary>Replaces the whole HTML page (fingerprint pages, JSON bodies).</summary>
    public string? Body { get; set; }
    public string ContentType { get; set; } = "text/html; charset=utf-8";
    public int Status { get; set; } = 200;
    public HttpEntry Http { get; set; } = HttpEntry.RedirectToHttps;
    /// <summary>Set-Cookie values on the http:// entry's 301 to HTTPS ({rand} as in <see cref="Cookies"/>).</summary>
    public List<string> HttpHopCookies { get; set; } = new();
    /// <summary>When set, https://host/ answers 302 to this path (the page lives there) with <see cref="HttpsHopCookies"/>.</summary>
    public string? HttpsLanding { get; set; }
    public List<string> HttpsHopCookies { get; set; } = new();
    /// <summary>Given the request's Origin, the Access-Control-Allow-Origin to send (null = none) and whether credentials are allowed.</summary>
    public Func<string, (string? Allow, bool Credentials)>? Cors { get; set; }
    /// <summary>Rewrites the page from the request (reflection, fixation).</summary>
    public Func<HttpContext, string, string>? Transform { get; set; }
    /// <summary>Rewrites a Set-Cookie value from the request (fixation: adopt the client's id).</summary>
    public Func<HttpContext, string, string>? CookieTransform { get; set; }

    public RequestDelegate Handler(LabContext lab, string? offHost = null) => async ctx =>
    {
        var request = ctx.Request;
        var host = request.Host.Host;
        if (!request.IsHttps)
        {
            switch (Http)
            {
                case HttpEntry.RedirectToHttps:
                    SetCookies(ctx, HttpHopCookies);
                    Redirect(ctx, $"https://{host}:{lab.HttpsPort}{request.Path}{request.QueryString}");
                    return;
                case HttpEntry.RedirectOffHost:
                    Redirect(ctx, $"https://{offHost}:{lab.HttpsPort}/");
                    return;
                case HttpEntry.RedirectViaHttp:
                    Redirect(ctx, request.Path == "/step" ? $"https://{host}:{lab.HttpsPort}/" : $"http://{host}:{lab.HttpPort}/step");
                    return;
            }
        }
        if (request.IsHttps && HttpsLanding is not null && request.Path == "/")
        {
            SetCookies(ctx, HttpsHopCookies);
            Redirect(ctx, HttpsLanding, 302);
            return;
        }
        foreach (var (name, value) in Headers)
        {
            if (value is null) continue;
            if (name.Equals("Strict-Transport-Security", StringComparison.OrdinalIgnoreCase) && !request.IsHttps) continue;
            ctx.Response.Headers.Append(name, value);
        }
        foreach (var cookie in Cookies)
        {
            var value = cookie.Replace("{rand}", Guid.NewGuid().ToString("N"), StringComparison.Ordinal);
            if (CookieTransform is not null) value = CookieTransform(ctx, value);
            ctx.Response.Headers.Append("Set-Cookie", value);
        }
        if (Cors is not null && request.Headers.Origin.ToString() is { Length: > 0 } origin)
        {
            var (allow, credentials) = Cors(origin);
            if (allow is not null)
            {
                ctx.Response.Headers["Access-Control-Allow-Origin"] = allow;
                if (credentials) ctx.Response.Headers["Access-Control-Allow-Credentials"] = "true";
                ctx.Response.Headers["Vary"] = "Origin";
            }
        }
        ctx.Response.StatusCode = Status;
        ctx.Response.ContentType = ContentType;
        var page = Body ?? $"<!doctype html><html><head><title>{host}</title>{HeadExtra}{Scripts}</head><body><h1>Lab</h1>{Form}{BodyExtra}</body></html>";
        if (Transform is not null) page = Transform(ctx, page);
        if (!HttpMethods.IsHead(request.Method)) await ctx.Response.WriteAsync(page);
    };

    private static void SetCookies(HttpContext ctx, List<string> cookies)
    {
        foreach (var cookie in cookies) ctx.Response.Headers.Append("Set-Cookie", cookie.Replace("{rand}", Guid.NewGuid().ToString("N"), StringComparison.Ordinal));
    }

    private static void Redirect(HttpContext ctx, string location, int status = 301)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.Headers.Location = location;
    }
}
