using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ApiThreat.Engine.Net;

/// <summary>
/// A lean high-throughput DNS client for brute force: many queries in flight over a few connected UDP sockets per
/// server, answers matched by id and validated (source address and port by the connected socket, id, QR bit, and the
/// exact question), timeouts with retransmission, SERVFAIL retried, TCP fallback when an answer is truncated.
/// <see cref="DnsResolver"/> (DnsClient) stays the client for everything else (NS, MX, TXT, CAA, AXFR...).
/// </summary>
public sealed class BulkDnsClient : IDisposable
{
    private readonly UdpChannel[] _channels;
    private readonly SemaphoreSlim _inFlight;
    private readonly TimeSpan _attemptTimeout;
    private readonly long _attemptTimeoutTicks;
    private readonly int _attempts;
    private readonly long _sendIntervalTicks;
    private readonly System.Collections.Concurrent.ConcurrentQueue<(Pending Query, int Generation, long Deadline)> _deadlines = new();
    private readonly Thread _sweeper;
    private readonly CancellationTokenSource _stop = new();
    // Wakes the sweeper when the queue was empty (it sleeps until the earliest deadline otherwise, not on a fixed tick).
    private readonly AutoResetEvent _queued = new(false);
    private int _sweeperIdle;
    private long _nextSend;
    private int _next;
    private long _sent, _answered, _retransmits, _rejected, _tcp, _timeouts, _refusedSignals;
    private int _consecutiveFailures;
    private readonly bool _retryServerFailure;

    /// <param name="retryServerFailure">
    /// Ask again (after the attempt timeout) when the answer is SERVFAIL; false hands SERVFAIL back at once, for callers
    /// that retry on their own terms.
    /// </param>
    public BulkDnsClient(IReadOnlyList<IPEndPoint>? servers, TimeSpan attemptTimeout, int retries = 3, int maxInFlight = 500,
        double queriesPerSecond = 0, int socketsPerServer = 4, bool retryServerFailure = true)
    {
        _retryServerFailure = retryServerFailure;
        var list = servers is { Count: > 0 } ? servers : SystemServers();
        if (list.Count == 0) throw new InvalidOperationException("No DNS server is configured on this system: give -Resolver.");
        Servers = list;
        _attemptTimeout = attemptTimeout <= TimeSpan.Zero ? TimeSpan.FromSeconds(2) : attemptTimeout;
        _attemptTimeoutTicks = (long)(_attemptTimeout.TotalSeconds * Stopwatch.Frequency);
        _attempts = Math.Max(1, retries + 1);
        _inFlight = new SemaphoreSlim(Math.Clamp(maxInFlight, 1, 20000));
        _sendIntervalTicks = queriesPerSecond > 0 ? (long)(Stopwatch.Frequency / queriesPerSecond) : 0;
        var channels = new List<UdpChannel>();
        foreach (var server in list)
            for (var i = 0; i < Math.Max(1, socketsPerServer); i++) channels.Add(new UdpChannel(this, server));
        _channels = channels.ToArray();
        foreach (var c in _channels) c.Start();
        _sweeper = new Thread(Sweep) { IsBackground = true, Name = "ApiThreat DNS retransmit" };
        _sweeper.Start();
    }

    public IReadOnlyList<IPEndPoint> Servers { get; }
    public long Sent => Interlocked.Read(ref _sent);
    public long Answered => Interlocked.Read(ref _answered);
    public long Retransmits => Interlocked.Read(ref _retransmits);
    /// <summary>Datagrams dropped because they did not answer a pending question (stray, late or spoofed).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);
    public long TcpFallbacks => Interlocked.Read(ref _tcp);
    public long Timeouts => Interlocked.Read(ref _timeouts);
    /// <summary>Queries in a row that ended without any answer (timeouts, ICMP refusals): a dead resolver shows here.</summary>
    public int ConsecutiveFailures => Volatile.Read(ref _consecutiveFailures);
    public bool ServerRefusesConnections => Interlocked.Read(ref _refusedSignals) > 0 && Answered == 0;

