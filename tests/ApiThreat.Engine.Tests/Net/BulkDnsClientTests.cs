using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Net;

/// <summary>
/// The bulk client's retransmission: its sweeper sleeps until the earliest deadline, or until a query is sent when
/// nothing is in flight, so a client that sat idle must still retransmit a lost query and time out a silent server.
/// </summary>
public class BulkDnsClientTests
{
    /// <summary>A loopback DNS server that ignores the first copy of every question and answers NXDOMAIN to the next.</summary>
    private sealed class LossyServer : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly ConcurrentDictionary<ushort, int> _seen = new();
        private readonly Thread _thread;
        private volatile bool _stopped;

        public LossyServer(bool answer)
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _thread = new Thread(() => Serve(answer)) { IsBackground = true };
            _thread.Start();
        }

        public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;
        public int Received;

        private void Serve(bool answer)
        {
            var buffer = new byte[512];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            while (!_stopped)
            {
                int n;
                try { n = _socket.ReceiveFrom(buffer, ref from); }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException) { return; }
                Interlocked.Increment(ref Received);
                if (!answer || n < 12) continue;
                var id = BinaryPrimitives.ReadUInt16BigEndian(buffer);
                if (_seen.AddOrUpdate(id, 1, (_, c) => c + 1) == 1) continue; // the first copy is "lost"
                var reply = buffer.AsSpan(0, n).ToArray();
                BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(2), 0x8183); // QR, RD, RA, NXDOMAIN; the question echoed
                try { _socket.SendTo(reply, from); } catch (SocketException) { }
            }
        }

        public void Dispose()
        {
            _stopped = true;
            _socket.Dispose();
        }
    }

    [Fact]
    public async Task An_idle_client_still_retransmits_a_lost_query()
    {
        using var server = new LossyServer(answer: true);
        using var client = new BulkDnsClient(new[] { server.EndPoint }, TimeSpan.FromMilliseconds(200), retries: 2, socketsPerServer: 1);
        await Task.Delay(1500); // longer than the sweeper's bounded idle wait: it is asleep with nothing in flight

        var reply = await client.QueryAsync("lost-once.example.test", 1, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(DnsStatus.NxDomain, reply.Status);
        Assert.Equal(1, client.Retransmits);
        Assert.Equal(2, Volatile.Read(ref server.Received));
    }

    [Fact]
    public async Task A_silent_server_times_out_after_every_attempt()
    {
        using var server = new LossyServer(answer: false);
        using var client = new BulkDnsClient(new[] { server.EndPoint }, TimeSpan.FromMilliseconds(150), retries: 2, socketsPerServer: 1);

        var replies = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => client.QueryAsync($"silent{i}.example.test", 1, CancellationToken.None)))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(replies, r => Assert.Equal(DnsStatus.Timeout, r.Status));
        Assert.Equal(6, client.Retransmits);
        Assert.Equal(3, client.Timeouts);
        Assert.Equal(9, Volatile.Read(ref server.Received));
    }

    [Fact]
    public async Task Queries_after_a_quiet_spell_are_answered_like_the_first()
    {
        using var server = new LossyServer(answer: true);
        using var client = new BulkDnsClient(new[] { server.EndPoint }, TimeSpan.FromMilliseconds(200), retries: 2, socketsPerServer: 1);
        var first = await client.QueryAsync("first.example.test", 1, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(1200);
        var second = await client.QueryAsync("second.example.test", 1, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(DnsStatus.NxDomain, first.Status);
        Assert.Equal(DnsStatus.NxDomain, second.Status);
        Assert.Equal(2, client.Retransmits);
    }
}
