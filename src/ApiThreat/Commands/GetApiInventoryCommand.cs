using System.Management.Automation;
using ApiThreat.Engine.Discovery.Apis;
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

    [Parameter(ParameterSetName = UrlSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = DomainSet)]
    [ValidateRange(1, 65535)]
    public int[]? Port { get; set; }

    [Parameter(ParameterSetName = UrlSet)]
    [Parameter(ParameterSetName = DomainSet)]
    public DiscoveryDepth Depth { get; set; } = DiscoveryDepth.Standard;

    /// <summary>An inventory database written by Save-ApiInventory: read it back instead of scanning.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [Alias("PSPath", "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Which snapshot: an id, latest (default), previous, or a date (the last snapshot on or before it).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string? Snapshot { get; set; }

    /// <summary>Item types to read (ApiEndpoint, DiscoveredHost, CertificateInfo...); default ApiEndpoint.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string[]? ItemType { get; set; }

    /// <summary>List the snapshots of the database instead of reading one.</summary>
    [Parameter(ParameterSetName = PathSet)]
    public SwitchParameter ListSnapshot { get; set; }

    private ApiDiscoverer? _discoverer;

    protected override void OnNetworkReady() => _discoverer = new ApiDiscoverer(Network);

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
        var file = GetUnresolvedProviderPathFromPSPath(Path);
        try
        {
            using var store = InventoryStore.Open(file, create: false, CancellationToken);
            if (ListSnapshot.IsPresent)
            {
                foreach (var s in store.ListSnapshots()) WriteObject(s);
                return;
            }
            var snapshot = store.ResolveSnapshot(Snapshot);
            WriteVerbose($"Reading snapshot {snapshot.Id} of {file}, taken {snapshot.Taken:u}");
            var types = ItemType is { Length: > 0 } ? ItemType : new[] { nameof(ApiEndpoint) };
            var all = types.Any(t => t == "*");
            foreach (var item in store.ReadItems(snapshot.Id, all ? null : types)) WriteObject(item.Value);
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
        if (!ScanTarget.TryHost(input, out var domain, out var error) || System.Net.IPAddress.TryParse(domain, out _))
        {
            WriteError(new ErrorRecord(new ArgumentException($"'{input}' is not a domain name: {error}"), "InvalidDomain", ErrorCategory.InvalidArgument, input)
            { ErrorDetails = new ErrorDetails($"'{input}' is not a domain name.") { RecommendedAction = "Give a domain such as contoso.com." } });
            return;
        }
        Network.Scope.AddImplicitDomain(domain);
        // Without subdomain discovery in this call: the domain itself and the usual API host labels. Names that only
        // answer through a wildcard record are skipped (they would all be the same host).
        Start(input, async (sink, ct) =>
        {
            var wildcard = await Network.Resolver.ResolveHostAsync($"apithreat-{Guid.NewGuid():n}.{domain}", ct).ConfigureAwait(false);
            var wildcardAddresses = wildcard.Addresses.Select(a => a.ToString()).Order().ToArray();
            var candidates = new[] { domain }.Concat(ApiPathCatalog.ApiHostLabels.Select(l => $"{l}.{domain}"));
            await Parallel.ForEachAsync(candidates, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(ThrottleLimit, 16)), CancellationToken = ct }, async (host, token) =>
            {
                var resolution = await Network.Resolver.ResolveHostAsync(host, token).ConfigureAwait(false);
                if (resolution.Addresses.Count == 0) return;
                if (host != domain && wildcardAddresses.Length > 0 && resolution.Addresses.Select(a => a.ToString()).Order().SequenceEqual(wildcardAddresses)) return;
                sink.Verbose($"{host} resolves: inventorying it");
                await DiscoverAsync(sink, new ApiDiscoveryRequest { Host = host, Ports = Port ?? ApiPathCatalog.DefaultPorts, PortsExplicit = Port is not null, Depth = Depth }, host, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        });
    }

    private void StartTarget(string input)
    {
        if (!ScanTarget.TryParse(input, out var target, out var error))
        {
            WriteError(new ErrorRecord(new ArgumentException(error), "InvalidTarget", ErrorCategory.InvalidArgument, input)
            { ErrorDetails = new ErrorDetails(error) { RecommendedAction = "Give a host name, host:port or an http(s) URL." } });
            return;
        }
        Network.Scope.AddImplicitHost(target!.Host);
        IReadOnlyList<int> ports;
        var explicitPorts = true;
        if (target.Port is { } p) ports = new[] { p };
        else if (Port is { Length: > 0 }) ports = Port;
        else if (target.Scheme is not null) ports = new[] { target.Scheme == "https" ? 443 : 80 };
        else { ports = ApiPathCatalog.DefaultPorts; explicitPorts = false; }
        var request = new ApiDiscoveryRequest
        {
            Host = target.Host,
            Ports = ports,
            PortsExplicit = explicitPorts,
            Scheme = target.Scheme,
            Path = target.PathAndQuery is { Length: > 1 } path ? path : null,
            Depth = Depth,
        };
        Start(input, (sink, ct) => DiscoverAsync(sink, request, input, ct));
    }

    private async Task DiscoverAsync(ResultSink sink, ApiDiscoveryRequest request, string input, CancellationToken ct)
    {
        var result = await _discoverer!.DiscoverHostAsync(request, e => sink.OutputAsync(e), ct).ConfigureAwait(false);
        sink.Verbose($"{request.Host}: {result.OriginsAnswered} origin(s) answered, {result.EndpointsFound} API endpoint(s), {result.Requests} request(s)");
        if (request.PortsExplicit)
        {
            foreach (var failure in result.Failures) await sink.ErrorAsync(failure, failure.Target).ConfigureAwait(false);
        }
        else if (result.OriginsAnswered == 0 && result.Failures.Count > 0)
        {
            var first = result.Failures[0];
            await sink.ErrorAsync(new TargetException(request.Host, "NoPortAnswered", first.Kind,
                $"None of the ports {string.Join(", ", request.Ports)} of {request.Host} answered HTTP or HTTPS (for example: {first.Message})",
                "Check that the host serves HTTP, or name its ports with -Port.", first), input).ConfigureAwait(false);
        }
    }
}