    private static IReadOnlyList<IPEndPoint> SystemServers()
    {
        try
        {
            return DnsClient.NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false)
                .Select(n => new IPEndPoint(IPAddress.Parse(n.Address), n.Port)).ToArray();
        }
        catch (Exception) { return Array.Empty<IPEndPoint>(); }
    }

    /// <summary>Asks one question; never throws for DNS failures (the status says what happened), only on cancellation.</summary>
    public async Task<WireReply> QueryAsync(string name, ushort type, CancellationToken cancellationToken)
    {
        if (!DnsWireFormat.IsQueryableName(name))
            return new WireReply { Name = name, Type = type, Status = DnsStatus.Error, Error = $"'{name}' is not a valid DNS name" };
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await PaceAsync(cancellationToken).ConfigureAwait(false);
            var channel = _channels[(int)((uint)Interlocked.Increment(ref _next) % (uint)_channels.Length)];
            var pending = new Pending(name, type, channel);
            var buffer = new byte[12 + 256 + 4 + 11];
            var length = DnsWireFormat.WriteQuery(buffer, 0, name, type);
            if (length < 0) return new WireReply { Name = name, Type = type, Status = DnsStatus.Error, Error = $"'{name}' cannot be encoded" };
            pending.Query = buffer.AsMemory(0, length);
            channel.Register(pending);
            using var registration = cancellationToken.Register(static p => ((Pending)p!).Cancel(), pending);
            Transmit(pending);
            return await pending.Completion.Task.ConfigureAwait(false);
        }
        finally { _inFlight.Release(); }
    }

    private ValueTask PaceAsync(CancellationToken cancellationToken)
    {
        if (_sendIntervalTicks == 0) return ValueTask.CompletedTask;
        var now = Stopwatch.GetTimestamp();
        long due;
        while (true)
        {
            var next = Interlocked.Read(ref _nextSend);
            due = Math.Max(now, next);
            if (Interlocked.CompareExchange(ref _nextSend, due + _sendIntervalTicks, next) == next) break;
        }
        var wait = due - now;
        return wait <= 0 ? ValueTask.CompletedTask
            : new ValueTask(Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken));
    }

    private void Transmit(Pending pending)
    {
        var generation = pending.Generation;
        _deadlines.Enqueue((pending, generation, Stopwatch.GetTimestamp() + _attemptTimeoutTicks));
        if (Volatile.Read(ref _sweeperIdle) != 0) _queued.Set(); // the enqueue above is a full fence: no lost wake-up
        Interlocked.Increment(ref _sent);
        pending.Channel.Send(pending);
    }

    /// <summary>Retransmits what timed out, in deadline order (every attempt has the same timeout, so the queue is sorted).</summary>
    private void Sweep()
    {
        while (!_stop.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            while (_deadlines.TryPeek(out var head))
            {
                if (head.Query.IsDone || head.Query.Generation != head.Generation) { _deadlines.TryDequeue(out _); continue; }
                if (head.Deadline > now) break;
                _deadlines.TryDequeue(out _);
                var q = head.Query;
                if (q.Attempt + 1 < _attempts)
                {
                    q.Attempt++;
                    q.Generation++;
                    Interlocked.Increment(ref _retransmits);
                    Transmit(q);
                }
                else if (q.Channel.Release(q))
                {
                    Interlocked.Increment(ref _timeouts);
                    if (q.LastStatus is DnsStatus.ServerFailure) Succeeded(); else Interlocked.Increment(ref _consecutiveFailures);
                    q.Completion.TrySetResult(new WireReply
                    {
                        Name = q.Name,
                        Type = q.Type,
                        Status = q.LastStatus ?? DnsStatus.Timeout,
                        Error = q.LastStatus is null
                            ? $"no answer from {q.Channel.Server} after {_attempts} attempt(s) of {_attemptTimeout.TotalSeconds:0.##} s"
                            : $"{q.LastStatus} from {q.Channel.Server} after {_attempts} attempt(s)",
                    });
                }
            }
            SleepUntilDue();
        }
    }

    /// <summary>
    /// Sleeps until the earliest deadline (later queries have later ones), or while nothing is in flight until a query
    /// is sent: a fixed 5 ms tick woke the sweeper 200 times a second for the whole life of the client, which in a
    /// scan is the whole scan, and in N shard processes N times over.
    /// </summary>
    private void SleepUntilDue()
    {
        if (_deadlines.TryPeek(out var head))
        {
            var ticks = head.Deadline - Stopwatch.GetTimestamp();
            _queued.WaitOne((int)Math.Clamp(ticks * 1000 / Stopwatch.Frequency + 1, 1, 1000));
            return;
        }
        Interlocked.Exchange(ref _sweeperIdle, 1);
        if (_deadlines.IsEmpty && !_stop.IsCancellationRequested) _queued.WaitOne(1000); // bounded: a safety net, not the wake-up
        Interlocked.Exchange(ref _sweeperIdle, 0);
    }

    private void Succeeded() => Volatile.Write(ref _consecutiveFailures, 0);

    private void OnDatagram(UdpChannel channel, ReadOnlySpan<byte> datagram)
    {
        var pending = channel.Find(DnsWireFormat.ReadId(datagram));
        if (pending is null || !DnsWireFormat.MatchesQuestion(datagram, pending.Name, pending.Type, out var questionEnd))
        {
            Interlocked.Increment(ref _rejected);
            return;
        }
        if (DnsWireFormat.IsTruncated(datagram))
        {
            if (channel.Release(pending))
            {
                Interlocked.Increment(ref _tcp);
                _ = QueryTcpAsync(pending);
            }
            return;
        }
        var reply = DnsWireFormat.ParseReply(datagram, pending.Name, pending.Type, questionEnd);
        if (reply is null) { Interlocked.Increment(ref _rejected); return; } // malformed: the retransmit may fare better
        if (reply.Status == DnsStatus.ServerFailure && _retryServerFailure && pending.Attempt + 1 < _attempts)
        {
            pending.LastStatus = DnsStatus.ServerFailure; // transient at recursive resolvers: let the sweeper ask again
            return;
        }
        if (!channel.Release(pending)) return;
        Interlocked.Increment(ref _answered);
        Succeeded();
        pending.Completion.TrySetResult(reply);
    }

    private async Task QueryTcpAsync(Pending pending)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(_attemptTimeout * 2);
        try
        {
            using var socket = new Socket(pending.Channel.Server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(pending.Channel.Server, timeout.Token).ConfigureAwait(false);
            var framed = new byte[pending.Query.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)pending.Query.Length);
            pending.Query.Span.CopyTo(framed.AsSpan(2));
            BinaryPrimitives.WriteUInt16BigEndian(framed.AsSpan(2), pending.Id);
            await socket.SendAsync(framed, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            var lengthBytes = new byte[2];
            await ReceiveExactlyAsync(socket, lengthBytes, timeout.Token).ConfigureAwait(false);
            var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(lengthBytes)];
            await ReceiveExactlyAsync(socket, message, timeout.Token).ConfigureAwait(false);
            if (DnsWireFormat.ReadId(message) == pending.Id && DnsWireFormat.MatchesQuestion(message, pending.Name, pending.Type, out var end)
                && DnsWireFormat.ParseReply(message, pending.Name, pending.Type, end) is { } reply)
            {
                Interlocked.Increment(ref _answered);
                Succeeded();
                pending.Completion.TrySetResult(reply);
                return;
            }
            pending.Completion.TrySetResult(new WireReply { Name = pending.Name, Type = pending.Type, Status = DnsStatus.Error, Error = "malformed or mismatched answer over TCP" });
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
        {
            pending.Completion.TrySetResult(new WireReply
            {
                Name = pending.Name, Type = pending.Type,
                Status = ex is OperationCanceledException ? DnsStatus.Timeout : DnsStatus.Error,
                Error = $"TCP retry of a truncated answer from {pending.Channel.Server} failed: {ex.Message}",
            });
        }
    }

    private static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (buffer.Length > 0)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0) throw new IOException("the server closed the connection");
            buffer = buffer[n..];
        }
    }

    public void Dispose()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _queued.Set();
        foreach (var c in _channels) c.Dispose();
        if (_sweeper.Join(TimeSpan.FromSeconds(2))) _queued.Dispose(); // else the event stays for the sweeper still waking on it
    }

    /// <summary>One question in flight.</summary>
    private sealed class Pending
    {
        public Pending(string name, ushort type, UdpChannel channel) { Name = name; Type = type; Channel = channel; }
        public readonly string Name;
        public readonly ushort Type;
        public readonly UdpChannel Channel;
        public readonly TaskCompletionSource<WireReply> Completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Memory<byte> Query;
        public ushort Id;
        public int Attempt;
        public volatile int Generation;
        public DnsStatus? LastStatus;
        public bool IsDone => Completion.Task.IsCompleted;

        public void Cancel()
        {
            if (Channel.Release(this)) Completion.TrySetCanceled();
        }
    }

    /// <summary>A UDP socket connected to one server (the kernel drops datagrams from any other address or port).</summary>
    private sealed class UdpChannel : IDisposable
    {
        private readonly BulkDnsClient _owner;
        private readonly Socket _socket;
        private readonly Pending?[] _slots = new Pending?[65536];
        private readonly Thread _receiver;
        private volatile bool _disposed;

        public UdpChannel(BulkDnsClient owner, IPEndPoint server)
        {
            _owner = owner;
            Server = server;
            _socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try { _socket.ReceiveBufferSize = 4 * 1024 * 1024; _socket.SendBufferSize = 1024 * 1024; } catch (SocketException) { }
            _socket.Connect(server);
            _receiver = new Thread(Receive) { IsBackground = true, Name = "ApiThreat DNS receive" };
        }

        public IPEndPoint Server { get; }

        public void Start() => _receiver.Start();

        /// <summary>Takes a random free id for the question (ids are unpredictable to an off-path spoofer).</summary>
        public void Register(Pending pending)
        {
            var start = Random.Shared.Next(65536);
            for (var k = 0; k < 65536; k++)
            {
                var id = (start + k) & 0xFFFF;
                if (Interlocked.CompareExchange(ref _slots[id], pending, null) is null)
                {
                    pending.Id = (ushort)id;
                    BinaryPrimitives.WriteUInt16BigEndian(pending.Query.Span, (ushort)id);
                    return;
                }
            }
            throw new InvalidOperationException("No free DNS query id: too many queries in flight.");
        }

        public Pending? Find(ushort id) => Volatile.Read(ref _slots[id]);

        /// <summary>Frees the question's id; true for exactly one caller (answer, timeout, TCP fallback or cancel).</summary>
        public bool Release(Pending pending) => Interlocked.CompareExchange(ref _slots[pending.Id], null, pending) == pending;

        public void Send(Pending pending)
        {
            try { _socket.Send(pending.Query.Span, SocketFlags.None); }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                Interlocked.Increment(ref _owner._refusedSignals); // ICMP port unreachable from an earlier datagram
            }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
        }

        private void Receive()
        {
            var buffer = new byte[65535];
            while (!_disposed)
            {
                int n;
                try { n = _socket.Receive(buffer); }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    Interlocked.Increment(ref _owner._refusedSignals);
                    continue;
                }
                catch (SocketException) { if (_disposed) return; continue; }
                catch (ObjectDisposedException) { return; }
                if (n < 12) { Interlocked.Increment(ref _owner._rejected); continue; }
                _owner.OnDatagram(this, buffer.AsSpan(0, n));
            }
        }

        public void Dispose()
        {
            _disposed = true;
            try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
            _socket.Dispose();
            for (var i = 0; i < _slots.Length; i++)
                if (Interlocked.Exchange(ref _slots[i], null) is { } p) p.Completion.TrySetCanceled();
        }
    }
}
