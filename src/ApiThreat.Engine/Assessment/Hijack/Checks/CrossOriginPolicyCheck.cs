using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>ATR-HIJACK-034 and 035: Cross-Origin-Resource-Policy and Cross-Origin-Embedder-Policy values browsers ignore, and CORP cross-origin.</summary>
public sealed class CrossOriginPolicyCheck : ICheck<HijackEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { HijackRules.CrossOriginPolicyInvalid, HijackRules.CorpCrossOrigin };

    public IEnumerable<Finding> Run(HijackEvidence e)
    {
        if (e.Auto is not { } auto) yield break;
        var corp = auto.Header("Cross-Origin-Resource-Policy")?.Trim().ToLowerInvariant();
        var coep = auto.Header("Cross-Origin-Embedder-Policy")?.Trim().ToLowerInvariant();
        var bad = new List<string>();
        if (corp is not null && corp is not ("same-origin" or "same-site" or "cross-origin")) bad.Add($"Cross-Origin-Resource-Policy: {TextSafety.Truncate(corp, 100)}");
        if (coep is not null && coep.Split(';')[0].Trim() is not ("require-corp" or "credentialless" or "unsafe-none")) bad.Add($"Cross-Origin-Embedder-Policy: {TextSafety.Truncate(coep, 100)}");
        if (bad.Count > 0) yield return HijackRules.CrossOriginPolicyInvalid.ToFinding(e.Target, string.Join("; ", bad));
        if (corp == "cross-origin") yield return HijackRules.CorpCrossOrigin.ToFinding(e.Target, "Cross-Origin-Resource-Policy: cross-origin");
    }
}
