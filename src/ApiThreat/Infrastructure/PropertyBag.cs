using System.Collections;
using System.Management.Automation;

namespace ApiThreat.Infrastructure;

/// <summary>
/// A piped object as the engine reads it: its PowerShell properties by name (adapted, extended and deserialized ones
/// alike) in a case-insensitive dictionary; nested PSObjects, property bags, hashtables and lists become plain
/// dictionaries and lists, to a small depth. The engine never sees a PowerShell type.
/// </summary>
internal static class PropertyBag
{
    private const int MaxDepth = 4;
    private const int MaxItems = 10_000;

    public static IReadOnlyDictionary<string, object?> From(PSObject item) => Properties(item, MaxDepth);

    public static IReadOnlyList<string> TypeNames(PSObject item) => item.TypeNames.ToArray();

    private static Dictionary<string, object?> Properties(PSObject item, int depth)
    {
        var bag = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in item.Properties)
        {
            if (bag.Count >= MaxItems) break;
            try { bag[property.Name] = Plain(property.Value, depth - 1); }
            catch (GetValueException) { } // a property whose getter throws is left out, as PowerShell's own formatting does
        }
        return bag;
    }

    private static object? Plain(object? value, int depth)
    {
        if (value is PSObject ps)
        {
            if (ps.BaseObject is PSCustomObject) return depth > 0 ? Properties(ps, depth) : null;
            value = ps.BaseObject;
        }
        switch (value)
        {
            case null or string or byte[]: return value;
            case IDictionary dictionary when depth > 0:
                var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (DictionaryEntry e in dictionary)
                {
                    if (map.Count >= MaxItems) break;
                    map[e.Key?.ToString() ?? ""] = Plain(e.Value, depth - 1);
                }
                return map;
            case IEnumerable list when depth > 0 && value is not IDictionary:
                var items = new List<object?>();
                foreach (var x in list)
                {
                    if (items.Count >= MaxItems) break;
                    items.Add(Plain(x, depth - 1));
                }
                return items;
            default: return value;
        }
    }
}
