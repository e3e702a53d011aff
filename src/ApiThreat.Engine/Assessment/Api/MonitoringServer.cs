using System.Text.Json;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api;

/// <summary>The monitoring servers of the Prometheus project whose HTTP APIs have documented status endpoints.</summary>
public enum MonitoringProduct
{
    Prometheus,
    Alertmanager,
    Pushgateway,
}

/// <summary>A monitoring server that answered its documented status endpoint without credentials, and what it said.</summary>
public sealed record MonitoringStatus(MonitoringProduct Product, string StatusPath, HttpProbeResult Response, string? Version,
    IReadOnlyDictionary<string, string> Flags)
{
    public string Name => Product switch
    {
        MonitoringProduct.Prometheus => "Prometheus",
        MonitoringProduct.Alertmanager => "Alertmanager",
        _ => "Pushgateway",
    };
}

/// <summary>
/// Recognises Prometheus, Alertmanager and Pushgateway behind an API under test, for the ATR-EXPO-017..019 checks. Only
/// a target that already looks like one is asked (its page title, the Prometheus root's redirect to its graph page, its
/// API's JSON envelope, or operations at the products' documented paths); then one GET per product's status endpoint
/// (Prometheus /api/v1/status/buildinfo and /flags, Alertmanager /api/v2/status, Pushgateway /api/v1/status), asked once
/// per run however many checks want it. Which of them an endpoint concerns follows its path and operations, so an
/// origin inventoried as two endpoints (Pushgateway's push path at / and its query API at /api/v1) gets each finding once.
/// </summary>
public static class MonitoringServer
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(200);
    private static readonly Regex s_title = new(@"<title>\s*(Prometheus Time Series Collection and Processing Server|Prometheus|Alertmanager|Prometheus Pushgateway)\s*</title>",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, s_timeout);
    /// <summary>Prometheus' root redirects to its graph (2.x: /graph, Debian's /classic/graph) or query page (3.x).</summary>
    private static readonly Regex s_rootRedirect = new(@"^(\.?/)?(classic/)?(graph|query)$", RegexOptions.CultureInvariant, s_timeout);
    private static readonly string[] s_coveredV1 =
    {
        "/api/v1/status", "/api/v1/targets", "/api/v1/query", "/api/v1/labels", "/api/v1/label/", "/api/v1/rules", "/api/v1/alerts", "/api/v1/alertmanagers",
        "/api/v1/metadata", "/api/v1/metrics",
    };
    private static readonly string[] s_documentedPrefixes = { "/api/v1/status", "/api/v1/targets", "/api/v1/query", "/api/v2/status", "/api/v2/silences", "/api/v2/alerts", "/metrics/job/" };

    /// <summary>The servers that answered their status endpoint without credentials (empty when nothing hints at one).</summary>
    public static async Task<IReadOnlyList<MonitoringStatus>> IdentifyAsync(ApiProbe probe)
    {
        if (!Hinted(probe)) return Array.Empty<MonitoringStatus>();
        var origin = ApiProbe.Origin(probe.Request.Url);
        var found = new List<MonitoringStatus>();
        // Prometheus: {"status":"success","data":{"version":...,"goVersion":...}}.
        var build = await probe.GetOnceAsync(new Uri(origin, "/api/v1/status/buildinfo")).ConfigureAwait(false);
        if (Data(build) is { } b && b.ValueKind == JsonValueKind.Object && b.TryGetProperty("goVersion", out _))
        {
            var flagsAnswer = await probe.GetOnceAsync(new Uri(origin, "/api/v1/status/flags")).ConfigureAwait(false);
            found.Add(new MonitoringStatus(MonitoringProduct.Prometheus, "/api/v1/status/buildinfo", build!, Text(b, "version"), Flags(Data(flagsAnswer))));
        }
        // Alertmanager API v2: {"cluster":{...},"config":{"original":...},"versionInfo":{...},"uptime":...}.
        var am = await probe.GetOnceAsync(new Uri(origin, "/api/v2/status")).ConfigureAwait(false);
        if (Json(am) is { } a && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("versionInfo", out var vi) && a.TryGetProperty("cluster", out _))
            found.Add(new MonitoringStatus(MonitoringProduct.Alertmanager, "/api/v2/status", am!, vi.ValueKind == JsonValueKind.Object ? Text(vi, "version") : null, new Dictionary<string, string>()));
        // Pushgateway: {"status":"success","data":{"build_information":{...},"flags":{...},"start_time":...}}.
        var pg = await probe.GetOnceAsync(new Uri(origin, "/api/v1/status")).ConfigureAwait(false);
        if (Data(pg) is { } p && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("build_information", out var bi))
        {
            var flags = p.TryGetProperty("flags", out var f) ? Flags(f) : new Dictionary<string, string>();
            found.Add(new MonitoringStatus(MonitoringProduct.Pushgateway, "/api/v1/status", pg!, bi.ValueKind == JsonValueKind.Object ? Text(bi, "version") : null, flags));
        }
        return found;
    }

    /// <summary>
    /// Whether the endpoint under test holds the API rooted at <paramref name="root"/>: a bare URL (no operations) holds
    /// what is under its path; an inventoried endpoint holds what its operations name.
    /// </summary>
    public static bool Concerns(ApiProbe probe, string root)
    {
        var operations = probe.Request.Operations;
        if (operations.Count == 0)
        {
            var path = probe.Request.Url.AbsolutePath.TrimEnd('/');
            return path.Length == 0 || Under(path, root) || Under(root, path);
        }
        return operations.Any(o => Under(probe.OperationUri(o.Path).AbsolutePath, root));
    }

    /// <summary>Whether a path is one of the products' documented API reads (status, configuration, targets, metric groups...).</summary>
    public static bool Covers(string path) =>
        path.StartsWith("/api/v1/", StringComparison.Ordinal) && s_coveredV1.Any(p => path.StartsWith(p, StringComparison.Ordinal))
        || path.StartsWith("/api/v2/", StringComparison.Ordinal);

    /// <summary>Whether the server reports the flag as "true".</summary>
    public static bool FlagOn(MonitoringStatus status, string flag) =>
        status.Flags.TryGetValue(flag, out var v) && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A server-sent string made safe for evidence.</summary>
    public static string Safe(string? s, int max = 60) => TextSafety.Truncate(TextSafety.StripControl(s ?? ""), max);

    private static bool Under(string path, string root) =>
        path.Equals(root, StringComparison.Ordinal) || path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static bool Hinted(ApiProbe probe)
    {
        if (probe.Request.Operations.Any(o => s_documentedPrefixes.Any(p => probe.OperationUri(o.Path).AbsolutePath.StartsWith(p, StringComparison.Ordinal)))) return true;
        if (probe.Baseline is { StatusCode: >= 300 and < 400 } r && r.Header("Location") is { } location && Matches(s_rootRedirect, location.Trim())) return true;
        foreach (var seen in new[] { probe.Baseline, probe.Soft404 }.Concat(probe.Responses.Select(x => x.Response)))
        {
            if (seen is null || seen.Body.Length == 0) continue;
            var head = System.Text.Encoding.UTF8.GetString(seen.Body, 0, Math.Min(seen.Body.Length, 4096));
            if (head.StartsWith("{\"status\":\"success\",\"data\":", StringComparison.Ordinal) || Matches(s_title, head)) return true;
        }
        return false;
    }

    private static bool Matches(Regex regex, string text)
    {
        try { return regex.IsMatch(text); } catch (RegexMatchTimeoutException) { return false; }
    }

    /// <summary>The parsed JSON of a 2xx JSON answer (a clone: the document is disposed), or null.</summary>
    public static JsonElement? Json(HttpProbeResult? r)
    {
        if (!ApiProbe.IsSuccess(r) || r!.Body.Length == 0) return null;
        try
        {
            using var doc = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 32 });
            return doc.RootElement.Clone();
        }
        catch (JsonException) { return null; }
    }

    /// <summary>The "data" of a Prometheus-style envelope ({"status":"success","data":...}), or null.</summary>
    public static JsonElement? Data(HttpProbeResult? r) =>
        Json(r) is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String
            && s.GetString() == "success" && e.TryGetProperty("data", out var d) ? d : null;

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static Dictionary<string, string> Flags(JsonElement? flags)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (flags is not { ValueKind: JsonValueKind.Object } f) return map;
        foreach (var p in f.EnumerateObject().Take(500))
            if (p.Value.ValueKind == JsonValueKind.String) map[p.Name] = p.Value.GetString()!;
        return map;
    }
}
