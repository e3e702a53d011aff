using ApiThreat.Engine.Net.Tls;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Certificates.Checks;

/// <summary>MD2, MD5 or SHA-1 signatures anywhere in the chain but on a trust anchor's own (irrelevant) self-signature.</summary>
internal sealed class SignatureAlgorithmCheck : ICheck<CertificateFacts>
{
    private static readonly Dictionary<string, string> s_weakSignatures = new()
    {
        ["1.2.840.113549.1.1.2"] = "md2WithRSAEncryption",
        ["1.2.840.113549.1.1.4"] = "md5WithRSAEncryption",
        ["1.2.840.113549.1.1.5"] = "sha1WithRSAEncryption",
        ["1.3.14.3.2.29"] = "sha1WithRSAEncryption (OIW)",
        ["1.2.840.10045.4.1"] = "ecdsa-with-SHA1",
        ["1.2.840.10040.4.3"] = "dsa-with-SHA1",
    };

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { CertificateRules.WeakSignature };

    public IEnumerable<Finding> Run(CertificateFacts facts)
    {
        var weak = new List<string>();
        foreach (var c in facts.Chain.Elements.Count > 0 ? facts.Chain.Elements : new[] { facts.Leaf })
        {
            if (ChainBuilder.IsSelfIssued(c) && c != facts.Leaf) continue;
            if (c.SignatureAlgorithm.Value is { } oid && s_weakSignatures.TryGetValue(oid, out var name)) weak.Add($"{c.Subject}: {name}");
        }
        if (weak.Count > 0) yield return CertificateRules.WeakSignature.ToFinding(facts.Target, string.Join("; ", weak));
    }
}
