using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Dns.Checks;

/// <summary>ATR-DNS-013 and 014: no DNSSEC, or a DS at the parent without a DNSKEY in the zone; both need answered lookups.</summary>
public sealed class DnssecCheck : ICheck<DomainEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DnsRules.DnssecMissing, DnsRules.DnssecBroken };

    public IEnumerable<Finding> Run(DomainEvidence e)
    {
        if (!e.DsLookup.Answered || !e.DnskeyLookup.Answered) yield break;
        if (e.Ds.Count > 0 && !e.HasDnskey)
            yield return DnsRules.DnssecBroken.ToFinding(e.Domain, $"{e.Domain} has a DS record ({e.Ds[0].KeyTag}) but serves no DNSKEY.");
        else if (e.Ds.Count == 0)
            yield return DnsRules.DnssecMissing.ToFinding(e.Domain, e.HasDnskey
                ? $"{e.Domain} publishes DNSKEY but no DS at the parent: nothing can validate it."
                : $"{e.Domain} has neither DS nor DNSKEY.");
    }
}
