using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Dns.Checks;

/// <summary>ATR-DNS-002: an alias whose target does not exist (an answered NXDOMAIN, never a failed lookup).</summary>
public sealed class DanglingCnameCheck : ICheck<DomainEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DnsRules.DanglingCname };

    public IEnumerable<Finding> Run(DomainEvidence e) =>
        e.DanglingCnames.Select(r => DnsRules.DanglingCname.ToFinding(r.HostName,
            $"{r.HostName} CNAME {string.Join(" -> ", r.CnameChain)}: {r.CnameChain[^1]} does not exist (NXDOMAIN)"));
}
