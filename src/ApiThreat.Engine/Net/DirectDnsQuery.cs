using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace ApiThreat.Engine.Net;

/// <summary>
/// Questions put to one named server rather than the scan's resolver: SOA/NS at each authoritative server (lame and
/// inconsistent delegations) and zone transfers (AXFR over TCP). The scope guard checks the server address first.
/// </summary>
public static class DirectDnsQuery
{
    private const int MaxTransferRecords = 200_000;

    /// <summary>One question to <paramref name="server"/> (with retries); failures are statuses.</summary>
    public static async Task<DnsAnswer> QueryAsync(NetworkContext network, IPEndPoint server, string name, QueryType type,
        CancellationToken cancellationToken)
    {
        if (!network.Scope.IsAddressAllowed(server.Address, out var reason))
            return new DnsAnswer { Name = name, Type = type, Status = DnsStatus.Refused, Server = server.ToString(), Error = $"not asked: {reason}" };
        DnsAnswer answer = null!;
        for (var attempt = 0; attempt <= Math.Max(0, network.Options.DnsRetries - 1); attempt++)
        {
            answer = await network.Resolver.QueryOnceAsync(server, name, type, cancellationToken).ConfigureAwait(false);
            if (answer.Status is not (DnsStatus.Timeout or DnsStatus.Error)) break;
        }
        return answer;
    }

    /// <summary>AXFR of <paramref name="zone"/> from <paramref name="server"/>; a refusal or failure is a result, not an exception.</summary>
    public static async Task<ZoneTransferResult> TransferAsync(NetworkContext network, IPEndPoint server, string zone,
        CancellationToken cancellationToken)
    {
        if (!network.Scope.IsAddressAllowed(server.Address, out var reason))
            return new ZoneTransferResult(server.ToString(), false, Array.Empty<DnsResourceRecord>(), $"not asked: {reason}");
        network.Log($"AXFR {zone} from {server}");
        var client = new LookupClient(new LookupClientOptions(new NameServer(server))
        {
            UseTcpOnly = true,
            Timeout = network.Options.Timeout,
            Retries = 0,
            UseCache = false,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
        });
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(network.Options.Timeout * 3);
            var response = await client.QueryAsync(zone, QueryType.AXFR, QueryClass.IN, timeout.Token).ConfigureAwait(false);
            var records = response.Answers.Take(MaxTransferRecords).ToArray();
            var allowed = !response.HasError && records.OfType<SoaRecord>().Any();
            return new ZoneTransferResult(server.ToString(), allowed, allowed ? records : Array.Empty<DnsResourceRecord>(),
                allowed ? null : response.HasError ? response.ErrorMessage : "no records");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ZoneTransferResult(server.ToString(), false, Array.Empty<DnsResourceRecord>(), "timed out");
        }
        catch (Exception ex) when (ex is DnsResponseException or System.Net.Sockets.SocketException or IOException)
        {
            return new ZoneTransferResult(server.ToString(), false, Array.Empty<DnsResourceRecord>(), ex.Message);
        }
    }
}

/// <summary>The outcome of an AXFR attempt against one server.</summary>
public sealed record ZoneTransferResult(string Server, bool Allowed, IReadOnlyList<DnsResourceRecord> Records, string? Error);
