using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>ATR-EXPO-013: HTTPS did not answer at all and the http:// entry serves the site without reaching HTTPS.</summary>
public sealed class PlainHttpOnlyCheck : ICheck<HijackEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.PlainHttpOnly };

    public IEnumerable<Finding> Run(HijackEvidence e)
    {
        if (e.Https is not null || e.Http is not { } http || http.FinalUri.Scheme != "http" || e.HostPreloaded) yield break;
        yield return ExposureRules.PlainHttpOnly.ToFinding(e.HttpUrl.GetLeftPart(UriPartial.Authority) + "/",
            $"{e.HttpUrl.GetLeftPart(UriPartial.Authority)} answered {http.StatusCode} over plain HTTP and {e.HttpsUrl.GetLeftPart(UriPartial.Authority)} did not answer ({e.HttpsError ?? "no HTTPS"})",
            location: e.Host);
    }
}
