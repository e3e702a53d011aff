using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.DigitalRisk.Secrets.Checks;

/// <summary>Every exposed secret is a finding of its type's rule, at the type's (or the format check's) severity.</summary>
internal sealed class ExposedSecretCheck : ICheck<SecretEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[]
    {
        SecretRules.CloudCredential, SecretRules.SourceControlToken, SecretRules.PaymentKey, SecretRules.ServiceApiKey, SecretRules.PrivateKey,
        SecretRules.BearerToken, SecretRules.CredentialsInUrl, SecretRules.GenericSecret, SecretRules.BrowserKey,
    };

    public IEnumerable<Finding> Run(SecretEvidence evidence)
    {
        var s = evidence.Secret;
        yield return evidence.Rule.ToFinding(s.Url, SecretText.Describe(s),
            confidence: s.Confidence == SecretConfidence.ValidatedFormat ? Confidence.Firm : Confidence.Tentative,
            severity: s.Severity, title: $"{s.Name} exposed", location: SecretText.Location(s));
    }
}

/// <summary>A secret the provider accepted (-Verify) is live now: its own Critical, Confirmed finding.</summary>
internal sealed class VerifiedSecretCheck : ICheck<SecretEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { SecretRules.VerifiedSecret };

    public IEnumerable<Finding> Run(SecretEvidence evidence)
    {
        var s = evidence.Secret;
        if (s.Verified != true) yield break;
        yield return SecretRules.VerifiedSecret.ToFinding(s.Url, $"{SecretText.Describe(s)}; the provider accepted it: {s.Verification}",
            confidence: Confidence.Confirmed, method: DetectionMethod.Active, title: $"{s.Name} is live", location: SecretText.Location(s));
    }
}
