using System.Text.Json;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// hug's self-documentation (https://hugapi.github.io/hug/documentation/ROUTING/ and hug/api.py documentation_404): by
/// default every path hug has no route for answers 404 with <c>{"404": "...", "documentation": {"handlers": {path:
/// {METHOD: {usage, inputs, outputs}}}}}</c>; a versioned API adds <c>"version": n</c> and serves the routes below
/// <c>/v{n}</c>. The answer is hug's own description of its API, so its routes become operations without a request each.
/// </summary>
public static class HugDocumentation
{
    private const int MaxRoutes = 400;
    private static readonly HashSet<string> s_methods = new(StringComparer.Ordinal) { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" };

    /// <summary>True when the body looks like hug's documentation answer (cheap check before a JSON parse).</summary>
    public static bool Looks(ReadOnlySpan<byte> body) =>
        body.IndexOf("\"documentation\""u8) >= 0 && body.IndexOf("\"handlers\""u8) >= 0;

    /// <summary>The (method, path) pairs the documentation declares, paths with hug's {placeholders}; empty when the body is not hug's.</summary>
    public static IReadOnlyList<(string Method, string Path)> Operations(byte[] body)
    {
        var operations = new List<(string, string)>();
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("documentation", out var documentation)
                || documentation.ValueKind != JsonValueKind.Object
                || !documentation.TryGetProperty("handlers", out var handlers) || handlers.ValueKind != JsonValueKind.Object) return operations;
            var prefix = documentation.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n is >= 0 and < 1000
                ? $"/v{n}" : "";
            foreach (var route in handlers.EnumerateObject().Take(MaxRoutes))
            {
                if (!route.Name.StartsWith('/') || route.Name.Length > 512 || route.Value.ValueKind != JsonValueKind.Object) continue;
                if (route.Name.Any(c => char.IsControl(c) || c is ' ' or '?' or '#')) continue;
                foreach (var method in route.Value.EnumerateObject())
                {
                    var m = method.Name.ToUpperInvariant();
                    if (s_methods.Contains(m) && method.Value.ValueKind == JsonValueKind.Object) operations.Add((m, prefix + route.Name));
                }
            }
        }
        catch (JsonException) { operations.Clear(); }
        return operations;
    }
}
