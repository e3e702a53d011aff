using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ApiThreat.Engine.Net;

/// <summary>
/// Re-judges a server chain with the user's extra trust anchors (-TrustedRootCertificate) on top of the system
/// store: a chain that the system calls untrusted is trusted when it ends in one of those anchors.
/// </summary>
public static class TrustEvaluator
{
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
