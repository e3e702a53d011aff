using System.Net;
using System.Net.Sockets;
using ApiThreat.Engine.Net;
using MaxMind.Db;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Ip;

/// <summary>What a MaxMind-format database says about an address.</summary>
public sealed record AsnRecord(int? Asn, string? Organization, string? Country);

/// <summary>
/// A user-supplied MaxMind-format (.mmdb) database read with MaxMind.Db: GeoLite2/GeoIP2 ASN
/// (autonomous_system_number, autonomous_system_organization), Country/City (country.iso_code), and the common
/// compatible layouts (asn/as_name/country_code as in DB-IP and IPinfo). Memory-mapped, thread-safe.
/// </summary>
public sealed class AsnDatabase : IDisposable
{
    private readonly Reader _reader;

    private AsnDatabase(Reader reader, string path)
    {
        _reader = reader;
        Path = path;
    }

    public string Path { get; }
    public string DatabaseType => _reader.Metadata.DatabaseType;
    public int IpVersion => _reader.Metadata.IPVersion;

    public static AsnDatabase Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The MaxMind database '{path}' does not exist.", path);
        try { return new AsnDatabase(new Reader(path, FileAccessMode.MemoryMapped), path); }
        catch (Exception ex) when (ex is InvalidDatabaseException or IOException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"'{path}' is not a MaxMind DB (.mmdb) file: {ex.Message}", ex);
        }
    }

    public AsnRecord? Lookup(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && IpVersion == 4) return null;
        Dictionary<string, object>? data;
        try { data = _reader.Find<Dictionary<string, object>>(address); }
        catch (InvalidDatabaseException ex) { throw new InvalidDataException($"'{Path}' is corrupt near {address}: {ex.Message}", ex); }
        if (data is null) return null;
        var asn = Number(data, "autonomous_system_number") ?? Number(data, "asn");
        var org = Text(data, "autonomous_system_organization") ?? Text(data, "as_name") ?? Text(data, "organization") ?? Text(data, "isp");
        var country = (data.TryGetValue("country", out var c) && c is Dictionary<string, object> cm ? Text(cm, "iso_code") : Text(data, "country"))
            ?? Text(data, "country_code");
        return new AsnRecord(asn, org is null ? null : TextSafety.StripControl(org), country is null ? null : TextSafety.StripControl(country));
    }

    /// <summary>Every network whose ASN is one of <paramref name="asns"/> (a walk of the whole tree: seconds for GeoLite2-ASN).</summary>
    public IEnumerable<(IPNetwork Network, int Asn)> Networks(IReadOnlyCollection<int> asns)
    {
        foreach (var node in _reader.FindAll<Dictionary<string, object>>())
        {
            if ((Number(node.Data, "autonomous_system_number") ?? Number(node.Data, "asn")) is not { } asn || !asns.Contains(asn)) continue;
            var start = node.Start;
            var prefix = node.PrefixLength;
            // IPv4 networks of an IPv6 tree sit at ::a.b.c.d/96+n.
            var bytes = start.GetAddressBytes();
            if (bytes.Length == 16 && prefix >= 96 && bytes.Take(12).All(b => b == 0))
            {
                start = new IPAddress(bytes[12..]);
                prefix -= 96;
            }
            yield return (IpNetworks.Create(start, prefix), asn);
        }
    }

    private static string? Text(Dictionary<string, object> d, string key) => d.TryGetValue(key, out var v) && v is string s && s.Length > 0 ? s : null;

    private static int? Number(Dictionary<string, object> d, string key)
    {
        if (!d.TryGetValue(key, out var v)) return null;
        return v switch
        {
            // Asn is an int: the rare 4-byte ASNs above 2^31 (private use) are left out rather than wrapped negative.
            long l when l is > 0 and <= int.MaxValue => (int)l,
            int i when i > 0 => i,
            uint u when u <= int.MaxValue => (int)u,
            ulong ul when ul <= int.MaxValue => (int)ul,
            string s when s.StartsWith("AS", StringComparison.OrdinalIgnoreCase) && int.TryParse(s[2..], out var n) => n,
            _ => null,
        };
    }

    public void Dispose() => _reader.Dispose();
}
