using System.Net;
using System.Security.Cryptography.X509Certificates;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Net;

/// <summary>The limits and choices every network-facing cmdlet shares.</summary>
public sealed class ScanOptions
{
    /// <summary>DNS servers to ask; empty means the system's resolvers.</summary>
    public IReadOnlyList<IPEndPoint> Resolvers { get; init; } = Array.Empty<IPEndPoint>();
    public int ThrottleLimit { get; init; } = 50;
    /// <summary>Requests (or DNS queries) per second per host; 0 = unlimited.</summary>
    public double RateLimit { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan DnsTimeout { get; init; } = TimeSpan.FromSeconds(2);
    public int DnsRetries { get; init; } = 3;
    public ScopeGuard Scope { get; init; } = new();
    public long MaxBodyBytes { get; init; } = 2 * 1024 * 1024;
    public int MaxHeaderKilobytes { get; init; } = 64;
    public int MaxRedirects { get; init; } = 5;
    public X509Certificate2Collection TrustedRoots { get; init; } = new();
    public Uri? Proxy { get; init; }
    public string UserAgent { get; init; } = "Mozilla/5.0 (compatible; ApiThreat/" + EngineInfo.Version + "; +external attack-surface scan)";

    /// <summary>
    /// Decisions, for -Debug: why a path was tried, why a redirect was not followed, why a finding fired or was
    /// suppressed. Null when nobody listens: test <see cref="DebugEnabled"/> before building a message. Never secrets.
    /// </summary>
    public Action<string>? Debug { get; init; }

    public bool DebugEnabled => Debug is not null;
}
