using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ApiThreat.Engine.Net;

/// <summary>
/// What a TLS handshake to a host name showed: the leaf, its judged errors, the errors SslStream reported, and when
/// (Environment.TickCount64) a connection last presented it.
/// </summary>
internal readonly record struct CertificateCapture(X509Certificate2 Cert, SslPolicyErrors Errors, SslPolicyErrors Reported, long At);

/// <summary>
/// One connection pool shared by every session of one kind (connections per server, HTTP/2 offered or not), instead of
/// a handler built and torn down per host: a handler costs its pool manager, cleanup timer and connection set-up state on
/// every host of a large inventory. Its connections close soon after their host's work (a short idle timeout, reaped by
/// the pool itself, so no request ever meets a connection closed under it) and live briefly at most, which also bounds
/// how long a host's certificate must be remembered for a connection reused without a new handshake.
/// </summary>
internal sealed class HttpSessionPool : IDisposable
{
    /// <summary>A pooled connection idle this long is closed: a host's requests follow each other much faster.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    /// <summary>No pooled connection lives longer; a slow host's work reconnects (and captures its certificate anew).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    public HttpSessionPool(Func<HttpSessionPool, HttpMessageInvoker> invoker) => Invoker = invoker(this);

    public HttpMessageInvoker Invoker { get; }

    /// <summary>By SNI name; an entry older than <see cref="Lifetime"/> serves no live connection and may go.</summary>
    public ConcurrentDictionary<string, CertificateCapture> Certificates { get; } = new(StringComparer.OrdinalIgnoreCase);

    public void Dispose() => Invoker.Dispose();
}
