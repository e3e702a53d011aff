using System.Text.Json;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>ATR-HIJACK-028: a JSON body served as text/html (browsers render it, markup in its strings included).</summary>
public sealed class JsonAsHtmlCheck : ICheck<HijackEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { HijackRules.JsonAsHtml };

    public IEnumerable<Finding> Run(HijackEvidence e)
    {
        if (e.Auto is not { } auto || !e.AutoIsHtml || !LooksLikeJson(auto.Text)) yield break;
        yield return HijackRules.JsonAsHtml.ToFinding(e.Target, $"Content-Type: {auto.ContentType}; body starts {TextSafety.Truncate(auto.Text.TrimStart(), 60)}");
    }

    private static bool LooksLikeJson(string text)
    {
        var t = text.TrimStart();
        if (t.Length == 0 || (t[0] != '{' && t[0] != '[')) return false;
        try { using var _ = JsonDocument.Parse(t.Length > 1_000_000 ? t[..1_000_000] : t); return true; }
        catch (JsonException) { return false; }
    }
}
