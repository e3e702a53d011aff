using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-API-011: no response of the API carried a rate-limit header or a 429.</summary>
public sealed class RateLimitSignalCheck : ICheck<ApiEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.NoRateLimitSignals };

    public IEnumerable<Finding> Run(ApiEvidence e)
    {
        var all = e.Responses;
        var api = all.Any(x => x.Response.StatusCode is >= 200 and < 500 && x.Response.StatusCode != 404);
        if (api && !all.Any(x => ResponseHeuristics.HasRateLimitHeaders(x.Response) || x.Response.StatusCode == 429))
            yield return e.Probe.Finding(ApiRules.NoRateLimitSignals, e.Request.Url.AbsolutePath,
                $"{all.Count} responses, none with RateLimit-*, X-RateLimit-* or Retry-After", Confidence.Tentative);
    }
}
