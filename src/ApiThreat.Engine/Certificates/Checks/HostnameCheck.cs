using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Certificates.Checks;

/// <summary>A certificate that does not name the host it was presented for.</summary>
internal sealed class HostnameCheck : ICheck<CertificateFacts>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { CertificateRules.HostnameMismatch };

    public IEnumerable<Finding> Run(CertificateFacts facts)
    {
        if (facts.Info.HostnameMatches) yield break;
        yield return CertificateRules.HostnameMismatch.ToFinding(facts.Target,
            $"'{facts.Presented.ExpectedName}' is not among the names [{string.Join(", ", facts.Info.SubjectAlternativeNames)}] (subject {facts.Info.Subject})");
    }
}
