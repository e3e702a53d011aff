using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// Operations out of the API descriptions that are not OpenAPI (OpenAPI goes through Specs/SpecLoader): WSDL,
/// WADL, Postman collections, AsyncAPI (JSON and YAML), OpenID Connect discovery documents, GraphQL introspection answers.
/// Every reader is bounded (depth, count) and never resolves anything external (no DTDs, no entities, no URLs).
/// </summary>
public static class DescriptionParsers
{
    private const int MaxOperations = 5000;

    private static XmlReaderSettings XmlSettings => new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = 32 * 1024 * 1024,
    };

    private static JsonDocumentOptions JsonOptions => new() { MaxDepth = 128, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>WSDL 1.1/2.0: operation names (method SOAP) and the service address, when it declares one.</summary>
    public static (ApiOperation[] Operations, string? Address, string? Title) Wsdl(byte[] body)
    {
        var ops = new List<ApiOperation>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        string? address = null, title = null;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body, writable: false), XmlSettings);
            var inPortType = false;
            while (reader.Read() && ops.Count < MaxOperations)
            {
                if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName is "portType" or "interface") inPortType = false;
                if (reader.NodeType != XmlNodeType.Element) continue;
                switch (reader.LocalName)
                {
                    case "definitions" or "description": title ??= reader.GetAttribute("name"); break;
                    case "portType" or "interface": inPortType = !reader.IsEmptyElement; break;
                    case "operation" when inPortType:
                        var name = reader.GetAttribute("name");
                        if (!string.IsNullOrEmpty(name) && names.Add(name))
                            ops.Add(new ApiOperation { Method = "SOAP", Path = Clean(name), OperationId = Clean(name) });
                        break;
                    case "address" or "endpoint":
                        address ??= reader.GetAttribute("location") ?? reader.GetAttribute("address");
                        break;
                }
            }
        }
        catch (XmlException) { }
        return (ops.ToArray(), address, title is null ? null : Clean(title));
    }

    /// <summary>WADL: every method under the nested resources, with the joined path.</summary>
    public static ApiOperation[] Wadl(byte[] body)
    {
        var ops = new List<ApiOperation>();
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body, writable: false), XmlSettings);
            var stack = new Stack<(int Depth, string Path)>();
            while (reader.Read() && ops.Count < MaxOperations)
            {
                if (reader.NodeType == XmlNodeType.EndElement)
                {
                    while (stack.Count > 0 && stack.Peek().Depth >= reader.Depth) stack.Pop();
                    continue;
                }
                if (reader.NodeType != XmlNodeType.Element) continue;
                var parent = stack.Count > 0 ? stack.Peek().Path : "";
                if (reader.LocalName is "resources" or "resource")
                {
                    var path = reader.GetAttribute(reader.LocalName == "resources" ? "base" : "path") ?? "";
                    if (reader.LocalName == "resources" && Uri.TryCreate(path, UriKind.Absolute, out var b)) path = b.AbsolutePath;
                    var joined = (parent.TrimEnd('/') + "/" + path.Trim('/')).TrimEnd('/');
                    if (!reader.IsEmptyElement) stack.Push((reader.Depth, joined));
                }
                else if (reader.LocalName == "method")
                {
                    var name = reader.GetAttribute("name");
                    if (!string.IsNullOrEmpty(name))
                        ops.Add(new ApiOperation { Method = Clean(name).ToUpperInvariant(), Path = parent.Length == 0 ? "/" : Clean(parent), OperationId = reader.GetAttribute("id") is { } id ? Clean(id) : null });
                }
            }
        }
        catch (XmlException) { }
        return ops.ToArray();
    }

    /// <summary>Postman collection v2.x: the requests of every (nested) item, path of their URL.</summary>
    public static (ApiOperation[] Operations, string? Title) Postman(byte[] body)
    {
        var ops = new List<ApiOperation>();
        string? title = null;
        try
        {
            using var doc = JsonDocument.Parse(body, JsonOptions);
            if (doc.RootElement.TryGetProperty("info", out var info) && info.ValueKind == JsonValueKind.Object && info.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                title = Clean(n.GetString()!);
            if (doc.RootElement.TryGetProperty("item", out var items)) Walk(items, 0);
        }
        catch (JsonException) { }
        return (ops.ToArray(), title);

        void Walk(JsonElement items, int depth)
        {
            if (items.ValueKind != JsonValueKind.Array || depth > 32) return;
            foreach (var item in items.EnumerateArray())
            {
                if (ops.Count >= MaxOperations || item.ValueKind != JsonValueKind.Object) return;
                if (item.TryGetProperty("item", out var children)) { Walk(children, depth + 1); continue; }
                if (!item.TryGetProperty("request", out var request)) continue;
                string method = "GET", path = "/";
                if (request.ValueKind == JsonValueKind.String) path = PathOf(request.GetString());
                else if (request.ValueKind == JsonValueKind.Object)
                {
                    if (request.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String) method = m.GetString()!.ToUpperInvariant();
                    if (request.TryGetProperty("url", out var url))
                    {
                        if (url.ValueKind == JsonValueKind.String) path = PathOf(url.GetString());
                        else if (url.ValueKind == JsonValueKind.Object)
                        {
                            if (url.TryGetProperty("path", out var segments) && segments.ValueKind == JsonValueKind.Array)
                                path = "/" + string.Join("/", segments.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.String ? s.GetString() : s.ToString()));
                            else if (url.TryGetProperty("raw", out var raw) && raw.ValueKind == JsonValueKind.String) path = PathOf(raw.GetString());
                        }
                    }
                }
                var name = item.TryGetProperty("name", out var nm) && nm.ValueKind == JsonValueKind.String ? Clean(nm.GetString()!) : null;
                ops.Add(new ApiOperation { Method = Clean(method), Path = Clean(PostmanVariables(path)), Summary = name });
            }
        }
    }

    /// <summary>AsyncAPI 2.x (channels with publish/subscribe) and 3.x (operations with send/receive), JSON.</summary>
    /// <summary>
    /// An AsyncAPI document in YAML (the usual form): read with the YAML library the OpenAPI reader uses, bounded by its
    /// depth, node and alias-expansion limits, converted to JSON and read like the JSON form.
    /// </summary>
    public static (ApiOperation[] Operations, string? Title) AsyncApiYaml(byte[] body)
    {
        try
        {
            var stream = new SharpYaml.Serialization.YamlStream();
            using (var reader = new StreamReader(new MemoryStream(body, writable: false), Encoding.UTF8)) stream.Load(reader);
            if (stream.Documents.Count == 0) return (Array.Empty<ApiOperation>(), null);
            var node = Microsoft.OpenApi.YamlReader.YamlConverter.ToJsonNode(stream.Documents[0]);
            return node is null ? (Array.Empty<ApiOperation>(), null) : AsyncApi(JsonSerializer.SerializeToUtf8Bytes(node));
        }
        catch (Exception ex) when (ex is SharpYaml.YamlException or InvalidOperationException or ArgumentException or FormatException
            or InvalidCastException or NotSupportedException or OverflowException or DecoderFallbackException)
        {
            return (Array.Empty<ApiOperation>(), null);
        }
    }

    public static (ApiOperation[] Operations, string? Title) AsyncApi(byte[] body)
    {
        var ops = new List<ApiOperation>();
        string? title = null;
        try
        {
            using var doc = JsonDocument.Parse(body, JsonOptions);
            var root = doc.RootElement;
            if (root.TryGetProperty("info", out var info) && info.ValueKind == JsonValueKind.Object && info.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String)
                title = Clean(t.GetString()!);
            if (root.TryGetProperty("operations", out var operations) && operations.ValueKind == JsonValueKind.Object)
            {
                foreach (var op in operations.EnumerateObject().Take(MaxOperations))
                {
                    if (op.Value.ValueKind != JsonValueKind.Object) continue;
                    var action = op.Value.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()!.ToUpperInvariant() : "OPERATION";
                    var channel = op.Value.TryGetProperty("channel", out var c) && c.ValueKind == JsonValueKind.Object && c.TryGetProperty("$ref", out var r) && r.ValueKind == JsonValueKind.String
                        ? r.GetString()!.Split('/').Last() : op.Name;
                    ops.Add(new ApiOperation { Method = Clean(action), Path = Clean(channel), OperationId = Clean(op.Name) });
                }
            }
            else if (root.TryGetProperty("channels", out var channels) && channels.ValueKind == JsonValueKind.Object)
            {
                foreach (var ch in channels.EnumerateObject().Take(MaxOperations))
                {
                    if (ch.Value.ValueKind != JsonValueKind.Object) continue;
                    foreach (var action in new[] { "publish", "subscribe" })
                        if (ch.Value.TryGetProperty(action, out var op) && op.ValueKind == JsonValueKind.Object)
                            ops.Add(new ApiOperation
                            {
                                Method = action.ToUpperInvariant(),
                                Path = Clean(ch.Name),
                                OperationId = op.TryGetProperty("operationId", out var id) && id.ValueKind == JsonValueKind.String ? Clean(id.GetString()!) : null,
                            });
                }
            }
        }
        catch (JsonException) { }
        return (ops.ToArray(), title);
    }

    /// <summary>An OpenID Connect / OAuth discovery document: the issuer and its endpoints on the same host as operations.</summary>
    public static (bool IsDiscovery, string? Issuer, ApiOperation[] Operations) OpenIdConfiguration(byte[] body, string host)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, JsonOptions);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("issuer", out var issuer) || issuer.ValueKind != JsonValueKind.String) return (false, null, Array.Empty<ApiOperation>());
            if (!root.TryGetProperty("authorization_endpoint", out _) && !root.TryGetProperty("token_endpoint", out _) && !root.TryGetProperty("jwks_uri", out _))
                return (false, null, Array.Empty<ApiOperation>());
            var ops = new List<ApiOperation>();
            foreach (var (field, method) in new[]
            {
                ("authorization_endpoint", "GET"), ("token_endpoint", "POST"), ("userinfo_endpoint", "GET"), ("jwks_uri", "GET"),
                ("revocation_endpoint", "POST"), ("introspection_endpoint", "POST"), ("end_session_endpoint", "GET"),
                ("registration_endpoint", "POST"), ("device_authorization_endpoint", "POST"), ("pushed_authorization_request_endpoint", "POST"),
            })
            {
                if (root.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && Uri.TryCreate(v.GetString(), UriKind.Absolute, out var u)
                    && string.Equals(u.IdnHost, host, StringComparison.OrdinalIgnoreCase))
                    ops.Add(new ApiOperation { Method = method, Path = Clean(u.AbsolutePath), OperationId = field });
            }
            return (true, Clean(issuer.GetString()!), ops.ToArray());
        }
        catch (JsonException) { return (false, null, Array.Empty<ApiOperation>()); }
    }

    /// <summary>The answer to {__typename}: a GraphQL server says data.__typename (or errors, when it refuses the query shape).</summary>
    public static bool IsGraphQlAnswer(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, JsonOptions);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return false;
            if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("__typename", out _)) return true;
            return root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0
                && errors[0].ValueKind == JsonValueKind.Object && errors[0].TryGetProperty("message", out _) && !root.TryGetProperty("status", out _);
        }
        catch (JsonException) { return false; }
    }

    /// <summary>Introspection: the root fields of query, mutation and subscription as operations; null when refused.</summary>
    public static ApiOperation[]? GraphQlSchema(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, JsonOptions);
            if (!doc.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("__schema", out var schema) || schema.ValueKind != JsonValueKind.Object) return null;
            var ops = new List<ApiOperation>();
            foreach (var (field, kind) in new[] { ("queryType", "QUERY"), ("mutationType", "MUTATION"), ("subscriptionType", "SUBSCRIPTION") })
            {
                if (!schema.TryGetProperty(field, out var type) || type.ValueKind != JsonValueKind.Object) continue;
                if (!type.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array) continue;
                foreach (var f in fields.EnumerateArray().Take(MaxOperations))
                    if (f.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                        ops.Add(new ApiOperation { Method = kind, Path = Clean(n.GetString()!), OperationId = Clean(n.GetString()!) });
            }
            return ops.ToArray();
        }
        catch (JsonException) { return null; }
    }

    private static string PathOf(string? url)
    {
        if (string.IsNullOrEmpty(url)) return "/";
        var u = PostmanVariables(url);
        if (Uri.TryCreate(u, UriKind.Absolute, out var abs)) return abs.AbsolutePath;
        var slash = u.IndexOf('/', u.IndexOf("//", StringComparison.Ordinal) is var s and >= 0 ? s + 2 : 0);
        var path = slash >= 0 ? u[slash..] : "/";
        var q = path.IndexOfAny(new[] { '?', '#' });
        return q >= 0 ? path[..q] : path;
    }

    /// <summary>Postman's {{variable}} and :param become OpenAPI-style {variable} path templates.</summary>
    private static string PostmanVariables(string text)
    {
        try
        {
            var t = Regex.Replace(text, @"\{\{([^{}]{1,64})\}\}", "{$1}", RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return Regex.Replace(t, @"(?<=/):([A-Za-z_][A-Za-z0-9_]{0,63})", "{$1}", RegexOptions.None, TimeSpan.FromMilliseconds(100));
        }
        catch (RegexMatchTimeoutException) { return text; }
    }

    private static string Clean(string text) => TextSafety.Truncate(TextSafety.StripControl(text), 512);
}
