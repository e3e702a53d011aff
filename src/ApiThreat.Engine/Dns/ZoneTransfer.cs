using System.Net;
using ApiThreat.Engine.Net;
using DnsClient;
using DnsClient.Protocol;

namespace ApiThreat.Engine.Dns;

/// <summary>One authoritative name server of a zone and the addresses (with the port) it is reached at.</summary>
public sealed record NameServerInfo(string Name, IReadOnlyList<IPEndPoint> EndPoints, DnsStatus Status, string? Error = null);

/// <summary>
/// Finds a zone's authoritative servers (NS through the scan's resolver, then their addresses) and asks each for a
/// zone transfer. Real name servers listen on port 53; -NameServerPort changes the port for every authoritative
/// server (a lab, a split-horizon deployment), since NS records carry no port.
/// </summary>
public static class ZoneTransfer
{
    /// <summary>The zone's NS names through the resolver (with the lookup's outcome), and the addresses of each.</summary>
    public static async Task<(LookupOutcome Lookup, IReadOnlyList<NameServerInfo> Servers)> FindNameServersAsync(NetworkContext network,
        string domain, int port, CancellationToken cancellationToken)
    {
        var answer = await network.Resolver.QueryAsync(domain, QueryType.NS, cancellationToken).ConfigureAwait(false);
        var names = answer.Answers.OfType<NsRecord>()
            .Where(n => string.Equals(DnsResolver.Trim(n.DomainName.Value), domain, StringComparison.Ordinal))
            .Select(n => DnsResolver.Trim(n.NSDName.Value)).Distinct().Take(16).ToArray();
        var tasks = names.Select(async name =>
        {
            var resolution = await network.Resolver.ResolveHostAsync(name, cancellationToken).ConfigureAwait(false);
            return new NameServerInfo(name, resolution.Addresses.Select(a => new IPEndPoint(a, port)).ToArray(), resolution.Status, resolution.Error);
        });
        return (LookupOutcome.Of(answer), await Task.WhenAll(tasks).ConfigureAwait(false));
    }

    /// <summary>Tries AXFR at every address of every name server; returns each attempt.</summary>
    public static async Task<IReadOnlyList<ZoneTransferResult>> TryAllAsync(NetworkContext network, IEnumerable<NameServerInfo> servers,
        string domain, CancellationToken cancellationToken)
    {
        var endpoints = servers.SelectMany(s => s.EndPoints).Distinct().ToArray();
        var results = await Task.WhenAll(endpoints.Select(e => DirectDnsQuery.TransferAsync(network, e, domain, cancellationToken))).ConfigureAwait(false);
        return results;
    }

    /// <summary>Host names in a transferred zone: owners of address and alias records, inside the zone, not wildcards.</summary>
    public static IEnumerable<string> HostNames(IEnumerable<DnsResourceRecord> records, string domain) =>
        records.Where(r => r is ARecord or AaaaRecord or CNameRecord)
            .Select(r => DnsResolver.Trim(r.DomainName.Value))
            .Where(n => n != domain && n.EndsWith("." + domain, StringComparison.Ordinal) && !n.StartsWith("*.", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal);
}
