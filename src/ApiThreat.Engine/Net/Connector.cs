using System.Collections;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ApiThreat.Engine.Net;

/// <summary>
/// Addresses of one host that the scope guard admitted. Only <see cref="Connector"/> makes them, so a connect handed
/// addresses from anywhere else resolves and asks the scope guard again.
/// </summary>
public sealed class AdmittedAddresses : IReadOnlyList<IPAddress>
{
    private readonly IReadOnlyList<IPAddress> _addresses;

    internal AdmittedAddresses(string host, IReadOnlyList<IPAddress> addresses)
    {
        Host = host;
        _addresses = addresses;
    }

    /// <summary>The host name they were admitted for (normalised).</summary>
    public string Host { get; }
    public int Count => _addresses.Count;
    public IPAddress this[int index] => _addresses[index];
    public IEnumerator<IPAddress> GetEnumerator() => _addresses.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// Opens TCP connections the way the scan's DNS sees the world: names resolve through <see cref="DnsResolver"/>, the
/// scope guard admits the name, its CNAME chain and each address before a SYN is sent (<see cref="ScopeGuard.Admit"/>),
/// and one connect has one deadline across all of a target's addresses: attempts are staggered (Happy Eyeballs, RFC
/// 8305) over at most <see cref="MaxAddressesPerTarget"/> of them, so a name with a hundred unreachable addresses costs
/// -TimeoutSec and a handful of SYNs, not a hundred timeouts aimed at whoever hostile DNS chose.
/// </summary>
public sealed class Connector
{
    /// <summary>Addresses tried per connect; the rest of a long answer is never contacted.</summary>
    public const int MaxAddressesPerTarget = 8;
    /// <summary>Delay before the next address is tried while earlier attempts are still pending (RFC 8305 §5).</summary>
    private static readonly TimeSpan s_attemptDelay = TimeSpan.FromMilliseconds(250);

    private readonly DnsResolver _resolver;
    private readonly ScopeGuard _scope;
    private readonly TimeSpan _timeout;
    private readonly Action<string> _log;

    public Connector(DnsResolver resolver, ScopeGuard scope, TimeSpan timeout, Action<string>? log = null)
    {
        _resolver = resolver;
        _scope = scope;
        _timeout = timeout;
        _log = log ?? (_ => { });
    }

    // Allowed addresses of recently resolved hosts: a target's several connections (HTTP and HTTPS sessions, probes)
    // would otherwise ask the resolver again for each. Short-lived and bounded; failures are never kept.
    private static readonly TimeSpan s_keep = TimeSpan.FromSeconds(30);
    private const int MaxKept = 10_000;
    private readonly ConcurrentDictionary<string, (AdmittedAddresses Addresses, long Until)> _recent = new(StringComparer.OrdinalIgnoreCase);
    // Host:port pairs whose last connect ran out of time: the target's further connects (a TLS enumeration makes dozens)
    // fail at once instead of each waiting out -TimeoutSec again. Short-lived and bounded like the addresses.
    private readonly ConcurrentDictionary<string, (TargetException Error, long Until)> _timedOut = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Resolves a host and returns the addresses the scope admits; throws when the name, a CNAME or every address is refused.</summary>
    public async Task<AdmittedAddresses> ResolveAllowedAsync(string host, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        if (_recent.TryGetValue(host, out var kept) && now < kept.Until) return kept.Addresses;
        var allowed = await ResolveAndCheckAsync(host, cancellationToken).ConfigureAwait(false);
        if (_recent.Count >= MaxKept) _recent.Clear();
        _recent[host] = (allowed, now + (long)s_keep.TotalMilliseconds);
        return allowed;
    }

    private async Task<AdmittedAddresses> ResolveAndCheckAsync(string host, CancellationToken cancellationToken)
    {
        // The name first: an out-of-scope name is never even looked up.
        _scope.EnsureHostInScope(host);
        var resolution = await _resolver.ResolveHostAsync(host, cancellationToken).ConfigureAwait(false);
        if (resolution.Addresses.Count == 0)
        {
            // A chain that leaves the scope is the reason to report, whether or not its end resolves.
            _scope.AdmitChain(host, resolution.CnameChain);
            var (id, what) = resolution.Status switch
            {
                DnsStatus.NxDomain => ("HostNotFound", "does not exist (NXDOMAIN)"),
                DnsStatus.NoData => ("HostHasNoAddress", "has no A or AAAA record"),
                DnsStatus.Timeout => ("DnsTimeout", "could not be resolved: the resolver did not answer"),
                _ => ("DnsFailure", $"could not be resolved ({resolution.Status}{(resolution.Error is null ? "" : ": " + resolution.Error)})"),
            };
            throw new TargetException(host, id, resolution.Status == DnsStatus.Timeout ? TargetErrorKind.Timeout : TargetErrorKind.NotFound,
                $"Host '{host}' {what}.", "Check the name, or point -Resolver at the DNS server that knows it.");
        }
        var admitted = _scope.Admit(host, resolution.CnameChain, resolution.Addresses);
        if (admitted.Count > MaxAddressesPerTarget)
            _log($"{host} has {admitted.Count} allowed addresses: connections try the first {MaxAddressesPerTarget} only.");
        return new AdmittedAddresses(ScopeGuard.Normalize(host), admitted);
    }

