using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>ATR-HIJACK-030: POST forms without an anti-CSRF token on a site whose cookies do not restrict SameSite.</summary>
public sealed class CsrfFormCheck : ICheck<HijackEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { HijackRules.CsrfUnprotectedForm };

    public IEnumerable<Finding> Run(HijackEvidence e)
    {
        if (e.Auto is null || !e.AutoIsHtml || e.Html is null) yield break;
        var protectedBySameSite = e.Cookies.Any(c => c.SameSiteRestricts);
        var unprotected = e.Html.Forms.Where(f => f.Method == "POST" && !f.HasCsrfToken).ToList();
        if (unprotected.Count == 0 || protectedBySameSite) yield break;
        yield return HijackRules.CsrfUnprotectedForm.ToFinding(e.Target,
            "POST form(s) without anti-CSRF token: " + string.Join(", ", unprotected.Take(5).Select(f => $"action='{TextSafety.Truncate(f.Action, 100)}' fields=[{string.Join(",", f.Fields.Take(8))}]"))
            + (e.Cookies.Count == 0 ? "; no cookie sets SameSite" : "; no cookie has SameSite=Lax/Strict"), confidence: Confidence.Tentative);
    }
}
