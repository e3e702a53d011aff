using System.Text;
using System.Text.Json;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// The route index of the WordPress REST API (GET /wp-json/, or /index.php?rest_route=/ under plain permalinks): an
/// object with <c>namespaces</c> and <c>routes</c>, each route a regular expression with named groups
/// (<c>/wp/v2/posts/(?P&lt;id&gt;[\d]+)</c>) and the methods it takes. The index is WordPress's own description of
/// its API (https://developer.wordpress.org/rest-api/extending-the-rest-api/routes-and-endpoints/), so its routes
/// become operations without a request each. Paths keep the index's own form: routes hang below the index URL.
/// </summary>
public static class WordPressRoutes
{
    private const int MaxRoutes = 400;
    private static readonly HashSet<string> s_methods = new(StringComparer.Ordinal) { "GET", "POST", "PUT", "PATCH", "DELETE" };

    /// <summary>The (method, path) pairs an index declares, paths as the server answers them; empty when the body is no index.</summary>
    public static IReadOnlyList<(string Method, string Path)> Operations(byte[] body, Uri at)
    {
        var operations = new List<(string, string)>();
        // Routes hang below the index: "/wp-json/" + "wp/v2/posts", "/index.php?rest_route=/" + "wp/v2/posts".
        var index = at.PathAndQuery;
        if (!index.EndsWith('/')) return operations;
        var prefix = index[..^1];
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("namespaces", out var namespaces) || namespaces.ValueKind != JsonValueKind.Array
                || !root.TryGetProperty("routes", out var routes) || routes.ValueKind != JsonValueKind.Object) return operations;
            foreach (var route in routes.EnumerateObject().Take(MaxRoutes))
            {
                if (!route.Name.StartsWith('/') || route.Value.ValueKind != JsonValueKind.Object) continue;
                if (!route.Value.TryGetProperty("methods", out var methods) || methods.ValueKind != JsonValueKind.Array) continue;
                if (Template(route.Name) is not { } template) continue;
                var path = prefix + template;
                foreach (var m in methods.EnumerateArray())
                    if (m.ValueKind == JsonValueKind.String && m.GetString() is { } method && s_methods.Contains(method)
                        && !operations.Contains((method, path))) operations.Add((method, path));
            }
        }
        catch (JsonException) { }
        return operations;
    }

    /// <summary>A route pattern as a path template: each named group <c>(?P&lt;id&gt;...)</c> becomes {id}; null for a pattern with other regex syntax.</summary>
    public static string? Template(string pattern)
    {
        if (pattern.Length > 300) return null;
        var sb = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '(' && string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0)
            {
                var close = pattern.IndexOf('>', i + 4);
                if (close < 0) return null;
                var name = pattern[(i + 4)..close];
                if (name.Length == 0 || !name.All(ch => char.IsLetterOrDigit(ch) || ch == '_')) return null;
                // Skip the group's expression: nested groups, character classes and escapes included.
                var depth = 1;
                var j = close + 1;
                for (var inClass = false; j < pattern.Length && depth > 0; j++)
                {
                    var d = pattern[j];
                    if (d == '\\') { j++; continue; }
                    if (inClass) { if (d == ']') inClass = false; continue; }
                    if (d == '[') inClass = true;
                    else if (d == '(') depth++;
                    else if (d == ')') depth--;
                }
                if (depth != 0) return null;
                sb.Append('{').Append(name).Append('}');
                i = j - 1;
                continue;
            }
            if (c is '(' or ')' or '[' or ']' or '\\' or '*' or '+' or '?' or '|' or '^' or '$') return null;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
