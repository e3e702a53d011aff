using System.Net;
using System.Net.Sockets;
using System.Numerics;
using ApiThreat.Engine.Ip;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Discovery.Subdomains.Ranges;

/// <summary>A block of addresses the organisation owns, and where it came from (-IpRange, an ASN through a database or file).</summary>
public sealed record OwnedRange(IPNetwork Network, string Origin);

/// <summary>
/// The address blocks of -IpRange and -Asn: CIDR blocks as given; an ASN's prefixes from a MaxMind-format database
/// (GeoLite2-ASN, DB-IP, IPinfo: every network whose ASN matches) or from a prefix file (one prefix and one ASN a line, in
/// either order, "AS" optional, comma, tab or space between: bgp.tools' table.txt and most RIR exports read as is).
/// Blocks are merged (a block inside another is dropped) and the total is capped: a reverse-DNS sweep of a /8 is not a
/// subdomain search.
/// </summary>
public static class OwnedRanges
{
    /// <summary>The most addresses one run sweeps (a /12).</summary>
    public const long MaxAddresses = 1L << 20;

    public static IReadOnlyList<OwnedRange> Build(IEnumerable<string> ranges, IEnumerable<int> asns, string? asnDatabase, string? prefixFile)
    {
        var all = new List<OwnedRange>();
        foreach (var text in ranges)
        {
            if (!IpNetworks.TryParse(text, out var network))
                throw new ArgumentException($"-IpRange '{Shown(text)}' is not a CIDR block (203.0.113.0/24, 2001:db8::/120) or an address.");
            all.Add(new OwnedRange(network, "-IpRange " + network));
        }
        var wanted = asns.Distinct().ToArray();
        if (wanted.Length > 0)
        {
            if (asnDatabase is null && prefixFile is null)
                throw new ArgumentException("-Asn needs the ASN's prefixes: give -AsnDatabase (a GeoLite2-ASN or compatible .mmdb) or -PrefixFile (prefix and ASN per line).");
            var found = new List<OwnedRange>();
            if (asnDatabase is not null)
            {
                using var db = AsnDatabase.Open(asnDatabase);
                foreach (var (network, asn) in db.Networks(wanted)) found.Add(new OwnedRange(network, $"AS{asn} ({Path.GetFileName(asnDatabase)})"));
            }
            if (prefixFile is not null) found.AddRange(ReadPrefixFile(prefixFile, wanted));
            foreach (var asn in wanted)
                if (!found.Any(r => r.Origin.StartsWith($"AS{asn} ", StringComparison.Ordinal)))
                    throw new ArgumentException($"-Asn {asn}: no prefix of AS{asn} in {string.Join(" or ", new[] { asnDatabase, prefixFile }.Where(p => p is not null))}.");
            all.AddRange(found);
        }
        var merged = Merge(all);
        var total = merged.Aggregate(BigInteger.Zero, (sum, r) => sum + Size(r.Network));
        if (total > MaxAddresses)
            throw new ArgumentException($"The ranges hold {total:N0} addresses; at most {MaxAddresses:N0} (a /12) are swept in one run. Give smaller blocks, or run them in parts.");
        return merged;
    }

    /// <summary>The prefixes of the wanted ASNs in a prefix file; a line that reads as neither is an error naming it.</summary>
    public static IEnumerable<OwnedRange> ReadPrefixFile(string path, IReadOnlyCollection<int> wanted)
    {
        if (!File.Exists(path)) throw new ArgumentException($"The prefix file '{path}' does not exist.");
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split(new[] { ',', ';', '\t', ' ', '|' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            IPNetwork? network = null;
            int? asn = null;
            foreach (var part in parts)
            {
                if (network is null && part.Contains('/') && IpNetworks.TryParse(part, out var n)) network = n;
                else if (asn is null && int.TryParse(part.StartsWith("AS", StringComparison.OrdinalIgnoreCase) ? part[2..] : part, out var a) && a > 0) asn = a;
            }
            if (network is null || asn is null)
                throw new ArgumentException($"The prefix file '{path}', line {number}: '{Shown(line)}' is not a prefix and an ASN (203.0.113.0/24 64500).");
            if (wanted.Contains(asn.Value)) yield return new OwnedRange(network.Value, $"AS{asn} ({Path.GetFileName(path)})");
        }
    }

    /// <summary>The addresses of the blocks, one block after another, lowest first.</summary>
    public static IEnumerable<IPAddress> Addresses(IReadOnlyList<OwnedRange> ranges)
    {
        foreach (var range in ranges)
        {
            var bytes = range.Network.BaseAddress.GetAddressBytes();
            var count = Size(range.Network);
            var start = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
            for (BigInteger i = 0; i < count; i++)
            {
                var value = (start + i).ToByteArray(isUnsigned: true, isBigEndian: true);
                var address = new byte[bytes.Length];
                Array.Copy(value, 0, address, address.Length - value.Length, value.Length);
                yield return new IPAddress(address);
            }
        }
    }

    public static BigInteger Size(IPNetwork network) =>
        BigInteger.One << ((network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128) - network.PrefixLength);

    private static List<OwnedRange> Merge(List<OwnedRange> ranges)
    {
        var kept = new List<OwnedRange>();
        foreach (var r in ranges.OrderBy(r => r.Network.PrefixLength))
            if (!kept.Any(k => k.Network.BaseAddress.AddressFamily == r.Network.BaseAddress.AddressFamily && k.Network.Contains(r.Network.BaseAddress)))
                kept.Add(r);
        return kept.OrderBy(r => r.Network.BaseAddress.AddressFamily).ThenBy(r => new BigInteger(r.Network.BaseAddress.GetAddressBytes(), true, true)).ToList();
    }

    private static string Shown(string text) => TextSafety.StripControl(TextSafety.Truncate(text, 80));
}
