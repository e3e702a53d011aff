using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using DnsClient;

namespace ApiThreat.Engine.Net;

/// <summary>
/// Sends one DNS question to one server: UDP on a connected socket (the kernel drops datagrams from any other
/// address or port), answers that do not echo our random id and question are discarded while we keep listening,
/// and a truncated answer is retried over TCP. Hostile or broken answers raise <see cref="DnsMalformedException"/>.
/// </summary>
public static class DnsTransport
{
    public static async Task<DnsMessage> QueryAsync(IPEndPoint server, string name, QueryType type, TimeSpan timeout,
        CancellationToken cancellationToken, bool dnssecOk = false)
    {
        var id = (ushort)RandomNumberGenerator.GetInt32(0, 65536);
        var query = DnsCodec.BuildQuery(id, name, type, dnssecOk: dnssecOk);
        var message = await UdpAsync(server, query, id, name, type, timeout, cancellationToken).ConfigureAwait(false);
        return message.Truncated
            ? await TcpAsync(server, query, id, name, type, timeout, cancellationToken).ConfigureAwait(false)
            : message;
    }

    private static async Task<DnsMessage> UdpAsync(IPEndPoint server, byte[] query, ushort id, string name, QueryType type,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await socket.SendAsync(query, SocketFlags.None, deadline.Token).ConfigureAwait(false);
        // Room for the largest datagram: a server that ignores our advertised size (and does not set TC) would otherwise
        // be cut by the kernel into a "malformed" answer, and the records it does carry would be lost.
        var buffer = ArrayPool<byte>.Shared.Rent(65536);
        try
        {
            return await ReceiveAnswerAsync(socket, buffer, server, id, name, type, timeout, deadline.Token, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<DnsMessage> ReceiveAnswerAsync(Socket socket, byte[] buffer, IPEndPoint server, ushort id, string name, QueryType type,
        TimeSpan timeout, CancellationToken deadline, CancellationToken cancellationToken)
    {
        DnsMalformedException? lastProblem = null;
        while (true)
        {
            int received;
            try
            {
                received = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (lastProblem is not null) throw lastProblem;
                throw new TimeoutException($"{server} did not answer {name} {type} within {timeout.TotalMilliseconds:0} ms.");
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                throw new TimeoutException($"{server} refused the DNS query (nothing listens there).");
            }
            if (received < 12 || BinaryPrimitives.ReadUInt16BigEndian(buffer) != id) continue; // not ours: keep listening
            try
            {
                return DnsCodec.ParseResponse(buffer.AsSpan(0, received), id, name, type);
            }
            catch (DnsMalformedException ex)
            {
                lastProblem = ex; // a forged or broken answer: keep listening for the real one until the deadline
            }
        }
    }

    private static async Task<DnsMessage> TcpAsync(IPEndPoint server, byte[] query, ushort id, string name, QueryType type,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout + timeout);
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server, deadline.Token).ConfigureAwait(false);
            var framed = new byte[query.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
            query.CopyTo(framed, 2);
            await socket.SendAsync(framed, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            var lengthBytes = new byte[2];
            await ReceiveExactlyAsync(socket, lengthBytes, deadline.Token).ConfigureAwait(false);
            var length = BinaryPrimitives.ReadUInt16BigEndian(lengthBytes);
            var response = new byte[length];
            await ReceiveExactlyAsync(socket, response, deadline.Token).ConfigureAwait(false);
            return DnsCodec.ParseResponse(response, id, name, type);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{server} did not answer {name} {type} over TCP in time.");
        }
        catch (SocketException ex)
        {
            throw new TimeoutException($"{server} could not be reached over TCP: {ex.SocketErrorCode}.");
        }
    }

    private static async Task ReceiveExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0) throw new DnsMalformedException("The server closed the TCP connection mid-answer.");
            read += n;
        }
    }
}
