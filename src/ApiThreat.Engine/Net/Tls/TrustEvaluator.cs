using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ApiThreat.Engine.Net.Tls;

/// <summary>
/// Re-judges a server chain with the user's extra trust anchors (-TrustedRootCertificate) on top of the system
/// store: a chain that the system calls untrusted is trusted when it ends in one of those anchors.
/// </summary>
public static class TrustEvaluator
{
    /// <summary>
    /// The policy to hand SslStream when the chain is judged afterwards anyway (by <see cref="ChainErrors"/>
    /// once per distinct chain). SslStream always builds a chain before it calls back; against
    /// the system store that build costs several times more than against an empty custom store, and it may download
    /// missing intermediates from a URL the target chose. Only the chain bit of its verdict is then meaningless: the
    /// name and presence bits stand. SslStream clones the policy for each handshake (.NET 8 and later), so one instance
    /// serves every handshake; never change it.
    /// </summary>
    public static X509ChainPolicy AnchorlessPolicy() => s_anchorless;

    private static readonly X509ChainPolicy s_anchorless = new()
    {
        RevocationMode = X509RevocationMode.NoCheck,
        DisableCertificateDownloads = true,
        TrustMode = X509ChainTrustMode.CustomRootTrust,
    };

    /// <summary>
    /// The chain bit a default client would report, the user's anchors on top: <see cref="Evaluate"/> with the anchors,
    /// then, unless they trust the chain, <see cref="SystemChainErrors"/>. The one judgement behind HttpProber's and TlsClient's certificate errors.
    /// </summary>
    public static SslPolicyErrors ChainErrors(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> sent, X509Certificate2Collection trustedRoots)
    {
        // A chain the user's anchors trust needs no system-store build (which loads the whole store on first use).
        if (trustedRoots.Count > 0 && Evaluate(leaf, sent, SslPolicyErrors.RemoteCertificateChainErrors, trustedRoots) == SslPolicyErrors.None)
            return SslPolicyErrors.None;
        return SystemChainErrors(leaf, sent);
    }

    /// <summary>The chain verdict SslStream's default policy gives (system store, server-auth usage), without downloads.</summary>
    private static SslPolicyErrors SystemChainErrors(X509Certificate2 leaf, IEnumerable<X509Certificate2> sent)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.RevocationFlag = X509RevocationFlag.ExcludeRoot;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));
        foreach (var c in sent) if (!c.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)) chain.ChainPolicy.ExtraStore.Add(c);
        try { return chain.Build(leaf) ? SslPolicyErrors.None : SslPolicyErrors.RemoteCertificateChainErrors; }
        catch (System.Security.Cryptography.CryptographicException) { return SslPolicyErrors.RemoteCertificateChainErrors; }
        finally { foreach (var element in chain.ChainElements) element.Certificate.Dispose(); }
    }

    public static SslPolicyErrors Evaluate(X509Certificate2 leaf, IEnumerable<X509Certificate2> sent, SslPolicyErrors systemErrors,
        X509Certificate2Collection trustedRoots)
    {
        if ((systemErrors & SslPolicyErrors.RemoteCertificateChainErrors) == 0 || trustedRoots.Count == 0) return systemErrors;
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedRoots);
        foreach (var c in sent) if (c.Thumbprint != leaf.Thumbprint) chain.ChainPolicy.ExtraStore.Add(c);
        try
        {
            return chain.Build(leaf) ? systemErrors & ~SslPolicyErrors.RemoteCertificateChainErrors : systemErrors;
        }
        finally
        {
            // The chain's element certificates are copies that X509Chain.Dispose leaves to the finalizer.
            foreach (var element in chain.ChainElements) element.Certificate.Dispose();
        }
    }
}
