using ApiThreat.Engine.Transport;
using ApiThreat.Engine.Net.Tls;

namespace ApiThreat.Engine.Tests.Net.Tls;

public sealed class ClientHelloBuilderTests
{
    /// <summary>Walks a ClientHello record and returns its fields, checking every length on the way.</summary>
    private static (int RecordVersion, int ClientVersion, int SessionIdLength, int[] Suites, Dictionary<int, byte[]> Extensions) Read(byte[] r)
    {
        Assert.Equal(22, r[0]);
        var recordLength = (r[3] << 8) | r[4];
        Assert.Equal(r.Length - 5, recordLength);
        Assert.Equal(1, r[5]);
        var hsLength = (r[6] << 16) | (r[7] << 8) | r[8];
        Assert.Equal(recordLength - 4, hsLength);
        var i = 9;
        var clientVersion = (r[i] << 8) | r[i + 1];
        i += 2 + 32;
        var sid = r[i];
        i += 1 + sid;
        var suitesLength = (r[i] << 8) | r[i + 1];
        i += 2;
        var suites = Enumerable.Range(0, suitesLength / 2).Select(k => (r[i + 2 * k] << 8) | r[i + 2 * k + 1]).ToArray();
        i += suitesLength;
        Assert.Equal(1, r[i]);
        Assert.Equal(0, r[i + 1]);
        i += 2;
        var extensions = new Dictionary<int, byte[]>();
        if (i < r.Length)
        {
            var extLength = (r[i] << 8) | r[i + 1];
            i += 2;
            Assert.Equal(r.Length - i, extLength);
            while (i < r.Length)
            {
                var type = (r[i] << 8) | r[i + 1];
                var len = (r[i + 2] << 8) | r[i + 3];
                extensions.Add(type, r[(i + 4)..(i + 4 + len)]);
                i += 4 + len;
            }
            Assert.Equal(r.Length, i);
        }
        return ((r[1] << 8) | r[2], clientVersion, sid, suites, extensions);
    }

    [Fact]
    public void TLS12_hello_has_SNI_groups_signatures_status_request_and_the_SCSV()
    {
        var h = Read(ClientHelloBuilder.Build(new ClientHelloOptions { Version = TlsVersion.Tls12, CipherSuites = new[] { 0xC02F, 0x009C }, ServerName = "api.contoso.com" }));
        Assert.Equal(0x0301, h.RecordVersion);
        Assert.Equal(0x0303, h.ClientVersion);
        Assert.Equal(0, h.SessionIdLength);
        Assert.Equal(new[] { 0xC02F, 0x009C, 0x00FF }, h.Suites);
        Assert.Equal("api.contoso.com", System.Text.Encoding.ASCII.GetString(h.Extensions[0][5..]));
        Assert.Contains(10, h.Extensions.Keys);
        Assert.Contains(13, h.Extensions.Keys);
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0 }, h.Extensions[5]);
        Assert.DoesNotContain(43, h.Extensions.Keys);
    }

    [Fact]
    public void TLS13_hello_carries_supported_versions_and_an_x25519_key_share()
    {
        var h = Read(ClientHelloBuilder.Build(new ClientHelloOptions { Version = TlsVersion.Tls13, CipherSuites = new[] { 0x1301 }, ServerName = "a.b" }));
        Assert.Equal(0x0303, h.ClientVersion);
        Assert.Equal(32, h.SessionIdLength);
        Assert.Equal(new[] { 0x1301 }, h.Suites); // no SCSV in TLS 1.3
        Assert.Equal(new byte[] { 2, 3, 4 }, h.Extensions[43]);
        var share = h.Extensions[51];
        Assert.Equal(38, share.Length);
        Assert.Equal(new byte[] { 0, 36, 0, 0x1D, 0, 32 }, share[..6]);
    }

    [Fact]
    public void SSL3_hello_has_no_extensions_and_an_SSL3_record()
    {
        var h = Read(ClientHelloBuilder.Build(new ClientHelloOptions { Version = TlsVersion.Ssl3, CipherSuites = new[] { 0x000A }, ServerName = "x.y" }));
        Assert.Equal(0x0300, h.RecordVersion);
        Assert.Equal(0x0300, h.ClientVersion);
        Assert.Empty(h.Extensions);
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("2001:db8::1")]
    [InlineData(null)]
    public void No_SNI_for_addresses_or_without_a_name(string? name)
    {
        var h = Read(ClientHelloBuilder.Build(new ClientHelloOptions { Version = TlsVersion.Tls12, CipherSuites = new[] { 0x002F }, ServerName = name }));
        Assert.DoesNotContain(0, h.Extensions.Keys);
    }

    [Fact]
    public void Every_table_suite_fits_one_hello()
    {
        var all = CipherSuites.For(TlsVersion.Tls12).Select(s => s.Code).ToArray();
        var record = ClientHelloBuilder.Build(new ClientHelloOptions { Version = TlsVersion.Tls12, CipherSuites = all, ServerName = "example.com" });
        Assert.True(record.Length < 16384);
        Assert.Equal(all.Length + 1, Read(record).Suites.Length);
        Assert.Throws<ArgumentException>(() => ClientHelloBuilder.Build(new ClientHelloOptions { CipherSuites = Array.Empty<int>() }));
        Assert.Throws<ArgumentException>(() => ClientHelloBuilder.Build(new ClientHelloOptions { CipherSuites = all, ServerName = new string('a', 300) }));
    }

    [Fact]
    public void Suite_table_classifies_by_name()
    {
        var gcm = CipherSuites.Find(0xC02F)!;
        Assert.True(gcm.ForwardSecrecy && gcm.Aead && gcm.Tls12Only);
        Assert.Equal(SuiteStrength.Recommended, gcm.Strength);
        var rsaCbc = CipherSuites.Find(0x002F)!;
        Assert.False(rsaCbc.ForwardSecrecy);
        Assert.Equal(SuiteStrength.Weak, rsaCbc.Strength);
        Assert.Equal(SuiteStrength.Insecure, CipherSuites.Find(0x0004)!.Strength);    // RC4-MD5
        Assert.Equal(SuiteStrength.Insecure, CipherSuites.Find(0x003B)!.Strength);    // NULL-SHA256
        Assert.Equal(SuiteStrength.Insecure, CipherSuites.Find(0x0034)!.Strength);    // anon
        Assert.True(CipherSuites.Find(0x000A)!.TripleDes);
        Assert.Equal(112, CipherSuites.Find(0x000A)!.Bits);
        Assert.Equal(SuiteStrength.Secure, CipherSuites.Find(0xC027)!.Strength);     // ECDHE CBC SHA256
        Assert.Equal(5, CipherSuites.For(TlsVersion.Tls13).Count);
        Assert.DoesNotContain(CipherSuites.For(TlsVersion.Tls10), s => s.Tls12Only || s.IsTls13);
        Assert.Equal("UNKNOWN_0xABCD", CipherSuites.NameOf(0xABCD));
    }
}
