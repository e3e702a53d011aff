using System.Collections.Concurrent;
using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace ApiThreat.Engine.Inventory;

/// <summary>
/// An ApiThreat object as the inventory sees it: its type name (ApiEndpoint, DiscoveredHost...), a key that is
/// stable between runs (the URL of an endpoint, host:port of a certificate...), the host it belongs to, and its JSON.
/// </summary>
public sealed record InventoryItem(string ItemType, string Key, string HostName, object Value)
{
    private static readonly JsonSerializerSettings s_settings = new()
    {
        Converters = { new StringEnumConverter() },
        DateParseHandling = DateParseHandling.DateTimeOffset,
        DateFormatHandling = DateFormatHandling.IsoDateFormat,
        DateTimeZoneHandling = DateTimeZoneHandling.RoundtripKind,
        NullValueHandling = NullValueHandling.Ignore,
        MaxDepth = 64,
        TypeNameHandling = TypeNameHandling.None, // never let stored data choose types
    };

    private static readonly ConcurrentDictionary<Type, Func<object, string?>[]> s_keyGetters = new();

    public static JsonSerializerSettings JsonSettings => s_settings;

    public string ToJson() => JsonConvert.SerializeObject(Value, s_settings);

    /// <summary>Whether <paramref name="value"/> is a public ApiThreat model object (the only kind the store keeps).</summary>
    public static bool IsInventoryType(Type type) =>
        type.Assembly == typeof(ApiEndpoint).Assembly && type.IsClass && type.IsPublic && type.Namespace == "ApiThreat";

    /// <summary>Describes a model object; throws ArgumentException for anything else.</summary>
    public static InventoryItem From(object value)
    {
        var type = value.GetType();
        if (!IsInventoryType(type))
            throw new ArgumentException($"A {type.FullName} is not an ApiThreat object: only objects made by ApiThreat cmdlets (ApiEndpoint, DiscoveredHost, CertificateInfo, Finding...) can be stored.");
        var (key, host) = KeyOf(value);
        return new InventoryItem(type.Name, key, host, value);
    }

    /// <summary>The type of a stored item type name, or null when this version does not know it.</summary>
    public static Type? TypeOf(string itemType)
    {
        var type = typeof(ApiEndpoint).Assembly.GetType("ApiThreat." + itemType, throwOnError: false);
        return type is not null && IsInventoryType(type) ? type : null;
    }

    public static object? Deserialize(string itemType, string json)
    {
        var type = TypeOf(itemType);
        return type is null ? null : JsonConvert.DeserializeObject(json, type, s_settings);
    }

    private static (string Key, string Host) KeyOf(object value)
    {
        switch (value)
        {
            case ApiEndpoint e: return (NormalizeUrl(e.Url), Lower(e.HostName));
            case DiscoveredHost h: return (Lower(h.HostName), Lower(h.HostName));
            case CertificateInfo c: return ($"{Lower(c.HostName)}:{c.Port}", Lower(c.HostName));
            case IpIntelligence i: return (i.Address, Lower(i.HostNames.FirstOrDefault()));
            case Technology t: return ($"{NormalizeUrl(t.Url)}|{t.Name}", Lower(t.HostName));
            case DnsIntelligence d: return (Lower(d.Domain), Lower(d.Domain));
            case Finding f: return ($"{f.RuleId}|{f.Target}", Lower(f.HostName));
            case HttpProbe p: return (NormalizeUrl(p.Url), Lower(p.HostName));
            case InventoryChange c: return ($"{c.ItemType}|{c.Key}|{c.Property}|{c.ChangeType}", Lower(c.HostName));
            case LookalikeDomain l: return ($"{Lower(l.OriginalDomain)}|{Lower(l.Domain)}", Lower(l.OriginalDomain));
            case ExposedBucket b: return ($"{b.Provider}|{NormalizeUrl(b.Url)}", Lower(b.HostName));
            case ExposedSecret x: return ($"{x.Type}|{NormalizeUrl(x.Url)}|{x.SourceName}|{x.ValueHash}", Lower(x.HostName));
        }
        // Other model types (added by other capabilities): the first identifying property they have.
        var getters = s_keyGetters.GetOrAdd(value.GetType(), BuildGetters);
        var parts = getters.Select(g => g(value)).Where(v => !string.IsNullOrEmpty(v)).ToArray();
        var host = value.GetType().GetProperty("HostName")?.GetValue(value) as string;
        return (parts.Length > 0 ? string.Join("|", parts) : value.ToString() ?? value.GetType().Name, Lower(host));
    }

    private static Func<object, string?>[] BuildGetters(Type type)
    {
        foreach (var set in new[] { new[] { "Url" }, new[] { "HostName", "Port" }, new[] { "Target" }, new[] { "Address" }, new[] { "Domain" }, new[] { "HostName" } })
        {
            var props = set.Select(n => type.GetProperty(n, BindingFlags.Public | BindingFlags.Instance)).ToArray();
            if (props.All(p => p is not null))
                return props.Select(p => (Func<object, string?>)(o => Convert.ToString(p!.GetValue(o), System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        }
        return Array.Empty<Func<object, string?>>();
    }

    private static string Lower(string? s) => (s ?? "").Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>Scheme and host lower-cased, default port dropped, no fragment: the same endpoint keys the same way.</summary>
    public static string NormalizeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return "";
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return url.Trim();
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port;
        var path = uri.AbsolutePath.Length > 1 ? uri.AbsolutePath.TrimEnd('/') : "/";
        return $"{uri.Scheme}://{uri.IdnHost.ToLowerInvariant()}{port}{path}{uri.Query}";
    }
}
