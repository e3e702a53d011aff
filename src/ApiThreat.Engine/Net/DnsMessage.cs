using System.Buffers.Binary;
using System.Net;
using System.Text;
using DnsClient;
using DnsClient.Protocol;

namespace ApiThreat.Engine.Net;

/// <summary>A DNS response that failed validation or parsing: hostile or broken, never trusted.</summary>
public sealed class DnsMalformedException : Exception
{
    public DnsMalformedException(string message) : base(message) { }
}

/// <summary>A parsed DNS response (records as DnsClient's public record types, so callers use one vocabulary).</summary>
public sealed class DnsMessage
{
    public ushort Id { get; init; }
    public int Rcode { get; init; }
    public bool Truncated { get; init; }
    public bool Authoritative { get; init; }
    public bool AuthenticData { get; init; }
    public IReadOnlyList<DnsResourceRecord> Answers { get; init; } = Array.Empty<DnsResourceRecord>();
    public IReadOnlyList<DnsResourceRecord> Authorities { get; init; } = Array.Empty<DnsResourceRecord>();
    public IReadOnlyList<DnsResourceRecord> Additionals { get; init; } = Array.Empty<DnsResourceRecord>();
}

/// <summary>
/// DNS wire format (RFC 1035) for the engine's own transport: builds queries and parses responses defensively —
/// every length is bounds-checked, compression pointers may only point backwards and at most 32 times per name,
/// and a response must echo our id and question exactly.
/// </summary>
public static class DnsCodec
{
    private const int MaxPointerHops = 32;
    private const int MaxRecords = 4096;

