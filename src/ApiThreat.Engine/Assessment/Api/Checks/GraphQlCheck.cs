using System.Text.Json;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-API-006..008: read-only GraphQL queries (which GraphQL carries in POST bodies) to the API's GraphQL endpoint:
/// introspection, field suggestions for a misspelt field, and an array of two queries (batching).
/// </summary>
public sealed class GraphQlCheck : IAsyncCheck<ApiProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.GraphQlIntrospection, ApiRules.GraphQlSuggestions, ApiRules.GraphQlBatching };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var endpoint = Endpoint(probe);
        var check = await PostAsync(probe, endpoint, "{\"query\":\"{__typename}\"}").ConfigureAwait(false);
        if (check is null || !HasData(check, out _)) return findings;
        var where = endpoint.AbsolutePath;

        var introspection = await PostAsync(probe, endpoint,
            "{\"query\":\"query AtrIntrospection{__schema{queryType{name fields{name}} mutationType{name} types{name}}}\"}").ConfigureAwait(false);
        var fields = new List<string>();
        if (introspection is not null && HasData(introspection, out var data) && data.TryGetProperty("__schema", out var schema) && schema.ValueKind == JsonValueKind.Object)
        {
            var typeCount = schema.TryGetProperty("types", out var types) && types.ValueKind == JsonValueKind.Array ? types.GetArrayLength() : 0;
            if (schema.TryGetProperty("queryType", out var qt) && qt.ValueKind == JsonValueKind.Object && qt.TryGetProperty("fields", out var fs) && fs.ValueKind == JsonValueKind.Array)
                foreach (var f in fs.EnumerateArray().Take(50))
                    if (f.ValueKind == JsonValueKind.Object && f.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String) fields.Add(n.GetString()!);
            findings.Add(probe.Finding(ApiRules.GraphQlIntrospection, where, $"__schema answered: {typeCount} types, query fields {TextSafety.Truncate(string.Join(", ", fields.Take(10)), 300)}"));
        }

        // A misspelt field: servers with suggestions answer "Did you mean ...?".
        var misspelt = fields.FirstOrDefault(f => f.Length >= 4 && !f.StartsWith("__")) is { } real ? real[..^1] : "usr";
        var extra = fields.Count == 0 ? " ordr prodct acount" : "";
        var suggestion = await PostAsync(probe, endpoint, JsonSerializer.Serialize(new { query = "{ " + misspelt + extra + " }" })).ConfigureAwait(false);
        if (suggestion is not null && suggestion.Text.Contains("Did you mean", StringComparison.OrdinalIgnoreCase))
        {
            var i = suggestion.Text.IndexOf("Did you mean", StringComparison.OrdinalIgnoreCase);
            findings.Add(probe.Finding(ApiRules.GraphQlSuggestions, where, TextSafety.Truncate(TextSafety.StripControl(suggestion.Text[i..]), 160)));
        }

        var batch = await PostAsync(probe, endpoint, "[{\"query\":\"{__typename}\"},{\"query\":\"{__typename}\"}]").ConfigureAwait(false);
        if (batch is not null && ResponseHeuristics.IsSuccess(batch))
        {
            try
            {
                using var doc = JsonDocument.Parse(batch.Body, new JsonDocumentOptions { MaxDepth = 32 });
                if (doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.GetArrayLength() >= 2 &&
                    doc.RootElement.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("data", out _)))
                    findings.Add(probe.Finding(ApiRules.GraphQlBatching, where, "an array of 2 queries was executed in one request"));
            }
            catch (JsonException) { }
        }
        return findings;
    }

    /// <summary>The API's URL when it is a GraphQL endpoint, else /graphql on its origin.</summary>
    public static Uri Endpoint(ApiProbe probe)
    {
        var url = probe.Request.Url;
        return probe.Request.Kind == EndpointKind.GraphQL || url.AbsolutePath.Contains("graphql", StringComparison.OrdinalIgnoreCase)
            ? url : new Uri(ApiProbe.Origin(url), "/graphql");
    }

    private static Task<HttpProbeResult?> PostAsync(ApiProbe probe, Uri endpoint, string body) =>
        probe.SendAsync(endpoint, "POST", body: body, contentType: "application/json",
            headers: new[] { new KeyValuePair<string, string>("Accept", "application/graphql-response+json, application/json") });

    private static bool HasData(HttpProbeResult r, out JsonElement data)
    {
        data = default;
        if (r.Body.Length == 0 || r.Body.Length > 4 * 1024 * 1024) return false;
        try
        {
            using var doc = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 64 });
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object)
            {
                data = d.Clone();
                return true;
            }
        }
        catch (JsonException) { }
        return false;
    }
}
