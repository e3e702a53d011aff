using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
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

    /// <summary>
    /// AXFR of <paramref name="zone"/> from <paramref name="server"/> over TCP with the engine's own codec: messages until
    /// the closing SOA, capped in records, bytes and time. A record that cannot be read (an invalid punycode label) is
    /// skipped and counted; a refusal, failure or timeout is a result, never an exception. A transfer cut short after
    /// its first SOA still counts as allowed: the server began handing out the zone.
    /// </summary>
    public static async Task<ZoneTransferResult> TransferAsync(NetworkContext network, IPEndPoint server, string zone,
        CancellationToken cancellationToken)
    {
        var where = server.ToString();
        if (!network.Scope.IsAddressAllowed(server.Address, out var reason))
            return new ZoneTransferResult(where, false, Array.Empty<DnsResourceRecord>(), $"not asked: {reason}") { NotAsked = true };
        network.Log($"AXFR {zone} from {server}");
        var records = new List<DnsResourceRecord>();
        var skipped = 0;
        string? problem = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(network.Options.Timeout * 3);
        try
        {
            using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(server, deadline.Token).ConfigureAwait(false);
            var id = (ushort)RandomNumberGenerator.GetInt32(0, 65536);
            var query = DnsCodec.BuildQuery(id, zone, QueryType.AXFR, recursionDesired: false);
            var framed = new byte[query.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
            query.CopyTo(framed, 2);
            await socket.SendAsync(framed, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            var length = new byte[2];
            var buffer = new byte[65535];
            long bytes = 0;
            var soas = 0;
            while (soas < 2)
            {
                await ReceiveExactlyAsync(socket, length, deadline.Token).ConfigureAwait(false);
                var size = BinaryPrimitives.ReadUInt16BigEndian(length);
                if ((bytes += size + 2) > MaxTransferBytes) { problem = $"cut at {MaxTransferBytes / (1024 * 1024)} MB"; break; }
                await ReceiveExactlyAsync(socket, buffer.AsMemory(0, size), deadline.Token).ConfigureAwait(false);
                var message = DnsCodec.ParseTransferMessage(buffer.AsSpan(0, size), id, zone, out var skippedHere);
                skipped += skippedHere;
                if (message.Rcode != 0)
                {
                    problem = RcodeName(message.Rcode);
                    break;
                }
                foreach (var record in message.Answers)
                {
                    if (record is SoaRecord soa && string.Equals(DnsResolver.Trim(soa.DomainName.Value), DnsResolver.Trim(zone), StringComparison.Ordinal)) soas++;
                    if (records.Count < MaxTransferRecords) records.Add(record);
                }
                if (records.Count == 0 && message.Answers.Count == 0 && skippedHere == 0) { problem = "no records"; break; }
                if (records.Count >= MaxTransferRecords) { problem = $"cut at {MaxTransferRecords} records"; break; }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            problem = "timed out";
        }
        catch (Exception ex) when (ex is SocketException or IOException or DnsMalformedException)
        {
            problem = ex.Message;
        }
        var allowed = records.Count > 0 && records[0] is SoaRecord;
        return new ZoneTransferResult(where, allowed, allowed ? records : Array.Empty<DnsResourceRecord>(), allowed && problem is null ? null : problem ?? "no records")
        {
            SkippedRecords = skipped,
        };
    }

    private const long MaxTransferBytes = 64L * 1024 * 1024;

    private static string RcodeName(int rcode) => rcode switch
    {
        1 => "FORMERR", 2 => "SERVFAIL", 3 => "NXDOMAIN", 4 => "NOTIMP", 5 => "REFUSED", 9 => "NOTAUTH",
        _ => $"rcode {rcode.ToString(CultureInfo.InvariantCulture)}",
    };

    private static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0) throw new IOException("The server closed the connection mid-transfer.");
            read += n;
        }
    }
}

/// <summary>The outcome of an AXFR attempt against one server.</summary>
public sealed record ZoneTransferResult(string Server, bool Allowed, IReadOnlyList<DnsResourceRecord> Records, string? Error)
{
    /// <summary>The scope refused the server's address: nothing was asked.</summary>
    public bool NotAsked { get; init; }
    /// <summary>Records skipped because their content could not be read (e.g. an invalid punycode label).</summary>
    public int SkippedRecords { get; init; }
}
