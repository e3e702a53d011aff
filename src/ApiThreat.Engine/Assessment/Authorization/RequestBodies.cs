using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using ApiThreat.Engine.Specs;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>
/// JSON bodies for the writes of -Active: a minimal valid body for a create (from the specification's request schema:
/// its required properties, with examples, defaults or values of the declared type; without a specification, the
/// plain properties of an object the identity already owns), and the privileged properties worth trying on it.
/// </summary>
public static class RequestBodies
{
    private static readonly Regex s_privileged = new(
        @"^(role|roles|user_?role|account_?type|type_?of_?account|plan|tier|level|group|groups|permissions?|scopes?|is_?admin|admin|is_?staff|staff|is_?superuser|superuser|is_?verified|verified|email_?verified|is_?approved|approved|is_?active|balance|credit|credits|is_?premium|premium)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    private static readonly Regex s_timestamp = new(@"(^|_)(created|updated|modified|deleted)(_?(at|on|date|time))?$|At$|_at$|^date|timestamp",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    private static readonly Regex s_adminLike = new("admin|owner|super|root|premium|enterprise|staff|manager",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>A property a user should not set on itself: roles, administrator flags, verification, balances.</summary>
    public static bool IsPrivileged(string name) => s_privileged.IsMatch(name);

    public static OpenApiOperation? Find(SpecDocument? spec, ApiOperation op)
    {
        if (spec?.Document.Paths is not { } paths || !paths.TryGetValue(op.Path, out var item) || item?.Operations is not { } ops) return null;
        foreach (var (method, operation) in ops)
            if (method.Method.Equals(op.Method, StringComparison.OrdinalIgnoreCase)) return operation;
        return null;
    }

    /// <summary>The JSON schema of an operation's request body, when it declares one.</summary>
    public static IOpenApiSchema? RequestSchema(SpecDocument? spec, ApiOperation op)
    {
        try { return JsonSchemaOf(Find(spec, op)?.RequestBody?.Content); }
        catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { return null; }
    }

    /// <summary>The schema of the objects an operation answers with (the item schema of an array), for its first 2xx JSON response.</summary>
    public static IOpenApiSchema? ResponseSchema(SpecDocument? spec, ApiOperation op)
    {
        try
        {
            var responses = Find(spec, op)?.Responses;
            if (responses is null) return null;
            foreach (var (code, response) in responses.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                if (!code.StartsWith('2') || JsonSchemaOf(response?.Content) is not { } schema) continue;
                return schema.Items ?? schema;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { }
        return null;
    }

    private static IOpenApiSchema? JsonSchemaOf(IDictionary<string, IOpenApiMediaType>? content)
    {
        if (content is null) return null;
        foreach (var (type, media) in content)
            if (type.Contains("json", StringComparison.OrdinalIgnoreCase) && media?.Schema is { } schema) return schema;
        return null;
    }

    /// <summary>Every property a schema declares (allOf parts merged), with its schema.</summary>
    public static Dictionary<string, IOpenApiSchema> Properties(IOpenApiSchema? schema, int depth = 0)
    {
        var all = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        if (schema is null || depth > 8) return all;
        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            if (property is not null) all.TryAdd(name, property);
        foreach (var part in schema.AllOf ?? new List<IOpenApiSchema>())
            foreach (var (name, property) in Properties(part, depth + 1)) all.TryAdd(name, property);
        return all;
    }

    private static ISet<string> Required(IOpenApiSchema schema, int depth = 0)
    {
        var all = new HashSet<string>(schema.Required ?? new HashSet<string>(), StringComparer.Ordinal);
        if (depth < 8) foreach (var part in schema.AllOf ?? new List<IOpenApiSchema>()) all.UnionWith(Required(part, depth + 1));
        return all;
    }

    /// <summary>
    /// A minimal body from a request schema: its required properties (all writable ones when none is required), each
    /// with its example, default, first enum value, or a value of its type. Strings carry <paramref name="nonce"/> so
    /// that a create does not collide with an existing object ("already exists").
    /// </summary>
    public static JsonObject? FromSchema(IOpenApiSchema schema, string nonce)
    {
        var properties = Properties(schema);
        if (properties.Count == 0) return null;
        var required = Required(schema);
        var body = new JsonObject();
        foreach (var (name, property) in properties)
        {
            if (property.ReadOnly || IsPrivileged(name) || Names.IsOwnerKey(name) || Names.IdProperties.Contains(name)) continue;
            if (required.Count > 0 && !required.Contains(name)) continue;
            body[name] = ValueFor(name, property, nonce, 0);
        }
        return body;
    }

    private static JsonNode? ValueFor(string name, IOpenApiSchema schema, string nonce, int depth)
    {
        if (schema.Example is { } example && example is not JsonObject) return example.DeepClone();
        if (schema.Default is { } value) return value.DeepClone();
        if (schema.Enum is { Count: > 0 } values && values[0] is { } first) return first.DeepClone();
        var type = schema.Type ?? (schema.Properties is { Count: > 0 } ? JsonSchemaType.Object : JsonSchemaType.String);
        if ((type & JsonSchemaType.Boolean) != 0) return false;
        if ((type & JsonSchemaType.Integer) != 0 || (type & JsonSchemaType.Number) != 0)
            return decimal.TryParse(schema.Minimum, NumberStyles.Float, CultureInfo.InvariantCulture, out var min) ? Math.Max(min, 1) : 1;
        if ((type & JsonSchemaType.Array) != 0)
            return schema.MinItems is > 0 && schema.Items is { } items && depth < 3 ? new JsonArray(ValueFor(name, items, nonce, depth + 1)) : new JsonArray();
        if ((type & JsonSchemaType.Object) != 0)
            return depth < 3 && FromSchema(schema, nonce) is { } nested ? nested : new JsonObject();
        var text = schema.Format switch
        {
            "email" => $"atr-{nonce}@example.com",
            "date-time" => DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            "date" => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "uuid" => Guid.NewGuid().ToString(),
            "uri" or "url" => "https://example.com/",
            _ => $"atr-{name}-{nonce}",
        };
        if (schema.MaxLength is int max && max > 0 && text.Length > max) text = text[..max];
        return text;
    }

    /// <summary>
    /// A body made from an object the identity already owns: its plain properties, without identifiers, owners,
    /// timestamps and privileged properties (for APIs without a specification).
    /// </summary>
    public static JsonObject? FromObject(HarvestedObject owned, string nonce)
    {
        var body = new JsonObject();
        foreach (var (name, value) in owned.Properties)
        {
            if (name.Contains('.') || Names.IdProperties.Contains(name) || Names.IsOwnerKey(name) || IsPrivileged(name) || s_timestamp.IsMatch(name)) continue;
            if (name.EndsWith("id", StringComparison.OrdinalIgnoreCase) && name.Length > 2 && name[^3] is '_' or '-' || name.EndsWith("Id", StringComparison.Ordinal)) continue;
            body[name] = ValueOf(value);
        }
        return body.Count == 0 ? null : body;
    }

    /// <summary>A harvested scalar back as JSON: numbers and booleans as such, the rest as strings.</summary>
    public static JsonNode? ValueOf(string value)
    {
        if (value is "true" or "false") return value == "true";
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
        if (decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && value.Contains('.')) return d;
        return value;
    }

    /// <summary>The value to try for a privileged property: an administrative role, true, a large balance.</summary>
    public static JsonNode? PrivilegedValue(string name, IOpenApiSchema? schema, string? observed)
    {
        if (schema?.Enum is { Count: > 0 } values)
            foreach (var v in values)
                if (v is JsonValue jv && jv.TryGetValue<string>(out var s) && s_adminLike.IsMatch(s) && s != observed) return s;
        var n = Names.Normalize(name);
        if (observed is "true" or "false" || n.StartsWith("is", StringComparison.Ordinal) || n is "admin" or "staff" or "superuser" or "verified" or "emailverified" or "approved" or "premium")
            return true;
        if (n is "balance" or "credit" or "credits") return 1_000_000;
        if (n is "roles" or "groups" or "permissions" or "permission" or "scopes") return new JsonArray("admin");
        return "admin";
    }
}
