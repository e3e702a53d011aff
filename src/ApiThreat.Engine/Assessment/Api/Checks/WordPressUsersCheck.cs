using System.Text.Json;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-EXPO-011: WordPress's REST users route (pretty and plain permalinks) answering anyone with user objects (id, slug, and avatar_urls or _links).</summary>
public sealed class WordPressUsersCheck : IAsyncCheck<ApiProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.WordPressUserEnumeration };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var origin = ApiProbe.Origin(probe.Request.Url);
        foreach (var path in new[] { "/wp-json/wp/v2/users", "/?rest_route=/wp/v2/users" })
        {
            var r = await probe.SendAsync(new Uri(origin, path)).ConfigureAwait(false);
            if (r is null || !ApiProbe.IsSuccess(r) || Users(r) is not { Count: > 0 } slugs) continue;
            return new[]
            {
                probe.Finding(ExposureRules.WordPressUserEnumeration, "/wp-json/wp/v2/users",
                    $"GET {path} listed {slugs.Count} user(s) without credentials; login slugs: {string.Join(", ", slugs.Take(5).Select(s => TextSafety.Truncate(s, 40)))}",
                    Confidence.Confirmed),
            };
        }
        return Array.Empty<Finding>();
    }

    /// <summary>The slugs of a WordPress users listing, or null when the body is not one.</summary>
    public static List<string>? Users(HttpProbeResult r)
    {
        try
        {
            using var doc = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return null;
            var slugs = new List<string>();
            foreach (var u in doc.RootElement.EnumerateArray().Take(100))
            {
                if (u.ValueKind != JsonValueKind.Object || !u.TryGetProperty("id", out _) || !u.TryGetProperty("slug", out var slug) || slug.ValueKind != JsonValueKind.String) return null;
                if (!u.TryGetProperty("avatar_urls", out _) && !(u.TryGetProperty("_links", out var links) && links.GetRawText().Contains("wp/v2/users", StringComparison.Ordinal))) return null;
                slugs.Add(TextSafety.StripControl(slug.GetString()!));
            }
            return slugs;
        }
        catch (JsonException) { return null; }
    }
}
