using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Certificates.Checks;

/// <summary>A public key too short for its algorithm (RSA/DSA below 2048 bits, EC below 256).</summary>
internal sealed class KeyStrengthCheck : ICheck<CertificateFacts>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { CertificateRules.WeakKey };

    public IEnumerable<Finding> Run(CertificateFacts facts)
    {
        if (CertificateInspector.IsWeakKey(facts.Info.KeyAlgorithm, facts.Info.KeySize))
            yield return CertificateRules.WeakKey.ToFinding(facts.Target, $"{facts.Info.KeyAlgorithm} {facts.Info.KeySize} bits");
    }
}
