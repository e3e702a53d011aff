using ApiThreat.Engine.Rules;
using Microsoft.OpenApi;

namespace ApiThreat.Engine.Specs.Checks;

/// <summary>Operations whose responses show no throttling: no 429, a 429 without Retry-After, no rate-limit headers on success.</summary>
internal sealed class RateLimitResponseCheck : ICheck<SpecEvidence>
{
    private static readonly string[] s_rateLimitHeaders = { "RateLimit-Limit", "RateLimit", "RateLimit-Policy", "X-RateLimit-Limit", "X-Rate-Limit-Limit" };

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { SpecRules.No429Response, SpecRules.NoRetryAfter, SpecRules.NoRateLimitHeaders };

    public IEnumerable<Finding> Run(SpecEvidence evidence)
    {
        var findings = new LocatedFindings(evidence.Target);
        foreach (var op in evidence.Operations)
        {
            if (evidence.OutOfTime) break;
            var responses = op.Operation.Responses ?? new OpenApiResponses();
            if (!ErrorResponseCheck.Declares(responses, "429", "4XX"))
                findings.Add(SpecRules.No429Response, op.Location, "responses: " + string.Join(", ", responses.Keys));
            if (responses.TryGetValue("429", out var tooMany) && !SpecNames.HasHeader(tooMany, "Retry-After"))
                findings.Add(SpecRules.NoRetryAfter, op.Location, "429 declares no Retry-After header");
            var success = responses.Where(r => r.Key.StartsWith('2')).Select(r => r.Value).ToList();
            if (success.Count > 0 && !success.Any(r => SpecNames.HasHeader(r, s_rateLimitHeaders)))
                findings.Add(SpecRules.NoRateLimitHeaders, op.Location, "no RateLimit-*/X-RateLimit-* header on 2xx responses");
        }
        return findings.List;
    }
}
