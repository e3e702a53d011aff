using System.Net;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Discovery.Subdomains;

/// <summary>What a name resolved to through the bulk client.</summary>
public sealed class NameResolution
{
    public static readonly NameResolution NotFound = new() { Status = DnsStatus.NxDomain };

    public DnsStatus Status { get; init; }
    public IReadOnlyList<IPAddress> Addresses { get; init; } = Array.Empty<IPAddress>();
    public IReadOnlyList<string> CnameChain { get; init; } = Array.Empty<string>();
    /// <summary>The CNAME chain ends in a name that does not exist.</summary>
    public bool Dangling { get; init; }
    public string? Error { get; init; }

    /// <summary>The name exists (has records of some type, or is an empty non-terminal).</summary>
    public bool Exists => Status is DnsStatus.NoError or DnsStatus.NoData || Dangling;
    public bool IsHost => Addresses.Count > 0 || Dangling;
    public bool Failed => Status is DnsStatus.Timeout or DnsStatus.ServerFailure or DnsStatus.Refused or DnsStatus.Error;
}

/// <summary>
/// Resolves names over <see cref="BulkDnsClient"/>: A first (NXDOMAIN ends it in one query, which is what 90% of a
/// brute force is), then AAAA for names that exist, and CNAME chains chased past what the first server answered.
/// </summary>
public sealed class BulkNameResolver
{
    private const int MaxHops = 8;
    private readonly BulkDnsClient _client;

    public BulkNameResolver(BulkDnsClient client) => _client = client;

    public BulkDnsClient Client => _client;

    public Task<NameResolution> ResolveAsync(string name, CancellationToken cancellationToken) => ResolveAsync(name, null, cancellationToken);

    /// <param name="answerA">The answer to the name's A question when it is already known (the NXDOMAIN sweep's): not asked again.</param>
    public async Task<NameResolution> ResolveAsync(string name, WireReply? answerA, CancellationToken cancellationToken)
    {
        var a = await FamilyAsync(name, WireRecord.A, answerA, cancellationToken).ConfigureAwait(false);
        if (a.Status == DnsStatus.NxDomain && a.Chain.Count == 0) return NameResolution.NotFound;
        if (a.Status is DnsStatus.Timeout or DnsStatus.ServerFailure or DnsStatus.Refused or DnsStatus.Error)
            return new NameResolution { Status = a.Status, Error = a.Error, CnameChain = a.Chain };
        if (a.Dangling)
            return new NameResolution { Status = DnsStatus.NxDomain, CnameChain = a.Chain, Dangling = true };
        var aaaa = await FamilyAsync(name, WireRecord.Aaaa, null, cancellationToken).ConfigureAwait(false);
        var addresses = a.Addresses.Concat(aaaa.Addresses).Distinct().ToArray();
        var chain = a.Chain.Count >= aaaa.Chain.Count ? a.Chain : aaaa.Chain;
        return new NameResolution
        {
            Status = addresses.Length > 0 ? DnsStatus.NoError : DnsStatus.NoData,
            Addresses = addresses,
            CnameChain = chain,
        };
    }

    private async Task<(DnsStatus Status, List<IPAddress> Addresses, List<string> Chain, bool Dangling, string? Error)> FamilyAsync(
        string name, ushort type, WireReply? first, CancellationToken cancellationToken)
    {
        var chain = new List<string>(0);
        var addresses = new List<IPAddress>(0);
        var current = name;
        for (var hop = 0; hop <= MaxHops; hop++)
        {
            var reply = hop == 0 && first is not null && first.Type == type && first.Name == name
                ? first : await _client.QueryAsync(current, type, cancellationToken).ConfigureAwait(false);
            if (!reply.Succeeded) return (reply.Status, addresses, chain, false, reply.Error);
            var asked = current;
            // Follow the CNAMEs this answer carries, in order, from the name asked.
            while (true)
            {
                string? target = null;
                foreach (var r in reply.Answers)
                    if (r.Type == WireRecord.Cname && r.Name == current) { target = r.Target; break; }
                if (target is null) break;
                if (chain.Contains(target) || target == name || chain.Count >= MaxHops * 2)
                    return (DnsStatus.Error, addresses, chain, false, $"CNAME loop at {target}");
                chain.Add(target);
                current = target;
            }
            // NXDOMAIN applies to the end of the chain: with a chain, the alias dangles.
            if (reply.Status == DnsStatus.NxDomain) return (DnsStatus.NxDomain, addresses, chain, chain.Count > 0, null);
            foreach (var r in reply.Answers)
                if (r.Type == type && r.Name == current && r.Address is not null) addresses.Add(r.Address);
            if (addresses.Count > 0 || current == asked)
                return (addresses.Count > 0 ? DnsStatus.NoError : DnsStatus.NoData, addresses, chain, false, null);
            // The chain left what this server answered for: ask for its end.
        }
        return (DnsStatus.Error, addresses, chain, false, $"CNAME chain longer than {MaxHops} hops");
    }
}
