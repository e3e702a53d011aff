using System.Net;
using System.Text;

namespace ApiThreat.Engine.Tests.Ip;

/// <summary>
/// Writes a tiny IPv4 MaxMind DB (format 2.0, 24-bit records) from the spec, so the reader path is tested on a real
/// file: a search tree with one leaf per prefix, the 16-byte separator, the data section, then the metadata marker
/// and map. Supports the data types the lookups use: string, uint16/32/64, map, array.
/// </summary>
internal static class MmdbWriter
{
    public static void Write(string path, IReadOnlyList<(string Cidr, Dictionary<string, object> Data)> entries, string databaseType = "GeoLite2-ASN")
    {
        var data = new List<byte>();
        var offsets = entries.Select(e => { var o = data.Count; Encode(data, e.Data); return o; }).ToList();

        // Trie: node -> [left, right], each child: -1 empty, >= 0 node index, or -(data index + 2).
        var nodes = new List<long[]> { new long[] { -1, -1 } };
        for (var i = 0; i < entries.Count; i++)
        {
            var parts = entries[i].Cidr.Split('/');
            var bits = IPAddress.Parse(parts[0]).GetAddressBytes();
            var length = int.Parse(parts[1]);
            var node = 0;
            for (var b = 0; b < length; b++)
            {
                var bit = (bits[b / 8] >> (7 - b % 8)) & 1;
                if (b == length - 1) { nodes[node][bit] = -(long)i - 2; break; }
                if (nodes[node][bit] < 0) { nodes.Add(new long[] { -1, -1 }); nodes[node][bit] = nodes.Count - 1; }
                node = (int)nodes[node][bit];
            }
        }
        var nodeCount = nodes.Count;
        var file = new List<byte>();
        foreach (var n in nodes)
            foreach (var child in n)
            {
                long record = child == -1 ? nodeCount : child >= 0 ? child : nodeCount + 16 + offsets[(int)(-child - 2)];
                file.Add((byte)(record >> 16)); file.Add((byte)(record >> 8)); file.Add((byte)record);
            }
        file.AddRange(new byte[16]);
        file.AddRange(data);
        file.AddRange(new byte[] { 0xAB, 0xCD, 0xEF });
        file.AddRange(Encoding.ASCII.GetBytes("MaxMind.com"));
        var meta = new List<byte>();
        Encode(meta, new Dictionary<string, object>
        {
            ["binary_format_major_version"] = (ushort)2,
            ["binary_format_minor_version"] = (ushort)0,
            ["build_epoch"] = (ulong)1764374400,
            ["database_type"] = databaseType,
            ["description"] = new Dictionary<string, object> { ["en"] = "ApiThreat test database" },
            ["ip_version"] = (ushort)4,
            ["languages"] = new object[] { "en" },
            ["node_count"] = (uint)nodeCount,
            ["record_size"] = (ushort)24,
        });
        file.AddRange(meta);
        File.WriteAllBytes(path, file.ToArray());
    }

    private static void Encode(List<byte> to, object value)
    {
        switch (value)
        {
            case string s:
                var bytes = Encoding.UTF8.GetBytes(s);
                Control(to, 2, bytes.Length);
                to.AddRange(bytes);
                break;
            case ushort u16: Unsigned(to, 5, u16); break;
            case uint u32: Unsigned(to, 6, u32); break;
            case ulong u64: Unsigned(to, 9, u64); break;
            case Dictionary<string, object> map:
                Control(to, 7, map.Count);
                foreach (var (k, v) in map) { Encode(to, k); Encode(to, v); }
                break;
            case object[] array:
                Control(to, 11, array.Length);
                foreach (var v in array) Encode(to, v);
                break;
            default: throw new NotSupportedException(value.GetType().Name);
        }
    }

    private static void Unsigned(List<byte> to, int type, ulong value)
    {
        var bytes = new List<byte>();
        for (var v = value; v > 0; v >>= 8) bytes.Insert(0, (byte)v);
        Control(to, type, bytes.Count);
        to.AddRange(bytes);
    }

    private static void Control(List<byte> to, int type, int size)
    {
        if (size >= 285) throw new NotSupportedException("sizes of 285 and more are not needed here");
        var small = Math.Min(size, 29); // 29 = "29 plus the next byte"
        if (type <= 7) to.Add((byte)((type << 5) | small));
        else { to.Add((byte)small); to.Add((byte)(type - 7)); }
        if (size >= 29) to.Add((byte)(size - 29));
    }
}
