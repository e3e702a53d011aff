using System.Text.Json;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-022: a Jupyter notebook server that answers its REST API without a token or password. Asked only of an
/// origin that answers like Jupyter (its Content-Security-Policy reporting to /api/security/csp-report): GETs of the
/// contents, kernels and terminals listings, never a POST (that would start a kernel or a terminal). Counts only.
/// </summary>
public sealed class JupyterOpenCheck : IAsyncCheck<ApiProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DataStoreRules.OpenJupyter };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var seen = new[] { probe.Baseline, probe.Soft404 }.Concat(probe.Responses.Select(x => x.Response));
        if (!seen.Any(ServerAnswer.IsJupyter)) return Array.Empty<Finding>();
        var origin = ApiProbe.Origin(probe.Request.Url);
        // With a token or password, each listing answers 403 (or redirects to /login).
        var contents = await probe.SendAsync(new Uri(origin, "/api/contents"), followRedirects: false).ConfigureAwait(false);
        var kernels = await probe.SendAsync(new Uri(origin, "/api/kernels"), followRedirects: false).ConfigureAwait(false);
        var items = Count(contents, "content");
        var running = Count(kernels, null);
        if (items is null && running is null) return Array.Empty<Finding>();
        var terminals = await probe.SendAsync(new Uri(origin, "/api/terminals"), followRedirects: false).ConfigureAwait(false);
        var parts = new List<string>();
        if (items is { } n) parts.Add($"GET /api/contents lists {n} file(s) and folder(s)");
        if (running is { } k) parts.Add($"GET /api/kernels lists {k} running kernel(s)");
        parts.Add(Count(terminals, null) is not null ? "GET /api/terminals answers: terminals are enabled" : "terminals are not served");
        return new[]
        {
            probe.Finding(DataStoreRules.OpenJupyter, items is null ? "/api/kernels" : "/api/contents",
                $"{string.Join("; ", parts)}; all without credentials: anyone can start a kernel and run code", Confidence.Confirmed),
        };
    }

    /// <summary>The length of a 200 JSON listing (the array itself, or its <paramref name="member"/> array); null otherwise.</summary>
    private static int? Count(HttpProbeResult? r, string? member)
    {
        if (r is not { StatusCode: 200 } || !ResponseHeuristics.IsJson(r)) return null;
        try
        {
            using var doc = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 64 });
            var list = doc.RootElement;
            if (member is not null)
            {
                if (list.ValueKind != JsonValueKind.Object || !list.TryGetProperty(member, out list)) return null;
            }
            return list.ValueKind == JsonValueKind.Array ? list.GetArrayLength() : null;
        }
        catch (JsonException) { return null; }
    }
}
