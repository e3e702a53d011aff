using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Inventory;

/// <summary>
/// What a re-run changes although nothing changed: timestamps, response times, countdowns, and the order of lists.
/// Drift compares objects with these removed and lists sorted, property by property, so an unchanged server yields
/// no change and every Modified names its property with its before and after.
/// </summary>
public static class VolatileFields
{
    /// <summary>Properties that differ between two runs against the same unchanged server.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Timestamp", "FirstSeen", "LastSeen", "DetectedAt", "BaselineTime", "ResponseTimeMs", "Elapsed", "DaysRemaining",
        "Started", "Finished", "Taken", "GeneratedAt", "RawData",
    };

    private const int MaxText = 300;

    /// <summary>Modified properties of two objects of one type: (name, before, after), volatile fields ignored, lists compared as sets.</summary>
    public static IEnumerable<(string Property, string? Before, string? After)> Differences(object before, object after)
    {
        var serializer = Newtonsoft.Json.JsonSerializer.Create(InventoryItem.JsonSettings);
        var b = Normalize(JToken.FromObject(before, serializer)) as JObject ?? new JObject();
        var a = Normalize(JToken.FromObject(after, serializer)) as JObject ?? new JObject();
        foreach (var name in b.Properties().Select(p => p.Name).Union(a.Properties().Select(p => p.Name)).Order(StringComparer.Ordinal))
        {
            var x = b[name];
            var y = a[name];
            if (JToken.DeepEquals(x, y)) continue;
            yield return (name, Text(x), Text(y));
        }
    }

    /// <summary>A copy without volatile fields, with every array sorted by its elements' text (order is not content).</summary>
    public static JToken Normalize(JToken token)
    {
        switch (token)
        {
            case JObject o:
                var copy = new JObject();
                foreach (var p in o.Properties())
                    if (!Names.Contains(p.Name) && p.Value.Type != JTokenType.Null) copy[p.Name] = Normalize(p.Value);
                return copy;
            case JArray array:
                return new JArray(array.Select(Normalize).OrderBy(t => t.ToString(Newtonsoft.Json.Formatting.None), StringComparer.Ordinal));
            default:
                return token.DeepClone();
        }
    }

    private static string? Text(JToken? token)
    {
        if (token is null) return null;
        var text = token.Type switch
        {
            JTokenType.String => (string?)token,
            JTokenType.Array when token.All(t => t.Type is JTokenType.String or JTokenType.Integer) => string.Join(", ", token.Select(t => t.ToString())),
            JTokenType.Array when token.All(t => t is JObject j && j["RuleId"] is not null) => string.Join(", ", token.Select(t => $"{t["RuleId"]} {t["Target"]}")),
            _ => token.ToString(Newtonsoft.Json.Formatting.None),
        };
        return text is { Length: > MaxText } ? text[..MaxText] + "…" : text;
    }
}
