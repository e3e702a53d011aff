using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-API-011: no response of the API carried a rate-limit header or a 429. An API that answered nothing but
/// authentication challenges (401, 407: every path behind a password) showed none of its own behaviour to judge.
/// </summary>
public sealed class RateLimitSignalCheck : ICheck<ApiEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.NoRateLimitSignals };

    public IEnumerable<Finding> Run(ApiEvidence e)
    {
        var all = e.Responses;
        var api = all.Any(x => x.Response.StatusCode is >= 200 and < 500 and not (404 or 401 or 407));
        if (api && !all.Any(x => ResponseHeuristics.HasRateLimitHeaders(x.Response) || x.Response.StatusCode == 429))
            yield return e.Probe.Finding(ApiRules.NoRateLimitSignals, e.Request.Url.AbsolutePath,
                $"{all.Count} responses, none with RateLimit-*, X-RateLimit-* or Retry-After", Confidence.Tentative);
    }
}
