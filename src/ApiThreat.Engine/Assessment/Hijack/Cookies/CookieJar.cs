using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack.Cookies;

/// <summary>A cookie as a session stored it: the parsed header, the URL whose response set it, and that response's status.</summary>
public sealed record JarCookie(SetCookie Cookie, Uri SetBy, int StatusCode, string Domain, string Path)
{
    /// <summary>Set on a 30x hop rather than on the final response.</summary>
    public bool OnRedirect => StatusCode is >= 300 and < 400;

    /// <summary>Where the cookie came from, for evidence: "the 302 from https://x/".</summary>
    public string Origin => $"the {StatusCode} from {TextSafety.Truncate(SetBy.GetLeftPart(UriPartial.Path), 200)}";
}

/// <summary>
/// The cookies a session ends up with after following a redirect chain, the way the HTTP Observatory's session
/// keeps them (a tough-cookie jar shared by every hop): each hop's Set-Cookie is stored when the hop's URL may set
/// it, and a cookie with the same name, domain and path replaces the earlier one in place (last wins, first
/// position kept); the same name under another path or domain is a second cookie. Cookies a browser refuses
/// (prefix rules, Secure over HTTP, a foreign Domain) are kept apart: they are findings, not jar entries.
/// </summary>
public sealed class CookieJar
{
    private const int MaxCookies = 200;
    private readonly List<JarCookie> _stored = new();
    private readonly List<JarCookie> _refused = new();

    /// <summary>What the session's jar holds, in first-set order.</summary>
    public IReadOnlyList<JarCookie> Stored => _stored;
    /// <summary>Cookies the site sent that a browser would not store (one per name, domain and path; the last sent).</summary>
    public IReadOnlyList<JarCookie> Refused => _refused;

    /// <summary>The jar of one fetched session: every redirect hop in order, then the final response.</summary>
    public static CookieJar Of(HttpProbeResult? session)
    {
        var jar = new CookieJar();
        if (session is null) return jar;
        foreach (var hop in session.Redirects) jar.AddAll(hop.SetCookies, hop.From, hop.StatusCode);
        jar.AddAll(session.HeaderValues("Set-Cookie"), session.FinalUri, session.StatusCode);
        return jar;
    }

    public void AddAll(IEnumerable<string> headers, Uri url, int status)
    {
        foreach (var raw in headers)
            if (SetCookie.Parse(raw) is { } cookie) Add(cookie, url, status);
    }

    public void Add(SetCookie cookie, Uri url, int status)
    {
        var host = url.IdnHost.ToLowerInvariant();
        var entry = new JarCookie(cookie, url, status, cookie.Domain ?? host, StorePath(cookie.Path, url.AbsolutePath));
        var list = cookie.AcceptedBy(host, url.Scheme == "https") ? _stored : _refused;
        var i = list.FindIndex(c => c.Cookie.Name == cookie.Name && c.Domain == entry.Domain && c.Path == entry.Path);
        if (i >= 0) list[i] = entry;
        else if (list.Count < MaxCookies) list.Add(entry);
    }

    /// <summary>The Path attribute when it is absolute, else the request's default path (RFC 6265 5.1.4).</summary>
    public static string StorePath(string? attribute, string requestPath)
    {
        if (!string.IsNullOrEmpty(attribute) && attribute[0] == '/') return attribute;
        if (string.IsNullOrEmpty(requestPath) || requestPath[0] != '/') return "/";
        var last = requestPath.LastIndexOf('/');
        return last <= 0 ? "/" : requestPath[..last];
    }
}
