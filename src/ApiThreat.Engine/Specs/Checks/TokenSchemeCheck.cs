using ApiThreat.Engine.Rules;
using Microsoft.OpenApi;

namespace ApiThreat.Engine.Specs.Checks;

/// <summary>Token-based schemes (JWT bearer, OAuth 2.0): unstated JWT validation, deprecated grants, no refresh URL.</summary>
internal sealed class TokenSchemeCheck : ICheck<SpecEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { SpecRules.JwtPractices, SpecRules.DeprecatedOAuthFlow, SpecRules.NoRefreshUrl };

    public IEnumerable<Finding> Run(SpecEvidence evidence)
    {
        var findings = new LocatedFindings(evidence.Target);
        foreach (var (name, scheme) in evidence.Document.Components?.SecuritySchemes ?? new Dictionary<string, IOpenApiSecurityScheme>())
        {
            var where = $"#/components/securitySchemes/{name}";
            var isJwt = scheme.Type == SecuritySchemeType.OAuth2 ||
                        (scheme.Type == SecuritySchemeType.Http && string.Equals(scheme.BearerFormat, "JWT", StringComparison.OrdinalIgnoreCase));
            var description = scheme.Description ?? "";
            if (isJwt && !description.Contains("RFC8725", StringComparison.OrdinalIgnoreCase) && !description.Contains("RFC 8725", StringComparison.OrdinalIgnoreCase))
                findings.Add(SpecRules.JwtPractices, where, scheme.Type == SecuritySchemeType.OAuth2
                    ? "oauth2 scheme, description does not mention RFC 8725" : "bearerFormat JWT, description does not mention RFC 8725");
            if (scheme.Type != SecuritySchemeType.OAuth2 || scheme.Flows is not { } flows) continue;
            var deprecated = new List<string>();
            if (flows.Implicit is not null) deprecated.Add("implicit");
            if (flows.Password is not null) deprecated.Add("password");
            if (deprecated.Count > 0) findings.Add(SpecRules.DeprecatedOAuthFlow, where, "flows: " + string.Join(", ", deprecated));
            var noRefresh = new List<string>();
            if (flows.Password is { RefreshUrl: null }) noRefresh.Add("password");
            if (flows.AuthorizationCode is { RefreshUrl: null }) noRefresh.Add("authorizationCode");
            if (flows.DeviceAuthorization is { RefreshUrl: null }) noRefresh.Add("deviceAuthorization");
            if (noRefresh.Count > 0) findings.Add(SpecRules.NoRefreshUrl, where, "no refreshUrl on " + string.Join(", ", noRefresh));
        }
        return findings.List;
    }
}
