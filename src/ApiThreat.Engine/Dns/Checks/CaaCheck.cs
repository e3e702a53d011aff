using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Dns.Checks;

/// <summary>ATR-DNS-012: no CAA at the domain nor its parents, judged only when every lookup up the tree was answered.</summary>
public sealed class CaaCheck : ICheck<DomainEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DnsRules.CaaMissing };

    public IEnumerable<Finding> Run(DomainEvidence e)
    {
        if (e.CaaFailure is null && e.Caa.Count == 0)
            yield return DnsRules.CaaMissing.ToFinding(e.Domain, $"No CAA record at {e.Domain} nor at its parent domains.");
    }
}
