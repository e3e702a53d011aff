using System.Text.Json;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-031: a Sails app serving blueprint shortcut routes (https://sailsjs.com/documentation/reference/blueprint-api#?shortcut-blueprint-routes).
/// Asked only of an origin whose answers carry Sails' "X-Powered-By: Sails", and proven read-only: for the inventory's
/// collection paths, GET &lt;path&gt;/find, the shortcut of find, answering the JSON list of records. With shortcuts off
/// the same GET reaches findOne with the id "find" and is refused (400 E_INVALID_CRITERIA, or 404). The shortcuts that
/// write (create, update, destroy) are never sent. Counts only, never the records.
/// </summary>
public sealed class SailsShortcutCheck : IAsyncCheck<ApiProbe>
{
    private const int MaxCollections = 8;

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { NodeServerRules.SailsShortcutRoutes };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var seen = new[] { probe.Baseline, probe.Soft404 }.Concat(probe.Responses.Select(x => x.Response));
        if (!seen.Any(IsSails)) return Array.Empty<Finding>();
        var origin = ApiProbe.Origin(probe.Request.Url);
        foreach (var collection in Collections(probe.Request.Operations.Select(o => (o.Method, o.Path))))
        {
            var find = collection + "/find";
            var r = await probe.GetOnceAsync(new Uri(origin, find)).ConfigureAwait(false);
            if (r is not { StatusCode: 200 } || !IsSails(r) || RecordCount(r.Body) is not { } count) continue;
            return new[]
            {
                probe.Finding(NodeServerRules.SailsShortcutRoutes, find,
                    $"GET {find} (the find shortcut) answered 200 with {count} record(s) of {collection}: the create, update and destroy shortcuts of the same blueprints write through GET (not sent)",
                    Confidence.Confirmed),
            };
        }
        return Array.Empty<Finding>();
    }

    /// <summary>Sails' own header on every answer (its http hook's poweredBy middleware).</summary>
    public static bool IsSails(HttpProbeResult? r) => r?.Header("X-Powered-By") is { } p && p.StartsWith("Sails", StringComparison.Ordinal);

    /// <summary>
    /// The paths that may be blueprint collections: GET operations without placeholders or a query, not themselves a
    /// shortcut, at most <see cref="MaxCollections"/> of them.
    /// </summary>
    public static IReadOnlyList<string> Collections(IEnumerable<(string Method, string Path)> operations) =>
        operations.Where(o => o.Method == "GET")
            .Select(o => o.Path.TrimEnd('/'))
            .Where(p => p.Length > 1 && p.Length <= 200 && p.IndexOfAny(new[] { '{', '?', ':', '*' }) < 0
                && !p.EndsWith("/find", StringComparison.Ordinal) && !p.Contains("/find/", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).Take(MaxCollections).ToList();

    /// <summary>The number of records of a blueprint find answer (a JSON array of objects); null when the body is not one.</summary>
    public static int? RecordCount(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Array) return null;
            return root.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object) ? root.GetArrayLength() : null;
        }
        catch (JsonException) { return null; }
    }
}
