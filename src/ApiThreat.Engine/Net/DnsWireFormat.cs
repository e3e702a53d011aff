using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace ApiThreat.Engine.Net;

/// <summary>One answer record of a bulk query: the parts subdomain discovery needs (addresses and CNAME targets).</summary>
public readonly record struct WireRecord(string Name, ushort Type, uint Ttl, IPAddress? Address, string? Target)
{
    public const ushort A = 1, Ns = 2, Cname = 5, Soa = 6, Aaaa = 28;
}

/// <summary>A parsed response of <see cref="BulkDnsClient"/>.</summary>
public sealed class WireReply
{
    public required string Name { get; init; }
    public required ushort Type { get; init; }
    public DnsStatus Status { get; init; }
    public bool Authoritative { get; init; }
    public bool AuthenticData { get; init; }
    public IReadOnlyList<WireRecord> Answers { get; init; } = Array.Empty<WireRecord>();
    public string? Error { get; init; }
    public bool Succeeded => Status is DnsStatus.NoError or DnsStatus.NoData or DnsStatus.NxDomain;
}

/// <summary>
/// The few pieces of RFC 1035 wire format the bulk engine needs: write a query, read a response's header, question
/// and answers (with name compression, bounded against pointer loops). Everything read is hostile: every offset is
/// checked, and a malformed message is rejected rather than half-read.
/// </summary>
public static class DnsWireFormat
{
    public const int MaxUdpPayload = 1232;

