using System.Text.Json;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Assessment.Hijack.Content;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-008: the source maps of the site's own scripts (at most three scripts of the root page): the script's
/// sourceMappingURL, else its URL plus ".map", validated as a version-3 source map (sources and mappings).
/// </summary>
public sealed class SourceMapCheck : IAsyncCheck<ApiProbe>
{
    private static readonly Regex s_mappingUrl = new(@"[#@] sourceMappingURL=([^\s'""]{1,500})\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.SourceMapExposed };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var origin = ApiProbe.Origin(probe.Request.Url);
        var root = await probe.GetOnceAsync(origin).ConfigureAwait(false);
        if (root is null || !ApiProbe.IsSuccess(root) || !LoginPage.IsHtml(root)) return Array.Empty<Finding>();
        HtmlFacts html;
        try { html = HtmlFacts.Parse(ExposureSignatures.Prefix(root.Text)); }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException) { return Array.Empty<Finding>(); }
        var maps = new List<string>();
        foreach (var script in html.Scripts.Take(10))
        {
            if (!Uri.TryCreate(root.FinalUri, script.Src, out var src) || src.Scheme is not ("http" or "https")
                || !string.Equals(src.Authority, root.FinalUri.Authority, StringComparison.OrdinalIgnoreCase)) continue;
            if (maps.Count >= 3) break;
            var js = await probe.SendAsync(src, maxBodyBytes: 2 * 1024 * 1024).ConfigureAwait(false);
            if (js is null || !ApiProbe.IsSuccess(js)) continue;
            var declared = ExposureSignatures.Match(s_mappingUrl, js.Text.Length > 4096 ? js.Text[^4096..] : js.Text)?.Groups[1].Value;
            Uri? map = null;
            if (declared is not null && !declared.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) Uri.TryCreate(src, declared, out map);
            map ??= new Uri(src.GetLeftPart(UriPartial.Path) + ".map");
            if (!string.Equals(map.Authority, src.Authority, StringComparison.OrdinalIgnoreCase)) continue;
            var r = await probe.SendAsync(map, maxBodyBytes: 4 * 1024 * 1024).ConfigureAwait(false);
            if (r is not null && ApiProbe.IsSuccess(r) && IsSourceMap(r, out var sources)) maps.Add($"{map.AbsolutePath} ({sources} sources)");
        }
        return maps.Count == 0 ? Array.Empty<Finding>() : new[]
        {
            probe.Finding(ExposureRules.SourceMapExposed, maps[0].Split(' ')[0], "source map served: " + string.Join(", ", maps), Confidence.Confirmed),
        };
    }

    public static bool IsSourceMap(HttpProbeResult r, out int sources)
    {
        sources = 0;
        try
        {
            using var doc = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 16 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || v.GetInt32() != 3) return false;
            if (root.TryGetProperty("sections", out var sections) && sections.ValueKind == JsonValueKind.Array) { sources = sections.GetArrayLength(); return true; }
            if (!root.TryGetProperty("mappings", out var m) || m.ValueKind != JsonValueKind.String) return false;
            if (!root.TryGetProperty("sources", out var s) || s.ValueKind != JsonValueKind.Array) return false;
            sources = s.GetArrayLength();
            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException) { return false; }
    }
}
