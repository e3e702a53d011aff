using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>ATR-EXPO-014: the page has a password field and is served over http://, or its form posts to an http:// URL.</summary>
public sealed class PasswordOverHttpCheck : ICheck<HijackEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.PasswordOverHttp };

    public IEnumerable<Finding> Run(HijackEvidence e)
    {
        if (e.Auto is not { } auto || !e.AutoIsHtml || e.Html is null) yield break;
        if (PasswordForms.Insecure(auto.FinalUri, e.Html) is { } why)
            yield return ExposureRules.PasswordOverHttp.ToFinding(e.Target, why, Confidence.Confirmed, location: auto.FinalUri.AbsolutePath);
    }
}
