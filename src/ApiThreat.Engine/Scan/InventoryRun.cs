using ApiThreat.Engine.DigitalRisk.Secrets;
using ApiThreat.Engine.Discovery.Apis;
using ApiThreat.Engine.Discovery.Crawl;
using ApiThreat.Engine.Discovery.Ports;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Scan;

/// <summary>
/// Get-ApiInventory's discovery on one network context: each host or URL with the user's ports (parsed once, a list or
/// range connect-scanned first), depth and crawl budget, optionally the secret detectors on every answer; endpoints
/// and secrets stream out as found, and each failing port the user named becomes an error. Here rather than in
/// Discovery because it joins discovery with DigitalRisk's secret detection.
/// </summary>
public sealed class InventoryRun : IDisposable
{
    private readonly NetworkContext _network;
    private readonly DiscoveryDepth _depth;
    private readonly CrawlBudget _crawl;
    private readonly bool _includeSecrets;
    private readonly string _topPortsFile;
    private ConnectScanner? _scanner;
    private (string Text, PortSpec Spec)? _ports;

    public InventoryRun(NetworkContext network, DiscoveryDepth depth, CrawlBudget crawl, bool includeSecrets, string topPortsFile)
    {
        _network = network;
        _depth = depth;
        _crawl = crawl;
        _includeSecrets = includeSecrets;
        _topPortsFile = topPortsFile;
        Discoverer = new ApiDiscoverer(network);
    }

    public ApiDiscoverer Discoverer { get; }

    /// <summary>
    /// -Port parsed (once per distinct value: it may bind per piped object); null when none was given. A bad value
    /// throws <see cref="ArgumentException"/>.
    /// </summary>
    public PortSpec? Ports(string[]? values)
    {
        if (values is not { Length: > 0 }) return null;
        var text = string.Join(",", values);
        if (_ports is { } known && known.Text == text) return known.Spec;
        var spec = PortSpec.Parse(values, () => PortSpec.LoadRanked(_topPortsFile));
        _ports = (text, spec);
        if (spec.IsScan) _scanner ??= new ConnectScanner(_network);
        return spec;
    }

    /// <summary>A domain's host: the ports given, else the inventory's usual ones.</summary>
    public ApiDiscoveryRequest ForHost(string host, PortSpec? spec) =>
        InventoryRequests.Request(host, spec?.Ports ?? ApiPathCatalog.DefaultPorts, spec is not null, null, null, _depth, _crawl, null);

    /// <summary>A host, host:port or URL: its own port or scheme wins over -Port; a path becomes the crawl's start.</summary>
    public (ApiDiscoveryRequest Request, PortSpec? Scan) ForTarget(ScanTarget target, PortSpec? spec)
    {
        var (ports, explicitPorts, scan) = InventoryRequests.PortsFor(target, spec);
        var path = target.PathAndQuery is { Length: > 1 } p ? p : null;
        return (InventoryRequests.Request(target.Host, ports, explicitPorts, target.Scheme, path, _depth, _crawl, null), scan);
    }

    /// <summary>
    /// Discovers one host: endpoints and secrets to <paramref name="output"/>, a closing line to <paramref name="verbose"/>,
    /// each failing port to <paramref name="error"/> with what it names (the port's URL when the user named ports, else <paramref name="input"/>).
    /// </summary>
    public async Task RunAsync(ApiDiscoveryRequest request, PortSpec? scan, object input, Func<object, ValueTask> output, Action<string> verbose,
        Func<TargetException, object, ValueTask> error, CancellationToken cancellationToken)
    {
        var secrets = _includeSecrets ? new ResponseSecretCollector(SecretCatalog.Bundled, cancellationToken) : null;
        if (secrets is not null)
            request = InventoryRequests.Request(request.Host, request.Ports, request.PortsExplicit, request.Scheme, request.Path, _depth, _crawl, secrets.Observe);
        var result = scan is { IsScan: true }
            ? await PortScanDiscovery.DiscoverAsync(Discoverer, _scanner!, _network, request, scan, e => output(e), cancellationToken).ConfigureAwait(false)
            : await Discoverer.DiscoverHostAsync(request, e => output(e), cancellationToken).ConfigureAwait(false);
        if (secrets is not null)
            foreach (var secret in secrets.Drain(_network.DebugEnabled ? _network.Debug : null)) await output(secret).ConfigureAwait(false);
        verbose($"{request.Host}: {result.OriginsAnswered} origin(s) answered, {result.EndpointsFound} API endpoint(s), {result.Requests} request(s)");
        foreach (var failure in PortFailurePolicy.Errors(request, result))
            await error(failure, request.PortsExplicit ? failure.Target : input).ConfigureAwait(false);
    }

    public void Dispose() => _scanner?.Dispose();
}
