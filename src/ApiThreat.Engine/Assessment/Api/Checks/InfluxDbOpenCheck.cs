using System.Text.Json;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-021: an InfluxDB whose HTTP API runs queries without credentials. Asked only of an origin that sent
/// InfluxDB's X-Influxdb-Version header: one GET /query?q=SHOW DATABASES (a read; InfluxDB refuses statements that
/// change anything on GET). Database names and their number, nothing of their contents.
/// </summary>
public sealed class InfluxDbOpenCheck : IAsyncCheck<ApiProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DataStoreRules.OpenInfluxDb };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var seen = new[] { probe.Baseline, probe.Soft404 }.Concat(probe.Responses.Select(x => x.Response));
        if (!seen.Any(r => r?.Header("X-Influxdb-Version") is not null)) return Array.Empty<Finding>();
        var uri = new Uri(ApiProbe.Origin(probe.Request.Url), "/query?q=SHOW%20DATABASES");
        var r = await probe.SendAsync(uri).ConfigureAwait(false);
        // Authentication on: 401 with a Basic challenge; no admin user yet: an "error authorizing query" result.
        if (r is not { StatusCode: 200 } || Databases(r.Body) is not { } names) return Array.Empty<Finding>();
        var listed = names.Count == 0 ? "no database" : $"{names.Count} database(s): {string.Join(", ", names.Take(8).Select(n => TextSafety.Truncate(TextSafety.StripControl(n), 60)))}";
        return new[]
        {
            probe.Finding(DataStoreRules.OpenInfluxDb, "/query", $"GET /query?q=SHOW DATABASES answered 200 without credentials and lists {listed}", Confidence.Confirmed),
        };
    }

    /// <summary>The database names of a SHOW DATABASES answer; null when the body is not a successful one.</summary>
    public static List<string>? Databases(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            if (!doc.RootElement.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array || results.GetArrayLength() == 0) return null;
            var first = results[0];
            if (first.ValueKind != JsonValueKind.Object || first.TryGetProperty("error", out _)) return null;
            var names = new List<string>();
            if (first.TryGetProperty("series", out var series) && series.ValueKind == JsonValueKind.Array)
                foreach (var s in series.EnumerateArray())
                    if (s.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array)
                        foreach (var row in values.EnumerateArray().Take(1000))
                            if (row.ValueKind == JsonValueKind.Array && row.GetArrayLength() > 0 && row[0].ValueKind == JsonValueKind.String) names.Add(row[0].GetString()!);
            return names;
        }
        catch (JsonException) { return null; }
        catch (InvalidOperationException) { return null; }
    }
}
