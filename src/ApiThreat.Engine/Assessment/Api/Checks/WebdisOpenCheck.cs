using System.Text.Json;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-025: Webdis forwarding Redis commands without credentials. Asked only of an origin whose Server header is
/// Webdis: GET /PING and GET /DBSIZE, two reads (https://github.com/nicolasff/webdis#features). The number of keys,
/// never a key's name or value.
/// </summary>
public sealed class WebdisOpenCheck : IAsyncCheck<ApiProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { OpsServerRules.OpenWebdis };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var seen = new[] { probe.Baseline, probe.Soft404 }.Concat(probe.Responses.Select(x => x.Response));
        if (!seen.Any(r => r?.Header("Server") == "Webdis")) return Array.Empty<Finding>();
        var origin = ApiProbe.Origin(probe.Request.Url);
        // An ACL that disables the command answers 403 with an empty body.
        var ping = await probe.SendAsync(new Uri(origin, "/PING")).ConfigureAwait(false);
        if (ping is not { StatusCode: 200 } || ping.Text.Trim() != "{\"PING\":[true,\"PONG\"]}") return Array.Empty<Finding>();
        var dbsize = await probe.SendAsync(new Uri(origin, "/DBSIZE")).ConfigureAwait(false);
        var keys = dbsize is { StatusCode: 200 } ? KeyCount(dbsize.Body) : null;
        var counted = keys is { } n ? $"; GET /DBSIZE answered {n} key(s) in its Redis database" : "";
        return new[]
        {
            probe.Finding(OpsServerRules.OpenWebdis, "/PING", $"GET /PING answered Redis' PONG without credentials{counted}", Confidence.Confirmed),
        };
    }

    /// <summary>The count of a Webdis {"DBSIZE": n} answer; null when the body is not one.</summary>
    public static long? KeyCount(byte[] body)
    {
        if (body.Length is 0 or > 256) return null;
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 4 });
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("DBSIZE", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt64(out var count) ? count : null;
        }
        catch (JsonException) { return null; }
    }
}
