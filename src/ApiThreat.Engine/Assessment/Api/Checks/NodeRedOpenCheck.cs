using System.Text.Json;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-030: a Node-RED whose Admin API answers without adminAuth. Asked only of an origin that answers like
/// Node-RED (its editor page's title, or the Admin API's operations in the inventory), with GETs only
/// (https://nodered.org/docs/api/admin/methods/): /auth/login names no strategy ({}), then /flows is read for counts and
/// node types and /settings for the version. POST /flows is never sent. (GET /nodes is not asked: it answers its node
/// list only to a client that prefers JSON, and every request here also accepts */*, which gets a megabyte of HTML.)
/// </summary>
public sealed class NodeRedOpenCheck : IAsyncCheck<ApiProbe>
{
    // The Admin API's version header selects the documented v1 answer (a bare array of nodes) for GET /flows.
    private static readonly KeyValuePair<string, string>[] s_v1 = { new("Node-RED-API-Version", "v1") };

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { NodeServerRules.OpenNodeRed };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        if (!MaybeNodeRed(probe)) return Array.Empty<Finding>();
        var origin = ApiProbe.Origin(probe.Request.Url);
        var login = await probe.SendAsync(new Uri(origin, "/auth/login"), headers: s_v1, followRedirects: false, maxBodyBytes: 16 * 1024).ConfigureAwait(false);
        // With adminAuth, /auth/login names its strategy ("credentials", "strategy") and /flows answers 401.
        if (LoginStrategy(login) is not "") return Array.Empty<Finding>();
        var flows = await probe.SendAsync(new Uri(origin, "/flows"), headers: s_v1, followRedirects: false).ConfigureAwait(false);
        if (flows is not { StatusCode: 200 } || Flows(flows.Body) is not { } summary) return Array.Empty<Finding>();
        var settings = await probe.SendAsync(new Uri(origin, "/settings"), headers: s_v1, followRedirects: false, maxBodyBytes: 64 * 1024).ConfigureAwait(false);
        var version = settings is { StatusCode: 200 } ? ServerAnswer.StringMember(settings, "version", 64 * 1024) : null;
        var parts = new List<string>
        {
            "GET /auth/login answered {} (no adminAuth)",
            $"GET /flows answered 200 without credentials: {Describe(summary)}",
        };
        if (version is not null) parts.Add($"GET /settings names Node-RED {TextSafety.Truncate(TextSafety.StripControl(version), 40)}");
        parts.Add("anyone can deploy a flow (POST /flows) whose exec or function node runs code");
        return new[] { probe.Finding(NodeServerRules.OpenNodeRed, "/flows", string.Join("; ", parts), Confidence.Confirmed) };
    }

    private static bool MaybeNodeRed(ApiProbe probe)
    {
        var operations = probe.Request.Operations.Select(o => o.Path).ToHashSet(StringComparer.Ordinal);
        if (operations.Contains("/flows") && operations.Contains("/auth/login")) return true;
        var seen = new[] { probe.Baseline, probe.Soft404 }.Concat(probe.Responses.Select(x => x.Response));
        return seen.Any(r => r is { StatusCode: 200 } && r.Body.Length < 64 * 1024 && LoginPage.IsHtml(r)
            && r.Text.Contains("<title>Node-RED</title>", StringComparison.Ordinal));
    }

    /// <summary>
    /// The login strategy GET /auth/login names: "" for Node-RED's {} (no adminAuth), its type otherwise ("credentials",
    /// "strategy"); null when the answer is not the Admin API's.
    /// </summary>
    public static string? LoginStrategy(HttpProbeResult? r)
    {
        if (r is not { StatusCode: 200 } || r.Body.Length is 0 or > 16 * 1024) return null;
        try
        {
            using var doc = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 16 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (!root.EnumerateObject().Any()) return "";
            return root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? TextSafety.Truncate(t.GetString()!, 40) : null;
        }
        catch (JsonException) { return null; }
    }

    /// <summary>What a v1 GET /flows answer holds: the number of tabs, of nodes, and the distinct node types; null when not one.</summary>
    public static (int Tabs, int Nodes, IReadOnlyList<string> Types)? Flows(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            var root = doc.RootElement;
            // v2 wraps the array as {"rev":..., "flows":[...]}.
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("flows", out var wrapped)) root = wrapped;
            if (root.ValueKind != JsonValueKind.Array) return null;
            int tabs = 0, nodes = 0;
            var types = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var n in root.EnumerateArray())
            {
                if (n.ValueKind != JsonValueKind.Object || !n.TryGetProperty("id", out _) || !n.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String) return null;
                var type = t.GetString()!;
                if (type is "tab" or "subflow" or "group") { tabs += type == "tab" ? 1 : 0; continue; }
                nodes++;
                if (types.Count < 24) types.Add(TextSafety.Truncate(TextSafety.StripControl(type), 40));
            }
            return (tabs, nodes, types.ToArray());
        }
        catch (JsonException) { return null; }
    }

    private static string Describe((int Tabs, int Nodes, IReadOnlyList<string> Types) s) =>
        $"{s.Nodes} node(s) in {s.Tabs} flow tab(s)" + (s.Types.Count == 0 ? "" : $", of type(s) {string.Join(", ", s.Types)}");
}
