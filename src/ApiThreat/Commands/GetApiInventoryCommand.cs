using System.Management.Automation;
using ApiThreat.Completers;
using ApiThreat.Engine.Discovery.Apis;
using ApiThreat.Engine.Discovery.Crawl;
using ApiThreat.Engine.Discovery.Ports;
using ApiThreat.Engine.Inventory;
using ApiThreat.Engine.Net;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Discovers the APIs of hosts, URLs or a domain (one ApiEndpoint per API, as each host completes), or reads a
/// stored inventory back from a database written by Save-ApiInventory.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ApiInventory", DefaultParameterSetName = UrlSet)]
[OutputType(typeof(ApiEndpoint), ParameterSetName = new[] { UrlSet, DomainSet, PathSet })]
[OutputType(typeof(InventorySnapshot), ParameterSetName = new[] { PathSet })]
[OutputType(typeof(ExposedSecret), ParameterSetName = new[] { UrlSet, DomainSet })]
public sealed class GetApiInventoryCommand : NetworkCmdlet
{
    private const string UrlSet = "Url";
    private const string DomainSet = "Domain";
    private const string PathSet = "Path";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = UrlSet)]
    [Alias("HostName", "Uri", "Target")]
    [ValidateNotNullOrEmpty]
    public string[] Url { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = DomainSet)]
    [ValidateNotNullOrEmpty]
    public string[] Domain { get; set; } = Array.Empty<string>();

    /// <summary>Ports: numbers, ranges (8000-8100, 1-65535) or Top100/Top1000; a list or range is connect-scanned first.</summary>
    [Parameter(ParameterSetName = UrlSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = DomainSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Port { get; set; }

    [Parameter(ParameterSetName = UrlSet)]
    [Parameter(ParameterSetName = DomainSet)]
    public DiscoveryDepth Depth { get; set; } = DiscoveryDepth.Standard;

    /// <summary>Pages (every request of the crawl: pages, scripts, source maps) the crawl may fetch per origin; 0 turns the crawl off.</summary>
    [Parameter(ParameterSetName = UrlSet)]
    [Parameter(ParameterSetName = DomainSet)]
    [ValidateRange(0, 100_000)]
    public int? CrawlPageLimit { get; set; }

    /// <summary>Link depth from the root the crawl follows.</summary>
    [Parameter(ParameterSetName = UrlSet)]
    [Parameter(ParameterSetName = DomainSet)]
    [ValidateRange(0, 20)]
    public int? CrawlDepth { get; set; }

    /// <summary>Body bytes the crawl may read per origin (pages, scripts, source maps together).</summary>
    [Parameter(ParameterSetName = UrlSet)]
    [Parameter(ParameterSetName = DomainSet)]
    [ValidateRange(0, 1L << 32)]
    public long? CrawlByteLimit { get; set; }

    /// <summary>Seconds the crawl of one origin may take.</summary>
    [Parameter(ParameterSetName = UrlSet)]
    [Parameter(ParameterSetName = DomainSet)]
    [ValidateRange(1, 3600)]
    public int? CrawlTimeoutSec { get; set; }

    /// <summary>Also run Find-ExposedSecret's detectors on every answer discovery fetches (no extra request); secrets are written as ExposedSecret objects.</summary>
    [Parameter(ParameterSetName = UrlSet)]
    [Parameter(ParameterSetName = DomainSet)]
    public SwitchParameter IncludeSecrets { get; set; }

    /// <summary>An inventory database written by Save-ApiInventory: read it back instead of scanning.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [Alias("PSPath", "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Which snapshot: an id, latest (default), previous, or a date (the last snapshot on or before it).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SnapshotCompleter))]
    public string? Snapshot { get; set; }

    /// <summary>Item types to read (ApiEndpoint, DiscoveredHost, CertificateInfo...); default ApiEndpoint.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ItemTypeCompleter))]
    public string[]? ItemType { get; set; }

    /// <summary>User name and password for a PostgreSQL inventory (-Path postgres://host/database).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>List the snapshots of the database instead of reading one.</summary>
    [Parameter(ParameterSetName = PathSet)]
    public SwitchParameter ListSnapshot { get; set; }

    private ApiDiscoverer? _discoverer;
    private ConnectScanner? _scanner;
    private (string Text, PortSpec Spec)? _ports;

    private CrawlBudget? _crawl;

    protected override void OnNetworkReady()
    {
        _discoverer = new ApiDiscoverer(Network);
        _crawl = InventoryRequests.Budget(Depth, CrawlPageLimit, CrawlDepth, CrawlByteLimit, CrawlTimeoutSec);
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case PathSet: ReadStore(); break;
            case DomainSet: foreach (var d in Domain) StartDomain(d); break;
            default: foreach (var u in Url) StartTarget(u); break;
        }
    }

    private void ReadStore()
    {
        var file = this.StoreLocation(Path);
        try
        {
            using var store = InventoryStores.Open(file, create: false, Credential?.GetNetworkCredential(), CancellationToken);
            if (ListSnapshot.IsPresent)
            {
                foreach (var s in store.ListSnapshots()) WriteObject(OutputText.Clean(s));
                return;
            }
            var snapshot = store.ResolveSnapshot(Snapshot);
            WriteVerbose($"Reading snapshot {snapshot.Id} of {store.Location}, taken {snapshot.Taken:u}");
            var types = ItemType is { Length: > 0 } ? ItemType : new[] { nameof(ApiEndpoint) };
            var all = types.Any(t => t == "*");
            foreach (var item in store.ReadItems(snapshot.Id, all ? null : types)) WriteObject(OutputText.Clean(item.Value));
        }
        catch (TargetException ex)
        {
            ThrowTerminatingError(ErrorMapping.ToErrorRecord(ex, Path));
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private void StartDomain(string input)
    {
        if (!AcceptDomain(input, out var domain) || !TryPorts(input, out var ports)) return;
        Start(input, (sink, ct) => _discoverer!.DiscoverDomainHostsAsync(domain, async (host, token) =>
        {
            sink.Verbose($"{host} resolves: inventorying it");
            await DiscoverAsync(sink, Request(host, ports?.Ports ?? ApiPathCatalog.DefaultPorts, ports is not null, null, null), host, token, ports).ConfigureAwait(false);
        }, ThrottleLimit, ct));
    }

    private void StartTarget(string input)
    {
        if (!AcceptTarget(input, out var target)) return;
        PortSpec? spec = null;
        if (target.Port is null && !TryPorts(input, out spec)) return;
        var (ports, explicitPorts, scan) = InventoryRequests.PortsFor(target, spec);
        var request = Request(target.Host, ports, explicitPorts, target.Scheme, target.PathAndQuery is { Length: > 1 } path ? path : null);
        Start(input, (sink, ct) => DiscoverAsync(sink, request, input, ct, scan));
    }

    private ApiDiscoveryRequest Request(string host, IReadOnlyList<int> ports, bool explicitPorts, string? scheme, string? path, Engine.DigitalRisk.Secrets.ResponseSecretCollector? secrets = null) =>
        InventoryRequests.Request(host, ports, explicitPorts, scheme, path, Depth, _crawl, secrets is null ? null : secrets.Observe);

    /// <summary>-Port parsed (once per distinct value: it may bind per piped object); a bad value is an error for that input.</summary>
    private bool TryPorts(string input, out PortSpec? spec)
    {
        spec = null;
        if (Port is not { Length: > 0 }) return true;
        var text = string.Join(",", Port);
        if (_ports is { } known && known.Text == text) { spec = known.Spec; return true; }
        try { spec = PortSpec.Parse(Port, () => PortSpec.LoadRanked(DataPaths.TopPorts)); }
        catch (ArgumentException ex)
        {
            WriteError(new ErrorRecord(ex, "InvalidPort", ErrorCategory.InvalidArgument, text)
            { ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = "Give -Port numbers (443), ranges (8000-8100, 1-65535) or Top100/Top1000." } });
            return false;
        }
        _ports = (text, spec);
        if (spec.IsScan) _scanner ??= new ConnectScanner(Network);
        return true;
    }

    private async Task DiscoverAsync(ResultSink sink, ApiDiscoveryRequest request, string input, CancellationToken ct, PortSpec? scan = null)
    {
        var secrets = IncludeSecrets.IsPresent ? new Engine.DigitalRisk.Secrets.ResponseSecretCollector(Engine.DigitalRisk.Secrets.SecretCatalog.Bundled, ct) : null;
        if (secrets is not null) request = Request(request.Host, request.Ports, request.PortsExplicit, request.Scheme, request.Path, secrets);
        var result = scan is { IsScan: true }
            ? await PortScanDiscovery.DiscoverAsync(_discoverer!, _scanner!, Network, request, scan, e => sink.OutputAsync(e), ct).ConfigureAwait(false)
            : await _discoverer!.DiscoverHostAsync(request, e => sink.OutputAsync(e), ct).ConfigureAwait(false);
        if (secrets is not null)
            foreach (var secret in secrets.Drain(Network.DebugEnabled ? Network.Debug : null)) await sink.OutputAsync(secret).ConfigureAwait(false);
        sink.Verbose($"{request.Host}: {result.OriginsAnswered} origin(s) answered, {result.EndpointsFound} API endpoint(s), {result.Requests} request(s)");
        foreach (var error in PortFailurePolicy.Errors(request, result))
            await sink.ErrorAsync(error, request.PortsExplicit ? error.Target : input).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _scanner?.Dispose();
        base.Dispose(disposing);
    }
}
