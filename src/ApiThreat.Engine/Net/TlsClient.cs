using System.Net;
using System.Net.Sockets;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ApiThreat.Engine.Net.Tls;

namespace ApiThreat.Engine.Net;

/// <summary>What one TLS handshake showed: the chain as sent, the negotiated protocol and suite.</summary>
public sealed class TlsSession
{
    public required string HostName { get; init; }
    public required int Port { get; init; }
    public string? ServerName { get; init; }
    public IPAddress? Address { get; init; }
    public X509Certificate2? Leaf { get; init; }
    /// <summary>The certificates the server sent, leaf first.</summary>
    public IReadOnlyList<X509Certificate2> ChainAsSent { get; init; } = Array.Empty<X509Certificate2>();
    /// <summary>
    /// The errors a default client would report (system store, with the user's trust anchors on top). Judged on first
    /// read: the handshake itself only builds a cheap anchor-less chain, and most callers never ask.
    /// </summary>
    public SslPolicyErrors PolicyErrors
    {
        get => _policyErrors?.Value ?? SslPolicyErrors.None;
        init => _policyErrors = new Lazy<SslPolicyErrors>(value);
    }

    private Lazy<SslPolicyErrors>? _policyErrors;

    internal Func<SslPolicyErrors> JudgePolicyErrors { init => _policyErrors = new Lazy<SslPolicyErrors>(value); }
    public SslProtocols Protocol { get; init; }
    public TlsCipherSuite? CipherSuite { get; init; }
    public string? ApplicationProtocol { get; init; }
}

/// <summary>
/// TLS handshakes through the scan's resolver and scope guard. An invalid certificate is evidence: the handshake
/// always completes if the server lets it.
/// </summary>
public sealed class TlsClient
{
    private readonly Connector _connector;
    private readonly TimeSpan _timeout;

    private readonly X509Certificate2Collection _trustedRoots;

    public TlsClient(Connector connector, TimeSpan timeout, X509Certificate2Collection? trustedRoots = null)
    {
        _connector = connector;
        _timeout = timeout;
        _trustedRoots = trustedRoots ?? new X509Certificate2Collection();
    }

    public async Task<TlsSession> HandshakeAsync(string host, int port, string? serverName, CancellationToken cancellationToken,
        SslProtocols protocols = SslProtocols.None, IReadOnlyList<IPAddress>? resolved = null)
    {
        var (socket, address) = await _connector.ConnectAsync(host, port, cancellationToken, resolved).ConfigureAwait(false);
        await using var network = new NetworkStream(socket, ownsSocket: true);
        X509Certificate2[] sent = Array.Empty<X509Certificate2>();
        var received = new List<X509Certificate>();
        var errors = SslPolicyErrors.None;
        await using var ssl = new SslStream(network, leaveInnerStreamOpen: false, (_, certificate, chain, policyErrors) =>
        {
            errors = policyErrors & ~SslPolicyErrors.RemoteCertificateChainErrors; // the chain is judged later, if asked
            var list = new List<X509Certificate2>();
            if (certificate is not null) { list.Add(new X509Certificate2(certificate)); received.Add(certificate); }
            if (chain is not null)
                foreach (var extra in chain.ChainPolicy.ExtraStore)
                {
                    received.Add(extra);
                    if (!list.Any(c => c.RawDataMemory.Span.SequenceEqual(extra.RawDataMemory.Span))) list.Add(new X509Certificate2(extra));
                }
            sent = list.ToArray();
            return true;
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var sni = serverName ?? (IPAddress.TryParse(host, out _) ? null : host);
        // Every handshake is a full one (what the server really presents now, like `openssl s_time -new`). A name's
        // first handshake in this process may use the shared TLS context (TlsContextNames): nothing can be resumed for
        // a name never sent before; later ones get a context of their own that keeps no session.
        var shared = protocols == SslProtocols.None && TlsContextNames.TryClaim(sni);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = sni ?? "",
                EnabledSslProtocols = shared ? TlsContextNames.Protocols : protocols,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                CertificateChainPolicy = TrustEvaluator.AnchorlessPolicy(),
                AllowTlsResume = shared,
            }, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TargetException($"{host}:{port}", "TlsHandshakeTimeout", TargetErrorKind.Timeout,
                $"The TLS handshake with {host}:{port} did not complete within {_timeout.TotalSeconds:0.#} s.", "Check that the port speaks TLS, or raise -TimeoutSec.");
        }
        catch (AuthenticationException) when (shared && !cancellationToken.IsCancellationRequested)
        {
            // The shared context offers TLS 1.2 and 1.3 only; where the platform's default also allows older versions,
            // the name's next handshake (unshared, default protocols) gets what a default client would.
            await ssl.DisposeAsync().ConfigureAwait(false);
            return await HandshakeAsync(host, port, serverName, cancellationToken, protocols, resolved).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            throw new TargetException($"{host}:{port}", "TlsHandshakeFailed", TargetErrorKind.ConnectionError,
                $"The TLS handshake with {host}:{port} failed: {ex.Message}", "Check that the port speaks TLS.", ex);
        }
        finally
        {
            // SslStream's own certificate objects (the session holds copies): freed now, not by the finalizer thread.
            foreach (var c in received) c.Dispose();
        }
        return new TlsSession
        {
            HostName = host,
            Port = port,
            ServerName = sni,
            Address = address,
            Leaf = sent.FirstOrDefault(),
            ChainAsSent = sent,
            JudgePolicyErrors = () => sent.Length == 0 ? errors : errors | TrustEvaluator.ChainErrors(sent[0], sent, _trustedRoots),
            Protocol = ssl.SslProtocol,
            CipherSuite = ssl.NegotiatedCipherSuite,
            ApplicationProtocol = ssl.NegotiatedApplicationProtocol.ToString(),
        };
    }

    /// <summary>
    /// True when the server's handshake asks for a client certificate (a CertificateRequest, TLS 1.2 and 1.3 alike):
    /// mutual TLS, optional or required. We never present one; a handshake that then fails still answers true.
    /// One handshake of its own, so that the HTTP connections of a scan need not watch for it (watching costs each of
    /// them a TLS context of its own).
    /// </summary>
    public async Task<bool> AsksForClientCertificateAsync(string host, int port, CancellationToken cancellationToken)
    {
        var (socket, _) = await _connector.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        await using var network = new NetworkStream(socket, ownsSocket: true);
        var asked = false;
        await using var ssl = new SslStream(network, leaveInnerStreamOpen: false, (_, _, _, _) => true,
            // Called once before the handshake (no server certificate yet) and again only for a CertificateRequest.
            (_, _, _, remote, _) => { if (remote is not null) asked = true; return null!; });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = IPAddress.TryParse(host, out _) ? "" : host,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                CertificateChainPolicy = TrustEvaluator.AnchorlessPolicy(),
            }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // A server that requires a certificate ends the handshake here (TLS 1.2) or just after it (TLS 1.3).
        }
        return asked;
    }
}
