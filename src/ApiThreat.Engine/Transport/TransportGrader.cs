using ApiThreat.Engine.Net.Tls;
namespace ApiThreat.Engine.Transport;

/// <summary>The facts a grade is computed from.</summary>
public sealed class GradeInput
{
    public IReadOnlyList<TlsVersion> OfferedVersions { get; init; } = Array.Empty<TlsVersion>();
    public IReadOnlyList<CipherSuite> OfferedSuites { get; init; } = Array.Empty<CipherSuite>();
    /// <summary>Null when no certificate could be read.</summary>
    public CertificateInfo? Certificate { get; init; }
    public long? HstsMaxAge { get; init; }
}

/// <summary>
/// An SSL Labs–style grade (their Server Rating Guide, simplified and documented here): a score from protocol
/// support (30 %), key exchange (30 %) and cipher strength (40 %) gives A–F; then caps: SSL 3 → C, TLS 1.0/1.1 → B,
/// no TLS 1.2/1.3 → C, NULL/anonymous/export suites → F, RC4, DES or 3DES → C, no forward secrecy → B, no AEAD → B,
/// RSA key below 2048 → B (below 1024 → F). A becomes A- when some suites lack forward secrecy, and A+ with HSTS of
/// six months or more and no warning. Certificate trust problems give T, a name mismatch M (the grade without them
/// is kept in the reasons).
/// </summary>
public static class TransportGrader
{
    public const long HstsMinimumMaxAge = 15552000; // 180 days

    public static (string Grade, string[] Reasons) Grade(GradeInput input)
    {
        var reasons = new List<string>();
        if (input.OfferedVersions.Count == 0) return ("", new[] { "nothing to grade: no SSL/TLS version was offered" });

        var protocol = (ProtocolScore(input.OfferedVersions.Max()) + ProtocolScore(input.OfferedVersions.Min())) / 2.0;
        var key = KeyScore(input.Certificate);
        var bits = input.OfferedSuites.Count == 0 ? new[] { 128 } : input.OfferedSuites.Select(s => s.Bits).ToArray();
        var cipher = (CipherScore(bits.Max()) + CipherScore(bits.Min())) / 2.0;
        var score = 0.3 * protocol + 0.3 * key + 0.4 * cipher;
        var grade = score >= 80 ? 'A' : score >= 65 ? 'B' : score >= 50 ? 'C' : score >= 35 ? 'D' : score >= 20 ? 'E' : 'F';
        reasons.Add($"score {score:0} (protocol {protocol:0}, key exchange {key:0}, cipher {cipher:0})");

        void Cap(char to, string why)
        {
            reasons.Add($"{why}: capped at {to}");
            if (to > grade) grade = to;
        }

        var versions = input.OfferedVersions;
        var suites = input.OfferedSuites;
        if (versions.Contains(TlsVersion.Ssl3)) Cap('C', "SSL 3.0 offered");
        if (versions.Contains(TlsVersion.Tls10) || versions.Contains(TlsVersion.Tls11)) Cap('B', "TLS 1.0 or 1.1 offered");
        if (!versions.Contains(TlsVersion.Tls12) && !versions.Contains(TlsVersion.Tls13)) Cap('C', "neither TLS 1.2 nor TLS 1.3 offered");
        if (suites.Any(s => s.Null || s.Anonymous || s.Export)) Cap('F', "NULL, anonymous or export cipher suites offered");
        if (suites.Any(s => s.Rc4)) Cap('C', "RC4 offered");
        if (suites.Any(s => s.SingleDes || s.TripleDes)) Cap('C', "64-bit block ciphers (DES/3DES) offered");
        if (suites.Count > 0 && !suites.Any(s => s.ForwardSecrecy)) Cap('B', "no forward secrecy");
        if (suites.Count > 0 && !suites.Any(s => s.Aead)) Cap('B', "no AEAD cipher suite");
        if (input.Certificate is { } c && c.KeyAlgorithm is "RSA" or "DSA")
        {
            if (c.KeySize < 1024) Cap('F', $"{c.KeyAlgorithm} key of {c.KeySize} bits");
            else if (c.KeySize < 2048) Cap('B', $"{c.KeyAlgorithm} key of {c.KeySize} bits");
        }
        if (input.Certificate is null) reasons.Add("certificate not available: key exchange scored as RSA 2048");

        var letter = grade.ToString();
        if (grade == 'A')
        {
            if (suites.Any(s => !s.ForwardSecrecy)) { letter = "A-"; reasons.Add("some cipher suites lack forward secrecy: A-"); }
            else if (input.HstsMaxAge >= HstsMinimumMaxAge) { letter = "A+"; reasons.Add("HSTS with max-age of at least 180 days: A+"); }
        }

        if (input.Certificate is { } cert)
        {
            var trust = TrustProblems(cert);
            if (trust.Count > 0)
            {
                reasons.Add($"certificate not trusted ({string.Join(", ", trust)}): T (grade if trust issues are ignored: {letter})");
                return ("T", reasons.ToArray());
            }
            if (!cert.HostnameMatches)
            {
                reasons.Add($"certificate name mismatch: M (grade if the mismatch is ignored: {letter})");
                return ("M", reasons.ToArray());
            }
        }
        return (letter, reasons.ToArray());
    }

    private static List<string> TrustProblems(CertificateInfo cert)
    {
        var problems = new List<string>();
        foreach (var f in cert.Findings)
        {
            switch (f.RuleId)
            {
                case "ATR-CERT-001": problems.Add("expired"); break;
                case "ATR-CERT-003": problems.Add("not yet valid"); break;
                case "ATR-CERT-005": problems.Add("self-signed"); break;
                case "ATR-CERT-006": problems.Add("untrusted chain"); break;
                case "ATR-CERT-007": problems.Add("incomplete chain"); break;
                case "ATR-CERT-009": problems.Add("SHA-1/MD5 signature"); break;
            }
        }
        return problems;
    }

    private static double ProtocolScore(TlsVersion v) => v switch
    {
        TlsVersion.Ssl3 => 80, TlsVersion.Tls10 => 90, TlsVersion.Tls11 => 95, _ => 100,
    };

    private static double KeyScore(CertificateInfo? c)
    {
        if (c is null) return 80;
        var rsaEquivalent = c.KeyAlgorithm switch
        {
            "EC" => c.KeySize >= 384 ? 7680 : c.KeySize >= 256 ? 3072 : c.KeySize >= 224 ? 2048 : 1024,
            "Ed25519" => 3072,
            "Ed448" => 7680,
            _ => c.KeySize,
        };
        return rsaEquivalent < 512 ? 0 : rsaEquivalent < 1024 ? 20 : rsaEquivalent < 2048 ? 80 : rsaEquivalent < 4096 ? 90 : 100;
    }

    private static double CipherScore(int bits) => bits == 0 ? 0 : bits < 128 ? 20 : bits < 256 ? 80 : 100;
}
