namespace ApiThreat.Engine.Net.Tls;

/// <summary>How good a cipher suite is, in ciphersuite.info's terms.</summary>
public enum SuiteStrength { Recommended, Secure, Weak, Insecure }

/// <summary>One IANA cipher suite and what its name says about it.</summary>
public sealed class CipherSuite
{
    internal CipherSuite(int code, string name)
    {
        Code = code;
        Name = name;
        IsTls13 = code is >= 0x1301 and <= 0x1305;
        Anonymous = name.Contains("_anon_", StringComparison.Ordinal);
        Export = name.Contains("EXPORT", StringComparison.Ordinal);
        Null = name.Contains("_NULL_", StringComparison.Ordinal);
        Rc4 = name.Contains("_RC4_", StringComparison.Ordinal);
        TripleDes = name.Contains("3DES", StringComparison.Ordinal);
        SingleDes = !TripleDes && name.Contains("_DES", StringComparison.Ordinal);
        Md5 = name.EndsWith("_MD5", StringComparison.Ordinal);
        ForwardSecrecy = IsTls13 || name.StartsWith("TLS_ECDHE_", StringComparison.Ordinal) || name.StartsWith("TLS_DHE_", StringComparison.Ordinal);
        Aead = name.Contains("_GCM", StringComparison.Ordinal) || name.Contains("_CCM", StringComparison.Ordinal) || name.Contains("POLY1305", StringComparison.Ordinal);
        // TLS 1.2-only suites: SHA-2 MACs/PRFs and AEAD modes; anything else also works in SSL 3 to TLS 1.1.
        Tls12Only = !IsTls13 && (Aead || name.EndsWith("_SHA256", StringComparison.Ordinal) || name.EndsWith("_SHA384", StringComparison.Ordinal));
        Bits = Null ? 0 : Export ? 40 : SingleDes ? 56 : TripleDes ? 112
            : name.Contains("_256", StringComparison.Ordinal) || name.Contains("CHACHA20", StringComparison.Ordinal) ? 256 : 128;
        Strength = Insecure ? SuiteStrength.Insecure
            : TripleDes || !ForwardSecrecy || (!Aead && name.EndsWith("_SHA", StringComparison.Ordinal)) ? SuiteStrength.Weak
            : Aead ? SuiteStrength.Recommended : SuiteStrength.Secure;
    }

    public int Code { get; }
    public string Name { get; }
    public bool IsTls13 { get; }
    public bool Tls12Only { get; }
    public bool Anonymous { get; }
    public bool Export { get; }
    public bool Null { get; }
    public bool Rc4 { get; }
    public bool TripleDes { get; }
    public bool SingleDes { get; }
    public bool Md5 { get; }
    public bool ForwardSecrecy { get; }
    public bool Aead { get; }
    /// <summary>Effective symmetric strength in bits (3DES counts 112).</summary>
    public int Bits { get; }
    /// <summary>No confidentiality or authentication worth the name.</summary>
    public bool Insecure => Null || Anonymous || Export || Rc4 || SingleDes || Md5;
    public SuiteStrength Strength { get; }

    public override string ToString() => $"0x{Code:X4} {Name}";
}

public static partial class CipherSuites
{
    private static readonly Dictionary<int, CipherSuite> s_byCode = Table().ToDictionary(t => t.Code, t => new CipherSuite(t.Code, t.Name));

    public static IReadOnlyCollection<CipherSuite> All => s_byCode.Values;

    public static CipherSuite? Find(int code) => s_byCode.TryGetValue(code, out var suite) ? suite : null;

    /// <summary>A name for any code, known or not.</summary>
    public static string NameOf(int code) => Find(code)?.Name ?? $"UNKNOWN_0x{code:X4}";

    /// <summary>The suites worth offering in a ClientHello of the given version.</summary>
    public static IReadOnlyList<CipherSuite> For(TlsVersion version) => version == TlsVersion.Tls13
        ? s_byCode.Values.Where(s => s.IsTls13).OrderBy(s => s.Code).ToList()
        : s_byCode.Values.Where(s => !s.IsTls13 && (version == TlsVersion.Tls12 || !s.Tls12Only)).OrderBy(s => s.Code).ToList();
}
