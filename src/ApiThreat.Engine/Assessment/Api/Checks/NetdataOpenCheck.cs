using System.Text.Json;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-026: a Netdata agent whose REST API answers anyone. Asked only of an origin whose Server header names
/// Netdata's embedded web server: one GET /api/v1/charts, a read
/// (https://github.com/netdata/netdata/blob/v1.37.1/web/api/README.md). The number of charts, nothing of the metrics.
/// </summary>
public sealed class NetdataOpenCheck : IAsyncCheck<ApiProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { OpsServerRules.OpenNetdata };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var seen = new[] { probe.Baseline, probe.Soft404 }.Concat(probe.Responses.Select(x => x.Response));
        if (!seen.Any(r => r?.Header("Server") is { } server && server.StartsWith("Netdata Embedded HTTP Server", StringComparison.Ordinal))) return Array.Empty<Finding>();
        var r = await probe.SendAsync(new Uri(ApiProbe.Origin(probe.Request.Url), "/api/v1/charts"), maxBodyBytes: 8 * 1024 * 1024).ConfigureAwait(false);
        if (r is not { StatusCode: 200 } || Charts(r.Body) is not { } charts) return Array.Empty<Finding>();
        return new[]
        {
            probe.Finding(OpsServerRules.OpenNetdata, "/api/v1/charts",
                $"GET /api/v1/charts answered 200 without credentials: {charts.Count} chart(s) of the agent {TextSafety.Truncate(TextSafety.StripControl(charts.Version), 20)}", Confidence.Confirmed),
        };
    }

    /// <summary>The number of charts and the agent's version of a /api/v1/charts answer; null when the body is not one.</summary>
    public static (int Count, string Version)? Charts(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("charts", out var charts) || charts.ValueKind != JsonValueKind.Object) return null;
            var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "of unknown version";
            return (charts.EnumerateObject().Count(), version);
        }
        catch (JsonException) { return null; }
    }
}
