using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>ATR-EXPO-015: Access-Control-Allow-Origin: * on the page or its CORS preflight (Info; Low on JSON; Medium with personal or secret data).</summary>
public sealed class CorsWildcardCheck : ICheck<HijackEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.CorsWildcard };

    public IEnumerable<Finding> Run(HijackEvidence e)
    {
        if (e.Auto is not { } auto) yield break;
        var onPage = (auto.Header("Access-Control-Allow-Origin") ?? "").Trim() == "*";
        var onPreflight = (e.Cors?.Header("Access-Control-Allow-Origin") ?? "").Trim() == "*";
        if (!onPage && !onPreflight) yield break;
        var json = Api.ResponseHeuristics.IsJson(auto) && auto.StatusCode is >= 200 and < 300;
        var sensitive = json && SensitiveData.Find(auto.Body).Any(f => f.Kind != DataKind.Authority);
        var severity = sensitive ? Severity.Medium : json ? Severity.Low : Severity.Info;
        var why = sensitive ? "on a response with personal or secret data" : json ? "on API (JSON) responses" : "on a document";
        yield return ExposureRules.CorsWildcard.ToFinding(e.Target,
            $"Access-Control-Allow-Origin: * {why} ({(onPage ? "GET " + auto.FinalUri.AbsolutePath : "")}{(onPage && onPreflight ? " and " : "")}{(onPreflight ? "the CORS preflight" : "")})",
            Confidence.Confirmed, severity: severity);
    }
}
