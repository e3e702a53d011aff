using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Inventory;

/// <summary>
/// An ApiThreat object made ready for a store before the store is locked: its item (type, key, host), its JSON and the
/// FirstSeen it holds. Serialising is most of a save's CPU; done here, a writer holding the database's write lock
/// (SQLite) or the snapshot's row (PostgreSQL) only looks up an earlier FirstSeen and writes rows, so the shards of one
/// scan queue behind each other for less time. The JSON is rendered again only when an earlier FirstSeen replaces it.
/// </summary>
public sealed class PreparedItem
{
    private static readonly JsonConverter[] s_converters = InventoryItem.JsonSettings.Converters.ToArray();
    private static readonly JsonSerializer s_serializer = JsonSerializer.Create(InventoryItem.JsonSettings);
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> s_firstSeen = new();

    private PreparedItem(InventoryItem item, string json, DateTimeOffset? firstSeen)
    {
        Item = item;
        Json = json;
        FirstSeen = firstSeen;
    }

    public InventoryItem Item { get; }
    public string ItemType => Item.ItemType;
    public string Key => Item.Key;
    public string HostName => Item.HostName;
    /// <summary>The object's own FirstSeen (null for types without one).</summary>
    public DateTimeOffset? FirstSeen { get; }
    /// <summary>The JSON as stored.</summary>
    public string Json { get; }

    /// <summary>Describes and serialises a model object; ArgumentException for anything else.</summary>
    public static PreparedItem From(object value)
    {
        var item = InventoryItem.From(value);
        // Written straight to text (one pass, no JObject in between): the same characters JObject.FromObject(...).ToString gives.
        var text = new StringWriter(new StringBuilder(512), CultureInfo.InvariantCulture);
        using (var writer = new JsonTextWriter(text) { Formatting = Formatting.None })
            s_serializer.Serialize(writer, value);
        var property = s_firstSeen.GetOrAdd(value.GetType(), static t => t.GetProperty("FirstSeen") is { } p
            && (p.PropertyType == typeof(DateTimeOffset) || p.PropertyType == typeof(DateTimeOffset?)) ? p : null);
        return new PreparedItem(item, text.ToString(), property?.GetValue(value) as DateTimeOffset?);
    }

    /// <summary>
    /// The FirstSeen to store (the earlier of this object's and <paramref name="earlier"/>) and the JSON holding it;
    /// the object itself is left as it was.
    /// </summary>
    public (string? FirstSeen, string Json) WithEarlier(DateTimeOffset? earlier)
    {
        if (FirstSeen is not { } current) return (null, Json);
        if (earlier is not { } e || e >= current) return (Stamp(current), Json);
        // Rare (an item seen before, then found again with a later stamp): only FirstSeen changes; the other values are
        // read back as they were written (dates as text), so they are rendered unchanged.
        using var reader = new JsonTextReader(new StringReader(Json)) { DateParseHandling = DateParseHandling.None, MaxDepth = 64 };
        var json = JObject.Load(reader);
        json["FirstSeen"] = e;
        return (Stamp(e), json.ToString(Formatting.None, s_converters));
    }

    private static string Stamp(DateTimeOffset value) => value.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture);
}
