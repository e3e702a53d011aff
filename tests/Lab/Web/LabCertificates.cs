using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ApiThreat.Lab.Web;

/// <summary>Certificate variants a Lab HTTPS host can present.</summary>
public enum CertKind { Valid, Expired, NotYetValid, WrongName, SelfSigned, IncompleteChain, Sha1, Rsa1024, ExpiringSoon, Wildcard, Rsa2048 }

/// <summary>
/// A private PKI made at Lab start: root CA -> intermediate -> leaves. Tests trust the root through
/// -TrustedRootCertificate (written as PEM to the manifest folder).
/// </summary>
public sealed class LabCertificates : IDisposable
{
    private readonly ConcurrentDictionary<(string, CertKind), (X509Certificate2 Leaf, X509Certificate2Collection Chain)> _cache = new();

    public LabCertificates()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = RSA.Create(2048);
        var rootReq = new CertificateRequest("CN=ApiThreat Lab Root CA, O=ApiThreat Lab", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootReq.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootReq.PublicKey, false));
        Root = rootReq.CreateSelfSigned(now.AddDays(-30), now.AddYears(5));

        var interKey = RSA.Create(2048);
        var interReq = new CertificateRequest("CN=ApiThreat Lab Issuing CA, O=ApiThreat Lab", interKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        interReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        interReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        interReq.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(interReq.PublicKey, false));
        interReq.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        using var interPublic = interReq.Create(Root, now.AddDays(-20), now.AddYears(3), Serial());
        Intermediate = interPublic.CopyWithPrivateKey(interKey);
    }

    public X509Certificate2 Root { get; }
    public X509Certificate2 Intermediate { get; }

    public string RootPem => Root.ExportCertificatePem();

    private readonly ConcurrentDictionary<string, string[]> _extraNames = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Further DNS names for a host's certificate (names that only a certificate reveals). Call before first use.</summary>
    public void AddSubjectAlternativeNames(string host, params string[] names) =>
        _extraNames.AddOrUpdate(host.ToLowerInvariant(), names, (_, old) => old.Concat(names).Distinct().ToArray());

    /// <summary>The leaf for a host and the extra certificates the server sends with it.</summary>
    public (X509Certificate2 Leaf, X509Certificate2Collection Chain) For(string host, CertKind kind)
    {
        host = host.ToLowerInvariant();
        // Names under a shared zone present that zone's one certificate (a load balancer's multi-name certificate).
        for (var suffix = host; suffix.Length > 0; suffix = suffix.IndexOf('.') < 0 ? "" : suffix[(suffix.IndexOf('.') + 1)..])
            if (_shared.TryGetValue(suffix, out var owner) && owner != host) { host = owner; break; }
        return _cache.GetOrAdd((host, kind), k => Create(k.Item1, k.Item2));
    }

    private readonly ConcurrentDictionary<string, string> _shared = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every name under <paramref name="zone"/> presents the certificate of <paramref name="owner"/> (cheap TLS for hundreds of names).</summary>
    public void ShareCertificate(string zone, string owner) => _shared[zone.ToLowerInvariant()] = owner.ToLowerInvariant();

    private (X509Certificate2, X509Certificate2Collection) Create(string host, CertKind kind)
    {
        var now = DateTimeOffset.UtcNow;
        var (notBefore, notAfter) = kind switch
        {
            CertKind.Expired => (now.AddDays(-400), now.AddDays(-10)),
            CertKind.NotYetValid => (now.AddDays(10), now.AddDays(400)),
            CertKind.ExpiringSoon => (now.AddDays(-300), now.AddDays(10)),
            _ => (now.AddDays(-10), now.AddDays(200)),
        };
        var name = kind == CertKind.WrongName ? "unrelated.example.net" : host;
        AsymmetricAlgorithm key;
        CertificateRequest req;
        var hash = kind == CertKind.Sha1 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        var subject = $"CN={name}, O=ApiThreat Lab";
        if (kind is CertKind.Rsa1024 or CertKind.Rsa2048)
        {
            var rsa = RSA.Create(kind == CertKind.Rsa1024 ? 1024 : 2048);
            key = rsa;
            req = new CertificateRequest(subject, rsa, hash, RSASignaturePadding.Pkcs1);
        }
        else
        {
            var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            key = ec;
            req = new CertificateRequest(subject, ec, hash);
        }
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        if (kind == CertKind.Wildcard) san.AddDnsName("*." + host);
        if (_extraNames.TryGetValue(host, out var extra))
            foreach (var n in extra) san.AddDnsName(n);
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));

        X509Certificate2 leaf;
        var chain = new X509Certificate2Collection();
        if (kind == CertKind.SelfSigned)
        {
            leaf = key is RSA r ? req.CreateSelfSigned(notBefore, notAfter) : req.CreateSelfSigned(notBefore, notAfter);
        }
        else
        {
            // .NET's own RSA generator refuses SHA-1, so the SHA-1 leaf gets a generator that writes sha1WithRSAEncryption.
            var generator = kind == CertKind.Sha1
                ? new Sha1RsaSignatureGenerator(Intermediate.GetRSAPrivateKey()!)
                : X509SignatureGenerator.CreateForRSA(Intermediate.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1);
            req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Intermediate, true, false));
            using var issued = req.Create(Intermediate.SubjectName, generator, notBefore, notAfter, Serial());
            leaf = key is RSA rsaKey ? issued.CopyWithPrivateKey(rsaKey) : issued.CopyWithPrivateKey((ECDsa)key);
            if (kind != CertKind.IncompleteChain) chain.Add(Intermediate);
        }
        // Kestrel on Linux wants an exportable, re-imported key.
        var pfx = leaf.Export(X509ContentType.Pfx);
        leaf = X509CertificateLoader.LoadPkcs12(pfx, null, X509KeyStorageFlags.Exportable);
        return (leaf, chain);
    }

    private static byte[] Serial()
    {
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        return serial;
    }

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
    }
}

/// <summary>Signs certificates with sha1WithRSAEncryption (1.2.840.113549.1.1.5), which X509SignatureGenerator.CreateForRSA refuses.</summary>
internal sealed class Sha1RsaSignatureGenerator : X509SignatureGenerator
{
    // SEQUENCE { OID 1.2.840.113549.1.1.5, NULL }
    private static readonly byte[] s_algorithm = Convert.FromHexString("300D06092A864886F70D0101050500");
    private readonly RSA _key;

    public Sha1RsaSignatureGenerator(RSA key) => _key = key;

    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) => s_algorithm;

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) =>
        _key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);

    protected override PublicKey BuildPublicKey() => new(_key);
}
