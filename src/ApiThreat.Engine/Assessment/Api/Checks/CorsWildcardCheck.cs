using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-015: Access-Control-Allow-Origin: * on the API's responses. Info on documents and public files, Low on
/// API data, Medium when a response so shared is clearly not public (personal data or secrets, or a response to a
/// request that carried credentials).
/// </summary>
public sealed class CorsWildcardCheck : ICheck<ApiEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.CorsWildcard };

    public IEnumerable<Finding> Run(ApiEvidence e)
    {
        var severity = Severity.Info;
        string? where = null;
        var why = "on non-API content";
        foreach (var (r, authenticated) in e.Responses)
        {
            if ((r.Header("Access-Control-Allow-Origin") ?? "").Trim() != "*") continue;
            where ??= r.FinalUri.AbsolutePath;
            var json = ResponseHeuristics.IsJson(r) && r.StatusCode is >= 200 and < 300;
            if (json && (authenticated || SensitiveData.Find(r.Body).Any(f => f.Kind != DataKind.Authority)))
            {
                severity = Severity.Medium; where = r.FinalUri.AbsolutePath;
                why = authenticated ? "on a response to a request with credentials" : "on a response with personal or secret data";
            }
            else if (json && severity < Severity.Low) { severity = Severity.Low; where = r.FinalUri.AbsolutePath; why = "on API (JSON) responses"; }
        }
        if (where is not null)
            yield return e.Probe.Finding(ExposureRules.CorsWildcard, where, $"Access-Control-Allow-Origin: * {why} (GET {where})", Confidence.Confirmed, severity: severity);
    }
}