    /// <param name="resolved">Addresses <see cref="ResolveAllowedAsync"/> already returned for this host (several
    /// connections to one target share one resolution). Anything else is ignored: the host is resolved and admitted here.</param>
    public async Task<(Socket Socket, IPAddress Address)> ConnectAsync(string host, int port, CancellationToken cancellationToken,
        IReadOnlyList<IPAddress>? resolved = null)
    {
        var addresses = resolved is AdmittedAddresses admitted && admitted.Host == ScopeGuard.Normalize(host)
            ? admitted
            : await ResolveAllowedAsync(host, cancellationToken).ConfigureAwait(false);
        var key = $"{addresses.Host}|{port}";
        if (_timedOut.TryGetValue(key, out var recent) && Environment.TickCount64 < recent.Until)
            throw new TargetException(recent.Error.Target, recent.Error.ErrorId, recent.Error.Kind,
                recent.Error.Message + " (not tried again: it timed out moments ago)", recent.Error.RecommendedAction);
        try
        {
            return await ConnectAnyAsync(host, port, Ordered(addresses), cancellationToken).ConfigureAwait(false);
        }
        catch (TargetException ex) when (ex.ErrorId == "ConnectTimeout")
        {
            if (_timedOut.Count >= MaxKept) _timedOut.Clear();
            _timedOut[key] = (ex, Environment.TickCount64 + (long)s_keep.TotalMilliseconds);
            throw;
        }
    }

    /// <summary>
    /// A connection to the proxy the user configured (-Proxy): the user's own destination, not a scan target, so no scope
    /// applies to it (the proxied URLs are still checked by name before each request), only the one deadline.
    /// </summary>
    public async Task<(Socket Socket, IPAddress Address)> ConnectToProxyAsync(string host, int port, CancellationToken cancellationToken)
    {
        var resolution = await _resolver.ResolveHostAsync(host, cancellationToken).ConfigureAwait(false);
        if (resolution.Addresses.Count == 0)
            throw new TargetException($"{host}:{port}", "ProxyNotFound", TargetErrorKind.NotFound,
                $"The proxy '{host}' could not be resolved ({resolution.Status}).", "Check -Proxy, or give the proxy's address.");
        return await ConnectAnyAsync(host, port, Ordered(resolution.Addresses), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>IPv4 first (as before), then the families alternate (RFC 8305 §4); at most the per-target cap.</summary>
    private static IPAddress[] Ordered(IReadOnlyList<IPAddress> addresses)
    {
        var v4 = new Queue<IPAddress>(addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork));
        var v6 = new Queue<IPAddress>(addresses.Where(a => a.AddressFamily != AddressFamily.InterNetwork));
        var ordered = new List<IPAddress>(Math.Min(addresses.Count, MaxAddressesPerTarget));
        while (ordered.Count < MaxAddressesPerTarget && (v4.Count > 0 || v6.Count > 0))
        {
            if (v4.Count > 0) ordered.Add(v4.Dequeue());
            if (v6.Count > 0 && ordered.Count < MaxAddressesPerTarget) ordered.Add(v6.Dequeue());
        }
        return ordered.ToArray();
    }

    /// <summary>
    /// Staggered attempts under one deadline: the next address starts when the previous one fails or after
    /// <see cref="s_attemptDelay"/>; the first connection wins and the others are closed.
    /// </summary>
    private async Task<(Socket, IPAddress)> ConnectAnyAsync(string host, int port, IPAddress[] addresses, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        var pending = new List<(Task<Socket> Attempt, IPAddress Address)>();
        var next = 0;
        Exception? lastFailure = null;
        var timedOut = false;
        try
        {
            while (true)
            {
                if (next < addresses.Length && !deadline.IsCancellationRequested)
                {
                    pending.Add((AttemptAsync(addresses[next], port, deadline.Token), addresses[next]));
                    next++;
                }
                if (pending.Count == 0) break;
                var waits = pending.Select(p => (Task)p.Attempt).ToList();
                var stagger = next < addresses.Length && !deadline.IsCancellationRequested ? Task.Delay(s_attemptDelay, deadline.Token) : null;
                if (stagger is not null) waits.Add(stagger);
                var finished = await Task.WhenAny(waits).ConfigureAwait(false);
                if (finished == stagger) continue;
                var index = pending.FindIndex(p => p.Attempt == finished);
                var (attempt, address) = pending[index];
                pending.RemoveAt(index);
                if (attempt.IsCompletedSuccessfully) return (attempt.Result, address);
                lastFailure = attempt.Exception?.InnerException ?? lastFailure;
            }
            timedOut = deadline.IsCancellationRequested;
        }
        finally
        {
            // Losers (and a late winner) are closed, not leaked.
            deadline.Cancel();
            foreach (var (attempt, _) in pending)
                _ = attempt.ContinueWith(static t => { if (t.IsCompletedSuccessfully) t.Result.Dispose(); }, TaskScheduler.Default);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var tried = addresses.Length == 1 ? addresses[0].ToString() : $"{addresses.Length} addresses";
        if (!timedOut && lastFailure is SocketException socketError)
            throw new TargetException($"{host}:{port}", "ConnectFailed", TargetErrorKind.ConnectionError,
                $"Connecting to {host}:{port} ({tried}) failed: {socketError.SocketErrorCode}.",
                "Check that the service listens on that port and that nothing filters it.", socketError);
        if (!timedOut && lastFailure is not null and not OperationCanceledException) throw lastFailure;
        throw new TargetException($"{host}:{port}", "ConnectTimeout", TargetErrorKind.Timeout,
            $"Connecting to {host}:{port} ({tried}) timed out after {_timeout.TotalSeconds:0.#} s.",
            "Check that the port is open, or raise -TimeoutSec.");
    }

    /// <summary>TCP connection attempts started (each sends a SYN): tests bound a connect's cost with it.</summary>
    internal int AttemptsStarted => Volatile.Read(ref _attempts);
    private int _attempts;

    private async Task<Socket> AttemptAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
