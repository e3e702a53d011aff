using System.Net.Security;
using ApiThreat.Engine.Assessment.Hijack.Content;
using ApiThreat.Engine.Assessment.Hijack.Cookies;
using ApiThreat.Engine.Assessment.Hijack.Observatory;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Assessment.Hijack;

/// <summary>One URL of the HTTP entry point's redirect route, with the status it answered (0 = not fetched).</summary>
public sealed record RouteEntry(Uri Url, int StatusCode);

/// <summary>
/// Everything fetched about one site, mirroring what the HTTP Observatory retrieves: the HTTPS and HTTP sessions
/// (each following redirects), the "auto" response (HTTPS if it answered, else HTTP), the CORS preflight, the
/// page's HTML facts and the cookies the session was given.
/// </summary>
public sealed class HijackEvidence
{
    public required string Host { get; init; }
    public required Uri HttpsUrl { get; init; }
    public required Uri HttpUrl { get; init; }
    public HttpProbeResult? Https { get; init; }
    public string? HttpsError { get; init; }
    public HttpProbeResult? Http { get; init; }
    public string? HttpError { get; init; }
    /// <summary>The HTTP session's route: the first URL, then each URL it was sent to.</summary>
    public IReadOnlyList<RouteEntry> HttpRoute { get; init; } = Array.Empty<RouteEntry>();
    public HttpProbeResult? Cors { get; init; }
    public string CorsOrigin { get; init; } = "";
    public HtmlFacts? Html { get; init; }
    public bool HtmlUnparseable { get; init; }
    /// <summary>The auto session's cookie jar: every Set-Cookie of its redirect hops and final response (what the Observatory grades).</summary>
    public CookieJar Jar { get; init; } = new();
    /// <summary>The other session's jar (the HTTP entry's when HTTPS answered): cookies set on the http:// hops.</summary>
    public CookieJar OtherJar { get; init; } = new();
    /// <summary>The auto response's own Set-Cookie headers, raw (the Observatory's SameSite syntax check reads only these).</summary>
    public IReadOnlyList<string> RawSetCookies { get; init; } = Array.Empty<string>();
    public HstsPreloadList Preload { get; init; } = HstsPreloadList.Empty;

    /// <summary>The site's host is on the HSTS preload list (browsers that ship it never speak plain HTTP to it).</summary>
    public bool HostPreloaded => Preload.IsPreloaded(Host);
    /// <summary>Every host of the http:// route is preloaded: a browser never sends any of those plain-HTTP requests.</summary>
    public bool RoutePreloaded => HttpRoute.Count > 0 && HttpRoute.All(r => Preload.IsPreloaded(r.Url.IdnHost));

    /// <summary>The cookies the auto session's jar holds.</summary>
    public IReadOnlyList<SetCookie> Cookies => _cookies ??= Jar.Stored.Select(c => c.Cookie).ToList();
    private List<SetCookie>? _cookies;

    public HttpProbeResult? Auto => Https ?? Http;
    /// <summary>What findings about the page name: the auto response's final URL without its query.</summary>
    public string Target => Auto is { } auto ? auto.FinalUri.GetLeftPart(UriPartial.Path) : HttpsUrl.ToString();

    /// <summary>Every policy that applies to the page: header, &lt;meta http-equiv&gt; (HTML only) and report-only.</summary>
    public IReadOnlyList<Csp.CspPolicy> Policies => _policies ??= ReadPolicies();
    private List<Csp.CspPolicy>? _policies;

    private List<Csp.CspPolicy> ReadPolicies()
    {
        var list = new List<Csp.CspPolicy>();
        if (Auto is not { } auto) return list;
        foreach (var v in auto.HeaderValues("Content-Security-Policy")) list.AddRange(Csp.CspPolicy.ParseHeader(v, Csp.CspDelivery.Header));
        if (AutoIsHtml && Html is not null) foreach (var m in Html.MetaCsp) list.AddRange(Csp.CspPolicy.ParseHeader(m, Csp.CspDelivery.Meta));
        foreach (var v in auto.HeaderValues("Content-Security-Policy-Report-Only")) list.AddRange(Csp.CspPolicy.ParseHeader(v, Csp.CspDelivery.ReportOnly));
        return list;
    }
    /// <summary>The URL the auto session started from (the Observatory's session.url).</summary>
    public Uri? AutoUrl => Https is not null ? HttpsUrl : Http is not null ? HttpUrl : null;
    public bool HttpsVerified => Https is not null && Https.CertificateErrors == SslPolicyErrors.None;
    /// <summary>The HTTP session's TLS, if its redirects reached HTTPS, validated.</summary>
    public bool HttpVerified => Http is not null && (Http.FinalUri.Scheme != "https" || Http.CertificateErrors == SslPolicyErrors.None);
    public bool AutoVerified => Https is not null ? HttpsVerified : HttpVerified;
    /// <summary>
    /// The page is a document a browser renders (HTML, XHTML, SVG, XML, or no declared type): the headers that only
    /// govern documents (CSP, framing) matter for it; JSON, images and plain text cannot run script or be framed usefully.
    /// </summary>
    public bool AutoIsDocument
    {
        get
        {
            var type = (Auto?.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
            return type is "" or "text/html" or "application/xhtml+xml" or "image/svg+xml" or "text/xml" or "application/xml";
        }
    }

    public bool AutoIsHtml
    {
        get
        {
            var type = (Auto?.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
            return type is "text/html" or "application/xhtml+xml";
        }
    }
}