    public static byte[] BuildQuery(ushort id, string name, QueryType type, bool recursionDesired = true, ushort udpPayload = 1232, bool dnssecOk = false)
    {
        var qname = EncodeName(name);
        var buffer = new byte[12 + qname.Length + 4 + 11];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, id);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(recursionDesired ? 0x0100 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(4), 1); // QDCOUNT
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(10), 1); // ARCOUNT: OPT
        qname.CopyTo(buffer, 12);
        var pos = 12 + qname.Length;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(pos), (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(pos + 2), 1); // IN
        pos += 4;
        buffer[pos] = 0; // root owner
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(pos + 1), 41); // OPT
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(pos + 3), udpPayload);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(pos + 5), dnssecOk ? 0x8000u : 0u);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(pos + 9), 0);
        return buffer;
    }

    public static byte[] EncodeName(string name)
    {
        var trimmed = name.TrimEnd('.');
        var bytes = new List<byte>(trimmed.Length + 2);
        if (trimmed.Length > 0)
            foreach (var label in trimmed.Split('.'))
            {
                var l = Encoding.ASCII.GetBytes(label);
                if (l.Length is 0 or > 63) throw new ArgumentException($"'{name}' has an empty or over-long label.");
                bytes.Add((byte)l.Length);
                bytes.AddRange(l);
            }
        bytes.Add(0);
        if (bytes.Count > 255) throw new ArgumentException($"'{name}' is longer than 255 bytes.");
        return bytes.ToArray();
    }

    /// <summary>Parses and validates a response to the query (<paramref name="id"/>, <paramref name="name"/>, <paramref name="type"/>).</summary>
    public static DnsMessage ParseResponse(ReadOnlySpan<byte> data, ushort id, string name, QueryType type)
    {
        if (data.Length < 12) throw new DnsMalformedException("The response is shorter than a DNS header.");
        var rid = BinaryPrimitives.ReadUInt16BigEndian(data);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if (rid != id) throw new DnsMalformedException("The response id does not match the query.");
        if ((flags & 0x8000) == 0) throw new DnsMalformedException("The message is not a response.");
        int qd = BinaryPrimitives.ReadUInt16BigEndian(data[4..]), an = BinaryPrimitives.ReadUInt16BigEndian(data[6..]),
            ns = BinaryPrimitives.ReadUInt16BigEndian(data[8..]), ar = BinaryPrimitives.ReadUInt16BigEndian(data[10..]);
        var pos = 12;
        var truncated = (flags & 0x0200) != 0;
        if (qd != 1) throw new DnsMalformedException($"The response carries {qd} questions, not 1.");
        var qname = ReadName(data, ref pos);
        if (pos + 4 > data.Length) throw new DnsMalformedException("The question is cut short.");
        var qtype = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
        pos += 4;
        if (!string.Equals(qname.TrimEnd('.'), name.TrimEnd('.'), StringComparison.OrdinalIgnoreCase) || qtype != (ushort)type)
            throw new DnsMalformedException("The response answers a different question.");
        if (an + ns + ar > MaxRecords) throw new DnsMalformedException("The response claims too many records.");
        var answers = new List<DnsResourceRecord>(an);
        var authorities = new List<DnsResourceRecord>(ns);
        var additionals = new List<DnsResourceRecord>();
        if (!truncated)
        {
            for (var i = 0; i < an; i++) answers.Add(ReadRecord(data, ref pos));
            for (var i = 0; i < ns; i++) authorities.Add(ReadRecord(data, ref pos));
            for (var i = 0; i < ar && pos < data.Length; i++)
            {
                var r = ReadRecord(data, ref pos);
                if (r is not null) additionals.Add(r);
            }
        }
        return new DnsMessage
        {
            Id = rid,
            Rcode = flags & 0xF,
            Truncated = truncated,
            Authoritative = (flags & 0x0400) != 0,
            AuthenticData = (flags & 0x0020) != 0,
            Answers = answers,
            Authorities = authorities,
            Additionals = additionals,
        };
    }

    /// <summary>
    /// Parses one message of a zone transfer (RFC 5936 §2.2: the question may be absent after the first message).
    /// Records whose content cannot be read (an invalid punycode label, a malformed RDATA) are skipped and counted, not
    /// fatal: one hostile record must not hide the rest of the zone. Framing errors still reject the message.
    /// </summary>
    public static DnsMessage ParseTransferMessage(ReadOnlySpan<byte> data, ushort id, string zone, out int skipped)
    {
        skipped = 0;
        if (data.Length < 12) throw new DnsMalformedException("The message is shorter than a DNS header.");
        var flags = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if (BinaryPrimitives.ReadUInt16BigEndian(data) != id) throw new DnsMalformedException("The message id does not match the query.");
        if ((flags & 0x8000) == 0) throw new DnsMalformedException("The message is not a response.");
        int qd = BinaryPrimitives.ReadUInt16BigEndian(data[4..]), an = BinaryPrimitives.ReadUInt16BigEndian(data[6..]);
        if (qd > 1) throw new DnsMalformedException($"The message carries {qd} questions.");
        if (an > MaxRecords) throw new DnsMalformedException("The message claims too many records.");
        var pos = 12;
        if (qd == 1)
        {
            var qname = ReadName(data, ref pos);
            if (pos + 4 > data.Length) throw new DnsMalformedException("The question is cut short.");
            if (!string.Equals(qname.TrimEnd('.'), zone.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)
                || BinaryPrimitives.ReadUInt16BigEndian(data[pos..]) != (ushort)QueryType.AXFR)
                throw new DnsMalformedException("The message answers a different question.");
            pos += 4;
        }
        var answers = new List<DnsResourceRecord>(an);
        for (var i = 0; i < an; i++)
        {
            if (TryReadRecord(data, ref pos, out var record, out _)) answers.Add(record!);
            else skipped++;
        }
        return new DnsMessage { Id = id, Rcode = flags & 0xF, Authoritative = (flags & 0x0400) != 0, Answers = answers };
    }

    private static DnsResourceRecord ReadRecord(ReadOnlySpan<byte> data, ref int pos) =>
        TryReadRecord(data, ref pos, out var record, out var problem) ? record! : throw new DnsMalformedException(problem!);

    /// <summary>
    /// Reads one record. Framing problems (a name or the data running past the message) throw; a record whose content
    /// cannot be read returns false with the reason, <paramref name="pos"/> already past it.
    /// </summary>
    private static bool TryReadRecord(ReadOnlySpan<byte> data, ref int pos, out DnsResourceRecord? record, out string? problem)
    {
        record = null;
        problem = null;
        var owner = ReadName(data, ref pos);
        if (pos + 10 > data.Length) throw new DnsMalformedException("A record header is cut short.");
        var type = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
        var cls = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 2)..]);
        var ttl = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 4)..]), int.MaxValue);
        var length = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 8)..]);
        pos += 10;
        if (pos + length > data.Length) throw new DnsMalformedException($"A record's data ({length} bytes) runs past the end of the message.");
        var start = pos;
        var end = pos + length;
        pos = end;
        var rdata = data[start..end];
        try
        {
            // DnsString decodes "xn--" labels as IDN and throws on invalid punycode: part of the record's content.
            var info = new ResourceRecordInfo(DnsString.FromResponseQueryString(owner.Length == 0 ? "." : owner + "."),
                (ResourceRecordType)type, (QueryClass)cls, ttl, length);
            record = (ResourceRecordType)type switch
            {
                ResourceRecordType.A when length == 4 => new ARecord(info, new IPAddress(rdata)),
                ResourceRecordType.AAAA when length == 16 => new AaaaRecord(info, new IPAddress(rdata)),
                ResourceRecordType.A or ResourceRecordType.AAAA => throw new DnsMalformedException($"An address record of {owner} has {length} bytes of data."),
                ResourceRecordType.CNAME => new CNameRecord(info, NameIn(data, start, end)),
                ResourceRecordType.NS => new NsRecord(info, NameIn(data, start, end)),
                ResourceRecordType.PTR => new PtrRecord(info, NameIn(data, start, end)),
                ResourceRecordType.MX when length >= 3 => new MxRecord(info, BinaryPrimitives.ReadUInt16BigEndian(rdata), NameIn(data, start + 2, end)),
                ResourceRecordType.SRV when length >= 7 => new SrvRecord(info, BinaryPrimitives.ReadUInt16BigEndian(rdata),
                    BinaryPrimitives.ReadUInt16BigEndian(rdata[2..]), BinaryPrimitives.ReadUInt16BigEndian(rdata[4..]), NameIn(data, start + 6, end)),
                ResourceRecordType.TXT => Txt(info, rdata),
                ResourceRecordType.SOA => Soa(info, data, start, end),
                ResourceRecordType.CAA when length >= 2 && 2 + rdata[1] <= length => new CaaRecord(info, rdata[0],
                    Encoding.ASCII.GetString(rdata.Slice(2, rdata[1])), Encoding.UTF8.GetString(rdata[(2 + rdata[1])..])),
                ResourceRecordType.DS when length >= 4 => new DsRecord(info, BinaryPrimitives.ReadUInt16BigEndian(rdata), rdata[2], rdata[3], rdata[4..].ToArray()),
                ResourceRecordType.DNSKEY when length >= 4 => new DnsKeyRecord(info, BinaryPrimitives.ReadUInt16BigEndian(rdata), rdata[2], rdata[3], rdata[4..].ToArray()),
                _ => new UnknownRecord(info, rdata.ToArray()),
            };
            return true;
        }
        catch (ArgumentException ex)
        {
            problem = $"A record of {owner} is malformed: {ex.Message}";
            return false;
        }
        catch (DnsMalformedException ex)
        {
            problem = ex.Message;
            return false;
        }
    }

    private static DnsString NameIn(ReadOnlySpan<byte> data, int start, int end)
    {
        var p = start;
        var name = ReadName(data, ref p, end);
        if (p != end) throw new DnsMalformedException("A name does not fill its record.");
        return DnsString.FromResponseQueryString(name.Length == 0 ? "." : name + ".");
    }

    private static TxtRecord Txt(ResourceRecordInfo info, ReadOnlySpan<byte> rdata)
    {
        var values = new List<string>();
        var p = 0;
        while (p < rdata.Length)
        {
            var len = rdata[p++];
            if (p + len > rdata.Length) throw new DnsMalformedException("A TXT string runs past its record.");
            values.Add(Encoding.UTF8.GetString(rdata.Slice(p, len)));
            p += len;
        }
        var array = values.ToArray();
        return new TxtRecord(info, array, array);
    }

    private static SoaRecord Soa(ResourceRecordInfo info, ReadOnlySpan<byte> data, int start, int end)
    {
        var p = start;
        var m = ReadName(data, ref p, end);
        var r = ReadName(data, ref p, end);
        if (p + 20 != end) throw new DnsMalformedException("An SOA record has the wrong length.");
        var s = data[p..end];
        return new SoaRecord(info, DnsString.FromResponseQueryString(m + "."), DnsString.FromResponseQueryString(r + "."),
            BinaryPrimitives.ReadUInt32BigEndian(s), BinaryPrimitives.ReadUInt32BigEndian(s[4..]), BinaryPrimitives.ReadUInt32BigEndian(s[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(s[12..]), BinaryPrimitives.ReadUInt32BigEndian(s[16..]));
    }

    /// <summary>Reads a possibly compressed name. Pointers must point backwards, at most 32 hops; total length at most 255.</summary>
    public static string ReadName(ReadOnlySpan<byte> data, ref int pos, int limit = -1)
    {
        if (limit < 0) limit = data.Length;
        var sb = new StringBuilder();
        var p = pos;
        var jumped = false;
        var hops = 0;
        var wire = 0;
        while (true)
        {
            if (p >= (jumped ? data.Length : limit)) throw new DnsMalformedException("A name runs past the end of its data.");
            var len = data[p];
            if ((len & 0xC0) == 0xC0)
            {
                if (p + 1 >= data.Length) throw new DnsMalformedException("A compression pointer is cut short.");
                var target = ((len & 0x3F) << 8) | data[p + 1];
                if (target >= p || ++hops > MaxPointerHops) throw new DnsMalformedException("A compression pointer loops or points forward.");
                if (!jumped) { pos = p + 2; jumped = true; }
                p = target;
                continue;
            }
            if ((len & 0xC0) != 0) throw new DnsMalformedException("A name uses an unknown label type.");
            p++;
            if (len == 0) break;
            if (p + len > data.Length) throw new DnsMalformedException("A label runs past the end of the message.");
            wire += len + 1;
            if (wire > 255) throw new DnsMalformedException("A name is longer than 255 bytes.");
            if (sb.Length > 0) sb.Append('.');
            foreach (var b in data.Slice(p, len))
                sb.Append(b is > 32 and < 127 && b != '.' && b != '\\' ? (char)b : $"\\{b:D3}");
            p += len;
        }
        if (!jumped) pos = p;
        return sb.ToString();
    }
}
