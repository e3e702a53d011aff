using System.Text.Json;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-016: a Docker Registry HTTP API V2 that answers its version check (GET /v2/) without credentials. Only an
/// origin that already said it is a registry (the Docker-Distribution-Api-Version header on an answer seen) is asked:
/// one GET /v2/, and GET /v2/_catalog to name what anyone can pull.
/// </summary>
public sealed class ContainerRegistryCheck : IAsyncCheck<ApiProbe>
{
    private const string VersionHeader = "Docker-Distribution-Api-Version";

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.OpenContainerRegistry };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var seen = new[] { probe.Baseline, probe.Soft404 }.Concat(probe.Responses.Select(x => x.Response));
        if (!seen.Any(r => r is not null && IsRegistry(r))) return Array.Empty<Finding>();
        var origin = ApiProbe.Origin(probe.Request.Url);
        var check = await probe.SendAsync(new Uri(origin, "/v2/")).ConfigureAwait(false);
        // The spec's answer for a registry that needs credentials is 401 with a challenge; 200 means anyone is in.
        if (check is null || !ApiProbe.IsSuccess(check) || !IsRegistry(check)) return Array.Empty<Finding>();
        var catalog = await probe.SendAsync(new Uri(origin, "/v2/_catalog")).ConfigureAwait(false);
        var repositories = ApiProbe.IsSuccess(catalog) ? Repositories(catalog!) : null;
        var listed = repositories is null ? "its catalog is not listed"
            : $"GET /v2/_catalog lists {repositories.Count} repositor{(repositories.Count == 1 ? "y" : "ies")}"
              + (repositories.Count > 0 ? $": {string.Join(", ", repositories.Take(5).Select(n => TextSafety.Truncate(TextSafety.StripControl(n), 60)))}" : "");
        return new[]
        {
            probe.Finding(ExposureRules.OpenContainerRegistry, "/v2/",
                $"GET /v2/ answered {check.StatusCode} with {VersionHeader}: {TextSafety.Truncate(TextSafety.StripControl(check.Header(VersionHeader)), 40)} and no credentials; {listed}",
                Confidence.Confirmed),
        };
    }

    private static bool IsRegistry(HttpProbeResult r) =>
        r.Header(VersionHeader) is { } v && v.StartsWith("registry/2", StringComparison.OrdinalIgnoreCase);

    /// <summary>The repository names of a /v2/_catalog answer, or null when the body is not one.</summary>
    public static List<string>? Repositories(HttpProbeResult r)
    {
        try
        {
            using var doc = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 8 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("repositories", out var list) || list.ValueKind != JsonValueKind.Array) return null;
            return list.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!).Take(1000).ToList();
        }
        catch (JsonException) { return null; }
    }
}
