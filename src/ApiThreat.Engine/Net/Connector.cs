using System.Net;
using System.Net.Sockets;

namespace ApiThreat.Engine.Net;

/// <summary>
/// Opens TCP connections the way the scan's DNS sees the world: names resolve through <see cref="DnsResolver"/>,
/// every address is checked by the scope guard before a SYN is sent.
/// </summary>
public sealed class Connector
{
    private readonly DnsResolver _resolver;
    private readonly ScopeGuard _scope;
    private readonly TimeSpan _timeout;

    public Connector(DnsResolver resolver, ScopeGuard scope, TimeSpan timeout)
    {
        _resolver = resolver;
        _scope = scope;
        _timeout = timeout;
    }

    // Allowed addresses of recently resolved hosts: a target's several connections (HTTP and HTTPS sessions, probes)
    // would otherwise ask the resolver again for each. Short-lived and bounded; failures are never kept.
    private static readonly TimeSpan s_keep = TimeSpan.FromSeconds(30);
    private const int MaxKept = 10_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (IReadOnlyList<IPAddress> Addresses, long Until)> _recent =
        new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Resolves a host and returns the addresses the scope allows; throws when none is left.</summary>
    public async Task<IReadOnlyList<IPAddress>> ResolveAllowedAsync(string host, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        if (_recent.TryGetValue(host, out var kept) && now < kept.Until) return kept.Addresses;
        var allowed = await ResolveAndCheckAsync(host, cancellationToken).ConfigureAwait(false);
        if (_recent.Count >= MaxKept) _recent.Clear();
        _recent[host] = (allowed, now + (long)s_keep.TotalMilliseconds);
        return allowed;
    }

    private async Task<IReadOnlyList<IPAddress>> ResolveAndCheckAsync(string host, CancellationToken cancellationToken)
    {
        var resolution = await _resolver.ResolveHostAsync(host, cancellationToken).ConfigureAwait(false);
        if (resolution.Addresses.Count == 0)
        {
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
        foreach (var cname in resolution.CnameChain) _scope.EnsureHostInScopeForCname(host, cname);
        var allowed = new List<IPAddress>();
        string? lastReason = null;
        foreach (var address in resolution.Addresses)
        {
            if (_scope.IsAddressAllowed(address, out var reason)) allowed.Add(address);
            else lastReason = reason;
        }
        if (allowed.Count == 0) throw new OutOfScopeException(host, lastReason ?? "no allowed address");
        return allowed;
    }

    /// <param name="resolved">Addresses <see cref="ResolveAllowedAsync"/> already returned for this host (several
    /// connections to one target share one resolution).</param>
    public async Task<(Socket Socket, IPAddress Address)> ConnectAsync(string host, int port, CancellationToken cancellationToken,
        IReadOnlyList<IPAddress>? resolved = null)
    {
        var addresses = resolved ?? await ResolveAllowedAsync(host, cancellationToken).ConfigureAwait(false);
        Exception? last = null;
        foreach (var address in addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1))
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_timeout);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token).ConfigureAwait(false);
                return (socket, address);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                last = new TargetException($"{host}:{port}", "ConnectTimeout", TargetErrorKind.Timeout,
                    $"Connecting to {host}:{port} ({address}) timed out after {_timeout.TotalSeconds:0.#} s.",
                    "Check that the port is open, or raise -TimeoutSec.");
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = new TargetException($"{host}:{port}", "ConnectFailed", TargetErrorKind.ConnectionError,
                    $"Connecting to {host}:{port} ({address}) failed: {ex.SocketErrorCode}.",
                    "Check that the service listens on that port and that nothing filters it.", ex);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new TargetException(host, "ConnectFailed", TargetErrorKind.ConnectionError, $"No address of {host} accepted a connection.");
    }
}
