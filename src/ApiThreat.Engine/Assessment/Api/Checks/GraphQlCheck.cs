using System.Text.Json;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-API-006..008: read-only GraphQL queries (which GraphQL carries in POST bodies) to the API's GraphQL endpoint:
/// introspection, field suggestions for a misspelt field, and an array of two queries (batching). When the API is
/// not known to be GraphQL, /graphql on its origin is first asked {__typename} by GET (as GraphQL over HTTP allows
/// for queries): only an endpoint that answers as GraphQL is sent a POST, so an ordinary web server sees none.
/// </summary>
public sealed class GraphQlCheck : IAsyncCheck<ApiProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.GraphQlIntrospection, ApiRules.GraphQlSuggestions, ApiRules.GraphQlBatching };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var endpoint = Endpoint(probe);
        if (!IsDeclared(probe) && !await AnswersGetQueryAsync(probe, endpoint).ConfigureAwait(false))
        {
            probe.Network.Log($"Test-ApiSecurity: {endpoint.AbsolutePath} does not answer a GraphQL query by GET: no GraphQL request is posted");
            return findings;
        }
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
    public static Uri Endpoint(ApiProbe probe) => IsDeclared(probe) ? probe.Request.Url : new Uri(ApiProbe.Origin(probe.Request.Url), "/graphql");

    /// <summary>The user or discovery said this URL is GraphQL.</summary>
    private static bool IsDeclared(ApiProbe probe) =>
        probe.Request.Kind == EndpointKind.GraphQL || probe.Request.Url.AbsolutePath.Contains("graphql", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// GET /graphql?query={__typename}: a GraphQL answer (a JSON object with data or errors, whatever the status), or
    /// 405 with POST allowed (a server that takes queries by POST only), says a GraphQL endpoint is there. Apollo
    /// Server's CSRF prevention lets a GET query through when it carries Apollo-Require-Preflight.
    /// </summary>
    private static async Task<bool> AnswersGetQueryAsync(ApiProbe probe, Uri endpoint)
    {
        var uri = new Uri(endpoint.GetLeftPart(UriPartial.Path) + "?query=" + Uri.EscapeDataString("{__typename}"));
        var r = await probe.SendAsync(uri, followRedirects: false, maxBodyBytes: 64 * 1024, headers: new[]
        {
            new KeyValuePair<string, string>("Accept", "application/graphql-response+json, application/json"),
            new KeyValuePair<string, string>("Apollo-Require-Preflight", "true"),
        }).ConfigureAwait(false);
        if (r is null) return false;
        if (r.StatusCode == 405) return r.HeaderValues("Allow").Any(a => a.Contains("POST", StringComparison.OrdinalIgnoreCase));
        if (r.Body.Length == 0 || r.Body.Length > 64 * 1024) return false;
        try
        {
            using var doc = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 16 });
            return doc.RootElement.ValueKind == JsonValueKind.Object && (doc.RootElement.TryGetProperty("data", out _) || doc.RootElement.TryGetProperty("errors", out _));
        }
        catch (JsonException) { return false; }
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
