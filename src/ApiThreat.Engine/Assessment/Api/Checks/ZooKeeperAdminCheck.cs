using System.Text.Json;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-023: ZooKeeper's AdminServer answering its commands without credentials. Asked only of an origin that
/// answers like Jetty or whose inventory lists AdminServer commands: one GET /commands/stats (a read; the commands that
/// reset statistics are never sent). The znode and connection counts it reports, nothing else.
/// </summary>
public sealed class ZooKeeperAdminCheck : IAsyncCheck<ApiProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DataStoreRules.OpenZooKeeperAdmin };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var seen = new[] { probe.Baseline, probe.Soft404 }.Concat(probe.Responses.Select(x => x.Response));
        if (!probe.Request.Operations.Any(o => o.Path.StartsWith("/commands/", StringComparison.Ordinal))
            && !seen.Any(r => (r?.Header("Server") ?? "").StartsWith("Jetty(", StringComparison.Ordinal)))
            return Array.Empty<Finding>();
        var r = await probe.SendAsync(new Uri(ApiProbe.Origin(probe.Request.Url), "/commands/stats"), followRedirects: false).ConfigureAwait(false);
        if (r is not { StatusCode: 200 } || Stats(r) is not { } stats) return Array.Empty<Finding>();
        return new[]
        {
            probe.Finding(DataStoreRules.OpenZooKeeperAdmin, "/commands/stats",
                $"GET /commands/stats answered 200 without credentials ({stats.State}, {stats.Nodes} znode(s), {stats.Clients} client connection(s)); /commands lists the environment, configuration, connections and dump commands",
                Confidence.Confirmed),
        };
    }

    /// <summary>The server state, znode count and live client connections of a stats answer; null when it is not one.</summary>
    public static (string State, long Nodes, long Clients)? Stats(HttpProbeResult r)
    {
        try
        {
            using var doc = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 16 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("server_stats", out var server) || server.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("command", out _))
                return null;
            var state = server.TryGetProperty("server_state", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "unknown state";
            var nodes = root.TryGetProperty("node_count", out var n) && n.TryGetInt64(out var nc) ? nc : 0;
            var clients = server.TryGetProperty("num_alive_client_connections", out var c) && c.TryGetInt64(out var cc) ? cc : 0;
            return (Text.TextSafety.Truncate(Text.TextSafety.StripControl(state), 30), nodes, clients);
        }
        catch (JsonException) { return null; }
    }
}
