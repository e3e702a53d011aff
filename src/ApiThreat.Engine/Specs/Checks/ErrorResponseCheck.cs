using ApiThreat.Engine.Rules;
using Microsoft.OpenApi;

namespace ApiThreat.Engine.Specs.Checks;

/// <summary>Operations that do not describe how they fail: no 401/403 when secured, no 5XX, no 400/422 when they take input.</summary>
internal sealed class ErrorResponseCheck : ICheck<SpecEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { SpecRules.NoAuthErrorResponses, SpecRules.No500Response, SpecRules.NoValidationResponse };

    public IEnumerable<Finding> Run(SpecEvidence evidence)
    {
        var findings = new LocatedFindings(evidence.Target);
        foreach (var op in evidence.Operations)
        {
            if (evidence.OutOfTime) break;
            var responses = op.Operation.Responses ?? new OpenApiResponses();
            var declared = "responses: " + string.Join(", ", responses.Keys);
            if (!op.Anonymous && !Declares(responses, "401", "403", "4XX")) findings.Add(SpecRules.NoAuthErrorResponses, op.Location, declared);
            if (!Declares(responses, "500", "5XX", "default")) findings.Add(SpecRules.No500Response, op.Location, declared);
            if (op.TakesInput && !Declares(responses, "400", "422", "4XX")) findings.Add(SpecRules.NoValidationResponse, op.Location, declared);
        }
        return findings.List;
    }

    internal static bool Declares(OpenApiResponses responses, params string[] codes) =>
        codes.Any(c => responses.Keys.Any(k => k.Equals(c, StringComparison.OrdinalIgnoreCase)));
}
