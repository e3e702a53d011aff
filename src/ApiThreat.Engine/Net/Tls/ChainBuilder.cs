using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ApiThreat.Engine.Net.Tls;

/// <summary>A chain as built for a presented certificate: its elements, the combined status and whether it is trusted.</summary>
public sealed class BuiltChain
{
    public IReadOnlyList<X509Certificate2> Elements { get; init; } = Array.Empty<X509Certificate2>();
    public X509ChainStatusFlags Status { get; init; }
    public bool Trusted { get; init; }
    /// <summary>Some issuer was not found. With only the leaf built, the server left out its intermediates; with
    /// intermediates present, the anchor is just unknown (untrusted), since servers need not send roots.</summary>
    public bool Partial => (Status & X509ChainStatusFlags.PartialChain) != 0;
    /// <summary>Subjects of intermediates the trusted chain needed that the server did not send.</summary>
    public IReadOnlyList<string> MissingIntermediates { get; init; } = Array.Empty<string>();
}

/// <summary>
/// Builds a presented chain against the user's anchors (when given), then, unless those trust it, against the system
/// store, and keeps the better. A chain that ends in an anchor the caller supplied is trusted whatever the system store
/// says, so that build alone decides it and the system store (every file of /etc/ssl/certs on Linux, read on first
/// use) is not loaded for it. Never downloads anything (no AIA fetches, no revocation): the scan contacts only its targets.
/// </summary>
public static class ChainBuilder
{
    private const X509ChainStatusFlags TimeFlags = X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested;
    private const X509ChainStatusFlags IgnoredFlags = X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation;

    /// <summary>Builds (up to two X509Chain builds); <paramref name="builds"/> counts them, for callers that track the work.</summary>
    public static BuiltChain Build(IReadOnlyList<X509Certificate2> sent, X509Certificate2Collection trustedRoots, DateTimeOffset at, Action? builds = null)
    {
        var leaf = sent[0];
        BuiltChain? custom = null;
        if (trustedRoots.Count > 0)
        {
            builds?.Invoke();
            custom = BuildOnce(leaf, sent, trustedRoots, at);
        }
        BuiltChain result;
        if (custom is { Trusted: true }) result = custom;
        else
        {
            builds?.Invoke();
            var system = BuildOnce(leaf, sent, null, at);
            result = custom is not null && !system.Trusted && system.Partial && !custom.Partial ? custom : system;
        }
        if (!result.Trusted) return result;
        var sentPrints = sent.Select(c => c.Thumbprint).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = result.Elements.Skip(1)
            .Where(c => !IsSelfIssued(c) && !sentPrints.Contains(c.Thumbprint)).Select(c => c.Subject).ToArray();
        return missing.Length == 0 ? result
            : new BuiltChain { Elements = result.Elements, Status = result.Status, Trusted = result.Trusted, MissingIntermediates = missing };
    }

    private static BuiltChain BuildOnce(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> sent, X509Certificate2Collection? anchors, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.UrlRetrievalTimeout = TimeSpan.FromMilliseconds(1);
        foreach (var c in sent.Skip(1)) chain.ChainPolicy.ExtraStore.Add(c);
        if (anchors is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        }
        try { chain.Build(leaf); }
        catch (CryptographicException) { return new BuiltChain { Status = X509ChainStatusFlags.InvalidExtension }; }
        var status = X509ChainStatusFlags.NoError;
        foreach (var element in chain.ChainElements) foreach (var s in element.ChainElementStatus) status |= s.Status;
        foreach (var s in chain.ChainStatus) status |= s.Status;
        status &= ~IgnoredFlags;
        return new BuiltChain
        {
            Elements = chain.ChainElements.Select(e => new X509Certificate2(e.Certificate)).ToArray(),
            Status = status,
            Trusted = (status & ~TimeFlags) == X509ChainStatusFlags.NoError,
        };
    }

    /// <summary>Issued by itself (same name and, where both are present, key identifiers that match): a root or a self-signed leaf.</summary>
    public static bool IsSelfIssued(X509Certificate2 certificate)
    {
        if (!certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData)) return false;
        var ski = certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifier;
        var aki = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier;
        return ski is null || aki is null || string.Equals(ski, Convert.ToHexString(aki.Value.Span), StringComparison.OrdinalIgnoreCase);
    }
}
