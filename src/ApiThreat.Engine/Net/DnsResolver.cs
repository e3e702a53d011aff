using System.Net;
using DnsClient;
using System.Net.Sockets;
using DnsClient.Protocol;

namespace ApiThreat.Engine.Net;

/// <summary>How a DNS question ended. NXDOMAIN and NOERROR-without-data stay distinct: they mean different things.</summary>
public enum DnsStatus { NoError, NoData, NxDomain, ServerFailure, Refused, Timeout, Error }

/// <summary>One answered (or failed) DNS question.</summary>
public sealed class DnsAnswer
{
    public required string Name { get; init; }
    public required QueryType Type { get; init; }
    public required DnsStatus Status { get; init; }
    public IReadOnlyList<DnsResourceRecord> Answers { get; init; } = Array.Empty<DnsResourceRecord>();
    public IReadOnlyList<DnsResourceRecord> Authorities { get; init; } = Array.Empty<DnsResourceRecord>();
    public bool AuthenticData { get; init; }
    public bool Authoritative { get; init; }
    public string? Server { get; init; }
    public string? Error { get; init; }

    public bool Succeeded => Status is DnsStatus.NoError or DnsStatus.NoData or DnsStatus.NxDomain;
}

/// <summary>A host name resolved to addresses, with the CNAME chain followed to its end.</summary>
public sealed class HostResolution
{
    public required string HostName { get; init; }
    public DnsStatus Status { get; init; }
    public IReadOnlyList<IPAddress> Addresses { get; init; } = Array.Empty<IPAddress>();
    public IReadOnlyList<string> CnameChain { get; init; } = Array.Empty<string>();
    /// <summary>True when the chain ends in a name that does not exist (a dangling CNAME).</summary>
    public bool DanglingCname { get; init; }
    public string? Error { get; init; }
}

/// <summary>
/// The one DNS client of the engine: the user's resolvers (or the system's), our own validated transport
/// (<see cref="DnsTransport"/>: connected UDP, TCP fallback on truncation), retries with exponential backoff on
/// timeouts, SERVFAIL and broken answers. Records use DnsClient's public record types.
/// </summary>
public sealed class DnsResolver
{
    private const int MaxCnameHops = 10;
    private readonly IPEndPoint[] _servers;
    private readonly TimeSpan _timeout;
    private readonly int _retries;
    private int _next;

    /// <param name="hostsFile">The hosts file read before DNS when the system's resolvers are used (default: the system's);
    /// resolvers the caller names bypass it, as -Resolver does.</param>
    public DnsResolver(IReadOnlyList<IPEndPoint>? servers = null, TimeSpan? timeout = null, int retries = 3, bool useCache = true,
        HostsFile? hostsFile = null)
    {
        Hosts = servers is { Count: > 0 } ? null : hostsFile ?? HostsFile.System;
        _servers = servers is { Count: > 0 } ? servers.ToArray() : SystemServers();
        if (_servers.Length == 0)
            throw new InvalidOperationException("No DNS server is configured on this system. Give one with -Resolver.");
        _timeout = timeout ?? TimeSpan.FromSeconds(2);
        _retries = Math.Max(0, retries);
        _ = useCache; // answers are not cached: a scan asks each question once, and drift checks must see the live answer
        Servers = _servers.Select(s => s.ToString()).ToArray();
    }

    public IReadOnlyList<string> Servers { get; }

    /// <summary>The hosts file consulted before DNS, or null when the caller chose the resolvers.</summary>
    public HostsFile? Hosts { get; }

