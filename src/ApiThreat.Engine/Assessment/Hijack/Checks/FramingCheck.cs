using ApiThreat.Engine.Assessment.Hijack.Csp;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>ATR-HIJACK-009 and 010: whether X-Frame-Options or CSP frame-ancestors keep the page out of hostile frames, and whether they agree.</summary>
public sealed class FramingCheck : ICheck<HijackEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { HijackRules.FramingUnprotected, HijackRules.FramingConflict };

    public IEnumerable<Finding> Run(HijackEvidence e)
    {
        if (e.Auto is not { } auto || !e.AutoIsDocument) yield break; // only documents can be framed to steal clicks
        var target = e.Target;
        var xfoValues = auto.HeaderValues("X-Frame-Options");
        var xfo = xfoValues.Count > 0 ? string.Join(", ", xfoValues).Trim().ToLowerInvariant() : null;
        var xfoValid = xfo is "deny" or "sameorigin";
        var ancestors = e.Policies.Where(p => p.Delivery == CspDelivery.Header).Select(p => p.Get("frame-ancestors")).Where(a => a is not null).Select(a => a!).ToList();
        var restrictive = ancestors.Any(a => !a.Any(s => s is "*" or "http:" or "https:" or "http://*" or "https://*"));
        if (!xfoValid && !restrictive)
        {
            yield return HijackRules.FramingUnprotected.ToFinding(target,
                $"X-Frame-Options: {(xfo is null ? "absent" : TextSafety.Truncate(xfo, 100))}; CSP frame-ancestors: {(ancestors.Count == 0 ? "absent" : string.Join(" | ", ancestors.Select(a => string.Join(' ', a))))}");
            if (xfo is not null && !xfoValid)
                yield return HijackRules.FramingConflict.ToFinding(target, $"X-Frame-Options '{TextSafety.Truncate(xfo, 100)}' is not DENY or SAMEORIGIN and is ignored by browsers");
            yield break;
        }
        if (xfo is not null && !xfoValid)
            yield return HijackRules.FramingConflict.ToFinding(target, $"X-Frame-Options '{TextSafety.Truncate(xfo, 100)}' is not DENY or SAMEORIGIN and is ignored by browsers (frame-ancestors applies)");
        else if (xfoValid && ancestors.Count > 0)
        {
            var fa = ancestors[0];
            var faDenies = fa.Count == 1 && fa[0] == "'none'";
            var faSelfOnly = fa.Count == 1 && fa[0] == "'self'";
            var conflict = xfo == "deny" ? !faDenies : !(faSelfOnly || faDenies);
            if (conflict)
                yield return HijackRules.FramingConflict.ToFinding(target,
                    $"X-Frame-Options: {xfo!.ToUpperInvariant()} but frame-ancestors {string.Join(' ', fa)}: browsers that support CSP obey frame-ancestors");
        }
    }
}
