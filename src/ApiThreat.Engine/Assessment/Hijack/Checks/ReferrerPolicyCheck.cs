using ApiThreat.Engine.Assessment.Hijack.Observatory;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>ATR-HIJACK-031: a Referrer-Policy (header or meta) that sends full URLs to other sites, or one browsers cannot read.</summary>
public sealed class ReferrerPolicyCheck : ICheck<HijackEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { HijackRules.ReferrerPolicyUnsafe };

    public IEnumerable<Finding> Run(HijackEvidence e)
    {
        if (e.Auto is not { } auto) yield break;
        var referrer = ObservatoryGrader.ReferrerPolicy(e);
        if (referrer.Result is not ("referrer-policy-unsafe" or "referrer-policy-header-invalid")) yield break;
        var shown = string.Join(", ", auto.HeaderValues("Referrer-Policy").Concat(e.Html?.MetaReferrer is { } m ? new[] { m } : Array.Empty<string>()));
        yield return HijackRules.ReferrerPolicyUnsafe.ToFinding(e.Target, $"Referrer-Policy: {TextSafety.Truncate(shown, 200)}");
    }
}
