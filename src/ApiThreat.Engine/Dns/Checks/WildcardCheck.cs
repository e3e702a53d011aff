using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Dns.Checks;

/// <summary>ATR-DNS-017: random names under the domain resolve.</summary>
public sealed class WildcardCheck : ICheck<DomainEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DnsRules.WildcardRecord };

    public IEnumerable<Finding> Run(DomainEvidence e)
    {
        if (e.Wildcard is { } wildcard) yield return DnsRules.WildcardRecord.ToFinding(e.Domain, wildcard);
    }
}
