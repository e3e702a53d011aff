using System.Text.Json;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-040: Redis Commander answering its JSON API without credentials. Asked only of an origin that said it is
/// Redis Commander (its page's title "Redis Commander", or its /apiv2/server/info in the inventory), with one GET of
/// /apiv2/server/info (https://github.com/joeferner/redis-commander, lib/routes/apiv1.js): the connections' Redis
/// version, client count and key counts from INFO, never a key's name or value. With --http-auth-* it answers
/// 401 "Unauthorized - Missing Token". No command is ever sent (POST /apiv2/exec would run any).
/// </summary>
public sealed class RedisCommanderOpenCheck : IAsyncCheck<ApiProbe>
{
    private const string InfoPath = "/apiv2/server/info";

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { NodeToolRules.OpenRedisCommander };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        if (Prefix(probe) is not { } prefix) return Array.Empty<Finding>();
        var path = prefix + InfoPath;
        var info = await probe.SendAsync(new Uri(ApiProbe.Origin(probe.Request.Url), path), followRedirects: false, maxBodyBytes: 1024 * 1024).ConfigureAwait(false);
        if (info is not { StatusCode: 200 } || info.BodyTruncated || Read(info.Body) is not { Count: > 0 } connections) return Array.Empty<Finding>();
        var versions = connections.Select(c => c.Version).OfType<string>().Distinct().ToArray();
        var parts = new List<string>
        {
            $"GET {path} answered 200 without credentials: {connections.Count} Redis connection(s)"
                + (versions.Length > 0 ? $", Redis {string.Join(", ", versions)}" : "")
                + $", {connections.Sum(c => c.Clients)} connected client(s), {connections.Sum(c => c.Keys)} key(s) in {connections.Sum(c => c.Databases)} database(s)",
            "its API reads every key and value and runs any Redis command it is sent (no command was sent)",
        };
        return new[] { probe.Finding(NodeToolRules.OpenRedisCommander, path, string.Join("; ", parts), Confidence.Confirmed) };
    }

    /// <summary>Redis Commander's URL prefix ("" at the root) when the origin said it is Redis Commander; null otherwise.</summary>
    private static string? Prefix(ApiProbe probe)
    {
        foreach (var op in probe.Request.Operations)
            if (op.Path.EndsWith(InfoPath, StringComparison.Ordinal) && op.Path.Length <= 200) return op.Path[..^InfoPath.Length];
        var seen = new[] { probe.Baseline, probe.Soft404 }.Concat(probe.Responses.Select(x => x.Response));
        foreach (var r in seen)
            if (IsPage(r)) return r!.FinalUri.AbsolutePath.TrimEnd('/') is { Length: <= 200 } p ? p : null;
        return null;
    }

    /// <summary>Its page: the EJS layout titles every page "Redis Commander: ..." (web/views/layout.ejs).</summary>
    public static bool IsPage(HttpProbeResult? r) => r is { StatusCode: 200 } && r.Body.Length < 256 * 1024 && LoginPage.IsHtml(r)
        && r.Text.Contains("<title>Redis Commander", StringComparison.Ordinal);

    /// <summary>One Redis connection as /apiv2/server/info shows it: counts from its INFO, the version.</summary>
    public sealed record Connection(string? Version, long Clients, long Keys, int Databases);

    /// <summary>The connections of a /apiv2/server/info answer ({"data":[{"label":...,"info":[{"key":...,"value":...}]}]}); null when it is not one.</summary>
    public static IReadOnlyList<Connection>? Read(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                return null;
            var connections = new List<Connection>();
            foreach (var c in data.EnumerateArray().Take(100))
            {
                if (c.ValueKind != JsonValueKind.Object || !c.TryGetProperty("info", out var info) || info.ValueKind != JsonValueKind.Array) return null;
                string? version = null;
                long clients = 0, keys = 0;
                var databases = 0;
                foreach (var item in info.EnumerateArray().Take(1000))
                {
                    if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("key", out var k) || k.ValueKind != JsonValueKind.String
                        || !item.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.String) continue;
                    var key = k.GetString()!;
                    var value = v.GetString()!;
                    if (key == "Redis version") version = TextSafety.Truncate(TextSafety.StripControl(value), 20);
                    else if (key == "Connected clients" && long.TryParse(value, out var n)) clients = n;
                    // The keyspace section: "Db0" = "keys=3,expires=0,avg_ttl=0".
                    else if (key.Length is > 2 and <= 6 && key.StartsWith("Db", StringComparison.Ordinal) && key[2..].All(char.IsAsciiDigit))
                    {
                        var counted = value.Split(',')[0];
                        if (counted.StartsWith("keys=", StringComparison.Ordinal) && long.TryParse(counted[5..], out var count)) { keys += count; databases++; }
                    }
                }
                connections.Add(new Connection(version, clients, keys, databases));
            }
            return connections;
        }
        catch (JsonException) { return null; }
    }
}
