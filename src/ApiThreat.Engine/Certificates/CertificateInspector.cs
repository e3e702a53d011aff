using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Net.Tls;
using ApiThreat.Engine.Certificates.Checks;

namespace ApiThreat.Engine.Certificates;

/// <summary>What the inspector needs: the chain a server sent and how the connection was made.</summary>
public sealed class CertificateEvidence
{
    public required string HostName { get; init; }
    public required int Port { get; init; }
    /// <summary>The name the certificate must match (SNI override, else the host).</summary>
    public required string ExpectedName { get; init; }
    public string? ServerName { get; init; }
    public string? Address { get; init; }
    /// <summary>Leaf first, as the server sent them.</summary>
    public required IReadOnlyList<X509Certificate2> ChainAsSent { get; init; }
    public string? Protocol { get; init; }
    public string? CipherSuite { get; init; }
    /// <summary>Stapled, NotStapled or NotTested.</summary>
    public string OcspStapling { get; init; } = "NotTested";
}

/// <summary>
/// Turns a presented chain into a <see cref="CertificateInfo"/>: validity, names, keys, signatures, and the chain as
/// built against the system store plus the user's trust anchors (<see cref="ChainBuilder"/>); the certificate checks
/// (Certificates/Checks) then give its findings, in catalogue order.
/// </summary>
public static class CertificateInspector
{
    public const string SctOid = "1.3.6.1.4.1.11129.2.4.2";

    /// <summary>Inspects a presented chain; with <paramref name="chains"/>, chain builds are shared with earlier inspections.</summary>
    public static CertificateInfo Inspect(CertificateEvidence evidence, X509Certificate2Collection trustedRoots, int expiryWarningDays,
        DateTimeOffset? now = null, ChainCache? chains = null)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        var leaf = evidence.ChainAsSent.Count > 0 ? evidence.ChainAsSent[0]
            : throw new ArgumentException("The server sent no certificate.", nameof(evidence));
        var facts = LeafFacts.Of(leaf); // read once per distinct certificate
        var built = chains?.GetOrBuild(evidence.ChainAsSent, trustedRoots, at) ?? ChainBuilder.Build(evidence.ChainAsSent, trustedRoots, at);
        var info = new CertificateInfo
        {
            HostName = evidence.HostName,
            Port = evidence.Port,
            ServerName = evidence.ServerName,
            Address = evidence.Address,
            Subject = facts.Subject,
            SubjectAlternativeNames = facts.DnsNames.Concat(facts.IpAddresses.Select(i => i.ToString())).ToArray(),
            Issuer = facts.Issuer,
            SerialNumber = facts.SerialNumber,
            NotBefore = facts.NotBefore,
            NotAfter = facts.NotAfter,
            DaysRemaining = (int)Math.Floor((facts.NotAfter - at).TotalDays),
            KeyAlgorithm = facts.KeyAlgorithm,
            KeySize = facts.KeySize,
            SignatureAlgorithm = facts.SignatureAlgorithm,
            Sha256Fingerprint = facts.Sha256,
            ChainAsSent = evidence.ChainAsSent.Select(c => c.Subject).ToArray(),
            ChainAsBuilt = built.Elements.Select(c => c.Subject).ToArray(),
            ChainStatus = built.Status == X509ChainStatusFlags.NoError ? "Valid" : built.Status.ToString(),
            IsTrusted = built.Trusted,
            HostnameMatches = HostnameMatcher.Matches(evidence.ExpectedName, facts.DnsNames, facts.IpAddresses),
            IsSelfSigned = facts.IsSelfIssued,
            Protocol = evidence.Protocol,
            CipherSuite = evidence.CipherSuite,
            OcspStapling = evidence.OcspStapling,
            OcspStapled = evidence.OcspStapling == "Stapled",
            HasSct = facts.HasSct,
            RawData = facts.RawBase64,
        };
        info.Findings = Checks<CertificateFacts>.Run(new CertificateFacts
        {
            Target = $"{evidence.HostName}:{evidence.Port}", Info = info, Presented = evidence, Chain = built, Leaf = leaf, At = at,
            ExpiryWarningDays = expiryWarningDays,
        }).OrderBy(f => f.RuleId, StringComparer.Ordinal).ToArray();
        return info;
    }

    public static bool IsWeakKey(string algorithm, int bits) => algorithm switch
    {
        "RSA" or "DSA" => bits < 2048,
        "EC" => bits < 256,
        _ => false,
    };

    public static (string Algorithm, int Size) KeyOf(X509Certificate2 certificate)
    {
        var oid = certificate.PublicKey.Oid.Value;
        try
        {
            switch (oid)
            {
                case "1.2.840.113549.1.1.1":
                case "1.2.840.113549.1.1.10":
                    using (var rsa = certificate.GetRSAPublicKey()) return ("RSA", rsa?.KeySize ?? 0);
                case "1.2.840.10045.2.1":
                    using (var ec = certificate.GetECDsaPublicKey()) return ("EC", ec?.KeySize ?? 0);
                case "1.2.840.10040.4.1":
                    using (var dsa = certificate.GetDSAPublicKey()) return ("DSA", dsa?.KeySize ?? 0);
                case "1.3.101.112": return ("Ed25519", 256);
                case "1.3.101.113": return ("Ed448", 456);
            }
        }
        catch (CryptographicException) { }
        return (certificate.PublicKey.Oid.FriendlyName ?? oid ?? "Unknown", 0);
    }
}