    private static IPEndPoint[] SystemServers() =>
        NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false)
            .Select(n => new IPEndPoint(IPAddress.Parse(n.Address), n.Port)).ToArray();

    /// <summary>Asks the question, retrying with exponential backoff on timeouts, SERVFAIL and broken answers, rotating servers.</summary>
    public async Task<DnsAnswer> QueryAsync(string name, QueryType type, CancellationToken cancellationToken = default)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        DnsAnswer? last = null;
        for (var attempt = 0; attempt <= _retries; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var server = _servers[(int)((uint)Interlocked.Increment(ref _next) % (uint)_servers.Length)];
            last = await QueryOnceAsync(server, name, type, cancellationToken).ConfigureAwait(false);
            if (last.Status is not (DnsStatus.Timeout or DnsStatus.ServerFailure or DnsStatus.Error)) return last;
            if (attempt < _retries)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }
        return last!;
    }

    /// <summary>Asks one server once, without retries (e.g. to compare the answers of each authoritative server).</summary>
    public async Task<DnsAnswer> QueryOnceAsync(IPEndPoint server, string name, QueryType type, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await DnsTransport.QueryAsync(server, name, type, _timeout, cancellationToken).ConfigureAwait(false);
            var status = response.Rcode switch
            {
                0 => response.Answers.Count > 0 ? DnsStatus.NoError : DnsStatus.NoData,
                3 => DnsStatus.NxDomain,
                2 => DnsStatus.ServerFailure,
                5 => DnsStatus.Refused,
                _ => DnsStatus.Error,
            };
            return new DnsAnswer
            {
                Name = name,
                Type = type,
                Status = status,
                Answers = response.Answers,
                Authorities = response.Authorities,
                AuthenticData = response.AuthenticData,
                Authoritative = response.Authoritative,
                Server = server.ToString(),
                Error = status == DnsStatus.Error ? $"rcode {response.Rcode}" : null,
            };
        }
        catch (TimeoutException ex)
        {
            return new DnsAnswer { Name = name, Type = type, Status = DnsStatus.Timeout, Server = server.ToString(), Error = ex.Message };
        }
        catch (DnsMalformedException ex)
        {
            return new DnsAnswer { Name = name, Type = type, Status = DnsStatus.Error, Server = server.ToString(), Error = "malformed answer: " + ex.Message };
        }
        catch (ArgumentException ex)
        {
            return new DnsAnswer { Name = name, Type = type, Status = DnsStatus.Error, Error = ex.Message };
        }
        catch (SocketException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new DnsAnswer { Name = name, Type = type, Status = DnsStatus.Error, Server = server.ToString(), Error = ex.Message };
        }
    }

    /// <summary>A and AAAA of a name, following CNAMEs (also across zones an authoritative server does not chase).</summary>
    public async Task<HostResolution> ResolveHostAsync(string host, CancellationToken cancellationToken = default)
    {
        host = ScopeGuard.Normalize(host);
        if (IPAddress.TryParse(host, out var literal))
            return new HostResolution { HostName = host, Status = DnsStatus.NoError, Addresses = new[] { literal } };
        if (Hosts?.Lookup(host) is { Count: > 0 } listed)
            return new HostResolution { HostName = host, Status = DnsStatus.NoError, Addresses = listed };

        var v4 = ResolveFamilyAsync(host, QueryType.A, cancellationToken);
        var v6 = ResolveFamilyAsync(host, QueryType.AAAA, cancellationToken);
        var (a, aaaa) = (await v4.ConfigureAwait(false), await v6.ConfigureAwait(false));
        var addresses = a.Addresses.Concat(aaaa.Addresses).Distinct().ToArray();
        var chain = a.Chain.Count >= aaaa.Chain.Count ? a.Chain : aaaa.Chain;
        DnsStatus status;
        if (addresses.Length > 0) status = DnsStatus.NoError;
        else if (a.Status == DnsStatus.NxDomain || aaaa.Status == DnsStatus.NxDomain) status = DnsStatus.NxDomain;
        else if (a.Status is DnsStatus.NoData or DnsStatus.NoError && aaaa.Status is DnsStatus.NoData or DnsStatus.NoError) status = DnsStatus.NoData;
        else status = a.Status is DnsStatus.NoData or DnsStatus.NoError ? aaaa.Status : a.Status;
        return new HostResolution
        {
            HostName = host,
            Status = status,
            Addresses = addresses,
            CnameChain = chain,
            DanglingCname = chain.Count > 0 && addresses.Length == 0 && status == DnsStatus.NxDomain,
            Error = a.Error ?? aaaa.Error,
        };
    }

    private async Task<(DnsStatus Status, IReadOnlyList<IPAddress> Addresses, IReadOnlyList<string> Chain, string? Error)>
        ResolveFamilyAsync(string host, QueryType type, CancellationToken cancellationToken)
    {
        var chain = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { host };
        var name = host;
        for (var hop = 0; hop <= MaxCnameHops; hop++)
        {
            var answer = await QueryAsync(name, type, cancellationToken).ConfigureAwait(false);
            if (!answer.Succeeded) return (answer.Status, Array.Empty<IPAddress>(), chain, answer.Error);

            // Walk the CNAMEs the answer carries, in order, from the name we asked. An NXDOMAIN answer carries them too
            // (RFC 6604: the rcode speaks of the chain's last name), which is how Knot, BIND and recursive resolvers
            // answer a dangling CNAME: the chain is the evidence.
            var current = name;
            while (true)
            {
                var cname = answer.Answers.OfType<CNameRecord>()
                    .FirstOrDefault(c => string.Equals(Trim(c.DomainName.Value), current, StringComparison.OrdinalIgnoreCase));
                if (cname is null) break;
                var target = Trim(cname.CanonicalName.Value);
                if (!seen.Add(target)) return (DnsStatus.Error, Array.Empty<IPAddress>(), chain, $"CNAME loop at {target}");
                chain.Add(target);
                current = target;
            }
            if (answer.Status == DnsStatus.NxDomain) return (DnsStatus.NxDomain, Array.Empty<IPAddress>(), chain, null);
            var addresses = answer.Answers
                .Where(r => string.Equals(Trim(r.DomainName.Value), current, StringComparison.OrdinalIgnoreCase))
                .Select(r => r switch { ARecord ar => ar.Address, AaaaRecord aaaa => aaaa.Address, _ => null })
                .Where(a => a is not null).Select(a => a!).ToArray();
            if (addresses.Length > 0 || string.Equals(current, name, StringComparison.OrdinalIgnoreCase))
                return (addresses.Length > 0 ? DnsStatus.NoError : DnsStatus.NoData, addresses, chain, null);
            name = current; // the chain leaves what this server answered for: ask for its end
        }
        return (DnsStatus.Error, Array.Empty<IPAddress>(), chain, $"CNAME chain longer than {MaxCnameHops} hops");
    }

    public static string Trim(string name) => name.TrimEnd('.').ToLowerInvariant();
}
