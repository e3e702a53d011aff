using System.Management.Automation;
using ApiThreat.Engine.Net;

namespace ApiThreat.Infrastructure;

/// <summary>
/// The parameters every network-facing cmdlet shares (resolver, throttle, rate, timeout, scope, trust anchors)
/// and the engine context built from them.
/// </summary>
public abstract partial class NetworkCmdlet : AsyncPipelineCmdlet
{
    /// <summary>DNS servers: host, host:port, IPv4, [IPv6]:port. Default: the system's resolvers.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Resolver { get; set; }

    [Parameter]
    [ValidateRange(1, 10000)]
    public int ThrottleLimit { get; set; } = 50;

    /// <summary>Requests per second per host (0 = unlimited).</summary>
    [Parameter]
    [ValidateRange(0, 1000000)]
    public double RateLimit { get; set; }

    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 10;

    /// <summary>Domains (contoso.com), wildcards (*.contoso.com) and CIDR blocks the scan may contact.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Scope { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ExcludeScope { get; set; }

    /// <summary>Allow private, loopback and link-local addresses (refused by default).</summary>
    [Parameter]
    public SwitchParameter AllowPrivateAddress { get; set; }

    /// <summary>Allow cloud metadata addresses (169.254.169.254, fd00:ec2::254, 100.100.100.200...), which -AllowPrivateAddress does not open.</summary>
    [Parameter]
    public SwitchParameter AllowMetadataAddress { get; set; }

    /// <summary>Extra trust anchors (PEM or DER files) for private PKI.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TrustedRootCertificate { get; set; }

    [Parameter]
    public Uri? Proxy { get; set; }

    /// <summary>
    /// This worker's share of a split run, index/count (zero-based): targets are assigned by a stable hash of their
    /// host, domain or address, so N workers on the same input take disjoint parts. Default: JOB_COMPLETION_INDEX and
    /// APITHREAT_SHARD_COUNT when run as a Kubernetes Indexed Job, else the whole input.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Shard { get; set; }

    internal NetworkContext Network { get; private set; } = null!;

    /// <summary>-RateLimit when the user gives none (0 = unlimited); a cmdlet that sends many requests to one host lowers it.</summary>
    protected virtual double DefaultRateLimit => 0;

    protected override int Concurrency => ThrottleLimit;

    /// <summary>
    /// DNS queries in flight for a name sweep: -ThrottleLimit when given (at least <paramref name="floor"/>), else 500,
    /// since a resolver answers hundreds at once and the default throttle, sized for HTTP, would leave it idle.
    /// </summary>
    protected int QueriesInFlight(int floor = 1) => MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)) ? Math.Max(ThrottleLimit, floor) : 500;

    protected override void OnBegin()
    {
        if (!MyInvocation.BoundParameters.ContainsKey(nameof(RateLimit))) RateLimit = DefaultRateLimit;
        WorkShare = ResolveShard();
        ScopeGuard scope;
        List<System.Net.IPEndPoint> resolvers;
        try
        {
            scope = new ScopeGuard(Scope, ExcludeScope, AllowPrivateAddress.IsPresent, AllowMetadataAddress.IsPresent);
            resolvers = ResolverList.Parse(Resolver);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidScanParameter", ErrorCategory.InvalidArgument, null));
            return;
        }
        var options = new ScanOptions
        {
            Resolvers = resolvers,
            ThrottleLimit = ThrottleLimit,
            RateLimit = RateLimit,
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            Scope = scope,
            TrustedRoots = this.TrustAnchorsFrom(TrustedRootCertificate),
            Proxy = Proxy,
            Debug = DebugRequested ? QueueDebug : null,
        };
        var verbose = this.VerboseRequested() || DebugRequested;
        Network = new NetworkContext(options, verbose ? QueueVerbose : null);
        OnNetworkReady();
    }

    private Engine.Scan.ShardSpec ResolveShard()
    {
        string error;
        if (Shard is not null)
        {
            if (Engine.Scan.ShardSpec.TryParse(Shard, out var shard, out error)) return shard;
        }
        else
        {
            var fromEnvironment = Engine.Scan.ShardSpec.FromEnvironment(Environment.GetEnvironmentVariable, out error);
            if (fromEnvironment is { } shard) { WriteVerbose($"Shard {shard} from {Engine.Scan.ShardSpec.IndexVariable} and {Engine.Scan.ShardSpec.CountVariable}."); return shard; }
            if (error.Length == 0) return Engine.Scan.ShardSpec.Whole;
        }
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(error), "InvalidShard", ErrorCategory.InvalidArgument, Shard)
        { ErrorDetails = new ErrorDetails(error) { RecommendedAction = "Give -Shard index/count such as 0/3, or set JOB_COMPLETION_INDEX and APITHREAT_SHARD_COUNT." } });
        return Engine.Scan.ShardSpec.Whole;
    }

    /// <summary>Targets are sharded by their host (a URL's host, host:port's host, a domain or an address).</summary>
    protected override string? ShardKey(object target) => target switch
    {
        string s => Engine.Rules.TargetName.HostOf(s),
        Uri u => u.IdnHost,
        _ => Engine.Rules.TargetName.HostOf(target.ToString() ?? ""),
    };

    private readonly List<IDisposable> _owned = new();

    /// <summary>An engine object this cmdlet disposes with the network context (after its work has stopped).</summary>
    protected T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>Set-up that needs the network context.</summary>
    protected virtual void OnNetworkReady() { }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            for (var i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose(); // the last made may use the ones before it
            Network?.Dispose();
        }
        base.Dispose(disposing);
    }
}
