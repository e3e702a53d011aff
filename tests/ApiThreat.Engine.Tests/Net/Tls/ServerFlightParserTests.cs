using ApiThreat.Engine.Net;
using ApiThreat.Engine.Transport;
using static ApiThreat.Engine.Tests.Transport.TlsWire;
using ApiThreat.Engine.Net.Tls;

namespace ApiThreat.Engine.Tests.Net.Tls;

/// <summary>The ServerHello parser faces hostile servers: every malformed input must end in Error, never an exception.</summary>
public sealed class ServerFlightParserTests
{
    private static ServerFlightParser Parse(byte[] data, bool wantCertificates = false, int chunk = int.MaxValue)
    {
        var p = new ServerFlightParser(wantCertificates);
        for (var i = 0; i < data.Length; i += chunk) p.Feed(data.AsSpan(i, Math.Min(chunk, data.Length - i)));
        return p;
    }

    [Fact]
    public void Reads_a_TLS12_ServerHello()
    {
        var p = Parse(ServerHello(0x0303, 0xC02F));
        Assert.Null(p.Error);
        Assert.True(p.IsDone);
        Assert.Equal(0x0303, p.Hello!.Version);
        Assert.Equal(0xC02F, p.Hello.CipherSuite);
        Assert.False(p.Hello.IsHelloRetryRequest);
    }

    [Fact]
    public void Reads_a_ServerHello_delivered_one_byte_at_a_time()
    {
        var p = Parse(ServerHello(0x0301, 0x002F), chunk: 1);
        Assert.Equal((0x0301, 0x002F), (p.Hello!.Version, p.Hello.CipherSuite));
    }

    [Fact]
    public void Reads_a_handshake_message_split_across_records()
    {
        var hs = Handshake(2, ServerHelloBody(0x0303, 0x009C));
        var data = Record(22, hs[..10]).Concat(Record(22, hs[10..])).ToArray();
        Assert.Equal(0x009C, Parse(data).Hello!.CipherSuite);
    }

    [Fact]
    public void TLS13_version_comes_from_supported_versions()
    {
        var p = Parse(ServerHello(0x0303, 0x1301, Extension(43, new byte[] { 3, 4 }), Extension(51, new byte[] { 0, 0x1D, 0, 0 })));
        Assert.Equal(0x0304, p.Hello!.Version);
        Assert.Equal(0x0303, p.Hello.LegacyVersion);
        Assert.Equal(new[] { 43, 51 }, p.Hello.ExtensionTypes);
    }

    [Fact]
    public void Recognises_a_HelloRetryRequest()
    {
        var random = Convert.FromHexString("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");
        var p = Parse(Record(22, Handshake(2, ServerHelloBody(0x0303, 0x1302, random, Extension(43, new byte[] { 3, 4 })))));
        Assert.True(p.Hello!.IsHelloRetryRequest);
        Assert.Equal(0x1302, p.Hello.CipherSuite);
    }

    [Theory]
    [InlineData(40, "handshake_failure")]
    [InlineData(70, "protocol_version")]
    [InlineData(112, "unrecognized_name")]
    [InlineData(200, "alert_200")]
    public void Reads_alerts(int description, string name)
    {
        var p = Parse(Alert(description));
        Assert.Null(p.Hello);
        Assert.True(p.IsDone);
        Assert.Equal(name, p.Alert!.Value.Name);
    }

    [Fact]
    public void Reads_the_whole_TLS12_flight_with_certificates_and_a_stapled_OCSP_response()
    {
        var cert1 = new byte[] { 0x30, 1, 2, 3 };
        var cert2 = new byte[] { 0x30, 9 };
        var list = U24(cert1.Length).Concat(cert1).Concat(U24(cert2.Length)).Concat(cert2).ToArray();
        var certificate = Handshake(11, U24(list.Length).Concat(list).ToArray());
        var ocsp = new byte[] { 0x30, 0x03, 0x0A, 0x01, 0x00 };
        var status = Handshake(22, new byte[] { 1 }.Concat(U24(ocsp.Length)).Concat(ocsp).ToArray());
        var hello = Handshake(2, ServerHelloBody(0x0303, 0xC02B, null, Extension(5, Array.Empty<byte>())));
        var data = Record(22, hello.Concat(certificate).ToArray()).Concat(Record(22, status)).Concat(Record(22, Handshake(12, new byte[] { 1, 2 })))
            .Concat(Record(22, Handshake(14, Array.Empty<byte>()))).ToArray();
        var p = Parse(data, wantCertificates: true, chunk: 3);
        Assert.Null(p.Error);
        Assert.True(p.Hello!.StatusRequestAcknowledged);
        Assert.Equal(2, p.Certificates.Count);
        Assert.Equal(cert1, p.Certificates[0]);
        Assert.Equal(ocsp, p.OcspResponse);
        Assert.True(p.FlightComplete);
    }

    [Fact]
    public void Waits_for_more_data_while_the_flight_is_incomplete()
    {
        var p = Parse(ServerHello(0x0303, 0xC02F), wantCertificates: true);
        Assert.NotNull(p.Hello);
        Assert.False(p.IsDone);
        Assert.False(p.FlightComplete);
        var partial = Parse(ServerHello(0x0303, 0xC02F)[..20]);
        Assert.Null(partial.Hello);
        Assert.Null(partial.Error);
        Assert.False(partial.IsDone);
    }

