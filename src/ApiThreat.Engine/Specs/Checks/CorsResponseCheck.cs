using ApiThreat.Engine.Rules;
using Microsoft.OpenApi;

namespace ApiThreat.Engine.Specs.Checks;

/// <summary>Operations whose responses leave the cross-origin policy undocumented (no Access-Control-Allow-Origin).</summary>
internal sealed class CorsResponseCheck : ICheck<SpecEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { SpecRules.NoCorsOrigin };

    public IEnumerable<Finding> Run(SpecEvidence evidence)
    {
        var findings = new LocatedFindings(evidence.Target);
        foreach (var op in evidence.Operations)
        {
            if (evidence.OutOfTime) break;
            var responses = op.Operation.Responses ?? new OpenApiResponses();
            if (responses.Count > 0 && !responses.Values.Any(r => SpecNames.HasHeader(r, "Access-Control-Allow-Origin")))
                findings.Add(SpecRules.NoCorsOrigin, op.Location, "no response declares Access-Control-Allow-Origin");
        }
        return findings.List;
    }
}
