using System.Management.Automation;
using ApiThreat.Completers;
using ApiThreat.Engine.Discovery.Apis;
using ApiThreat.Engine.Discovery.Ports;
using ApiThreat.Engine.Inventory;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Scan;
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

    private InventoryRun? _run;

    protected override void OnNetworkReady() =>
        _run = Own(new InventoryRun(Network, Depth, InventoryRequests.Budget(Depth, CrawlPageLimit, CrawlDepth, CrawlByteLimit, CrawlTimeoutSec), IncludeSecrets.IsPresent, DataPaths.TopPorts));

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case PathSet: ReadStore(); break;
            case DomainSet: foreach (var d in Domain) StartDomain(d); break;
            default: foreach (var u in Url) StartTarget(u); break;
        }
    }

    private void ReadStore() => this.RunStoreWork(() =>
    {
        var items = InventoryReader.Read(this.StoreLocation(Path), Credential?.GetNetworkCredential(), Snapshot, ItemType, ListSnapshot.IsPresent, WriteVerbose, CancellationToken);
        foreach (var item in items) WriteObject(OutputText.Clean(item));
    }, Path, CancellationToken);

    private void StartDomain(string input)
    {
        if (!AcceptDomain(input, out var domain) || !TryPorts(out var ports)) return;
        Start(input, (sink, ct) => _run!.Discoverer.DiscoverDomainHostsAsync(domain, (host, token) =>
        {
            sink.Verbose($"{host} resolves: inventorying it");
            return _run.RunAsync(_run.ForHost(host, ports), ports, host, sink.OutputAsync, sink.Verbose, sink.ErrorAsync, token);
        }, ThrottleLimit, ct));
    }

    private void StartTarget(string input)
    {
        if (!AcceptTarget(input, out var target)) return;
        PortSpec? spec = null;
        if (target.Port is null && !TryPorts(out spec)) return;
        var (request, scan) = _run!.ForTarget(target, spec);
        Start(input, (sink, ct) => _run.RunAsync(request, scan, input, sink.OutputAsync, sink.Verbose, sink.ErrorAsync, ct));
    }

    /// <summary>-Port parsed; a bad value is an error for the input at hand.</summary>
    private bool TryPorts(out PortSpec? spec)
    {
        spec = null;
        try { spec = _run!.Ports(Port); }
        catch (ArgumentException ex) { WriteError(InputErrors.InvalidPort(ex, string.Join(",", Port!))); }
        return spec is not null || Port is not { Length: > 0 };
    }
}
