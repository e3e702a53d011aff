using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>ATR-HIJACK-027: X-Content-Type-Options: nosniff absent or invalid.</summary>
public sealed class NoSniffCheck : ICheck<HijackEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { HijackRules.NoSniffMissing };

    public IEnumerable<Finding> Run(HijackEvidence e)
    {
        if (e.Auto is not { } auto) yield break;
        var nosniff = auto.Header("X-Content-Type-Options");
        if (nosniff is null || !nosniff.Trim().Equals("nosniff", StringComparison.OrdinalIgnoreCase))
            yield return HijackRules.NoSniffMissing.ToFinding(e.Target, nosniff is null ? "no X-Content-Type-Options header" : $"X-Content-Type-Options: {TextSafety.Truncate(nosniff, 100)}");
    }
}
