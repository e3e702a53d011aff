using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Inventory;

/// <summary>
/// An ApiThreat object made ready for a store before the store is locked: its item (type, key, host), its JSON and the
/// FirstSeen the JSON holds. Serialising is most of a save's CPU; done here, a writer holding the database's write lock
/// (SQLite) or the snapshot's row (PostgreSQL) only looks up an earlier FirstSeen and writes rows, so the shards of one
/// scan queue behind each other for less time. The JSON is rendered again only when an earlier FirstSeen replaces it.
/// </summary>
public sealed class PreparedItem
{
    private static readonly JsonConverter[] s_converters = InventoryItem.JsonSettings.Converters.ToArray();
    private readonly JObject _json;

    private PreparedItem(InventoryItem item, JObject json, DateTimeOffset? firstSeen)
    {
        Item = item;
        _json = json;
        FirstSeen = firstSeen;
        Json = Render(json);
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
        var json = JObject.FromObject(item.Value, JsonSerializer.Create(InventoryItem.JsonSettings));
        DateTimeOffset? firstSeen = json.TryGetValue("FirstSeen", out var fs) && fs.Type == JTokenType.Date ? fs.ToObject<DateTimeOffset>() : null;
        return new PreparedItem(item, json, firstSeen);
    }

    /// <summary>
    /// The FirstSeen to store (the earlier of this object's and <paramref name="earlier"/>) and the JSON holding it;
    /// the object itself is left as it was.
    /// </summary>
    public (string? FirstSeen, string Json) WithEarlier(DateTimeOffset? earlier)
    {
        if (FirstSeen is not { } current) return (null, Json);
        if (earlier is not { } e || e >= current) return (Stamp(current), Json);
        var json = (JObject)_json.DeepClone();
        json["FirstSeen"] = e;
        return (Stamp(e), Render(json));
    }

    private static string Stamp(DateTimeOffset value) => value.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture);

    private static string Render(JObject json) => json.ToString(Formatting.None, s_converters);
}
