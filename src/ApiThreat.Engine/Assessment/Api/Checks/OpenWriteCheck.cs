using System.Text.Json;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-012 (-Active, after the cmdlet's ShouldProcess): a JSON collection anyone can read is sent one marker
/// object by POST without credentials; if it is created (2xx, the marker echoed or found in the collection), the
/// write is proven, and the marker object is deleted again. At most one collection per API.
/// </summary>
public sealed class OpenWriteCheck : IAsyncCheck<ApiActiveProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.OpenWrite };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiActiveProbe active, CancellationToken cancellationToken)
    {
        var probe = active.Probe;
        var marker = "apithreat-write-probe-" + probe.Nonce;
        foreach (var (url, read) in probe.OpenReads.DistinctBy(o => o.Url.AbsoluteUri).Take(5))
        {
            if (!IsJsonArray(read)) continue;
            var body = JsonSerializer.Serialize(new { apithreat_probe = marker });
            var r = await probe.SendAsync(url, "POST", body: body, contentType: "application/json", followRedirects: false, maxBodyBytes: 64 * 1024).ConfigureAwait(false);
            if (r is null || r.StatusCode is < 200 or >= 300) continue;
            var echoed = r.Text.Contains(marker, StringComparison.Ordinal);
            if (!echoed)
            {
                var after = await probe.SendAsync(url).ConfigureAwait(false);
                echoed = after is not null && after.Text.Contains(marker, StringComparison.Ordinal);
            }
            if (!echoed) continue;
            var cleanup = await DeleteAsync(probe, url, r).ConfigureAwait(false);
            return new[]
            {
                probe.Finding(ExposureRules.OpenWrite, url.AbsolutePath,
                    $"POST {url.AbsolutePath} without credentials answered {r.StatusCode} and created the marker object; {cleanup}",
                    Confidence.Confirmed, DetectionMethod.Active),
            };
        }
        return Array.Empty<Finding>();
    }

    /// <summary>Removes the marker object again (by the Location header, else by the id the response gave).</summary>
    private static async Task<string> DeleteAsync(ApiProbe probe, Uri collection, HttpProbeResult created)
    {
        Uri? item = null;
        if (created.Header("Location") is { } location && Uri.TryCreate(collection, location, out var l) && l.Authority == collection.Authority) item = l;
        if (item is null)
        {
            try
            {
                using var doc = JsonDocument.Parse(created.Body, new JsonDocumentOptions { MaxDepth = 8 });
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.Number or JsonValueKind.String)
                    item = new Uri(collection.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + Uri.EscapeDataString(id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText()));
            }
            catch (JsonException) { }
        }
        if (item is null) return "the marker object could not be located to delete it";
        var d = await probe.SendAsync(item, "DELETE", followRedirects: false, maxBodyBytes: 16 * 1024).ConfigureAwait(false);
        return d is not null && d.StatusCode is >= 200 and < 300
            ? $"DELETE {item.AbsolutePath} removed it again ({d.StatusCode})"
            : $"DELETE {item.AbsolutePath} answered {d?.StatusCode.ToString() ?? "nothing"}: remove the marker object by hand";
    }

    private static bool IsJsonArray(HttpProbeResult r) =>
        ResponseHeuristics.IsJson(r) && r.Body.AsSpan().TrimStart(" \t\r\n"u8) is { Length: > 0 } s && s[0] == (byte)'[';
}
