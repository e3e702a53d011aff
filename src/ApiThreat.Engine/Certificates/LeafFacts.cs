using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ApiThreat.Engine.Certificates;

/// <summary>
/// What a certificate says about itself, read once per distinct certificate: names, key, signature algorithm, validity,
/// fingerprint. Many hosts present one certificate (wildcards, CDNs, a sweep of one estate), and reading these costs
/// more than the rest of an inspection: the key alone goes through OpenSSL's decoders. Keyed by the SHA-256 of the DER,
/// so a changed certificate is a new entry; bounded (cleared when full). Nothing here depends on time or on the host.
/// </summary>
internal sealed class LeafFacts
{
    private const int Capacity = 1024;
    private static readonly ConcurrentDictionary<string, LeafFacts> s_known = new(StringComparer.Ordinal);

    public required string Sha256 { get; init; }
    public required string[] DnsNames { get; init; }
    public required IPAddress[] IpAddresses { get; init; }
    public required string KeyAlgorithm { get; init; }
    public required int KeySize { get; init; }
    public required string Subject { get; init; }
    public required string Issuer { get; init; }
    public required string SerialNumber { get; init; }
    public required string SignatureAlgorithm { get; init; }
    public required DateTimeOffset NotBefore { get; init; }
    public required DateTimeOffset NotAfter { get; init; }
    public required bool IsSelfIssued { get; init; }
    public required bool HasSct { get; init; }
    public required string RawBase64 { get; init; }

    public static LeafFacts Of(X509Certificate2 leaf)
    {
        var der = leaf.RawDataMemory.Span;
        var sha256 = Convert.ToHexString(SHA256.HashData(der));
        if (s_known.TryGetValue(sha256, out var known)) return known;
        var (dns, ips) = HostnameMatcher.SubjectAlternativeNames(leaf);
        var (keyAlgorithm, keySize) = CertificateInspector.KeyOf(leaf);
        var facts = new LeafFacts
        {
            Sha256 = sha256,
            DnsNames = dns,
            IpAddresses = ips,
            KeyAlgorithm = keyAlgorithm,
            KeySize = keySize,
            Subject = leaf.Subject,
            Issuer = leaf.Issuer,
            SerialNumber = leaf.SerialNumber,
            SignatureAlgorithm = leaf.SignatureAlgorithm.FriendlyName ?? leaf.SignatureAlgorithm.Value ?? "",
            NotBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime()),
            NotAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime()),
            IsSelfIssued = Net.Tls.ChainBuilder.IsSelfIssued(leaf),
            HasSct = leaf.Extensions.Cast<X509Extension>().Any(e => e.Oid?.Value == CertificateInspector.SctOid),
            RawBase64 = Convert.ToBase64String(der),
        };
        if (s_known.Count >= Capacity) s_known.Clear();
        s_known[sha256] = facts;
        return facts;
    }
}