    /// <summary>Writes a recursive query with an EDNS0 OPT record; returns its length, or -1 if the name cannot be encoded.</summary>
    public static int WriteQuery(Span<byte> buffer, ushort id, string name, ushort type, bool edns = true)
    {
        if (buffer.Length < 12 + 255 + 4 + 11) return -1;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, id);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0x0100); // RD
        BinaryPrimitives.WriteUInt16BigEndian(buffer[4..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[6..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[8..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[10..], (ushort)(edns ? 1 : 0));
        var pos = 12;
        var n = name.TrimEnd('.');
        if (n.Length > 253) return -1;
        if (n.Length > 0)
        {
            var start = 0;
            while (start <= n.Length)
            {
                var dot = n.IndexOf('.', start);
                var end = dot < 0 ? n.Length : dot;
                var len = end - start;
                if (len is 0 or > 63) return -1;
                buffer[pos++] = (byte)len;
                for (var i = start; i < end; i++)
                {
                    var c = n[i];
                    if (c > 0x7E || c <= 0x20) return -1;
                    buffer[pos++] = (byte)c;
                }
                if (dot < 0) break;
                start = dot + 1;
            }
        }
        buffer[pos++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[pos..], type); pos += 2;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[pos..], 1); pos += 2;
        if (edns)
        {
            buffer[pos++] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(buffer[pos..], 41); pos += 2;
            BinaryPrimitives.WriteUInt16BigEndian(buffer[pos..], MaxUdpPayload); pos += 2;
            BinaryPrimitives.WriteUInt32BigEndian(buffer[pos..], 0); pos += 4;
            BinaryPrimitives.WriteUInt16BigEndian(buffer[pos..], 0); pos += 2;
        }
        return pos;
    }

    /// <summary>Reads the id of a message (0 when too short).</summary>
    public static ushort ReadId(ReadOnlySpan<byte> message) => message.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(message) : (ushort)0;

    /// <summary>
    /// Checks that <paramref name="message"/> is a response to exactly this question (QR set, one question, same name
    /// ignoring case, same type and class). Spoofed or stray datagrams fail here.
    /// </summary>
    public static bool MatchesQuestion(ReadOnlySpan<byte> message, string name, ushort type, out int questionEnd)
    {
        questionEnd = 0;
        if (message.Length < 12) return false;
        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        if ((flags & 0x8000) == 0) return false;
        if (BinaryPrimitives.ReadUInt16BigEndian(message[4..]) != 1) return false;
        var pos = 12;
        var n = name.TrimEnd('.');
        var i = 0;
        while (true)
        {
            if (pos >= message.Length) return false;
            var len = message[pos++];
            if (len == 0) break;
            if (len > 63 || pos + len > message.Length) return false; // no compression in a question we sent
            if (i > 0) { if (i >= n.Length || n[i] != '.') return false; i++; }
            for (var k = 0; k < len; k++, i++)
            {
                if (i >= n.Length) return false;
                var b = message[pos + k];
                if (AsciiLower(b) != AsciiLower((byte)n[i])) return false;
            }
            pos += len;
        }
        if (i != n.Length) return false;
        if (pos + 4 > message.Length) return false;
        if (BinaryPrimitives.ReadUInt16BigEndian(message[pos..]) != type) return false;
        if (BinaryPrimitives.ReadUInt16BigEndian(message[(pos + 2)..]) != 1) return false;
        questionEnd = pos + 4;
        return true;
    }

    public static bool IsTruncated(ReadOnlySpan<byte> message) =>
        message.Length >= 4 && (BinaryPrimitives.ReadUInt16BigEndian(message[2..]) & 0x0200) != 0;

    /// <summary>Parses a response already matched to its question; returns null when malformed.</summary>
    public static WireReply? ParseReply(ReadOnlySpan<byte> message, string name, ushort type, int questionEnd)
    {
        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        var rcode = flags & 0xF;
        var an = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var pos = questionEnd;
        var answers = an == 0 ? (List<WireRecord>?)null : new List<WireRecord>(Math.Min((int)an, 64));
        for (var r = 0; r < an; r++)
        {
            if (!TryReadName(message, ref pos, out var owner)) return null;
            if (pos + 10 > message.Length) return null;
            var rtype = BinaryPrimitives.ReadUInt16BigEndian(message[pos..]);
            var rclass = BinaryPrimitives.ReadUInt16BigEndian(message[(pos + 2)..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(pos + 4)..]);
            var rdlength = BinaryPrimitives.ReadUInt16BigEndian(message[(pos + 8)..]);
            pos += 10;
            if (pos + rdlength > message.Length) return null;
            var rdata = message.Slice(pos, rdlength);
            if (rclass == 1 && answers!.Count < 256)
            {
                if (rtype == WireRecord.A && rdlength == 4) answers.Add(new WireRecord(owner, rtype, ttl, new IPAddress(rdata), null));
                else if (rtype == WireRecord.Aaaa && rdlength == 16) answers.Add(new WireRecord(owner, rtype, ttl, new IPAddress(rdata), null));
                else if (rtype == WireRecord.Cname)
                {
                    var p = pos;
                    if (!TryReadName(message, ref p, out var target)) return null;
                    answers.Add(new WireRecord(owner, rtype, ttl, null, target));
                }
            }
            pos += rdlength;
        }
        var status = rcode switch
        {
            0 => answers is { Count: > 0 } ? DnsStatus.NoError : DnsStatus.NoData,
            3 => DnsStatus.NxDomain,
            2 => DnsStatus.ServerFailure,
            5 => DnsStatus.Refused,
            _ => DnsStatus.Error,
        };
        return new WireReply
        {
            Name = name,
            Type = type,
            Status = status,
            Authoritative = (flags & 0x0400) != 0,
            AuthenticData = (flags & 0x0020) != 0,
            Answers = (IReadOnlyList<WireRecord>?)answers ?? Array.Empty<WireRecord>(),
            Error = status == DnsStatus.Error ? $"response code {rcode}" : null,
        };
    }

    /// <summary>Reads a possibly compressed name, lower-cased, without the trailing dot.</summary>
    public static bool TryReadName(ReadOnlySpan<byte> message, ref int pos, out string name)
    {
        name = "";
        Span<char> chars = stackalloc char[256];
        var length = 0;
        var p = pos;
        var jumped = false;
        var jumps = 0;
        while (true)
        {
            if (p >= message.Length) return false;
            var len = message[p];
            if ((len & 0xC0) == 0xC0)
            {
                if (p + 1 >= message.Length || ++jumps > 32) return false;
                var target = ((len & 0x3F) << 8) | message[p + 1];
                if (!jumped) pos = p + 2;
                jumped = true;
                if (target >= p) return false; // pointers must go backwards: no loops
                p = target;
                continue;
            }
            if ((len & 0xC0) != 0) return false;
            p++;
            if (len == 0) break;
            if (p + len > message.Length || length + len + 1 > 255) return false;
            if (length > 0) chars[length++] = '.';
            for (var k = 0; k < len; k++)
            {
                var b = message[p + k];
                chars[length++] = b is >= 0x21 and <= 0x7E ? (char)AsciiLower(b) : '?';
            }
            p += len;
        }
        if (!jumped) pos = p;
        name = new string(chars[..length]);
        return true;
    }

    private static byte AsciiLower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;

    /// <summary>Validates a name for a query: ASCII letters, digits, '-', '_' and '*', labels of 1..63, 253 at most.</summary>
    public static bool IsQueryableName(string name)
    {
        if (name.Length is 0 or > 253) return false;
        var labelLength = 0;
        foreach (var c in name)
        {
            if (c == '.')
            {
                if (labelLength == 0) return false;
                labelLength = 0;
                continue;
            }
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '*')) return false;
            if (++labelLength > 63) return false;
        }
        return labelLength > 0;
    }

    internal static string Describe(ushort type) => type switch
    {
        WireRecord.A => "A",
        WireRecord.Aaaa => "AAAA",
        WireRecord.Cname => "CNAME",
        WireRecord.Ns => "NS",
        WireRecord.Soa => "SOA",
        _ => type.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    internal static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
