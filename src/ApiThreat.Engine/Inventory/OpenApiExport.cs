using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Inventory;

/// <summary>
/// An OpenAPI 3.1 document per host of what discovery saw: servers (each origin an endpoint answered on), the
/// operations (under each endpoint's base path), and the authentication observed as security schemes. For a
/// gateway or a catalogue to import; it describes what is exposed, not what the API's authors documented.
/// </summary>
public static class OpenApiExport
{
    private static readonly HashSet<string> s_httpMethods = new(StringComparer.OrdinalIgnoreCase) { "get", "put", "post", "delete", "options", "head", "patch", "trace" };
    private static readonly Regex s_pathParameter = new(@"\{(?<n>[^{}/]{1,128})\}", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>One (host, JSON document) per host, hosts in name order.</summary>
    public static IEnumerable<(string HostName, string Json)> Documents(IEnumerable<ApiEndpoint> endpoints, DateTimeOffset? generated = null)
    {
        foreach (var group in endpoints.Where(e => e.HostName.Length > 0).GroupBy(e => e.HostName.ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal))
            yield return (group.Key, Document(group.Key, group.ToList(), generated ?? DateTimeOffset.UtcNow));
    }

    public static string Document(string host, IReadOnlyList<ApiEndpoint> endpoints, DateTimeOffset generated)
    {
        var schemes = new SortedDictionary<string, Action<Utf8JsonWriter>>(StringComparer.Ordinal);
        var apiKeys = new Dictionary<string, string>(StringComparer.Ordinal); // apiKeyAuthN -> "in:name" it stands for
        var oidc = endpoints.FirstOrDefault(e => e.Kind == EndpointKind.OpenIdConnect && e.SpecUrl is not null)?.SpecUrl;
        // path -> method -> operation
        var paths = new SortedDictionary<string, SortedDictionary<string, Op>>(StringComparer.Ordinal);
        var operationIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in endpoints.OrderBy(e => e.Url, StringComparer.Ordinal))
        {
            var security = e.Authentication.Where(a => !a.Equals("None", StringComparison.OrdinalIgnoreCase))
                .Select(a => SchemeFor(a, oidc, e, schemes, apiKeys)).Where(s => s is not null).Select(s => s!).Distinct().ToArray();
            var basePath = BasePath(e.Url);
            var folded = new List<string>();
            foreach (var op in e.Operations)
            {
                if (!s_httpMethods.Contains(op.Method)) { folded.Add($"{op.Method} {op.Path}"); continue; }
                var path = Join(basePath, op.Path);
                AddOp(paths, operationIds, path, op.Method.ToLowerInvariant(), new Op(op.OperationId, op.Summary, $"{e.Kind} endpoint {e.Url}", security));
            }
            if (folded.Count > 0 || e.Operations.Length == 0)
            {
                var method = e.Kind is EndpointKind.GraphQL or EndpointKind.Soap or EndpointKind.Grpc ? "post" : "get";
                var description = folded.Count > 0
                    ? $"{e.Kind} endpoint {e.Url}; operations: {string.Join(", ", folded.Take(500))}"
                    : $"{e.Kind} endpoint {e.Url} (operations not published)";
                AddOp(paths, operationIds, basePath, method, new Op(null, e.Title, description, security));
            }
        }

        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("openapi", "3.1.0");
            w.WriteStartObject("info");
            w.WriteString("title", $"{host} (discovered)");
            w.WriteString("version", generated.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("description", $"APIs ApiThreat discovered on {host}: {endpoints.Count} endpoint(s). Security schemes are those observed, not those documented.");
            w.WriteEndObject();
            w.WriteStartArray("servers");
            foreach (var origin in endpoints.Select(e => Origin(e.Url)).Where(o => o is not null).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("url", origin);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("paths");
            foreach (var (path, methods) in paths)
            {
                w.WriteStartObject(path);
                var parameters = s_pathParameter.Matches(path).Select(m => m.Groups["n"].Value).Distinct(StringComparer.Ordinal).ToArray();
                if (parameters.Length > 0)
                {
                    w.WriteStartArray("parameters");
                    foreach (var p in parameters)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", p);
                        w.WriteString("in", "path");
                        w.WriteBoolean("required", true);
                        w.WriteStartObject("schema");
                        w.WriteString("type", "string");
                        w.WriteEndObject();
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                foreach (var (method, op) in methods)
                {
                    w.WriteStartObject(method);
                    if (op.OperationId is not null) w.WriteString("operationId", op.OperationId);
                    if (!string.IsNullOrWhiteSpace(op.Summary)) w.WriteString("summary", TextSafety.Truncate(TextSafety.StripControl(op.Summary), 500));
                    w.WriteString("description", op.Description);
                    w.WriteStartArray("security");
                    foreach (var s in op.Security)
                    {
                        w.WriteStartObject();
                        w.WriteStartArray(s);
                        w.WriteEndArray();
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteStartObject("responses");
                    w.WriteStartObject("default");
                    w.WriteString("description", "Responses were not catalogued by discovery.");
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartObject("components");
            w.WriteStartObject("securitySchemes");
            foreach (var (name, write) in schemes)
            {
                w.WriteStartObject(name);
                write(w);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private sealed record Op(string? OperationId, string? Summary, string Description, string[] Security);

    private static void AddOp(SortedDictionary<string, SortedDictionary<string, Op>> paths, HashSet<string> ids, string path, string method, Op op)
    {
        if (!paths.TryGetValue(path, out var methods)) paths[path] = methods = new SortedDictionary<string, Op>(StringComparer.Ordinal);
        if (methods.ContainsKey(method)) return; // the same operation seen through two endpoints (HTTP and HTTPS): keep one
        var id = op.OperationId is { Length: > 0 } given ? Sanitize(given) : null;
        if (id is not null)
        {
            var unique = id;
            for (var i = 2; !ids.Add(unique); i++) unique = $"{id}_{i}";
            id = unique;
        }
        methods[method] = op with { OperationId = id };
    }

    private static string Sanitize(string id)
    {
        var sb = new StringBuilder();
        foreach (var c in id.Take(128)) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_');
        return sb.Length == 0 ? "operation" : sb.ToString();
    }

    private static string? SchemeFor(string auth, string? oidcUrl, ApiEndpoint endpoint, SortedDictionary<string, Action<Utf8JsonWriter>> schemes,
        Dictionary<string, string> apiKeys)
    {
        if (auth.Equals("ApiKey", StringComparison.OrdinalIgnoreCase)) return ApiKeySchemeFor(endpoint, schemes, apiKeys);
        (string Name, Action<Utf8JsonWriter> Write)? s = auth.ToLowerInvariant() switch
        {
            "basic" => ("basicAuth", w => { w.WriteString("type", "http"); w.WriteString("scheme", "basic"); }),
            "bearer" => ("bearerAuth", w => { w.WriteString("type", "http"); w.WriteString("scheme", "bearer"); }),
            "digest" => ("digestAuth", w => { w.WriteString("type", "http"); w.WriteString("scheme", "digest"); }),
            "negotiate" => ("negotiateAuth", w => { w.WriteString("type", "http"); w.WriteString("scheme", "negotiate"); }),
            "mtls" => ("mutualTLS", w => w.WriteString("type", "mutualTLS")),
            "oauth" when oidcUrl is not null => ("openIdConnect", w => { w.WriteString("type", "openIdConnect"); w.WriteString("openIdConnectUrl", oidcUrl); }),
            "oauth" => ("oauth2", w => { w.WriteString("type", "oauth2"); w.WriteStartObject("flows"); w.WriteEndObject(); }),
            _ => null,
        };
        if (s is null) return null;
        schemes.TryAdd(s.Value.Name, s.Value.Write);
        return s.Value.Name;
    }

    /// <summary>
    /// The apiKey scheme of an endpoint: the key name and place the specification or the 401 answer named, else the
    /// conventional X-API-Key header. Endpoints of one host that name different keys get a scheme each.
    /// </summary>
    private static string ApiKeySchemeFor(ApiEndpoint endpoint, SortedDictionary<string, Action<Utf8JsonWriter>> schemes, Dictionary<string, string> apiKeys)
    {
        var name = string.IsNullOrEmpty(endpoint.ApiKeyName) ? "X-API-Key" : endpoint.ApiKeyName;
        var location = endpoint.ApiKeyIn is "query" or "cookie" ? endpoint.ApiKeyIn : "header";
        var signature = $"{location}:{name}";
        for (var i = 1; ; i++)
        {
            var key = i == 1 ? "apiKeyAuth" : $"apiKeyAuth{i}";
            if (apiKeys.TryGetValue(key, out var existing) && existing != signature) continue;
            apiKeys[key] = signature;
            schemes.TryAdd(key, w => { w.WriteString("type", "apiKey"); w.WriteString("in", location); w.WriteString("name", name); });
            return key;
        }
    }

    private static string? Origin(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.GetLeftPart(UriPartial.Authority) : null;

    private static string BasePath(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.AbsolutePath.Length > 1 ? u.AbsolutePath.TrimEnd('/') : "/";

    private static string Join(string basePath, string path)
    {
        var p = string.IsNullOrEmpty(path) ? "/" : path.StartsWith('/') ? path : "/" + path;
        if (basePath == "/") return p;
        if (p.StartsWith(basePath + "/", StringComparison.Ordinal) || p == basePath) return p;
        return p == "/" ? basePath : basePath + p;
    }
}
