using System.Text.Json;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-017: a Prometheus, Alertmanager or Pushgateway whose documented status endpoint answers without credentials
/// (<see cref="MonitoringServer"/>), with what anyone can read there: Prometheus' scrape targets, Alertmanager's
/// receivers, Pushgateway's metric groups (counted, never listed).
/// </summary>
public sealed class MonitoringApiCheck : IAsyncCheck<ApiProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.OpenMonitoringApi };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        foreach (var server in await MonitoringServer.IdentifyAsync(probe).ConfigureAwait(false))
        {
            if (!MonitoringServer.Concerns(probe, server.Product == MonitoringProduct.Alertmanager ? "/api/v2" : "/api/v1")) continue;
            var (listPath, what) = server.Product switch
            {
                MonitoringProduct.Prometheus => ("/api/v1/targets", "active scrape target"),
                MonitoringProduct.Alertmanager => ("/api/v2/receivers", "receiver"),
                _ => ("/api/v1/metrics", "metric group"),
            };
            var list = await probe.GetOnceAsync(new Uri(ApiProbe.Origin(probe.Request.Url), listPath)).ConfigureAwait(false);
            var count = Count(server.Product == MonitoringProduct.Alertmanager ? MonitoringServer.Json(list) : MonitoringServer.Data(list));
            var listed = count is { } n ? $"; GET {listPath} lists {n} {what}{(n == 1 ? "" : "s")}" : "";
            findings.Add(probe.Finding(ExposureRules.OpenMonitoringApi, server.StatusPath,
                $"GET {server.StatusPath} answered {server.Response.StatusCode} without credentials: {server.Name} {MonitoringServer.Safe(server.Version, 40)}".TrimEnd() + listed,
                Confidence.Confirmed));
        }
        return findings;
    }

    /// <summary>The length of a list answer: a bare array, or Prometheus' targets object (its activeTargets).</summary>
    private static int? Count(JsonElement? e) => e switch
    {
        { ValueKind: JsonValueKind.Array } a => a.GetArrayLength(),
        { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("activeTargets", out var t) && t.ValueKind == JsonValueKind.Array => t.GetArrayLength(),
        _ => null,
    };
}
