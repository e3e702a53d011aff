using ApiThreat.Engine.Transport;
using ApiThreat.Engine.Net.Tls;

namespace ApiThreat.Engine.Tests.Transport;

public sealed class TransportGraderTests
{
    private static CipherSuite S(int code) => CipherSuites.Find(code)!;
    private static readonly CipherSuite[] s_modern = { S(0x1301), S(0x1302), S(0xC02B), S(0xC02C) };
    private static CertificateInfo Cert(string alg = "EC", int size = 256, bool match = true, params string[] findings) => new()
    {
        KeyAlgorithm = alg, KeySize = size, HostnameMatches = match, Findings = findings.Select(f => new Finding { RuleId = f }).ToArray(),
    };

    private static string Grade(TlsVersion[] v, CipherSuite[] s, CertificateInfo? c = null, long? hsts = null) =>
        TransportGrader.Grade(new GradeInput { OfferedVersions = v, OfferedSuites = s, Certificate = c ?? Cert(), HstsMaxAge = hsts }).Grade;

    private static readonly TlsVersion[] s_12_13 = { TlsVersion.Tls12, TlsVersion.Tls13 };

    [Fact]
    public void Modern_server_is_A_and_A_plus_with_long_HSTS()
    {
        Assert.Equal("A", Grade(s_12_13, s_modern));
        Assert.Equal("A", Grade(s_12_13, s_modern, hsts: 300));
        Assert.Equal("A+", Grade(s_12_13, s_modern, hsts: 31536000));
    }

    [Fact]
    public void Non_forward_secret_suites_give_A_minus() =>
        Assert.Equal("A-", Grade(s_12_13, s_modern.Append(S(0x009C)).ToArray(), hsts: 31536000));

    [Theory]
    [InlineData(new[] { TlsVersion.Tls10, TlsVersion.Tls12 }, "B")]
    [InlineData(new[] { TlsVersion.Tls11, TlsVersion.Tls12, TlsVersion.Tls13 }, "B")]
    [InlineData(new[] { TlsVersion.Ssl3, TlsVersion.Tls12 }, "C")]
    [InlineData(new[] { TlsVersion.Tls10 }, "C")]
    public void Protocol_caps(TlsVersion[] versions, string expected) => Assert.Equal(expected, Grade(versions, s_modern));

    [Theory]
    [InlineData(0x003B, "F")] // NULL
    [InlineData(0x0034, "F")] // anonymous
    [InlineData(0x0003, "F")] // export
    [InlineData(0xC011, "C")] // RC4
    [InlineData(0x000A, "C")] // 3DES
    public void Cipher_caps(int code, string expected) => Assert.Equal(expected, Grade(s_12_13, s_modern.Append(S(code)).ToArray()));

    [Fact]
    public void No_forward_secrecy_or_no_AEAD_caps_at_B()
    {
        Assert.Equal("B", Grade(new[] { TlsVersion.Tls12 }, new[] { S(0x009C), S(0x009D) }));
        Assert.Equal("B", Grade(new[] { TlsVersion.Tls12 }, new[] { S(0xC013), S(0xC014) }));
    }

    [Fact]
    public void Key_size_caps()
    {
        Assert.Equal("B", Grade(s_12_13, s_modern, Cert("RSA", 1024)));
        Assert.Equal("F", Grade(s_12_13, s_modern, Cert("RSA", 512)));
        Assert.Equal("A", Grade(s_12_13, s_modern, Cert("RSA", 2048)));
    }

    [Fact]
    public void Trust_problems_give_T_and_a_name_mismatch_M_with_the_underlying_grade_in_the_reasons()
    {
        var (t, reasons) = TransportGrader.Grade(new GradeInput { OfferedVersions = s_12_13, OfferedSuites = s_modern, Certificate = Cert(findings: "ATR-CERT-001") });
        Assert.Equal("T", t);
        Assert.Contains(reasons, r => r.Contains("expired") && r.Contains("ignored: A"));
        Assert.Equal("T", Grade(s_12_13, s_modern, Cert(findings: "ATR-CERT-005")));
        Assert.Equal("T", Grade(s_12_13, s_modern, Cert(findings: "ATR-CERT-009")));
        Assert.Equal("M", Grade(s_12_13, s_modern, Cert(match: false, findings: "ATR-CERT-004")));
        Assert.Equal("A", Grade(s_12_13, s_modern, Cert(findings: "ATR-CERT-002"))); // expiring soon is not a trust problem
    }

    [Fact]
    public void Nothing_offered_is_not_graded() =>
        Assert.Equal("", Grade(Array.Empty<TlsVersion>(), Array.Empty<CipherSuite>()));

    [Theory]
    [InlineData("max-age=31536000; includeSubDomains", 31536000L)]
    [InlineData("includeSubDomains; max-age=\"600\"", 600L)]
    [InlineData("MAX-AGE=0", 0L)]
    [InlineData("max-age=abc", null)]
    [InlineData("max-age=1; max-age=2", null)]
    [InlineData("max-age", null)]
    [InlineData("preload", null)]
    [InlineData("max-age=99999999999999999999", null)]
    [InlineData(null, null)]
    public void HSTS_max_age_is_parsed_strictly(string? header, long? expected) =>
        Assert.Equal(expected, TransportAssessor.ParseHstsMaxAge(header));
}
