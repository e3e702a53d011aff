using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>ATR-HIJACK-014: the http:// entry of a site that has HTTPS does not go straight to HTTPS on the same host.</summary>
public sealed class RedirectionCheck : ICheck<HijackEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { HijackRules.RedirectionWeak };

    public IEnumerable<Finding> Run(HijackEvidence e)
    {
        if (e.Http is null || e.Https is null || e.RoutePreloaded) yield break;
        var route = e.HttpRoute;
        var chain = string.Join(" -> ", route.Select(r => r.Url.ToString()));
        string? problem = null;
        if (route.Count <= 1) problem = $"http:// answers {e.Http.StatusCode} without redirecting to https://";
        else if (route[^1].Url.Scheme != "https") problem = $"the redirects end on plain HTTP: {chain}";
        else if (route[1].Url.Scheme == "http") problem = $"the first redirect stays on plain HTTP: {chain}";
        else if (!string.Equals(route[0].Url.Host, route[1].Url.Host, StringComparison.OrdinalIgnoreCase))
            problem = $"the first redirect leaves the host, so HSTS for {route[0].Url.Host} is never set: {chain}";
        if (problem is not null) yield return HijackRules.RedirectionWeak.ToFinding(e.HttpUrl.ToString(), problem);
    }
}
