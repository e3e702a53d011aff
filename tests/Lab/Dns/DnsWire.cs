using System.Buffers.Binary;
using System.Text;

namespace ApiThreat.Lab.Dns;

/// <summary>A parsed DNS query: just what an authoritative server needs.</summary>
public readonly record struct DnsQuery(ushort Id, ushort Flags, string Name, RecordType Type, ushort Class, bool HasEdns, ushort UdpSize, int QuestionEnd);

/// <summary>Minimal DNS wire format (RFC 1035): parse a question, write a response.</summary>
public static class DnsWire
{
    public static byte[] EncodeName(string name)
    {
        var n = LabRecord.Norm(name);
        var bytes = new List<byte>(n.Length + 2);
        if (n.Length > 0)
            foreach (var label in n.Split('.'))
            {
                var l = Encoding.ASCII.GetBytes(label);
                bytes.Add((byte)l.Length);
                bytes.AddRange(l);
            }
        bytes.Add(0);
        return bytes.ToArray();
    }

    public static bool TryParseQuery(ReadOnlySpan<byte> packet, out DnsQuery query)
    {
        query = default;
        if (packet.Length < 12) return false;
        var id = BinaryPrimitives.ReadUInt16BigEndian(packet);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if ((flags & 0x8000) != 0) return false; // a response, not a query
        var qd = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        var ar = BinaryPrimitives.ReadUInt16BigEndian(packet[10..]);
        if (qd != 1) return false;
        var pos = 12;
        var sb = new StringBuilder();
        while (true)
        {
            if (pos >= packet.Length) return false;
            var len = packet[pos++];
            if (len == 0) break;
            if (len > 63 || pos + len > packet.Length) return false;
            if (sb.Length > 0) sb.Append('.');
            foreach (var b in packet.Slice(pos, len)) sb.Append(b is >= (byte)'A' and <= (byte)'Z' ? (char)(b + 32) : (char)b);
            pos += len;
            if (sb.Length > 255) return false;
        }
        if (pos + 4 > packet.Length) return false;
        var type = (RecordType)BinaryPrimitives.ReadUInt16BigEndian(packet[pos..]);
        var cls = BinaryPrimitives.ReadUInt16BigEndian(packet[(pos + 2)..]);
        pos += 4;
        var questionEnd = pos;
        bool edns = false;
        ushort udp = 512;
        if (ar > 0 && pos + 11 <= packet.Length && packet[pos] == 0 &&
            BinaryPrimitives.ReadUInt16BigEndian(packet[(pos + 1)..]) == (ushort)RecordType.OPT)
        {
            edns = true;
            udp = Math.Max((ushort)512, BinaryPrimitives.ReadUInt16BigEndian(packet[(pos + 3)..]));
        }
        query = new DnsQuery(id, flags, sb.ToString(), type, cls, edns, udp, questionEnd);
        return true;
    }

    /// <summary>Writes a response for <paramref name="query"/> into <paramref name="buffer"/>; returns its length.</summary>
    public static int WriteResponse(Span<byte> buffer, ReadOnlySpan<byte> request, in DnsQuery query, int rcode, bool authoritative,
        IReadOnlyList<LabRecord> answers, IReadOnlyList<LabRecord> authority, int maxSize, bool includeQuestion = true)
    {
        var question = request[12..query.QuestionEnd];
        var flags = (ushort)(0x8000 | (query.Flags & 0x7900) | (authoritative ? 0x0400 : 0) | (rcode & 0xF));
        var pos = 12;
        if (includeQuestion) { question.CopyTo(buffer[pos..]); pos += question.Length; }
        int an = 0, ns = 0;
        var truncated = false;
        var limit = Math.Min(maxSize, buffer.Length) - (query.HasEdns ? 11 : 0);
        foreach (var r in answers)
        {
            var next = WriteRecord(buffer, pos, r, query.Name, limit);
            if (next < 0) { truncated = true; break; }
            pos = next; an++;
        }
        if (!truncated)
            foreach (var r in authority)
            {
                var next = WriteRecord(buffer, pos, r, query.Name, limit);
                if (next < 0) break; // authority may be dropped without TC
                pos = next; ns++;
            }
        if (truncated) { pos = 12 + (includeQuestion ? question.Length : 0); an = 0; ns = 0; flags |= 0x0200; }
        var ar = 0;
        if (query.HasEdns)
        {
            buffer[pos++] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(buffer[pos..], (ushort)RecordType.OPT); pos += 2;
            BinaryPrimitives.WriteUInt16BigEndian(buffer[pos..], 1232); pos += 2;
            BinaryPrimitives.WriteUInt32BigEndian(buffer[pos..], 0); pos += 4;
            BinaryPrimitives.WriteUInt16BigEndian(buffer[pos..], 0); pos += 2;
            ar = 1;
        }
        BinaryPrimitives.WriteUInt16BigEndian(buffer, query.Id);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], flags);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[4..], (ushort)(includeQuestion ? 1 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(buffer[6..], (ushort)an);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[8..], (ushort)ns);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[10..], (ushort)ar);
        return pos;
    }

    private static int WriteRecord(Span<byte> buffer, int pos, LabRecord r, string qname, int limit)
    {
        var start = pos;
        if (r.Name == qname)
        {
            if (pos + 2 > limit) return -1;
            buffer[pos++] = 0xC0; buffer[pos++] = 12; // pointer to the question name
        }
        else
        {
            var name = EncodeName(r.Name);
            if (pos + name.Length > limit) return -1;
            name.CopyTo(buffer[pos..]); pos += name.Length;
        }
        if (pos + 10 + r.Data.Length > limit) return -1;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[pos..], (ushort)r.Type); pos += 2;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[pos..], 1); pos += 2;
        BinaryPrimitives.WriteUInt32BigEndian(buffer[pos..], r.Ttl); pos += 4;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[pos..], (ushort)r.Data.Length); pos += 2;
        r.Data.CopyTo(buffer[pos..]); pos += r.Data.Length;
        _ = start;
        return pos;
    }
}
