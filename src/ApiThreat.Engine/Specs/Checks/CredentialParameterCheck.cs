using ApiThreat.Engine.Rules;
using Microsoft.OpenApi;

namespace ApiThreat.Engine.Specs.Checks;

/// <summary>Query or path parameters named like credentials (password, secret, token, API key): they end up in logs.</summary>
internal sealed class CredentialParameterCheck : ICheck<SpecEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { SpecRules.CredentialsInUrl };

    public IEnumerable<Finding> Run(SpecEvidence evidence)
    {
        var findings = new LocatedFindings(evidence.Target);
        foreach (var op in evidence.Operations)
        {
            if (evidence.OutOfTime) break;
            var credentials = op.NamedParameters()
                .Where(p => p.In is ParameterLocation.Query or ParameterLocation.Path && SpecNames.IsCredential(p.Name))
                .Select(p => $"{p.Name} (in {p.In.ToString()!.ToLowerInvariant()})").ToList();
            if (credentials.Count > 0) findings.Add(SpecRules.CredentialsInUrl, op.Location, "parameters " + string.Join(", ", credentials));
        }
        return findings.List;
    }
}
