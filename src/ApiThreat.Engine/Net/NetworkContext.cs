using ApiThreat.Engine.Net.Tls;
namespace ApiThreat.Engine.Net;

/// <summary>
/// Everything one cmdlet invocation uses to talk to the network: options, resolver, connector (scope-checked
/// connects), HTTP prober and per-host rate limiter. One per invocation; dispose it at the end.
/// </summary>
public sealed class NetworkContext : IDisposable
{
    public NetworkContext(ScanOptions options, Action<string>? log = null)
    {
        Options = options;
        Log = log ?? (_ => { });
        LogEnabled = log is not null;
        Resolver = new DnsResolver(options.Resolvers, options.DnsTimeout, options.DnsRetries);
        RateLimiter = new HostRateLimiter(options.RateLimit);
        Connector = new Connector(Resolver, options.Scope, options.Timeout, Log);
        _http = new Lazy<HttpProber>(() => new HttpProber(options, Connector, RateLimiter));
        Tls = new TlsClient(Connector, options.Timeout, options.TrustedRoots);
        Raw = new RawExchange(Connector, options.Timeout);
    }

    private NetworkContext(NetworkContext parent, HttpProber session)
    {
        Options = parent.Options;
        Log = parent.Log;
        LogEnabled = parent.LogEnabled;
        Resolver = parent.Resolver;
        RateLimiter = parent.RateLimiter;
        Connector = parent.Connector;
        Tls = parent.Tls;
        Raw = parent.Raw;
        _http = new Lazy<HttpProber>(session);
    }

    /// <summary>
    /// The same context with an HTTP session (<see cref="HttpProber.OpenSession"/>) for the work on one target: few
    /// connections per origin, closed by their pool within seconds of the target's last request instead of idling.
    /// </summary>
    public NetworkContext ForTarget() => new(this, Http.OpenSession());

    private readonly Lazy<HttpProber> _http;

    public ScanOptions Options { get; }
    public ScopeGuard Scope => Options.Scope;
    public DnsResolver Resolver { get; }
    public Connector Connector { get; }
    public HostRateLimiter RateLimiter { get; }
    public HttpProber Http => _http.Value;
    public TlsClient Tls { get; }
    /// <summary>Hand-built protocol probes (raw ClientHellos) over scope-checked connections.</summary>
    public RawExchange Raw { get; }
    /// <summary>Certificate chain builds shared by every grab of this invocation (many hosts share certificates).</summary>
    public ChainCache Chains { get; } = new();
    /// <summary>Verbose messages (what is being contacted); never carries secrets.</summary>
    public Action<string> Log { get; }

    /// <summary>Whether -Verbose listens: a hot path builds its message only when it does.</summary>
    public bool LogEnabled { get; }

    /// <summary>Debug messages (why: a path tried, a redirect refused, a finding raised or suppressed); never secrets.</summary>
    public void Debug(string message) => Options.Debug?.Invoke(message);

    /// <summary>Whether -Debug listens: build a decision message only when it does.</summary>
    public bool DebugEnabled => Options.DebugEnabled;

    public void Dispose()
    {
        if (_http.IsValueCreated) _http.Value.Dispose();
    }
}
