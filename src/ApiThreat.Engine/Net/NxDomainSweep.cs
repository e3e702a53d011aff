using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ApiThreat.Engine.Net;

/// <summary>
/// The brute-force fast path: asks one A question per candidate and settles only the common case here, a clean
/// NXDOMAIN (response to exactly this question, no answer records, not truncated), which is what ~95% of a wordlist
/// gets. Every other outcome (an answer, NODATA, a CNAME, SERVFAIL, REFUSED, truncation, a timeout, a malformed
/// reply) passes the candidate on to <paramref name="survivors"/> for the full resolver, which asks again with its
/// retries, AAAA, CNAME chasing and wildcard checks. So the sweep can only drop names the full path would also have
/// dropped after its first answer.
/// No task or object per name: one sender thread writes queries straight into pinned batch buffers and sends them
/// many per system call; one receiver thread per socket reads many per call; ids are random per socket and a reply
/// must come from the connected server, carry a pending id and repeat the question.
/// </summary>
public sealed class NxDomainSweep<T> : IDisposable
{
    private const int Batch = 32;
    private const int SurvivorBacklog = 8192;
    private readonly Lane[] _lanes;
    private readonly long _maxTimeoutTicks, _minTimeoutTicks;
    private long _rttTicks; // a running average of answer times: the sweep waits a few times it, never past the resolver timeout
    private volatile ChannelWriter<T>? _writer;
    private readonly SemaphoreSlim _window;
    private readonly int _windowSize;
    // The window in use adapts like TCP's (AIMD): it starts small and doubles per window of answers until a question
    // goes unanswered, then halves; after that it grows by an eighth a window. A server whose socket overflows (Knot
    // drops part of a burst on a busy machine) then sees fewer queries at once instead of losing more. The sender
    // thread keeps the permits it withholds (_held) and alone changes these two counts.
    private int _held, _wantHeld;
    private bool _lossSeen;
    private long _lastShrink;
    private long _answeredSinceChange;
    private int _token;
    private long _sent, _dropped, _passed, _timeouts;
    private volatile bool _disposed;
    private volatile bool _refused;

    public NxDomainSweep(IReadOnlyList<IPEndPoint> servers, TimeSpan attemptTimeout, int window, int socketsPerServer = 4)
    {
        if (servers.Count == 0) throw new ArgumentException("The sweep needs a DNS server.", nameof(servers));
        _maxTimeoutTicks = (long)(Math.Max(0.05, attemptTimeout.TotalSeconds) * Stopwatch.Frequency);
        _minTimeoutTicks = Math.Min(_maxTimeoutTicks, Stopwatch.Frequency / 20);
        _rttTicks = _maxTimeoutTicks / 8;
        _windowSize = Math.Clamp(window, 1, 20000);
        _window = new SemaphoreSlim(_windowSize);
        _wantHeld = _windowSize - Math.Min(_windowSize, 64);
        var lanes = new List<Lane>();
        foreach (var server in servers)
            for (var i = 0; i < Math.Max(1, socketsPerServer); i++) lanes.Add(new Lane(this, server));
        _lanes = lanes.ToArray();
    }

    /// <summary>Queries sent.</summary>
    public long Sent => Interlocked.Read(ref _sent);
    /// <summary>Candidates settled as NXDOMAIN here.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);
    /// <summary>Candidates handed to the full resolver.</summary>
    public long Passed => Interlocked.Read(ref _passed);
    public long Timeouts => Interlocked.Read(ref _timeouts);
    /// <summary>The server's port answered with ICMP port unreachable.</summary>
    public bool Refused => _refused;

    /// <summary>
    /// How long a question waits before it goes to the full path: 8 times the average answer time, between 50 ms and
    /// the resolver timeout. A question that gets no answer here is not lost, only asked again by the full resolver
    /// with its own timeout and retries, so a server that drops a few queries of a burst costs a short wait, not the
    /// whole resolver timeout at the end of the list.
    /// </summary>
    private long TimeoutTicks => Math.Clamp(Interlocked.Read(ref _rttTicks) * 8, _minTimeoutTicks, _maxTimeoutTicks);

    private void Observe(long rtt)
    {
        var average = Interlocked.Read(ref _rttTicks);
        Interlocked.Exchange(ref _rttTicks, average + (rtt - average) / 16); // racy by design: an estimate
    }

