using ApiThreat.Engine.Assessment.Hijack.Observatory;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>
/// ATR-HIJACK-011..013: Strict-Transport-Security on the HTTPS response (absent, unparseable or short, not
/// preloadable). Preloaded hosts are HTTPS-only in browsers before any header is seen: nothing applies to them.
/// </summary>
public sealed class HstsCheck : ICheck<HijackEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { HijackRules.HstsMissing, HijackRules.HstsWeak, HijackRules.HstsNotPreloadable };

    public IEnumerable<Finding> Run(HijackEvidence e)
    {
        if (e.Https is null || e.HostPreloaded) yield break;
        var target = e.Https.FinalUri.GetLeftPart(UriPartial.Authority) + "/";
        var values = e.Https.HeaderValues("Strict-Transport-Security");
        if (values.Count == 0)
        {
            yield return HijackRules.HstsMissing.ToFinding(target, "no Strict-Transport-Security header on the HTTPS response");
            yield break;
        }
        var header = string.Join(", ", values);
        var maxAge = ObservatoryGrader.ParseMaxAge(header);
        if (values.Count > 1 || header.Contains(',') || maxAge is null)
            yield return HijackRules.HstsWeak.ToFinding(target, $"Strict-Transport-Security '{TextSafety.Truncate(header, 200)}' cannot be parsed (one header with max-age is required)");
        else if (maxAge < ObservatoryGrader.SixMonths)
            yield return HijackRules.HstsWeak.ToFinding(target, $"max-age={maxAge} is shorter than six months (15552000)");
        else
        {
            var parts = header.ToLowerInvariant().Split(';').Select(p => p.Trim()).ToList();
            var missing = new List<string>();
            if (maxAge < 31_536_000) missing.Add("max-age >= 31536000");
            if (!parts.Contains("includesubdomains")) missing.Add("includeSubDomains");
            if (!parts.Contains("preload")) missing.Add("preload");
            if (missing.Count > 0)
                yield return HijackRules.HstsNotPreloadable.ToFinding(target, $"Strict-Transport-Security: {TextSafety.Truncate(header, 200)} (missing {string.Join(", ", missing)})");
        }
    }
}
