using System.Text.Json;

namespace ApiThreat.Engine.Discovery.Crawl;

/// <summary>
/// A JavaScript source map (revision 3): the original sources it carries in sourcesContent, which are the
/// application's own code before bundling and minification (routes, API clients, base URLs), read with the platform's
/// JSON reader. Sources without content, and third-party ones (node_modules, webpack runtime), are skipped.
/// </summary>
public static class SourceMaps
{
    private const int MaxSources = 2000;

    /// <summary>(source name, content) for each original source of the map worth mining; empty when it is not a map.</summary>
    public static IReadOnlyList<(string Name, string Content)> Sources(byte[] body)
    {
        var found = new List<(string, string)>();
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16, AllowTrailingCommas = true });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("sourcesContent", out var contents) || contents.ValueKind != JsonValueKind.Array) return found;
            var names = root.TryGetProperty("sources", out var s) && s.ValueKind == JsonValueKind.Array ? s : default;
            var i = 0;
            foreach (var content in contents.EnumerateArray())
            {
                if (i >= MaxSources) break;
                var name = names.ValueKind == JsonValueKind.Array && i < names.GetArrayLength() && names[i].ValueKind == JsonValueKind.String ? names[i].GetString() ?? "" : "";
                i++;
                if (content.ValueKind != JsonValueKind.String || IsThirdParty(name)) continue;
                found.Add((name, content.GetString()!));
            }
        }
        catch (JsonException) { }
        return found;
    }

    private static bool IsThirdParty(string name) =>
        name.Contains("node_modules/", StringComparison.Ordinal) || name.StartsWith("webpack/", StringComparison.Ordinal)
        || name.Contains("(webpack)", StringComparison.Ordinal) || name.Contains("/vendor/", StringComparison.Ordinal);
}
