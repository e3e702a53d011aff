using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-API-012: a successful JSON list whose objects have consecutive small integer ids.</summary>
public sealed class SequentialIdCheck : ICheck<ApiEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.SequentialIds };

    public IEnumerable<Finding> Run(ApiEvidence e)
    {
        foreach (var (r, _) in e.Responses)
        {
            if (!ResponseHeuristics.IsSuccess(r) || r.Method is "OPTIONS" or "HEAD") continue;
            if (ResponseHeuristics.SequentialIds(r) is { } seq)
                yield return e.Probe.Finding(ApiRules.SequentialIds, r.RequestedUri.AbsolutePath, $"GET {r.RequestedUri.PathAndQuery} lists consecutive ids ({seq})", Confidence.Tentative);
        }
    }
}
