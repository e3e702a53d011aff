using ApiThreat.Engine.Assessment.Hijack.Csp;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>
/// ATR-HIJACK-001..008: the Content-Security-Policy in force for the page (<see cref="CspChecks"/> evaluates it).
/// Only documents: a policy on JSON, images or plain text protects nothing a browser renders.
/// </summary>
public sealed class CspCheck : ICheck<HijackEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[]
    {
        HijackRules.CspMissing, HijackRules.CspReportOnly, HijackRules.CspUnsafeInline, HijackRules.CspUnsafeEval,
        HijackRules.CspBroadScriptSource, HijackRules.CspObjectSrcMissing, HijackRules.CspBaseUriMissing, HijackRules.CspMalformed,
    };

    public IEnumerable<Finding> Run(HijackEvidence e) =>
        e.Auto is null || !e.AutoIsDocument ? Array.Empty<Finding>() : CspChecks.Evaluate(e.Target, e.Policies);
}
