using ApiThreat.Engine.Assessment.Hijack.Cookies;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>
/// ATR-HIJACK-015..019: the attributes of every cookie the site set (Secure, HttpOnly on sessions, SameSite, name
/// prefixes, parent-domain scope). Cookies set on a redirect say so: their evidence names the hop.
/// </summary>
public sealed class CookieCheck : ICheck<HijackEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[]
    {
        HijackRules.CookieNotSecure, HijackRules.CookieNotHttpOnly, HijackRules.CookieSameSite, HijackRules.CookiePrefix, HijackRules.CookieBroadScope,
    };

    public IEnumerable<Finding> Run(HijackEvidence e)
    {
        if (e.Auto is null) yield break;
        var target = e.Target;
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
    }

    /// <summary>
    /// Every cookie the site set, once per name, domain and path: the auto session's jar (redirect hops included),
    /// the cookies browsers refuse, then the other session's (the http:// entry's hops) that the auto jar lacks.
    /// </summary>
    private static IEnumerable<(SetCookie Cookie, string Origin)> AssessedCookies(HijackEvidence e)
    {
        var seen = new HashSet<(string, string, string)>();
        foreach (var list in new[] { e.Jar.Stored, e.Jar.Refused, e.OtherJar.Stored, e.OtherJar.Refused })
            foreach (var j in list)
                if (seen.Add((j.Cookie.Name, j.Domain, j.Path))) yield return (j.Cookie, j.OnRedirect ? $" (set on {j.Origin})" : "");
    }

    private static string Describe(SetCookie c)
    {
        var attrs = new List<string>();
        if (c.Domain is not null) attrs.Add("Domain=" + c.Domain);
        if (c.Path is not null) attrs.Add("Path=" + c.Path);
        if (c.Secure) attrs.Add("Secure");
        if (c.HttpOnly) attrs.Add("HttpOnly");
        if (c.SameSite is not null) attrs.Add("SameSite=" + c.SameSite);
        return TextSafety.Truncate(c.Name, 80) + "=…" + (attrs.Count > 0 ? "; " + string.Join("; ", attrs) : ""); // value withheld: it may be a live session
    }
}
