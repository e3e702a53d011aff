using System.Text.Json;

namespace ApiThreat.Engine.Net;

/// <summary>
/// Readings of a server's small status answers shared by discovery (which recognises the product) and assessment (which
/// reads its version or asks it again): a string member of a small top-level JSON object, and the Jupyter server's mark.
/// </summary>
public static class ServerAnswer
{
    /// <summary>The default body limit: status and version documents are a few hundred bytes.</summary>
    public const int DefaultMaxBytes = 4096;

    /// <summary>
    /// A string member of a small top-level JSON object; null when the body is not one or is larger than
    /// <paramref name="maxBytes"/> (ZooKeeper's /commands/stats needs 8 KB).
    /// </summary>
    public static string? StringMember(HttpProbeResult r, string name, int maxBytes = DefaultMaxBytes)
    {
        if (r.Body.Length == 0 || r.Body.Length > maxBytes) return null;
        try
        {
            using var doc = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 16 });
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString() : null;
        }
        catch (JsonException) { return null; }
    }

    /// <summary>The top-level member names of a JSON object, or the strings of a JSON array of strings; empty when the body is neither.</summary>
    public static IReadOnlyList<string> TopLevelNames(HttpProbeResult r, int maxBytes = DefaultMaxBytes)
    {
        if (r.Body.Length == 0 || r.Body.Length > maxBytes) return Array.Empty<string>();
        try
        {
            using var doc = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 64 });
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object) return root.EnumerateObject().Select(p => p.Name).Take(500).ToList();
            if (root.ValueKind == JsonValueKind.Array && root.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
                return root.EnumerateArray().Select(e => e.GetString()!).Take(500).ToList();
            return Array.Empty<string>();
        }
        catch (JsonException) { return Array.Empty<string>(); }
    }

    /// <summary>
    /// Jupyter's handlers all send the Content-Security-Policy that reports to its own /api/security/csp-report
    /// (https://jupyter-server.readthedocs.io/en/latest/operators/security.html): its version document at /api is a
    /// single "version" member any other API could also send.
    /// </summary>
    public static bool IsJupyter(HttpProbeResult? r) =>
        r is not null && (r.Header("Content-Security-Policy") ?? "").Contains("/api/security/csp-report", StringComparison.Ordinal);
}
