using ApiThreat.Engine.Net;
using DnsClient;
using DnsClient.Protocol;

namespace ApiThreat.Engine.Tests.Net;

public class DnsCodecTests
{
    private static byte[] Response(ushort id, string name, QueryType type, params byte[][] records)
    {
        var q = DnsCodec.BuildQuery(id, name, type);
        var head = q.AsSpan(0, q.Length - 11).ToArray(); // drop our OPT
        head[2] = 0x81; head[3] = 0x80; head[7] = (byte)records.Length; head[11] = 0;
        return head.Concat(records.SelectMany(r => r)).ToArray();
    }

    [Fact]
    public void Parses_compressed_answers()
    {
        var data = Response(7, "a.test", QueryType.A, new byte[] { 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1 });
        var m = DnsCodec.ParseResponse(data, 7, "a.test", QueryType.A);
        var a = Assert.IsType<ARecord>(Assert.Single(m.Answers));
        Assert.Equal("192.0.2.1", a.Address.ToString());
        Assert.Equal("a.test.", a.DomainName.Value);
    }

    [Fact]
    public void Rejects_pointer_loops_and_forward_pointers()
    {
        var loop = Response(7, "a.test", QueryType.CNAME, new byte[] { 0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xC0, 0xFF });
        Assert.Throws<DnsMalformedException>(() => DnsCodec.ParseResponse(loop, 7, "a.test", QueryType.CNAME));
        var self = new byte[] { 0, 7, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1 };
        Assert.Throws<DnsMalformedException>(() => DnsCodec.ParseResponse(self, 7, "a.test", QueryType.A));
    }

    [Fact]
    public void Rejects_answers_to_another_question_or_id()
    {
        var data = Response(7, "a.test", QueryType.A);
        Assert.Throws<DnsMalformedException>(() => DnsCodec.ParseResponse(data, 8, "a.test", QueryType.A));
        Assert.Throws<DnsMalformedException>(() => DnsCodec.ParseResponse(data, 7, "b.test", QueryType.A));
        Assert.Throws<DnsMalformedException>(() => DnsCodec.ParseResponse(data, 7, "a.test", QueryType.AAAA));
    }

    [Fact]
    public void Random_garbage_only_ever_raises_DnsMalformedException()
    {
        var random = new Random(1234);
        var good = Response(7, "a.test", QueryType.TXT, new byte[] { 0xC0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 4, 3, (byte)'a', (byte)'b', (byte)'c' });
        for (var i = 0; i < 20000; i++)
        {
            var data = (byte[])good.Clone();
            var flips = random.Next(1, 6);
            for (var f = 0; f < flips; f++) data[random.Next(data.Length)] = (byte)random.Next(256);
            if (random.Next(4) == 0) data = data.AsSpan(0, random.Next(data.Length)).ToArray();
            try { DnsCodec.ParseResponse(data, 7, "a.test", QueryType.TXT); }
            catch (DnsMalformedException) { }
        }
    }
}
