using System.Text;
using System.Text.Json;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-020: an etcd whose client API reads its keyspace without credentials. Asked only of an origin that answers
/// like etcd (Go's plain "404 page not found", the gRPC gateway's header, or etcd operations in the inventory), and only
/// after GET /version named etcd: one keys-only range read of the whole keyspace with limit 1 (the v3 JSON gateway at
/// /v3, /v3beta or /v3alpha by release), else GET /v2/keys/ when only the v2 API is on. Key names and counts, never values.
/// </summary>
public sealed class EtcdOpenCheck : IAsyncCheck<ApiProbe>
{
    // The whole keyspace: key "\0" with range_end "\0" (etcd's "all keys" convention), names only, one of them.
    private const string RangeAll = "{\"key\":\"AA==\",\"range_end\":\"AA==\",\"limit\":1,\"keys_only\":true}";

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DataStoreRules.OpenEtcd };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        if (!MaybeEtcd(probe)) return Array.Empty<Finding>();
        var origin = ApiProbe.Origin(probe.Request.Url);
        var version = await probe.GetOnceAsync(new Uri(origin, "/version")).ConfigureAwait(false);
        if (version is not { StatusCode: 200 } || ServerAnswer.StringMember(version, "etcdserver") is null) return Array.Empty<Finding>();
        foreach (var prefix in new[] { "/v3", "/v3beta", "/v3alpha" })
        {
            var path = prefix + "/kv/range";
            var r = await probe.SendAsync(new Uri(origin, path), "POST", body: RangeAll, contentType: "application/json").ConfigureAwait(false);
            if (r is null) return Array.Empty<Finding>();
            if (r.StatusCode == 404) continue;
            if (r.StatusCode != 200 || Range(r.Body) is not { } range) return Array.Empty<Finding>();
            return new[]
            {
                probe.Finding(DataStoreRules.OpenEtcd, path,
                    $"POST {path} (a keys-only range of the whole keyspace, limit 1) answered 200 without credentials: {Describe(range.Count, range.First)}",
                    Confidence.Confirmed),
            };
        }
        // etcd 3.4 serves the v2 API only with --enable-v2.
        var v2 = await probe.SendAsync(new Uri(origin, "/v2/keys/")).ConfigureAwait(false);
        if (v2 is not { StatusCode: 200 } || V2Keys(v2.Body) is not { } keys) return Array.Empty<Finding>();
        return new[]
        {
            probe.Finding(DataStoreRules.OpenEtcd, "/v2/keys/",
                $"GET /v2/keys/ answered 200 without credentials: {Describe(keys.Count, keys.First)} at the top level", Confidence.Confirmed),
        };
    }

    private static bool MaybeEtcd(ApiProbe probe)
    {
        if (probe.Request.Operations.Any(o => o.Path is "/v3/kv/range" or "/version")) return true;
        var seen = new[] { probe.Baseline, probe.Soft404 }.Concat(probe.Responses.Select(x => x.Response));
        return seen.Any(r => r is not null && (r.Header("Grpc-Metadata-Content-Type") is not null
            || r.StatusCode == 404 && r.Body.Length < 64 && r.Text.Trim() == "404 page not found"));
    }

    private static string Describe(long count, string? first) =>
        $"{count} key(s)" + (first is null ? "" : $", the first named {TextSafety.Truncate(TextSafety.StripControl(first), 80)}");

    /// <summary>The count and first key name of a v3 RangeResponse (keys base64); null when the body is not one.</summary>
    public static (long Count, string? First)? Range(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("header", out _)) return null;
            // int64 fields travel as JSON strings in the gateway's answers; an empty keyspace omits count and kvs.
            var count = root.TryGetProperty("count", out var c) && long.TryParse(c.ValueKind == JsonValueKind.String ? c.GetString() : c.GetRawText(), out var n) ? n : 0;
            string? first = null;
            if (root.TryGetProperty("kvs", out var kvs) && kvs.ValueKind == JsonValueKind.Array && kvs.GetArrayLength() > 0
                && kvs[0].TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String && key.TryGetBytesFromBase64(out var raw))
                first = Encoding.UTF8.GetString(raw);
            return (Math.Max(count, first is null ? 0 : 1), first);
        }
        catch (JsonException) { return null; }
    }

    /// <summary>The number and first name of the top-level keys of a v2 GET /v2/keys/ answer; null when the body is not one.</summary>
    public static (long Count, string? First)? V2Keys(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("action", out _) || !root.TryGetProperty("node", out var node)) return null;
            if (!node.TryGetProperty("nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Array) return (0, null);
            var first = nodes.EnumerateArray().Select(n => n.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null).FirstOrDefault(k => k is not null);
            return (nodes.GetArrayLength(), first);
        }
        catch (JsonException) { return null; }
    }
}
