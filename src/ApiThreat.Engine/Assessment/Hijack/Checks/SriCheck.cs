using ApiThreat.Engine.Assessment.Hijack.Content;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>ATR-HIJACK-032: scripts from other sites without Subresource Integrity, or over plain HTTP (Medium then).</summary>
public sealed class SriCheck : ICheck<HijackEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { HijackRules.SriMissing };

    public IEnumerable<Finding> Run(HijackEvidence e)
    {
        if (e.Auto is null || !e.AutoIsHtml || e.Html is null) yield break;
        var site = RegistrableDomain.Of(e.Host);
        var foreign = e.Html.Scripts.Where(s => (s.Src.StartsWith("//", StringComparison.Ordinal) || s.Src.Contains("://", StringComparison.Ordinal))
                && (RegistrableDomain.OfUrl(s.Src) != site || s.Src.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || s.Src.StartsWith("//", StringComparison.Ordinal)))
            .Where(s => string.IsNullOrEmpty(s.Integrity) || s.Src.StartsWith("http:", StringComparison.OrdinalIgnoreCase)).ToList();
        if (foreign.Count == 0) yield break;
        var insecure = foreign.Any(s => s.Src.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || s.Src.StartsWith("//", StringComparison.Ordinal));
        yield return HijackRules.SriMissing.ToFinding(e.Target, "scripts: " + string.Join(", ", foreign.Take(10).Select(s => TextSafety.Truncate(s.Src, 150))),
            severity: insecure ? Severity.Medium : null);
    }
}
