using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>ATR-HIJACK-020: a session id in a URL of the redirect route or a link of the page (;jsessionid=, ?PHPSESSID=...).</summary>
public sealed class SessionIdInUrlCheck : ICheck<HijackEvidence>
{
    private static readonly HashSet<string> s_sessionParameters = new(StringComparer.OrdinalIgnoreCase)
    { "jsessionid", "phpsessid", "sessionid", "session_id", "sid", "cfid", "cftoken", "aspsessionid" };

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { HijackRules.SessionIdInUrl };

    public IEnumerable<Finding> Run(HijackEvidence e)
    {
        if (e.Auto is null) yield break;
        var urls = new List<string>();
        urls.AddRange(e.HttpRoute.Select(r => r.Url.ToString()));
        if (e.Https is not null) { urls.AddRange(e.Https.Redirects.Select(r => r.Location)); urls.Add(e.Https.FinalUri.ToString()); }
        if (e.Html is not null) urls.AddRange(e.Html.Links);
        var url = urls.Distinct().FirstOrDefault(CarriesSessionId);
        if (url is not null) yield return HijackRules.SessionIdInUrl.ToFinding(e.Target, $"URL carries a session id: {TextSafety.Truncate(url, 300)}");
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
}
