using System.Text.Json;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-019: a monitoring server (<see cref="MonitoringServer"/>) that takes writes or administration from anyone,
/// found without writing anything: Prometheus' own flags (admin API, lifecycle, remote-write receiver), Alertmanager's
/// silences answering GET without credentials (POST beside them takes the same; OPTIONS shows whether a proxy refuses
/// the method), Pushgateway's push path refusing GET with a 405 whose Allow names PUT, POST and DELETE, and its admin
/// wipe when its flags say it is on.
/// </summary>
public sealed class MonitoringWriteCheck : IAsyncCheck<ApiProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.MonitoringWriteOpen };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var origin = ApiProbe.Origin(probe.Request.Url);
        foreach (var server in await MonitoringServer.IdentifyAsync(probe).ConfigureAwait(false))
        {
            switch (server.Product)
            {
                case MonitoringProduct.Prometheus when MonitoringServer.Concerns(probe, "/api/v1"):
                {
                    var on = new List<string>();
                    if (MonitoringServer.FlagOn(server, "web.enable-admin-api")) on.Add("web.enable-admin-api (the TSDB admin API: POST /api/v1/admin/tsdb/delete_series, clean_tombstones, snapshot)");
                    if (MonitoringServer.FlagOn(server, "web.enable-lifecycle")) on.Add("web.enable-lifecycle (POST /-/quit stops the server, POST /-/reload)");
                    if (MonitoringServer.FlagOn(server, "web.enable-remote-write-receiver")
                        || (server.Flags.TryGetValue("enable-feature", out var features) && features.Contains("remote-write-receiver", StringComparison.Ordinal)))
                        on.Add("the remote-write receiver (POST /api/v1/write takes samples)");
                    if (on.Count > 0)
                        findings.Add(probe.Finding(ExposureRules.MonitoringWriteOpen, "/api/v1/status/flags",
                            $"GET /api/v1/status/flags answered without credentials and reports {string.Join("; ", on)} on", Confidence.Confirmed));
                    break;
                }
                case MonitoringProduct.Alertmanager when MonitoringServer.Concerns(probe, "/api/v2"):
                {
                    var silences = await probe.GetOnceAsync(new Uri(origin, "/api/v2/silences")).ConfigureAwait(false);
                    if (MonitoringServer.Json(silences) is not { ValueKind: JsonValueKind.Array } list) break;
                    // OPTIONS cannot change anything: Alertmanager answers it 405 naming its methods; a proxy that limits
                    // methods refuses it (401/403), and then POST is refused too.
                    var options = await probe.SendAsync(new Uri(origin, "/api/v2/silences"), "OPTIONS", followRedirects: false, maxBodyBytes: 4096).ConfigureAwait(false);
                    if (options is { StatusCode: 401 or 403 or 407 }) break;
                    var allow = Allowed(options);
                    var advertised = allow.Contains("POST") ? $"; OPTIONS names POST in Allow: {string.Join(", ", allow)}" : "";
                    findings.Add(probe.Finding(ExposureRules.MonitoringWriteOpen, "/api/v2/silences",
                        $"GET /api/v2/silences answered {silences!.StatusCode} without credentials ({list.GetArrayLength()} silence(s)){advertised}: POST /api/v2/silences (mute any alert) and POST /api/v2/alerts, documented beside it, ask for no credentials either",
                        allow.Contains("POST") ? Confidence.Confirmed : Confidence.Firm));
                    break;
                }
                case MonitoringProduct.Pushgateway:
                {
                    if (MonitoringServer.Concerns(probe, "/metrics/job"))
                    {
                        var job = new Uri(origin, $"/metrics/job/atr-{probe.Nonce}");
                        var r = await probe.SendAsync(job, followRedirects: false, maxBodyBytes: 4096).ConfigureAwait(false);
                        var allow = Allowed(r);
                        var writes = allow.Where(m => m is "PUT" or "POST" or "DELETE").ToList();
                        if (r is { StatusCode: 405 } && writes.Count > 0)
                            findings.Add(probe.Finding(ExposureRules.MonitoringWriteOpen, "/metrics/job/{job}",
                                $"GET {job.AbsolutePath} answered 405 without asking for credentials, Allow: {string.Join(", ", allow)}: anyone can push, replace and delete metric groups ({string.Join(", ", writes)} /metrics/job/<job>)",
                                Confidence.Confirmed));
                    }
                    if (MonitoringServer.Concerns(probe, "/api/v1") && MonitoringServer.FlagOn(server, "web.enable-admin-api"))
                        findings.Add(probe.Finding(ExposureRules.MonitoringWriteOpen, "/api/v1/admin/wipe",
                            "GET /api/v1/status answered without credentials and reports web.enable-admin-api on: PUT /api/v1/admin/wipe deletes every metric group",
                            Confidence.Confirmed));
                    break;
                }
            }
        }
        return findings;
    }

    /// <summary>The methods of an Allow header (upper case, at most 12), empty when there is none.</summary>
    private static List<string> Allowed(HttpProbeResult? r) =>
        r?.Header("Allow") is { } allow
            ? allow.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(m => MonitoringServer.Safe(m, 10).ToUpperInvariant()).Distinct().Take(12).ToList()
            : new List<string>();
}