    public static IEnumerable<object[]> Malformed()
    {
        yield return new object[] { "SSL 2.0 answer", new byte[] { 0x80, 0x2E, 0x04, 0x00, 0x01, 0x00, 0x02 } };
        yield return new object[] { "HTTP answer", "HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray() };
        yield return new object[] { "record too long", new byte[] { 22, 3, 3, 0xFF, 0xFF } };
        yield return new object[] { "empty handshake record", new byte[] { 22, 3, 3, 0, 0 } };
        yield return new object[] { "application data first", Record(23, new byte[] { 1, 2, 3 }) };
        yield return new object[] { "certificate before hello", Record(22, Handshake(11, U24(0))) };
        yield return new object[] { "truncated ServerHello body", Record(22, Handshake(2, new byte[] { 3, 3, 1, 2 })) };
        yield return new object[] { "session id over 32", Record(22, Handshake(2, new byte[] { 3, 3 }.Concat(new byte[32]).Concat(new byte[] { 33 }).Concat(new byte[40]).ToArray())) };
        yield return new object[] { "extensions length lies", Record(22, Handshake(2, ServerHelloBody(0x0303, 0x002F).Concat(new byte[] { 0, 9, 0, 1 }).ToArray())) };
        yield return new object[] { "truncated extension", Record(22, Handshake(2, ServerHelloBody(0x0303, 0x002F).Concat(new byte[] { 0, 4, 0, 43, 0, 9 }).ToArray())) };
        yield return new object[] { "duplicate extension", ServerHello(0x0303, 0x1301, Extension(43, new byte[] { 3, 4 }), Extension(43, new byte[] { 3, 4 })) };
        yield return new object[] { "bad supported_versions", ServerHello(0x0303, 0x1301, Extension(43, new byte[] { 3, 4, 3 })) };
        yield return new object[] { "truncated alert", Record(21, new byte[] { 2 }) };
        yield return new object[] { "handshake message too large", Record(22, new byte[] { 2, 0x10, 0, 0 }) };
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_answers_end_in_an_error_not_an_exception(string what, byte[] data)
    {
        var p = Parse(data);
        Assert.True(p.Error is not null, what);
        Assert.True(p.IsDone);
        Assert.Equal(ProbeOutcome.Inconclusive, HelloProbe.Classify(p, RawExchangeEnd.Complete).Outcome);
    }

    [Fact]
    public void Malformed_certificate_messages_are_errors()
    {
        var hello = Handshake(2, ServerHelloBody(0x0303, 0xC02F));
        var badList = Handshake(11, U24(50).Concat(U24(2)).Concat(new byte[] { 1, 2 }).ToArray());
        Assert.NotNull(Parse(Record(22, hello.Concat(badList).ToArray()), wantCertificates: true).Error);
        var zeroCert = Handshake(11, U24(3).Concat(U24(0)).ToArray());
        Assert.NotNull(Parse(Record(22, hello.Concat(zeroCert).ToArray()), wantCertificates: true).Error);
        var badStatus = Handshake(22, new byte[] { 2, 0, 0, 1, 5 });
        Assert.NotNull(Parse(Record(22, hello.Concat(badStatus).ToArray()), wantCertificates: true).Error);
        var many = Enumerable.Range(0, 17).SelectMany(_ => U24(1).Concat(new byte[] { 0x30 })).ToArray();
        Assert.Contains("more than", Parse(Record(22, hello.Concat(Handshake(11, U24(many.Length).Concat(many).ToArray())).ToArray()), wantCertificates: true).Error);
    }

    [Fact]
    public void Stops_at_the_byte_cap()
    {
        var p = new ServerFlightParser(wantCertificates: true, maxTotalBytes: 1000);
        var hello = Record(22, Handshake(2, ServerHelloBody(0x0303, 0xC02F)));
        p.Feed(hello);
        for (var i = 0; i < 100 && !p.IsDone; i++) p.Feed(Record(22, new byte[] { 12, 0, 0x10, 0 }.Concat(new byte[50]).ToArray()));
        Assert.Contains("more than 1000 bytes", p.Error);
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new Random(20261129);
        for (var i = 0; i < 5000; i++)
        {
            var data = new byte[random.Next(0, 300)];
            random.NextBytes(data);
            if (i % 3 == 0 && data.Length > 5) { data[0] = 22; data[1] = 3; data[2] = 3; } // plausible header, random body
            if (i % 7 == 0 && data.Length > 9) { data[5] = 2; }
            var p = new ServerFlightParser(wantCertificates: i % 2 == 0);
            p.Feed(data);
            _ = HelloProbe.Classify(p, RawExchangeEnd.Closed);
        }
        // truncations of a valid flight: never an exception, never a wrong answer
        var valid = ServerHello(0x0303, 0xC02F, Extension(5, Array.Empty<byte>()));
        for (var n = 0; n < valid.Length; n++)
        {
            var p = Parse(valid[..n]);
            Assert.Null(p.Hello);
            Assert.Equal(ProbeOutcome.Rejected, HelloProbe.Classify(p, RawExchangeEnd.Closed).Outcome);
        }
    }
}