    /// <summary>
    /// Sweeps <paramref name="candidates"/> on a dedicated thread; returns when every candidate is settled or passed on
    /// (then the writer is completed), or when cancelled. One run at a time; a sweep serves several runs in turn. Stops sending while the survivors' reader lags behind (so the
    /// channel must count: an unbounded channel without SingleReader).
    /// </summary>
    public Task RunAsync(IEnumerable<T> candidates, Func<T, string> nameOf, Channel<T> survivors, CancellationToken cancellationToken)
    {
        _writer = survivors.Writer;
        foreach (var lane in _lanes) lane.Start();
        return Task.Factory.StartNew(() =>
        {
            try { Send(candidates, nameOf, survivors, cancellationToken); }
            finally { survivors.Writer.TryComplete(); }
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Send(IEnumerable<T> candidates, Func<T, string> nameOf, Channel<T> survivors, CancellationToken cancellationToken)
    {
        var deadlines = new Queue<(Lane Lane, ushort Id, int Token, long Deadline)>();
        var batch = new UdpBatch(Batch, 12 + 256 + 4 + 11);
        var ids = new ushort[Batch];
        var tokens = new int[Batch];
        var laneIndex = 0;
        var lane = _lanes[0];
        var count = 0;

        void Flush()
        {
            if (count == 0) return;
            if (batch.Send(lane.Socket, count)) _refused = true;
            Interlocked.Add(ref _sent, count);
            var now = Stopwatch.GetTimestamp();
            var deadline = now + TimeoutTicks;
            for (var i = 0; i < count; i++) { lane.Sent(ids[i], now); deadlines.Enqueue((lane, ids[i], tokens[i], deadline)); }
            count = 0;
            laneIndex = (laneIndex + 1) % _lanes.Length;
            lane = _lanes[laneIndex];
        }

        void Expire(Channel<T> channel)
        {
            var now = Stopwatch.GetTimestamp();
            var lost = false;
            while (deadlines.TryPeek(out var head) && head.Deadline <= now)
            {
                deadlines.Dequeue();
                if (head.Lane.TryRelease(head.Id, head.Token, out var item))
                {
                    Interlocked.Increment(ref _timeouts);
                    Pass(channel.Writer, item);
                    _window.Release();
                    lost = true;
                }
            }
            Adapt(lost, now);
        }

        bool Acquire(int millisecondsTimeout)
        {
            while (_window.Wait(millisecondsTimeout, cancellationToken))
            {
                if (_held >= _wantHeld) return true;
                _held++; // withheld: the window is shrinking
                millisecondsTimeout = 0;
            }
            return false;
        }

        foreach (var candidate in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = nameOf(candidate);
            // Wait for room in the window, sending what is batched first so answers (and room) can come back.
            while (!Acquire(0))
            {
                Flush();
                Expire(survivors);
                if (Acquire(5)) break;
            }
            while (survivors.Reader.Count > SurvivorBacklog && !cancellationToken.IsCancellationRequested)
            {
                Flush();
                Expire(survivors);
                Thread.Sleep(1);
            }
            var buffer = batch.Buffer(count);
            var length = DnsWireFormat.WriteQuery(buffer, 0, name, WireRecord.A);
            if (length < 0) { _window.Release(); Pass(survivors.Writer, candidate); continue; } // the full path says why
            var token = NextToken();
            var id = lane.Claim(name, candidate, token);
            BinaryPrimitives.WriteUInt16BigEndian(buffer, id);
            batch.SetLength(count, length);
            tokens[count] = token;
            ids[count++] = id;
            if (count == Batch) { Flush(); Expire(survivors); }
        }
        Flush();
        // Drain: every outstanding question ends in a reply or a timeout.
        while (_window.CurrentCount < _windowSize - _held)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Expire(survivors);
            Thread.Sleep(1);
        }
    }

    /// <summary>Sender thread only: halves the window on a loss (once a timeout), grows it per window of answers.</summary>
    private void Adapt(bool lost, long now)
    {
        var active = _windowSize - _wantHeld;
        if (lost)
        {
            if (now - _lastShrink < TimeoutTicks) return;
            _lastShrink = now;
            _lossSeen = true;
            _wantHeld = _windowSize - Math.Max(Math.Min(16, _windowSize), active / 2);
            Interlocked.Exchange(ref _answeredSinceChange, 0);
            return;
        }
        if (_wantHeld > 0 && Interlocked.Read(ref _answeredSinceChange) >= active)
        {
            Interlocked.Exchange(ref _answeredSinceChange, 0);
            _wantHeld = Math.Max(0, _wantHeld - (_lossSeen ? Math.Max(1, active / 8) : active));
        }
        while (_held > _wantHeld) { _held--; _window.Release(); }
    }

    private int NextToken()
    {
        var t = Interlocked.Increment(ref _token);
        return t == 0 ? Interlocked.Increment(ref _token) : t;
    }

    private void Pass(ChannelWriter<T> writer, T item)
    {
        Interlocked.Increment(ref _passed);
        writer.TryWrite(item);
    }

    private void OnDatagram(Lane lane, ReadOnlySpan<byte> datagram)
    {
        if (_writer is not { } writer) return;
        if (datagram.Length < 12) return;
        var id = DnsWireFormat.ReadId(datagram);
        if (!lane.Peek(id, out var token, out var name)) return; // stray or late
        if (!DnsWireFormat.MatchesQuestion(datagram, name, WireRecord.A, out _)) return; // spoofed or mismatched: the timeout passes it on
        var flags = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(datagram[6..]);
        var cleanNxDomain = (flags & 0xF) == 3 && answers == 0 && !DnsWireFormat.IsTruncated(datagram);
        var sentAt = lane.SentAt(id);
        if (!lane.TryRelease(id, token, out var item)) return;
        if (sentAt > 0) Observe(Stopwatch.GetTimestamp() - sentAt);
        Interlocked.Increment(ref _answeredSinceChange);
        if (cleanNxDomain) Interlocked.Increment(ref _dropped);
        else Pass(writer, item);
        _window.Release();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var lane in _lanes) lane.Dispose();
    }

    /// <summary>One UDP socket connected to one server, its receiver thread and its 65,536 id slots.</summary>
    private sealed class Lane : IDisposable
    {
        private readonly NxDomainSweep<T> _owner;
        private readonly int[] _tokens = new int[65536];
        private readonly string?[] _names = new string?[65536];
        private readonly T[] _items = new T[65536];
        private readonly long[] _sent = new long[65536];
        private Thread? _receiver;

        public Lane(NxDomainSweep<T> owner, IPEndPoint server)
        {
            _owner = owner;
            Socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try { Socket.ReceiveBufferSize = 4 * 1024 * 1024; Socket.SendBufferSize = 1024 * 1024; } catch (SocketException) { }
            Socket.ReceiveTimeout = 200; // the receiver wakes to notice disposal
            Socket.Connect(server);
        }

        public Socket Socket { get; }

        public void Start()
        {
            if (_receiver is not null) return;
            _receiver = new Thread(Receive) { IsBackground = true, Name = "ApiThreat DNS sweep receive" };
            _receiver.Start();
        }

        /// <summary>Takes a random free id (unpredictable to an off-path spoofer) for one question.</summary>
        public ushort Claim(string name, T item, int token)
        {
            var start = Random.Shared.Next(65536);
            for (var k = 0; k < 65536; k++)
            {
                var id = (start + k) & 0xFFFF;
                if (Volatile.Read(ref _tokens[id]) != 0) continue;
                _items[id] = item;
                _names[id] = name;
                _sent[id] = 0;
                if (Interlocked.CompareExchange(ref _tokens[id], token, 0) == 0) return (ushort)id;
            }
            throw new InvalidOperationException("No free DNS query id: too many queries in flight.");
        }

        public bool Peek(ushort id, out int token, out string name)
        {
            token = Volatile.Read(ref _tokens[id]);
            name = _names[id]!;
            return token != 0 && name is not null;
        }

        /// <summary>Frees the id when it still holds this question; true for exactly one caller (reply or timeout).</summary>
        public bool TryRelease(ushort id, int token, out T item)
        {
            item = _items[id];
            if (token == 0 || Interlocked.CompareExchange(ref _tokens[id], 0, token) != token) { item = default!; return false; }
            return true;
        }

        /// <summary>When the question behind the id was sent (0 before it is).</summary>
        public void Sent(ushort id, long timestamp) => Volatile.Write(ref _sent[id], timestamp);

        public long SentAt(ushort id) => Volatile.Read(ref _sent[id]);

        private void Receive()
        {
            var batch = new UdpBatch(Batch, 2048);
            while (!_owner._disposed)
            {
                int n;
                try { n = batch.Receive(Socket); }
                catch (SocketException) { if (_owner._disposed) return; continue; }
                catch (ObjectDisposedException) { return; }
                if (n < 0) { _owner._refused = true; continue; }
                if (n == 0)
                {
                    // Nothing within the socket's timeout (or the socket is non-blocking): wait here, not in a spin.
                    try { Socket.Poll(200_000, SelectMode.SelectRead); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
                    continue;
                }
                for (var i = 0; i < n; i++) _owner.OnDatagram(this, batch.Buffer(i).AsSpan(0, batch.Length(i)));
            }
        }

        public void Dispose()
        {
            try { Socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
            Socket.Dispose();
            _receiver?.Join(1000);
        }
    }
}
