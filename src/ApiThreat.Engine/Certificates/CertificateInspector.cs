using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Net.Tls;

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
/// Turns a presented chain into a <see cref="CertificateInfo"/> with its findings: validity, names, keys, signatures,
/// and the chain as built against the system store plus the user's trust anchors (<see cref="ChainBuilder"/>).
/// </summary>
public static class CertificateInspector
{
    public const string SctOid = "1.3.6.1.4.1.11129.2.4.2";

    private static readonly Dictionary<string, string> s_weakSignatures = new()
    {
        ["1.2.840.113549.1.1.2"] = "md2WithRSAEncryption",
        ["1.2.840.113549.1.1.4"] = "md5WithRSAEncryption",
        ["1.2.840.113549.1.1.5"] = "sha1WithRSAEncryption",
        ["1.3.14.3.2.29"] = "sha1WithRSAEncryption (OIW)",
        ["1.2.840.10045.4.1"] = "ecdsa-with-SHA1",
        ["1.2.840.10040.4.3"] = "dsa-with-SHA1",
    };

    /// <summary>Inspects a presented chain; with <paramref name="chains"/>, chain builds are shared with earlier inspections.</summary>
    public static CertificateInfo Inspect(CertificateEvidence evidence, X509Certificate2Collection trustedRoots, int expiryWarningDays,
        DateTimeOffset? now = null, ChainCache? chains = null)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        var leaf = evidence.ChainAsSent.Count > 0 ? evidence.ChainAsSent[0]
            : throw new ArgumentException("The server sent no certificate.", nameof(evidence));
        var (dnsNames, ips) = HostnameMatcher.SubjectAlternativeNames(leaf);
        var (keyAlgorithm, keySize) = KeyOf(leaf);
        var notBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime());
        var built = chains?.GetOrBuild(evidence.ChainAsSent, trustedRoots, at) ?? ChainBuilder.Build(evidence.ChainAsSent, trustedRoots, at);
        var selfSigned = ChainBuilder.IsSelfIssued(leaf);
        var info = new CertificateInfo
        {
            HostName = evidence.HostName,
            Port = evidence.Port,
            ServerName = evidence.ServerName,
            Address = evidence.Address,
            Subject = leaf.Subject,
            SubjectAlternativeNames = dnsNames.Concat(ips.Select(i => i.ToString())).ToArray(),
            Issuer = leaf.Issuer,
            SerialNumber = leaf.SerialNumber,
            NotBefore = notBefore,
            NotAfter = notAfter,
            DaysRemaining = (int)Math.Floor((notAfter - at).TotalDays),
            KeyAlgorithm = keyAlgorithm,
            KeySize = keySize,
            SignatureAlgorithm = leaf.SignatureAlgorithm.FriendlyName ?? leaf.SignatureAlgorithm.Value ?? "",
            Sha256Fingerprint = Convert.ToHexString(SHA256.HashData(leaf.RawData)),
            ChainAsSent = evidence.ChainAsSent.Select(c => c.Subject).ToArray(),
            ChainAsBuilt = built.Elements.Select(c => c.Subject).ToArray(),
            ChainStatus = built.Status == X509ChainStatusFlags.NoError ? "Valid" : built.Status.ToString(),
            IsTrusted = built.Trusted,
            HostnameMatches = HostnameMatcher.Matches(evidence.ExpectedName, dnsNames, ips),
            IsSelfSigned = selfSigned,
            Protocol = evidence.Protocol,
            CipherSuite = evidence.CipherSuite,
            OcspStapling = evidence.OcspStapling,
            OcspStapled = evidence.OcspStapling == "Stapled",
            HasSct = leaf.Extensions.Cast<X509Extension>().Any(e => e.Oid?.Value == SctOid),
            RawData = Convert.ToBase64String(leaf.RawData),
        };
        info.Findings = Findings(info, evidence, built, leaf, expiryWarningDays, at).ToArray();
        return info;
    }

    private static IEnumerable<Finding> Findings(CertificateInfo info, CertificateEvidence evidence, BuiltChain built, X509Certificate2 leaf,
        int expiryWarningDays, DateTimeOffset at)
    {
        var target = $"{evidence.HostName}:{evidence.Port}";
        if (info.NotAfter < at)
            yield return CertificateRules.Expired.ToFinding(target, $"notAfter {info.NotAfter:u} ({-info.DaysRemaining} days ago); subject {info.Subject}");
        else if (info.NotBefore > at)
            yield return CertificateRules.NotYetValid.ToFinding(target, $"notBefore {info.NotBefore:u}; subject {info.Subject}");
        else if (info.DaysRemaining < expiryWarningDays)
            yield return CertificateRules.Expiring.ToFinding(target, $"notAfter {info.NotAfter:u}: {info.DaysRemaining} days left (warning threshold {expiryWarningDays})");

        if (!info.HostnameMatches)
            yield return CertificateRules.HostnameMismatch.ToFinding(target,
                $"'{evidence.ExpectedName}' is not among the names [{string.Join(", ", info.SubjectAlternativeNames)}] (subject {info.Subject})");

        if (info.IsSelfSigned && !built.Trusted)
            yield return CertificateRules.SelfSigned.ToFinding(target, $"subject = issuer = {info.Subject}");
        else if (built.Partial && built.Elements.Count <= 1)
            yield return CertificateRules.IncompleteChain.ToFinding(target,
                $"the server sent {evidence.ChainAsSent.Count} certificate(s) and the chain cannot be completed from them (issuer {info.Issuer} missing): {info.ChainStatus}");
        else if (!built.Trusted)
            yield return CertificateRules.UntrustedChain.ToFinding(target, $"chain status {info.ChainStatus}; built chain: {string.Join(" <- ", info.ChainAsBuilt)}");
        else if (built.MissingIntermediates.Count > 0)
            yield return CertificateRules.IncompleteChain.ToFinding(target,
                $"the chain only builds with intermediates the server did not send: {string.Join("; ", built.MissingIntermediates)}");

        if (IsWeakKey(info.KeyAlgorithm, info.KeySize))
            yield return CertificateRules.WeakKey.ToFinding(target, $"{info.KeyAlgorithm} {info.KeySize} bits");

        var weak = new List<string>();
        foreach (var c in built.Elements.Count > 0 ? built.Elements : new[] { leaf })
        {
            if (ChainBuilder.IsSelfIssued(c) && c != leaf) continue; // a trust anchor's self-signature does not matter
            if (c.SignatureAlgorithm.Value is { } oid && s_weakSignatures.TryGetValue(oid, out var name)) weak.Add($"{c.Subject}: {name}");
        }
        if (weak.Count > 0) yield return CertificateRules.WeakSignature.ToFinding(target, string.Join("; ", weak));
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
