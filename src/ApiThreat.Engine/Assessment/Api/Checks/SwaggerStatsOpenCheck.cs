using System.Text.Json;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-032: swagger-stats' telemetry answering without credentials (https://swaggerstats.io/guide/conf.html). Asked
/// only of an origin whose inventory holds swagger-stats' own paths (its /stats or /metrics under its uriPath, found by
/// discovery), with GETs: /stats?fields=lasterrors for the counters and the last failing requests, of which only the
/// names of credential headers are counted (never a value, path or address), and /metrics. With authentication on,
/// both answer 403 "Authentication required". Reported High when the last errors keep other clients' credentials.
/// </summary>
public sealed class SwaggerStatsOpenCheck : IAsyncCheck<ApiProbe>
{
    private static readonly string[] s_credentialHeaders = { "authorization", "cookie", "proxy-authorization", "x-api-key", "x-auth-token" };

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { NodeServerRules.OpenApiTelemetry };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var uriPath = UriPath(probe.Request.Operations.Select(o => o.Path));
        if (uriPath is null) return Array.Empty<Finding>();
        var origin = ApiProbe.Origin(probe.Request.Url);
        var stats = await probe.SendAsync(new Uri(origin, uriPath + "/stats?fields=lasterrors"), followRedirects: false, maxBodyBytes: 2 * 1024 * 1024).ConfigureAwait(false);
        if (stats is not { StatusCode: 200 } || stats.BodyTruncated || Read(stats.Body) is not { } read) return Array.Empty<Finding>();
        var metrics = await probe.SendAsync(new Uri(origin, uriPath + "/metrics"), followRedirects: false, maxBodyBytes: 256 * 1024).ConfigureAwait(false);
        var parts = new List<string>
        {
            $"GET {uriPath}/stats answered 200 without credentials: {read.Requests} request(s) and {read.Errors} error(s) counted since it started, with the host's name, address and memory",
        };
        if (metrics is { StatusCode: 200 } && metrics.Text.Contains("api_all_request_total", StringComparison.Ordinal))
            parts.Add($"GET {uriPath}/metrics answers the same in Prometheus' format");
        Severity? severity = null;
        if (read.WithCredentials > 0)
        {
            severity = Severity.High;
            parts.Add($"?fields=lasterrors returns the last {read.LastErrors} failing request(s) with their headers, {read.WithCredentials} of them carrying {string.Join(", ", read.HeaderNames)} (header names only, never their values)");
        }
        else if (read.LastErrors > 0) parts.Add($"?fields=lasterrors returns the last {read.LastErrors} failing request(s) with their headers");
        return new[] { probe.Finding(NodeServerRules.OpenApiTelemetry, uriPath + "/stats", string.Join("; ", parts), Confidence.Confirmed, severity: severity) };
    }

    /// <summary>swagger-stats' uriPath from the inventory's paths (/swagger-stats by default, under any base path); null when none.</summary>
    public static string? UriPath(IEnumerable<string> paths)
    {
        foreach (var p in paths)
        {
            var path = p.Split('?')[0].TrimEnd('/');
            foreach (var leaf in new[] { "/stats", "/metrics" })
                if (path.EndsWith("/swagger-stats" + leaf, StringComparison.Ordinal) && path.Length <= 200) return path[..^leaf.Length];
        }
        return null;
    }

    /// <summary>What a /stats?fields=lasterrors answer shows; null when the body is not swagger-stats' statistics.</summary>
    public static StatsSummary? Read(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("startts", out _) || !root.TryGetProperty("all", out var all)
                || all.ValueKind != JsonValueKind.Object) return null;
            long Number(string name) => all.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : 0;
            int lastErrors = 0, withCredentials = 0;
            var names = new SortedSet<string>(StringComparer.Ordinal);
            if (root.TryGetProperty("lasterrors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                foreach (var e in errors.EnumerateArray())
                {
                    lastErrors++;
                    if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("http", out var http) || http.ValueKind != JsonValueKind.Object
                        || !http.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Object
                        || !request.TryGetProperty("headers", out var headers) || headers.ValueKind != JsonValueKind.Object) continue;
                    var carried = headers.EnumerateObject().Select(h => h.Name.ToLowerInvariant()).Where(s_credentialHeaders.Contains).ToList();
                    if (carried.Count == 0) continue;
                    withCredentials++;
                    names.UnionWith(carried);
                }
            return new StatsSummary(Number("requests"), Number("errors"), lastErrors, withCredentials, names.ToArray());
        }
        catch (JsonException) { return null; }
    }

    public sealed record StatsSummary(long Requests, long Errors, int LastErrors, int WithCredentials, IReadOnlyList<string> HeaderNames);
}
