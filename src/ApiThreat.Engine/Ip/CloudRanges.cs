using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Ip;

/// <summary>One published prefix of a cloud or CDN provider.</summary>
public sealed record CloudRange(IPNetwork Network, string Provider, string? Service, string? Region);

/// <summary>Where one provider's ranges came from, and how old they are.</summary>
public sealed record CloudRangeSourceInfo(string Provider, DateOnly Date, string Description, int PrefixCount);

/// <summary>
/// The cloud and CDN ranges, in ApiThreat's own compact format (data/ip-ranges/cloud-ranges.tsv):
/// <code>
/// # comments
/// #@source&lt;TAB&gt;provider&lt;TAB&gt;yyyy-MM-dd&lt;TAB&gt;description        (one per provider: the date of its ranges)
/// prefix&lt;TAB&gt;provider&lt;TAB&gt;service&lt;TAB&gt;region                    ("-" for no service or region)
/// </code>
/// Lookups are longest-prefix: one hash table per prefix length, probed from the longest length down, so a lookup
/// costs at most 33 (IPv4) or 129 (IPv6) probes whatever the number of prefixes. When a provider lists the same
/// prefix twice (AWS: AMAZON and EC2), the specific service wins over the provider-wide one.
/// </summary>
public sealed class CloudRangeTable
{
    public const string FileName = "cloud-ranges.tsv";
    private static readonly HashSet<string> s_generic = new(StringComparer.OrdinalIgnoreCase) { "AMAZON", "AzureCloud", "Google Cloud", "-" };

    private readonly Dictionary<UInt128, CloudRange>[] _v4 = NewTables(33);
    private readonly Dictionary<UInt128, CloudRange>[] _v6 = NewTables(129);
    private readonly int[] _v4Lengths;
    private readonly int[] _v6Lengths;

    public CloudRangeTable(IEnumerable<CloudRange> ranges, IEnumerable<CloudRangeSourceInfo> sources, string? path = null)
    {
        var count = 0;
        foreach (var r in ranges)
        {
            var tables = r.Network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? _v4 : _v6;
            var key = Key(r.Network.BaseAddress);
            var table = tables[r.Network.PrefixLength];
            if (!table.TryGetValue(key, out var existing) || (IsGeneric(existing.Service) && !IsGeneric(r.Service))) table[key] = r;
            count++;
        }
        _v4Lengths = Enumerable.Range(0, 33).Reverse().Where(l => _v4[l].Count > 0).ToArray();
        _v6Lengths = Enumerable.Range(0, 129).Reverse().Where(l => _v6[l].Count > 0).ToArray();
        Sources = sources.ToArray();
        Count = count;
        Path = path;
    }

    public IReadOnlyList<CloudRangeSourceInfo> Sources { get; }
    public int Count { get; }
    public string? Path { get; }

    public static CloudRangeTable Empty { get; } = new(Array.Empty<CloudRange>(), Array.Empty<CloudRangeSourceInfo>());

    /// <summary>The most specific published range holding the address, or null.</summary>
    public CloudRange? Lookup(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var v4 = address.AddressFamily == AddressFamily.InterNetwork;
        var tables = v4 ? _v4 : _v6;
        var bits = v4 ? 32 : 128;
        var value = Key(address);
        foreach (var length in v4 ? _v4Lengths : _v6Lengths)
        {
            var masked = length == 0 ? UInt128.Zero : (value >> (bits - length)) << (bits - length);
            if (tables[length].TryGetValue(masked, out var hit)) return hit;
        }
        return null;
    }

    private static bool IsGeneric(string? service) => service is null || s_generic.Contains(service);

    private static UInt128 Key(IPAddress address)
    {
        UInt128 value = 0;
        foreach (var b in address.GetAddressBytes()) value = (value << 8) | b;
        return value;
    }

    private static Dictionary<UInt128, CloudRange>[] NewTables(int n) => Enumerable.Range(0, n).Select(_ => new Dictionary<UInt128, CloudRange>()).ToArray();

    /// <summary>Reads the data file; a bad line is an error naming the file and line.</summary>
    public static CloudRangeTable Load(string path)
    {
        var (ranges, sources) = Read(path);
        var counts = ranges.GroupBy(r => r.Provider, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        return new CloudRangeTable(ranges, sources.Select(s => s with { PrefixCount = counts.GetValueOrDefault(s.Provider) }), path);
    }

    public static (List<CloudRange> Ranges, List<CloudRangeSourceInfo> Sources) Read(string path)
    {
        var ranges = new List<CloudRange>();
        var sources = new List<CloudRangeSourceInfo>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            var f = line.Split('\t');
            if (line.StartsWith("#@source", StringComparison.Ordinal))
            {
                if (f.Length < 3 || !DateOnly.TryParseExact(f[2], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    throw new FormatException($"{path}:{lineNumber}: a #@source line needs provider and yyyy-MM-dd date, tab-separated.");
                sources.Add(new CloudRangeSourceInfo(f[1], date, f.Length > 3 ? f[3] : "", 0));
                continue;
            }
            if (line.StartsWith('#')) continue;
            if (f.Length < 2 || !IpNetworks.TryParse(f[0], out var network))
                throw new FormatException($"{path}:{lineNumber}: expected 'prefix<TAB>provider<TAB>service<TAB>region', got '{TextSafety.Truncate(line, 80)}'.");
            ranges.Add(new CloudRange(network, f[1], Field(f, 2), Field(f, 3)));
        }
        return (ranges, sources);
    }

    private static string? Field(string[] f, int i) => f.Length > i && f[i] is { Length: > 0 } v && v != "-" ? v : null;

    /// <summary>Writes ranges and sources in the data file format (atomically: temp file, then move).</summary>
    public static void Write(string path, IEnumerable<CloudRange> ranges, IEnumerable<CloudRangeSourceInfo> sources)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        using (var w = new StreamWriter(temp, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
        {
            w.WriteLine("# ApiThreat cloud and CDN IP ranges (format 1). Tab-separated: prefix, provider, service, region; '-' = none.");
            w.WriteLine("# '#@source' lines give each provider's source and the date of its ranges. Refresh with Update-ApiThreatData -Path <files>.");
            foreach (var s in sources.OrderBy(s => s.Provider, StringComparer.OrdinalIgnoreCase))
                w.WriteLine($"#@source\t{s.Provider}\t{s.Date:yyyy-MM-dd}\t{Clean(s.Description)}");
            foreach (var r in ranges.OrderBy(r => r.Provider, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Network.BaseAddress.AddressFamily).ThenBy(r => Key(r.Network.BaseAddress)).ThenBy(r => r.Network.PrefixLength))
                w.WriteLine($"{r.Network}\t{Clean(r.Provider)}\t{Clean(r.Service ?? "-")}\t{Clean(r.Region ?? "-")}");
        }
        File.Move(temp, path, overwrite: true);
    }

    private static string Clean(string s) => new(s.Where(c => c != '\t' && !char.IsControl(c)).ToArray());
}
