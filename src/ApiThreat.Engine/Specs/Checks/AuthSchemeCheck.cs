using ApiThreat.Engine.Rules;
using Microsoft.OpenApi;

namespace ApiThreat.Engine.Specs.Checks;

/// <summary>Security schemes that send reusable or weakly protected credentials: HTTP Basic, legacy HTTP schemes, API keys in URLs.</summary>
internal sealed class AuthSchemeCheck : ICheck<SpecEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { SpecRules.HttpBasic, SpecRules.InsecureAuthScheme, SpecRules.ApiKeyInUrl };

    public IEnumerable<Finding> Run(SpecEvidence evidence)
    {
        var findings = new LocatedFindings(evidence.Target);
        foreach (var (name, scheme) in evidence.Document.Components?.SecuritySchemes ?? new Dictionary<string, IOpenApiSecurityScheme>())
        {
            var where = $"#/components/securitySchemes/{name}";
            var httpScheme = scheme.Scheme?.Trim().ToLowerInvariant();
            if (scheme.Type == SecuritySchemeType.Http && httpScheme == "basic")
                findings.Add(SpecRules.HttpBasic, where, "type http, scheme basic");
            if (scheme.Type == SecuritySchemeType.Http && httpScheme is "negotiate" or "ntlm" or "oauth" or "digest")
                findings.Add(SpecRules.InsecureAuthScheme, where, $"type http, scheme {httpScheme}");
            if (scheme.Type == SecuritySchemeType.ApiKey && scheme.In is ParameterLocation.Query or ParameterLocation.Path)
                findings.Add(SpecRules.ApiKeyInUrl, where, $"apiKey '{scheme.Name}' in {scheme.In.ToString()!.ToLowerInvariant()}");
        }
        return findings.List;
    }
}
