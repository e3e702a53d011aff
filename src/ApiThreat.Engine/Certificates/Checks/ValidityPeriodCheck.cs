using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Certificates.Checks;

/// <summary>A certificate outside its validity period, or about to leave it.</summary>
internal sealed class ValidityPeriodCheck : ICheck<CertificateFacts>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { CertificateRules.Expired, CertificateRules.NotYetValid, CertificateRules.Expiring };

    public IEnumerable<Finding> Run(CertificateFacts facts)
    {
        var info = facts.Info;
        if (info.NotAfter < facts.At)
            yield return CertificateRules.Expired.ToFinding(facts.Target, $"notAfter {info.NotAfter:u} ({-info.DaysRemaining} days ago); subject {info.Subject}");
        else if (info.NotBefore > facts.At)
            yield return CertificateRules.NotYetValid.ToFinding(facts.Target, $"notBefore {info.NotBefore:u}; subject {info.Subject}");
        else if (info.DaysRemaining < facts.ExpiryWarningDays)
            yield return CertificateRules.Expiring.ToFinding(facts.Target,
                $"notAfter {info.NotAfter:u}: {info.DaysRemaining} days left (warning threshold {facts.ExpiryWarningDays})");
    }
}
