using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Certificates.Checks;

/// <summary>
/// The chain's trust, one verdict at most: self-signed, incomplete as sent (and not completable), untrusted, or
/// trusted only with intermediates the server did not send.
/// </summary>
internal sealed class ChainTrustCheck : ICheck<CertificateFacts>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { CertificateRules.SelfSigned, CertificateRules.IncompleteChain, CertificateRules.UntrustedChain };

    public IEnumerable<Finding> Run(CertificateFacts facts)
    {
        var (info, built) = (facts.Info, facts.Chain);
        if (info.IsSelfSigned && !built.Trusted)
            yield return CertificateRules.SelfSigned.ToFinding(facts.Target, $"subject = issuer = {info.Subject}");
        else if (built.Partial && built.Elements.Count <= 1)
            yield return CertificateRules.IncompleteChain.ToFinding(facts.Target,
                $"the server sent {facts.Presented.ChainAsSent.Count} certificate(s) and the chain cannot be completed from them (issuer {info.Issuer} missing): {info.ChainStatus}");
        else if (!built.Trusted)
            yield return CertificateRules.UntrustedChain.ToFinding(facts.Target, $"chain status {info.ChainStatus}; built chain: {string.Join(" <- ", info.ChainAsBuilt)}");
        else if (built.MissingIntermediates.Count > 0)
            yield return CertificateRules.IncompleteChain.ToFinding(facts.Target,
                $"the chain only builds with intermediates the server did not send: {string.Join("; ", built.MissingIntermediates)}");
    }
}
