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
/// No task, object or lock per name: one thread sends, receives and expires. It writes queries straight into pinned
/// batch buffers and sends them many per system call, drains every socket many datagrams per call without blocking, and
/// sleeps only when its window is full. A receiver thread per socket woke for every few datagrams and handed window
/// permits across threads, and those wake-ups cost more CPU than the queries (CPU the server on the same machine
/// needs). Ids are random per socket and a reply must come from the connected server, carry a pending id and repeat
/// the question.
/// </summary>
public sealed class NxDomainSweep<T> : IDisposable
{
    private const int Batch = 32;
    private const int ReceiveBatch = 64;
    private const int SurvivorBacklog = 8192;
    private const int HeldSleepMilliseconds = 10;
    // With this many questions at the server, the loop sleeps a millisecond instead of waking for the first answer:
    // the server stays busy with the rest, and one wake-up then settles dozens of answers.
    private const int SleepWhenOutstanding = 128;
    private readonly Lane[] _lanes;
    private readonly List<Socket> _readable;
    private readonly long _maxTimeoutTicks, _minTimeoutTicks;
    private readonly int _windowSize;
    private long _rttTicks; // a running average of answer times: the sweep waits a few times it, never past the resolver timeout
    // The window in use adapts like TCP's (AIMD): it starts small and doubles per window of answers until a question
    // goes unanswered, then halves; after that it grows by an eighth a window. A server whose socket overflows (Knot
    // drops part of a burst on a busy machine) then sees fewer queries at once instead of losing more.
    private int _active, _outstanding;
    private bool _lossSeen;
    private long _lastShrink, _answeredSinceChange;
    private int _token;
    private long _sent, _dropped, _passed, _timeouts;
    private int _running;
    private volatile bool _disposed;
    private volatile bool _refused;

