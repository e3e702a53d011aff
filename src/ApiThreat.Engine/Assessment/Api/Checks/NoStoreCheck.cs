using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-API-014: a response to an authenticated request, or one that hands out tokens, without Cache-Control: no-store.</summary>
public sealed class NoStoreCheck : ICheck<ApiEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.AuthenticatedNoStore };

    public IEnumerable<Finding> Run(ApiEvidence e)
    {
        foreach (var (r, authenticated) in e.Responses)
        {
            if (!ResponseHeuristics.IsSuccess(r) || r.Method is "OPTIONS" or "HEAD") continue;
            var tokens = ResponseHeuristics.TokenKeys(r);
            if ((authenticated || tokens.Count > 0) && !ResponseHeuristics.HasNoStore(r))
                yield return e.Probe.Finding(ApiRules.AuthenticatedNoStore, r.RequestedUri.AbsolutePath,
                    (authenticated ? "response to an authenticated request" : $"response carries {string.Join(", ", tokens)}") +
                    $" without Cache-Control: no-store (Cache-Control: {TextSafety.Truncate(string.Join(",", r.HeaderValues("Cache-Control")), 80)})");
        }
    }
}
