using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Discovery.Ports;

/// <summary>How hard the connect scan pushes.</summary>
public sealed class PortScanOptions
{
    /// <summary>Connection attempts in flight across all hosts.</summary>
    public int MaxInFlight { get; init; } = 512;
    /// <summary>Connection attempts in flight to one host.</summary>
    public int MaxInFlightPerHost { get; init; } = 128;
    /// <summary>The longest wait for a SYN-ACK or a reset; the adaptive timeout never exceeds it.</summary>
    public TimeSpan MaxTimeout { get; init; } = TimeSpan.FromSeconds(1.5);
    /// <summary>The shortest wait, however fast the host answered before.</summary>
    public TimeSpan MinTimeout { get; init; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>What a scan of one host found.</summary>
public sealed record PortScanResult(string Host, IPAddress Address, IReadOnlyList<int> Open, int Closed, int Filtered, TimeSpan Elapsed)
{
    public int Scanned => Open.Count + Closed + Filtered;
}

/// <summary>
/// A TCP connect scan as fast as plain sockets allow: the host is resolved and admitted once by the scope guard (its
/// addresses come from <see cref="Connector.ResolveAllowedAsync"/>, so nothing outside the scope is ever sent a SYN),
/// then each port gets one non-blocking connect, many in flight (bounded in total and per host), spaced by the per-host
/// rate limit (-RateLimit) when there is one. A reset is closed, a handshake open (closed again at once with a reset,
/// leaving no TIME_WAIT), silence filtered. The wait adapts to the host: ten times the slowest answer seen so far,
/// between <see cref="PortScanOptions.MinTimeout"/> and <see cref="PortScanOptions.MaxTimeout"/>.
/// </summary>
public sealed class ConnectScanner : IDisposable
{
    private readonly NetworkContext _network;
    private readonly PortScanOptions _options;
    private readonly SemaphoreSlim _inFlight;

    public ConnectScanner(NetworkContext network, PortScanOptions? options = null)
    {
        _network = network;
        _options = options ?? new PortScanOptions();
        _inFlight = new SemaphoreSlim(Math.Max(1, _options.MaxInFlight));
    }

    public async Task<PortScanResult> ScanAsync(string host, IReadOnlyList<int> ports, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var addresses = await _network.Connector.ResolveAllowedAsync(host, cancellationToken).ConfigureAwait(false);
        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
        var open = new List<int>();
        int closed = 0, filtered = 0;
        long slowestTicks = 0;
        using var perHost = new SemaphoreSlim(Math.Max(1, _options.MaxInFlightPerHost));
        var pending = new List<Task>(Math.Min(ports.Count, 4096));
        foreach (var port in ports)
        {
            await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await perHost.WaitAsync(cancellationToken).ConfigureAwait(false);
                await _network.RateLimiter.WaitAsync(host, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _inFlight.Release();
                throw;
            }
            var slowest = Interlocked.Read(ref slowestTicks);
            var timeout = slowest == 0 ? _options.MaxTimeout
                : TimeSpan.FromTicks(Math.Clamp(slowest * 10, _options.MinTimeout.Ticks, _options.MaxTimeout.Ticks));
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    var (state, rtt) = await ProbeAsync(address, port, timeout, cancellationToken).ConfigureAwait(false);
                    if (state != PortState.Filtered)
                        while (true)
                        {
                            var seen = Interlocked.Read(ref slowestTicks);
                            if (rtt.Ticks <= seen || Interlocked.CompareExchange(ref slowestTicks, rtt.Ticks, seen) == seen) break;
                        }
                    switch (state)
                    {
                        case PortState.Open: lock (open) open.Add(port); break;
                        case PortState.Closed: Interlocked.Increment(ref closed); break;
                        default: Interlocked.Increment(ref filtered); break;
                    }
                }
                finally
                {
                    perHost.Release();
                    _inFlight.Release();
                }
            }, CancellationToken.None));
            if (pending.Count >= 4096) { await Task.WhenAll(pending).ConfigureAwait(false); pending.Clear(); }
        }
        await Task.WhenAll(pending).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        open.Sort();
        return new PortScanResult(addresses.Host, address, open, closed, filtered, clock.Elapsed);
    }

    private enum PortState { Open, Closed, Filtered }

    private static async Task<(PortState, TimeSpan)> ProbeAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), deadline.Token).ConfigureAwait(false);
            // A reset instead of a FIN: the scan leaves no TIME_WAIT behind on either side.
            socket.LingerState = new LingerOption(true, 0);
            return (PortState.Open, Stopwatch.GetElapsedTime(started));
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return (PortState.Closed, Stopwatch.GetElapsedTime(started));
        }
        catch (SocketException)
        {
            return (PortState.Filtered, TimeSpan.Zero); // unreachable, no route: nothing answered this port
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (PortState.Filtered, TimeSpan.Zero);
        }
    }

    public void Dispose() => _inFlight.Dispose();
}
