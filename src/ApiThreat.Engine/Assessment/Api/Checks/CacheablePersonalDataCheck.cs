using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-API-013: personal data in a response that shared caches may store.</summary>
public sealed class CacheablePersonalDataCheck : ICheck<ApiEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.CacheablePersonalData };

    public IEnumerable<Finding> Run(ApiEvidence e)
    {
        foreach (var (r, _) in e.Responses)
        {
            if (!ResponseHeuristics.IsSuccess(r) || r.Method is "OPTIONS" or "HEAD") continue;
            var pii = ResponseHeuristics.PersonalDataKeys(r);
            if (pii.Count > 0 && ResponseHeuristics.IsCacheable(r, out var why))
                yield return e.Probe.Finding(ApiRules.CacheablePersonalData, r.RequestedUri.AbsolutePath, $"fields {string.Join(", ", pii)} in a cacheable response ({why})");
        }
    }
}