    public NxDomainSweep(IReadOnlyList<IPEndPoint> servers, TimeSpan attemptTimeout, int window, int socketsPerServer = 4)
    {
        if (servers.Count == 0) throw new ArgumentException("The sweep needs a DNS server.", nameof(servers));
        _maxTimeoutTicks = (long)(Math.Max(0.05, attemptTimeout.TotalSeconds) * Stopwatch.Frequency);
        _minTimeoutTicks = Math.Min(_maxTimeoutTicks, Stopwatch.Frequency / 20);
        _rttTicks = _maxTimeoutTicks / 8;
        _windowSize = Math.Clamp(window, 1, 20000);
        _active = Math.Min(_windowSize, 64);
        var lanes = new List<Lane>();
        foreach (var server in servers)
            for (var i = 0; i < Math.Max(1, socketsPerServer); i++) lanes.Add(new Lane(server));
        _lanes = lanes.ToArray();
        _readable = new List<Socket>(_lanes.Length);
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
    private long TimeoutTicks => Math.Clamp(_rttTicks * 8, _minTimeoutTicks, _maxTimeoutTicks);

    /// <summary>
    /// Sweeps <paramref name="candidates"/> on a dedicated thread; returns when every candidate is settled or passed on
    /// (then the writer is completed), or when cancelled. One run at a time; a sweep serves several runs in turn. Stops
    /// sending while the survivors' reader lags behind (so the channel must count: an unbounded channel without
    /// SingleReader).
    /// </summary>
    public Task RunAsync(IEnumerable<T> candidates, Func<T, string> nameOf, Channel<T> survivors, CancellationToken cancellationToken) =>
        RunAsync(candidates, nameOf, null, survivors, cancellationToken);

    /// <param name="withAnswer">
    /// Hands a candidate that got addresses (NOERROR with answers, not truncated, well formed) its parsed answer, so the
    /// full path need not ask the same A question again; null: candidates pass on as they are.
    /// </param>
    public Task RunAsync(IEnumerable<T> candidates, Func<T, string> nameOf, Func<T, WireReply, T>? withAnswer, Channel<T> survivors,
        CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0) throw new InvalidOperationException("The sweep is already running.");
        return Task.Factory.StartNew(() =>
        {
            try { new Run(this, nameOf, withAnswer, survivors.Writer, () => survivors.Reader.Count, cancellationToken).Execute(candidates); }
            finally
            {
                survivors.Writer.TryComplete();
                Volatile.Write(ref _running, 0);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default); // the run observes the token: the writer is always completed
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (Volatile.Read(ref _running) != 0) SpinWait.SpinUntil(() => Volatile.Read(ref _running) == 0, 1000);
        foreach (var lane in _lanes) lane.Dispose();
    }

    /// <summary>One pass over a candidate list, on the sweep's thread: all state below is that thread's alone.</summary>
    private sealed class Run
    {
        private readonly NxDomainSweep<T> _s;
        private readonly Func<T, string> _nameOf;
        private readonly Func<T, WireReply, T>? _withAnswer;
        private readonly ChannelWriter<T> _writer;
        private readonly Func<int> _backlog;
        private readonly CancellationToken _cancel;
        private readonly Queue<(Lane Lane, ushort Id, int Token, long Deadline)> _deadlines = new();
        private readonly UdpBatch _send = new(Batch, 12 + 256 + 4 + 11);
        private readonly UdpBatch _receive = new(ReceiveBatch, 2048);
        private readonly ushort[] _ids = new ushort[Batch];
        private int _count, _laneIndex;

        public Run(NxDomainSweep<T> sweep, Func<T, string> nameOf, Func<T, WireReply, T>? withAnswer, ChannelWriter<T> writer,
            Func<int> backlog, CancellationToken cancel)
        {
            _s = sweep;
            _nameOf = nameOf;
            _withAnswer = withAnswer;
            _writer = writer;
            _backlog = backlog;
            _cancel = cancel;
        }

        public void Execute(IEnumerable<T> candidates)
        {
            try { Loop(candidates); }
            finally { Abandon(); }
        }

        /// <summary>Frees the ids a cancelled or failed run leaves behind, so the next run starts with an empty window.</summary>
        private void Abandon()
        {
            foreach (var (lane, id, token, _) in _deadlines)
                if (lane.Tokens[id] == token) lane.Release(id);
            for (var i = 0; i < _count; i++) _s._lanes[_laneIndex].Release(_ids[i]);
            _deadlines.Clear();
            _count = 0;
            _s._outstanding = 0;
        }

        private void Loop(IEnumerable<T> candidates)
        {
            using var e = candidates.GetEnumerator();
            var more = true;
            while (true)
            {
                _cancel.ThrowIfCancellationRequested();
                if (_s._disposed) throw new ObjectDisposedException(nameof(NxDomainSweep<T>));
                var held = _backlog() > SurvivorBacklog; // the full path lags: let it catch up
                while (more && !held && _s._outstanding < _s._active)
                {
                    if (!e.MoveNext()) { more = false; break; }
                    Add(e.Current);
                }
                Flush();
                var answered = Drain();
                Expire();
                if (!more && _s._outstanding == 0) return;
                var room = _s._active - _s._outstanding;
                if (more && !held && answered > 0 && room >= Math.Min(Batch, Math.Max(1, _s._active / 4))) continue;
                if (answered > 0 && (!more || held)) continue; // keep draining while answers flow
                Wait();
            }
        }

        private void Add(T candidate)
        {
            var name = _nameOf(candidate);
            var buffer = _send.Buffer(_count);
            var length = DnsWireFormat.WriteQuery(buffer, 0, name, WireRecord.A);
            if (length < 0) { _s.Pass(_writer, candidate); return; } // the full path says why
            var lane = _s._lanes[_laneIndex];
            var id = lane.Claim(name, candidate, _s.NextToken());
            BinaryPrimitives.WriteUInt16BigEndian(buffer, id);
            _send.SetLength(_count, length);
            _ids[_count++] = id;
            _s._outstanding++;
            if (_count == Batch) Flush();
        }

        private void Flush()
        {
            if (_count == 0) return;
            var lane = _s._lanes[_laneIndex];
            if (_send.Send(lane.Socket, _count)) _s._refused = true;
            Interlocked.Add(ref _s._sent, _count);
            var now = Stopwatch.GetTimestamp();
            var deadline = now + _s.TimeoutTicks;
            for (var i = 0; i < _count; i++)
            {
                lane.SentAt[_ids[i]] = now;
                _deadlines.Enqueue((lane, _ids[i], lane.Tokens[_ids[i]], deadline));
            }
            _count = 0;
            _laneIndex = (_laneIndex + 1) % _s._lanes.Length;
        }

        /// <summary>Takes every answer already queued on every socket, without waiting; returns how many settled a question.</summary>
        private int Drain()
        {
            var settled = 0;
            foreach (var lane in _s._lanes)
            {
                while (true)
                {
                    int n;
                    try { n = _receive.ReceiveAvailable(lane.Socket); }
                    catch (SocketException) { break; }
                    catch (ObjectDisposedException) { return settled; }
                    if (n < 0) { _s._refused = true; continue; }
                    for (var i = 0; i < n; i++)
                        if (OnDatagram(lane, _receive.Buffer(i).AsSpan(0, _receive.Length(i)))) settled++;
                    if (n < _receive.Capacity) break;
                }
            }
            return settled;
        }

        private bool OnDatagram(Lane lane, ReadOnlySpan<byte> datagram)
        {
            if (datagram.Length < 12) return false;
            var id = DnsWireFormat.ReadId(datagram);
            var token = lane.Tokens[id];
            if (token == 0 || lane.Names[id] is not { } name) return false; // stray or late
            if (!DnsWireFormat.MatchesQuestion(datagram, name, WireRecord.A, out var questionEnd)) return false; // spoofed or mismatched: the timeout passes it on
            var flags = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
            var answers = BinaryPrimitives.ReadUInt16BigEndian(datagram[6..]);
            var truncated = DnsWireFormat.IsTruncated(datagram);
            var cleanNxDomain = (flags & 0xF) == 3 && answers == 0 && !truncated;
            var reply = _withAnswer is not null && (flags & 0xF) == 0 && answers > 0 && !truncated
                ? DnsWireFormat.ParseReply(datagram, name, WireRecord.A, questionEnd) : null; // only hits pay for a full parse
            var sentAt = lane.SentAt[id];
            var item = lane.Release(id);
            if (sentAt > 0) _s.Observe(Stopwatch.GetTimestamp() - sentAt);
            _s._outstanding--;
            _s._answeredSinceChange++;
            if (cleanNxDomain) Interlocked.Increment(ref _s._dropped);
            else _s.Pass(_writer, reply is { Status: DnsStatus.NoError } ? _withAnswer!(item, reply) : item);
            return true;
        }

        private void Expire()
        {
            var now = Stopwatch.GetTimestamp();
            var lost = false;
            while (_deadlines.TryPeek(out var head) && head.Deadline <= now)
            {
                _deadlines.Dequeue();
                if (head.Lane.Tokens[head.Id] != head.Token) continue; // answered (and perhaps reused) since
                var item = head.Lane.Release(head.Id);
                _s._outstanding--;
                Interlocked.Increment(ref _s._timeouts);
                _s.Pass(_writer, item);
                lost = true;
            }
            _s.Adapt(lost, now);
        }

        /// <summary>
        /// Waits for answers: a millisecond's sleep while many questions are at the server (answers pile up meanwhile
        /// and one wake-up takes them all), else until a socket is readable or the next deadline.
        /// </summary>
        private void Wait()
        {
            // Nothing at the server: the sweep is held while the survivors' reader works through its backlog (more than
            // SurvivorBacklog names), which at a full path's pace takes seconds; a millisecond's sleep there woke this
            // thread a thousand times a second for as long as the phase lasted, in every shard process.
            if (_s._outstanding == 0) { Thread.Sleep(HeldSleepMilliseconds); return; }
            if (_s._outstanding >= SleepWhenOutstanding) { Thread.Sleep(1); return; }
            var wait = _deadlines.TryPeek(out var head) ? head.Deadline - Stopwatch.GetTimestamp() : Stopwatch.Frequency / 100;
            var micros = (int)Math.Clamp(wait * 1_000_000 / Stopwatch.Frequency, 200, 10_000);
            var readable = _s._readable;
            readable.Clear();
            foreach (var lane in _s._lanes) readable.Add(lane.Socket);
            try { Socket.Select(readable, null, null, micros); }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException) { Thread.Sleep(1); }
        }
    }

    private void Observe(long rtt) => _rttTicks += (rtt - _rttTicks) / 16;

    /// <summary>Halves the window on a loss (once a timeout), grows it per window of answers.</summary>
    private void Adapt(bool lost, long now)
    {
        if (lost)
        {
            if (now - _lastShrink < TimeoutTicks) return;
            _lastShrink = now;
            _lossSeen = true;
            _active = Math.Max(Math.Min(16, _windowSize), _active / 2);
            _answeredSinceChange = 0;
            return;
        }
        if (_active < _windowSize && _answeredSinceChange >= _active)
        {
            _answeredSinceChange = 0;
            _active = Math.Min(_windowSize, _active + (_lossSeen ? Math.Max(1, _active / 8) : _active));
        }
    }

    private int NextToken()
    {
        var t = ++_token;
        return t == 0 ? ++_token : t;
    }

    private void Pass(ChannelWriter<T> writer, T item)
    {
        Interlocked.Increment(ref _passed);
        writer.TryWrite(item);
    }

    /// <summary>One UDP socket connected to one server and its 65,536 id slots (used by the sweep's thread alone).</summary>
    private sealed class Lane : IDisposable
    {
        public readonly int[] Tokens = new int[65536];
        public readonly string?[] Names = new string?[65536];
        public readonly long[] SentAt = new long[65536];
        private readonly T[] _items = new T[65536];

        public Lane(IPEndPoint server)
        {
            Socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try { Socket.ReceiveBufferSize = 4 * 1024 * 1024; Socket.SendBufferSize = 1024 * 1024; } catch (SocketException) { }
            Socket.Connect(server);
            Socket.Blocking = false; // the sweep's thread drains it and waits in Select
        }

        public Socket Socket { get; }

        /// <summary>Takes a random free id (unpredictable to an off-path spoofer) for one question.</summary>
        public ushort Claim(string name, T item, int token)
        {
            var start = Random.Shared.Next(65536);
            for (var k = 0; k < 65536; k++)
            {
                var id = (start + k) & 0xFFFF;
                if (Tokens[id] != 0) continue;
                _items[id] = item;
                Names[id] = name;
                SentAt[id] = 0;
                Tokens[id] = token;
                return (ushort)id;
            }
            throw new InvalidOperationException("No free DNS query id: too many queries in flight.");
        }

        /// <summary>Frees the id and hands back its candidate.</summary>
        public T Release(ushort id)
        {
            var item = _items[id];
            _items[id] = default!;
            Names[id] = null;
            Tokens[id] = 0;
            return item;
        }

        public void Dispose()
        {
            try { Socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
            Socket.Dispose();
        }
    }
}
