using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ApiThreat.Engine.Text;
using ApiThreat.Engine.Net.Tls;

namespace ApiThreat.Engine.Net;

/// <summary>
/// Connections to destinations the user names explicitly (a SIEM, a log collector), as opposed to scan targets.
/// Names resolve through the user's -Resolver when given (else the operating system, so hosts-file names work); no
/// scope guard applies, because the user chose the destination and a collector on 10.x or loopback is normal; TLS is
/// validated strictly (system trust plus -TrustedRootCertificate), because what goes there may carry a token and
/// findings about the organisation. Redirects are never followed (a token must not travel to another host).
/// </summary>
public sealed class DestinationConnector : IDisposable
{
    private readonly DnsResolver? _resolver;
    private readonly X509Certificate2Collection _trustedRoots;
    private readonly Lazy<HttpMessageInvoker> _http;

    public DestinationConnector(IReadOnlyList<IPEndPoint>? resolvers, TimeSpan timeout, X509Certificate2Collection? trustedRoots = null)
    {
        _resolver = resolvers is { Count: > 0 } ? new DnsResolver(resolvers, TimeSpan.FromSeconds(2), 2) : null;
        _trustedRoots = trustedRoots ?? new X509Certificate2Collection();
        Timeout = timeout;
        _http = new Lazy<HttpMessageInvoker>(CreateHttp);
    }

    public TimeSpan Timeout { get; }

    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var name = host.Trim().Trim('[', ']');
        if (IPAddress.TryParse(name, out var literal)) return new[] { literal };
        if (_resolver is not null)
        {
            var r = await _resolver.ResolveHostAsync(name, cancellationToken).ConfigureAwait(false);
            if (r.Addresses.Count > 0) return r.Addresses;
            throw new TargetException(host, "DestinationNotFound", TargetErrorKind.NotFound,
                $"The destination '{host}' could not be resolved through -Resolver ({r.Status}).", "Check the name, or give its address.");
        }
        try
        {
            var addresses = await System.Net.Dns.GetHostAddressesAsync(name, cancellationToken).ConfigureAwait(false);
            if (addresses.Length > 0) return addresses;
        }
        catch (SocketException) { }
        throw new TargetException(host, "DestinationNotFound", TargetErrorKind.NotFound,
            $"The destination '{host}' could not be resolved.", "Check the name, or give its address.");
    }

    /// <summary>A UDP socket connected to the destination (so ICMP port-unreachable surfaces as an error on later sends).</summary>
    public async Task<Socket> ConnectUdpAsync(string host, int port, CancellationToken cancellationToken)
    {
        var address = (await ResolveAsync(host, cancellationToken).ConfigureAwait(false)).OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).First();
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task<Stream> ConnectTcpAsync(string host, int port, CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var address in (await ResolveAsync(host, cancellationToken).ConfigureAwait(false)).OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1))
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                last = new TargetException($"{host}:{port}", "DestinationTimeout", TargetErrorKind.Timeout,
                    $"Connecting to {host}:{port} ({address}) timed out after {Timeout.TotalSeconds:0.#} s.", "Check that the collector listens there.");
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = new TargetException($"{host}:{port}", "DestinationUnreachable", TargetErrorKind.ConnectionError,
                    $"Connecting to {host}:{port} ({address}) failed: {ex.SocketErrorCode}.", "Check that the collector listens on that port.", ex);
            }
        }
        throw last ?? new TargetException(host, "DestinationUnreachable", TargetErrorKind.ConnectionError, $"No address of {host} accepted a connection.");
    }

    /// <summary>TCP then TLS, the server certificate validated for <paramref name="serverName"/> (default: the host).</summary>
    public async Task<Stream> ConnectTlsAsync(string host, int port, string? serverName, CancellationToken cancellationToken) =>
        await StartTlsAsync(await ConnectTcpAsync(host, port, cancellationToken).ConfigureAwait(false), host, port, serverName, cancellationToken)
            .ConfigureAwait(false);

    /// <summary>TLS over a connected stream (which the returned stream owns), validated for <paramref name="serverName"/> (default: the host).</summary>
    public async Task<SslStream> StartTlsAsync(Stream inner, string host, int port, string? serverName, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = serverName ?? host.Trim('[', ']'),
                RemoteCertificateValidationCallback = Validate,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, timeout.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new TargetException($"{host}:{port}", "DestinationTlsFailed", TargetErrorKind.ConnectionError,
                $"The TLS connection to {host}:{port} failed: {ex.Message}",
                "Check the collector's certificate; for a private CA give it with -TrustedRootCertificate.", ex);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>System trust, or a chain ending in one of the user's anchors; the name must match either way.</summary>
    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) return false;
        var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        var sent = chain?.ChainPolicy.ExtraStore.Cast<X509Certificate2>() ?? Enumerable.Empty<X509Certificate2>();
        return TrustEvaluator.Evaluate(leaf, sent, errors, _trustedRoots) == SslPolicyErrors.None;
    }

    /// <summary>The most of a destination's answer that is read: a collector that answers a gigabyte is cut here.</summary>
    public const int MaxAnswerBytes = 64 * 1024;

    /// <summary>POSTs a body; returns status and the first <see cref="MaxAnswerBytes"/> of the answer, as text. Never follows redirects.</summary>
    public async Task<(int Status, string Body)> PostAsync(Uri uri, string body, string contentType,
        IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var message = new HttpRequestMessage(HttpMethod.Post, uri) { Version = HttpVersion.Version11 };
        message.Headers.TryAddWithoutValidation("User-Agent", "ApiThreat/" + EngineInfo.Version);
        foreach (var h in headers) message.Headers.TryAddWithoutValidation(h.Key, h.Value);
        message.Content = new StringContent(body, System.Text.Encoding.UTF8);
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        try
        {
            using var response = await _http.Value.SendAsync(message, timeout.Token).ConfigureAwait(false);
            var text = await ReadCappedAsync(response.Content, timeout.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, TextSafety.Truncate(text, 2048));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TargetException(SafeUri(uri), "DestinationTimeout", TargetErrorKind.Timeout,
                $"POST {SafeUri(uri)} did not complete within {Timeout.TotalSeconds:0.#} s.", "Check that the collector is up, or raise -TimeoutSec.");
        }
        catch (HttpRequestException ex) when (ex.InnerException is TargetException inner)
        {
            throw inner;
        }
        catch (HttpRequestException ex)
        {
            throw new TargetException(SafeUri(uri), "DestinationUnreachable", TargetErrorKind.ConnectionError,
                $"POST {SafeUri(uri)} failed: {ex.Message}", "Check the URI and that the collector is up; for a private CA give -TrustedRootCertificate.", ex);
        }
    }

    /// <summary>Reads at most <see cref="MaxAnswerBytes"/> of a body; the rest is never read (the connection is dropped with the response).</summary>
    private static async Task<string> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxAnswerBytes];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            filled += read;
        }
        return System.Text.Encoding.UTF8.GetString(buffer, 0, filled);
    }

    /// <summary>The URI without user info or query (which may hold a token), for messages.</summary>
    public static string SafeUri(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private HttpMessageInvoker CreateHttp()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = Timeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            MaxResponseHeadersLength = 64,
            ConnectCallback = async (context, ct) =>
                await ConnectTcpAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, ct).ConfigureAwait(false),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = Validate,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            },
        };
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public void Dispose()
    {
        if (_http.IsValueCreated) _http.Value.Dispose();
    }
}
