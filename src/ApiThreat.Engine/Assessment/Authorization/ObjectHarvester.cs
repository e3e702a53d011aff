using System.Globalization;
using System.Text.Json;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>
/// One object an identity was shown: its scalar properties (a nested object's flattened under dotted names, e.g.
/// "owner.username"), where it came from (the operation template and the concrete path requested, or a Location
/// header), and who saw it.
/// </summary>
public sealed class HarvestedObject
{
    public required string Identity { get; init; }
    /// <summary>The operation path template the object came from ("/notes/"), or "" for a Location header.</summary>
    public required string SourceTemplate { get; init; }
    /// <summary>The concrete path that was requested ("/notes/").</summary>
    public required string SourcePath { get; init; }
    public required IReadOnlyDictionary<string, string> Properties { get; init; }
    /// <summary>Made by this identity during the run (-Active), so certainly its own.</summary>
    public bool Created { get; init; }

    public string? Get(string name) => Properties.TryGetValue(name, out var v) ? v : null;

    public override string ToString() => $"{SourcePath} {{{string.Join(", ", Properties.Take(4).Select(p => p.Key + "=" + p.Value))}}}";
}

/// <summary>
/// Reads the objects out of JSON answers, bounded: at most <see cref="MaxObjects"/> objects a response and
/// <see cref="MaxProperties"/> properties an object. The root object and the elements of arrays are objects; an
/// object that is the value of a property (an embedded owner) is folded into its parent, so an embedded user's id is
/// never mistaken for the id of the object that embeds it.
/// </summary>
public static class ObjectHarvester
{
    public const int MaxObjects = 50;
    public const int MaxProperties = 48;
    private const int MaxValueLength = 256;
    private const int MaxDepth = 6;

    public static List<HarvestedObject> Harvest(JsonDocument json, string identity, string template, string path)
    {
        var found = new List<HarvestedObject>();
        Visit(json.RootElement, identity, template, path, found, 0);
        return found;
    }

    private static void Visit(JsonElement e, string identity, string template, string path, List<HarvestedObject> found, int depth)
    {
        if (found.Count >= MaxObjects || depth > MaxDepth) return;
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                if (found.Count >= MaxObjects) return;
                Visit(item, identity, template, path, found, depth + 1);
            }
            return;
        }
        if (e.ValueKind != JsonValueKind.Object) return;
        var props = new Dictionary<string, string>(StringComparer.Ordinal);
        Flatten(e, "", props, 0);
        if (props.Count > 0)
            found.Add(new HarvestedObject { Identity = identity, SourceTemplate = template, SourcePath = path, Properties = props });
        // Collections inside the object (DRF "results", "items", "data": [...]) hold objects of their own.
        foreach (var p in e.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Array) Visit(p.Value, identity, template, path, found, depth + 1);
            else if (p.Value.ValueKind == JsonValueKind.Object)
                foreach (var q in p.Value.EnumerateObject())
                    if (q.Value.ValueKind == JsonValueKind.Array) Visit(q.Value, identity, template, path, found, depth + 2);
        }
    }

    private static void Flatten(JsonElement e, string prefix, Dictionary<string, string> props, int depth)
    {
        foreach (var p in e.EnumerateObject())
        {
            if (props.Count >= MaxProperties) return;
            var name = prefix + p.Name;
            if (p.Value.ValueKind == JsonValueKind.Object)
            {
                if (depth < 2) Flatten(p.Value, name + ".", props, depth + 1);
                continue;
            }
            if (p.Value.ValueKind == JsonValueKind.Array)
            {
                // A list of scalars (roles: ["admin"]) reads as its values joined; lists of objects are objects of their own.
                var items = new List<string>();
                foreach (var item in p.Value.EnumerateArray())
                {
                    if (Scalar(item) is not { } v || items.Count >= 16) { items = null; break; }
                    items.Add(v);
                }
                if (items is { Count: > 0 } && string.Join(",", items) is { Length: <= MaxValueLength } joined) props.TryAdd(name, joined);
                continue;
            }
            if (Scalar(p.Value) is { } value && value.Length <= MaxValueLength) props.TryAdd(name, value);
        }
    }

    /// <summary>A JSON scalar as text (numbers as written, booleans lower case); null for null, objects and arrays.</summary>
    public static string? Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// <summary>
    /// The values that name the user an answer is about, from a "who am I" answer: the root object, or the object under
    /// data/user/profile/account/result (VAmPI wraps /me in "data").
    /// </summary>
    public static IEnumerable<string> SelfMarkers(JsonDocument json)
    {
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object) yield break;
        var candidates = new List<JsonElement> { root };
        foreach (var wrapper in new[] { "data", "user", "profile", "account", "result", "me" })
            if (root.TryGetProperty(wrapper, out var inner) && inner.ValueKind == JsonValueKind.Object) candidates.Add(inner);
        foreach (var c in candidates)
            foreach (var p in c.EnumerateObject())
                if (Names.IsSelfKey(p.Name) && Scalar(p.Value) is { Length: > 0 and <= 256 } v) yield return v;
    }

    public static string Invariant(long n) => n.ToString(CultureInfo.InvariantCulture);
}
