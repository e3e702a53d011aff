using System.Net;
using System.Text;

namespace ApiThreat.Lab.Dns;

/// <summary>DNS record types the Lab serves.</summary>
public enum RecordType : ushort
{
    A = 1, NS = 2, CNAME = 5, SOA = 6, PTR = 12, MX = 15, TXT = 16, AAAA = 28, SRV = 33, OPT = 41,
    DS = 43, RRSIG = 46, DNSKEY = 48, CAA = 257, AXFR = 252, ANY = 255,
}

/// <summary>One resource record of a Lab zone, with its RDATA already in wire form (names uncompressed).</summary>
public sealed record LabRecord(string Name, RecordType Type, byte[] Data, uint Ttl = 300)
{
    public static LabRecord A(string name, string address) => new(Norm(name), RecordType.A, IPAddress.Parse(address).GetAddressBytes());
    public static LabRecord Aaaa(string name, string address) => new(Norm(name), RecordType.AAAA, IPAddress.Parse(address).GetAddressBytes());
    public static LabRecord Cname(string name, string target) => new(Norm(name), RecordType.CNAME, DnsWire.EncodeName(target));
    public static LabRecord Ns(string name, string target) => new(Norm(name), RecordType.NS, DnsWire.EncodeName(target));
    public static LabRecord Ptr(string name, string target) => new(Norm(name), RecordType.PTR, DnsWire.EncodeName(target));

    public static LabRecord Mx(string name, ushort preference, string exchange) =>
        new(Norm(name), RecordType.MX, Concat(U16(preference), DnsWire.EncodeName(exchange)));

    /// <summary>A TXT record; strings longer than 255 bytes are split into several character-strings as DNS requires.</summary>
    public static LabRecord Txt(string name, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var data = new List<byte>();
        for (var i = 0; i < bytes.Length || i == 0; i += 255)
        {
            var len = Math.Min(255, bytes.Length - i);
            data.Add((byte)len);
            data.AddRange(bytes.AsSpan(i, len).ToArray());
            if (bytes.Length == 0) break;
        }
        return new(Norm(name), RecordType.TXT, data.ToArray());
    }

    public static LabRecord Caa(string name, byte flags, string tag, string value) =>
        new(Norm(name), RecordType.CAA, Concat(new[] { flags, (byte)tag.Length }, Encoding.ASCII.GetBytes(tag), Encoding.UTF8.GetBytes(value)));

    public static LabRecord Soa(string zone, string primary, string mailbox, uint serial) =>
        new(Norm(zone), RecordType.SOA, Concat(DnsWire.EncodeName(primary), DnsWire.EncodeName(mailbox),
            U32(serial), U32(3600), U32(600), U32(86400), U32(300)));

    public static LabRecord Srv(string name, ushort priority, ushort weight, ushort port, string target) =>
        new(Norm(name), RecordType.SRV, Concat(U16(priority), U16(weight), U16(port), DnsWire.EncodeName(target)));

    /// <summary>A syntactically plausible DS record (key tag, algorithm 13, SHA-256 digest) for DNSSEC presence checks.</summary>
    public static LabRecord Ds(string name, ushort keyTag) =>
        new(Norm(name), RecordType.DS, Concat(U16(keyTag), new byte[] { 13, 2 }, new byte[32]));

    /// <summary>A DNSKEY record (flags 257 = KSK, protocol 3, algorithm 13) with a dummy key.</summary>
    public static LabRecord Dnskey(string name) =>
        new(Norm(name), RecordType.DNSKEY, Concat(U16(257), new byte[] { 3, 13 }, new byte[64]));

    /// <summary>The text of a TXT record (its character-strings joined).</summary>
    public static string TxtText(LabRecord record)
    {
        var sb = new StringBuilder();
        for (var pos = 0; pos < record.Data.Length;)
        {
            var len = record.Data[pos++];
            sb.Append(Encoding.UTF8.GetString(record.Data, pos, Math.Min(len, record.Data.Length - pos)));
            pos += len;
        }
        return sb.ToString();
    }

    public static string Norm(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();

    internal static byte[] U16(ushort v) => new[] { (byte)(v >> 8), (byte)v };
    internal static byte[] U32(uint v) => new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v };
    internal static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
