using System.Text.Json;
using System.Xml;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// Resources an API root lists about itself, read from its JSON: Django REST framework's root view (resource name →
/// URL), HAL's <c>_links</c> (Spring Data REST), JSON:API's top-level <c>links</c>, an OData service document
/// (<c>value: [{name, url}]</c>), json-server's <c>/db</c> (resource name → rows), a container registry's
/// <c>/v2/_catalog</c> (repositories → their tag lists), an index one level down (<c>{"resources": {name → URL}}</c>); and the id of one item of a list,
/// so that the item path can be probed once. Only same-origin paths come out; self, profile and paging links are not
/// resources.
/// </summary>
public static class ApiRoots
{
    private const int MaxResources = 64;
    private static readonly HashSet<string> s_notResources = new(StringComparer.OrdinalIgnoreCase)
    {
        "self", "profile", "curies", "first", "last", "next", "prev", "previous", "related", "describedby", "search", "help", "up", "home", "jsonapi",
    };

    private static JsonDocumentOptions JsonOptions => new() { MaxDepth = 64, AllowTrailingCommas = true };

    /// <summary>The resource paths a root lists and the convention it follows (DRF root, HAL, JSON:API, OData, json-server).</summary>
    public static (IReadOnlyList<string> Paths, string? Convention) Resources(byte[] body, Uri at)
    {
        var paths = new List<string>();
        try
        {
            using var doc = JsonDocument.Parse(body, JsonOptions);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (paths, null);
            // HAL (_links) and JSON:API (links) first: their documents also carry data.
            foreach (var (property, convention) in new[] { ("_links", "HAL"), ("links", "JSON:API") })
            {
                if (!root.TryGetProperty(property, out var links) || links.ValueKind != JsonValueKind.Object) continue;
                foreach (var link in links.EnumerateObject())
                {
                    if (s_notResources.Contains(link.Name)) continue;
                    var href = link.Value.ValueKind == JsonValueKind.String ? link.Value.GetString()
                        : link.Value.ValueKind == JsonValueKind.Object && link.Value.TryGetProperty("href", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
                    Add(paths, href, at);
                }
                if (paths.Count > 0) return (paths, convention);
            }
            if (root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array && (root.TryGetProperty("@odata.context", out _) || root.TryGetProperty("odata.metadata", out _)))
            {
                var serviceRoot = at.AbsolutePath.EndsWith('/') ? at : new Uri(at.AbsoluteUri + "/");
                foreach (var set in value.EnumerateArray().Take(MaxResources))
                    if (set.ValueKind == JsonValueKind.Object && set.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String) Add(paths, u.GetString(), serviceRoot);
                return (paths, paths.Count > 0 ? "OData" : null);
            }
            // A root whose every value is a URL or absolute path (DRF's DefaultRouter root view).
            var values = root.EnumerateObject().Take(MaxResources + 1).ToList();
            if (values.Count is > 0 and <= MaxResources && values.All(p => p.Value.ValueKind == JsonValueKind.String && LooksLikeLink(p.Value.GetString()!)))
            {
                foreach (var p in values) Add(paths, p.Value.GetString(), at);
                return (paths, paths.Count > 0 ? "resource index" : null);
            }
            // The same index one level down ({"resources": {"users": "/api/users/view"}}, the root of Dancer2's Cookbook API):
            // a member object whose every value is a link.
            foreach (var member in values)
            {
                if (member.Value.ValueKind != JsonValueKind.Object) continue;
                var links = member.Value.EnumerateObject().Take(MaxResources + 1).ToList();
                if (links.Count is 0 or > MaxResources || !links.All(l => l.Value.ValueKind == JsonValueKind.String && LooksLikeLink(l.Value.GetString()!))) continue;
                foreach (var l in links) Add(paths, l.Value.GetString(), at);
            }
            if (paths.Count > 0) return (paths, "resource index");
            // A container registry's catalog (Docker Registry HTTP API V2, GET /v2/_catalog): {"repositories": ["team/app"]};
            // each repository's tags are listed at /v2/<name>/tags/list.
            if (at.AbsolutePath.EndsWith("/_catalog", StringComparison.Ordinal) && values.Count == 1 && values[0].Name == "repositories"
                && values[0].Value.ValueKind == JsonValueKind.Array)
            {
                var registry = new Uri(at, "./");
                foreach (var repository in values[0].Value.EnumerateArray().Take(MaxResources))
                    if (repository.ValueKind == JsonValueKind.String && repository.GetString() is { } name && IsRepository(name)) Add(paths, name + "/tags/list", registry);
                return (paths, paths.Count > 0 ? "registry catalog" : null);
            }
            // json-server's /db: every value is a collection (array) or a singular resource (object).
            if (at.AbsolutePath.TrimEnd('/').EndsWith("/db", StringComparison.Ordinal) && values.Count is > 0 and <= MaxResources
                && values.All(p => p.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Object))
            {
                var origin = new Uri(at.GetLeftPart(UriPartial.Authority) + "/");
                foreach (var p in values) if (IsName(p.Name)) Add(paths, Uri.EscapeDataString(p.Name), origin);
                return (paths, paths.Count > 0 ? "json-server database" : null);
            }
        }
        catch (JsonException) { }
        return (paths, null);
    }

    /// <summary>The entity sets an OData $metadata (CSDL) document declares, as collection paths under the service root.</summary>
    public static IReadOnlyList<string> ODataEntitySets(byte[] body, Uri metadata)
    {
        var paths = new List<string>();
        var serviceRoot = new Uri(metadata, "./");
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body, writable: false), new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, MaxCharactersFromEntities = 1024, MaxCharactersInDocument = 32 * 1024 * 1024,
            });
            while (reader.Read() && paths.Count < MaxResources)
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "EntitySet" or "Singleton" && reader.GetAttribute("Name") is { } name && IsName(name))
                    Add(paths, name, serviceRoot);
        }
        catch (XmlException) { }
        return paths;
    }

    /// <summary>The id of the first item of a list answer (a bare array, or DRF/HAL/JSON:API/OData envelopes): null when none.</summary>
    public static string? SampleId(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, JsonOptions);
            var list = doc.RootElement;
            if (list.ValueKind == JsonValueKind.Object)
            {
                foreach (var envelope in new[] { "results", "data", "value", "items", "_embedded" })
                {
                    if (!list.TryGetProperty(envelope, out var inner)) continue;
                    if (inner.ValueKind == JsonValueKind.Object) inner = inner.EnumerateObject().Select(p => p.Value).FirstOrDefault(v => v.ValueKind == JsonValueKind.Array);
                    if (inner.ValueKind == JsonValueKind.Array) { list = inner; break; }
                }
                // A collection named after itself ({"users": [...]}, as Bottle's and Pecan's tutorials return lists): its one array.
                if (list.ValueKind == JsonValueKind.Object && list.EnumerateObject().Take(2).Count() == 1 && list.EnumerateObject().First().Value.ValueKind == JsonValueKind.Array)
                    list = list.EnumerateObject().First().Value;
                // A collection keyed by id, every value an item (Flask-RESTful's quickstart: {"todo1": {"task": ...}}): its first key.
                if (list.ValueKind == JsonValueKind.Object && list.EnumerateObject().Take(MaxResources + 1).ToList() is { Count: > 1 and <= MaxResources } keyed
                    && keyed.All(p => p.Value.ValueKind == JsonValueKind.Object && IsName(p.Name)))
                    return keyed[0].Name;
            }
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0 || list[0].ValueKind != JsonValueKind.Object) return null;
            // Ids first; then the names that identify users and records when there is no id (Starlette's routing example reads
            // /users/{username}).
            foreach (var key in new[] { "id", "ID", "Id", "_id", "uuid", "key", "slug", "username", "login", "name" })
            {
                if (!list[0].TryGetProperty(key, out var id)) continue;
                var text = id.ValueKind switch { JsonValueKind.Number => id.GetRawText(), JsonValueKind.String => id.GetString(), _ => null };
                if (text is { Length: > 0 and <= 64 } && text.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.')) return text;
            }
        }
        catch (JsonException) { }
        return null;
    }

    private static bool LooksLikeLink(string s) =>
        s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || (s.StartsWith('/') && !s.StartsWith("//", StringComparison.Ordinal));

    /// <summary>A repository name as the distribution spec allows it: lower-case path components joined by '/'.</summary>
    private static bool IsRepository(string s) =>
        s.Length is > 0 and <= 255 && !s.StartsWith('/') && !s.EndsWith('/') && !s.Contains("..", StringComparison.Ordinal) && !s.Contains("//", StringComparison.Ordinal)
        && s.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '/' or '.' or '_' or '-');

    private static bool IsName(string s) => s.Length is > 0 and <= 64 && s.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.');

    private static void Add(List<string> paths, string? href, Uri at)
    {
        if (string.IsNullOrWhiteSpace(href) || paths.Count >= MaxResources) return;
        // HAL templates (RFC 6570): /orders{?page,size,sort} names /orders.
        var brace = href.IndexOf('{');
        var text = brace >= 0 ? href[..brace] : href;
        if (!Uri.TryCreate(at, text, out var u) || u.Scheme is not ("http" or "https")) return;
        if (!string.Equals(u.IdnHost, at.IdnHost, StringComparison.OrdinalIgnoreCase) || u.Port != at.Port) return;
        var path = u.AbsolutePath;
        if (path.Length < 2 || path == at.AbsolutePath || paths.Contains(path, StringComparer.Ordinal)) return;
        paths.Add(path);
    }
}
