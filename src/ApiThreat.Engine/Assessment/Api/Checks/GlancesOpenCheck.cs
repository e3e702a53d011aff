using System.Text.Json;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-027: the Glances web server showing the host's process list without a password. Asked only of an origin that
/// answers like Glances (its page's window.__GLANCES__, or its /api/3 operations in the inventory): one GET
/// /api/3/processlist, a read (https://glances.readthedocs.io/en/v3.3.1/api.html). Counts only: a command line may carry a secret.
/// </summary>
public sealed class GlancesOpenCheck : IAsyncCheck<ApiProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { OpsServerRules.OpenGlances };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        if (!MaybeGlances(probe)) return Array.Empty<Finding>();
        var r = await probe.SendAsync(new Uri(ApiProbe.Origin(probe.Request.Url), "/api/3/processlist"), maxBodyBytes: 16 * 1024 * 1024).ConfigureAwait(false);
        // With --password every request answers 401 with a Basic challenge.
        if (r is not { StatusCode: 200 } || Processes(r.Body) is not { } list) return Array.Empty<Finding>();
        return new[]
        {
            probe.Finding(OpsServerRules.OpenGlances, "/api/3/processlist",
                $"GET /api/3/processlist answered 200 without credentials: {list.Count} process(es), {list.WithCommandLine} of them with their command line (not copied here)", Confidence.Confirmed),
        };
    }

    private static bool MaybeGlances(ApiProbe probe)
    {
        if (probe.Request.Operations.Any(o => o.Path.StartsWith("/api/3/", StringComparison.Ordinal))) return true;
        var seen = new[] { probe.Baseline, probe.Soft404 }.Concat(probe.Responses.Select(x => x.Response));
        return seen.Any(r => r is { StatusCode: 200 } && r.Body.Length < 64 * 1024 && r.Text.Contains("window.__GLANCES__", StringComparison.Ordinal));
    }

    /// <summary>The number of processes of a /api/3/processlist answer and how many carry a command line; null when the body is not one.</summary>
    public static (int Count, int WithCommandLine)? Processes(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Array) return null;
            int count = 0, withCommandLine = 0;
            foreach (var p in root.EnumerateArray())
            {
                if (p.ValueKind != JsonValueKind.Object || !p.TryGetProperty("pid", out _) || !p.TryGetProperty("name", out _)) return null;
                count++;
                if (p.TryGetProperty("cmdline", out var c) && c.ValueKind == JsonValueKind.Array && c.GetArrayLength() > 0) withCommandLine++;
            }
            return (count, withCommandLine);
        }
        catch (JsonException) { return null; }
    }
}
