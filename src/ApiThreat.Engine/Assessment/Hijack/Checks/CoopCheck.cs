using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>ATR-HIJACK-033: an HTML page without a Cross-Origin-Opener-Policy that isolates its window.</summary>
public sealed class CoopCheck : ICheck<HijackEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { HijackRules.CoopMissing };

    public IEnumerable<Finding> Run(HijackEvidence e)
    {
        if (e.Auto is not { } auto || !e.AutoIsHtml) yield break;
        var coop = auto.Header("Cross-Origin-Opener-Policy")?.Trim().ToLowerInvariant();
        if (coop is not ("same-origin" or "same-origin-allow-popups" or "noopener-allow-popups"))
            yield return HijackRules.CoopMissing.ToFinding(e.Target, coop is null ? "no Cross-Origin-Opener-Policy header" : $"Cross-Origin-Opener-Policy: {TextSafety.Truncate(coop, 100)}");
    }
}
