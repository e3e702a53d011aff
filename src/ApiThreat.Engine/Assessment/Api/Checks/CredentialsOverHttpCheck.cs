using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-API-010: an http:// API that does not redirect to HTTPS while it asks for credentials.</summary>
public sealed class CredentialsOverHttpCheck : ICheck<ApiEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.CredentialsOverHttp };

    public IEnumerable<Finding> Run(ApiEvidence e)
    {
        var request = e.Request;
        var baseline = e.Probe.Baseline;
        if (request.Url.Scheme != "http") yield break;
        if (baseline.StatusCode is >= 300 and < 400 && (baseline.Header("Location") ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase)) yield break;
        var reasons = new List<string>();
        // A challenge counts when the API asks for credentials, not when a management path probed by guess does (Tomcat's
        // manager answers 401 Basic wherever tomcat-admin is installed: protected, and not the API's own login).
        // So does express-status-monitor's /status, asked of every Express origin (its README secures it with Basic).
        var challenge = e.Responses.Where(x => !AdminEndpointCheck.IsDiagnosticPath(x.Response.RequestedUri.AbsolutePath)
                                               && !StatusMonitorOpenCheck.IsGuessedPath(x.Response.RequestedUri.AbsolutePath))
            .Select(x => x.Response.Header("WWW-Authenticate")).FirstOrDefault(h => h is not null);
        if (challenge is not null) reasons.Add("WWW-Authenticate: " + TextSafety.Truncate(challenge, 80));
        var secured = request.Operations.Where(o => !o.AllowsAnonymous).ToList();
        if (secured.Count > 0) reasons.Add($"the specification secures {secured.Count} operation(s) ({string.Join(", ", secured.SelectMany(o => o.Security).Distinct().Take(3))})");
        if (request.AuthHeaders.Count > 0) reasons.Add("credentials were supplied for this http:// URL");
        if (reasons.Count > 0)
            yield return e.Probe.Finding(ApiRules.CredentialsOverHttp, request.Url.AbsolutePath,
                $"served over plain HTTP ({baseline.StatusCode}, no redirect to HTTPS) while {string.Join("; ", reasons)}");
    }
}
