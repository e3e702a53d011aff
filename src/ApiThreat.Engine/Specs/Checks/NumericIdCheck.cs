using ApiThreat.Engine.Rules;
using Microsoft.OpenApi;

namespace ApiThreat.Engine.Specs.Checks;

/// <summary>Integer identifiers in paths: guessable, so a missing object-level authorization check exposes every object.</summary>
internal sealed class NumericIdCheck : ICheck<SpecEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { SpecRules.NumericId };

    public IEnumerable<Finding> Run(SpecEvidence evidence)
    {
        var findings = new LocatedFindings(evidence.Target);
        foreach (var op in evidence.Operations)
        {
            if (evidence.OutOfTime) break;
            var numericIds = op.NamedParameters()
                .Where(p => p.In == ParameterLocation.Path && SpecNames.IsIdentifier(p.Name) && p.Schema is not null &&
                            SpecNames.IsOfType(p.Schema, JsonSchemaType.Integer | JsonSchemaType.Number))
                .Select(p => p.Name).ToList();
            if (numericIds.Count > 0) findings.Add(SpecRules.NumericId, op.Location, "integer path parameters " + string.Join(", ", numericIds));
        }
        return findings.List;
    }
}
