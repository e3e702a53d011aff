using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Dns.Checks;

/// <summary>
/// ATR-DNS-015: a name server that does not serve the zone: its name does not exist or has no address, or it answers
/// without authority. A server not asked (the scope refused its address) is not checked; one that stays silent counts
/// only when other servers of the zone answered us, so a network that filters outbound DNS raises nothing.
/// </summary>
public sealed class LameDelegationCheck : ICheck<DomainEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DnsRules.LameDelegation };

    public IEnumerable<Finding> Run(DomainEvidence e)
    {
        var someoneAnswered = e.NameServers.SelectMany(s => s.Answers).Any(a => a.Reply is NameServerReply.Authoritative or NameServerReply.NotServing);
        var lame = new List<string>();
        foreach (var ns in e.NameServers)
        {
            if (ns.Answers.Count == 0)
            {
                if (ns.NameStatus is DnsStatus.NxDomain or DnsStatus.NoData) lame.Add($"{ns.Name}: the name does not resolve ({ns.NameStatus})");
                continue;
            }
            foreach (var a in ns.Answers)
                if (a.Reply == NameServerReply.NotServing || (a.Reply == NameServerReply.Silent && someoneAnswered))
                    lame.Add($"{ns.Name} ({a.EndPoint}): {a.Detail}");
        }
        if (lame.Count > 0) yield return DnsRules.LameDelegation.ToFinding(e.Domain, string.Join("; ", lame));
    }
}

/// <summary>ATR-DNS-016: authoritative servers that disagree on the SOA serial or the NS set.</summary>
public sealed class InconsistentNameServersCheck : ICheck<DomainEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DnsRules.InconsistentNameServers };

    public IEnumerable<Finding> Run(DomainEvidence e)
    {
        var authoritative = e.NameServers.SelectMany(s => s.Answers.Where(a => a.Reply == NameServerReply.Authoritative).Select(a => (Server: $"{s.Name} ({a.EndPoint})", a))).ToArray();
        var problems = new List<string>();
        if (authoritative.Select(x => x.a.Serial).Distinct().Count() > 1)
            problems.Add("SOA serials differ: " + string.Join(", ", authoritative.Select(x => $"{x.Server}={x.a.Serial}")));
        foreach (var (server, a) in authoritative)
            if (a.NsSet is { Count: > 0 } set && !set.SequenceEqual(e.NsSet))
                problems.Add($"{server} lists NS {string.Join(" ", set)} but the resolver sees {string.Join(" ", e.NsSet)}");
        if (problems.Count > 0) yield return DnsRules.InconsistentNameServers.ToFinding(e.Domain, string.Join("; ", problems));
    }
}

/// <summary>ATR-DNS-019: one name server only, judged on an answered NS lookup.</summary>
public sealed class SingleNameServerCheck : ICheck<DomainEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DnsRules.SingleNameServer };

    public IEnumerable<Finding> Run(DomainEvidence e)
    {
        if (e.NsLookup.Answered && e.NsSet.Count == 1)
            yield return DnsRules.SingleNameServer.ToFinding(e.Domain, $"{e.Domain} NS {e.NsSet[0]} (the only name server)");
    }
}
