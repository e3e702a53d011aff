using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ApiThreat.Engine.Text;
using ApiThreat.Engine.Net.Tls;

namespace ApiThreat.Engine.Net;

/// <summary>A request the prober should send.</summary>
public sealed class HttpProbeRequest
{
    public required Uri Uri { get; init; }
    public string Method { get; init; } = "GET";
    public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; init; }
    public string? Body { get; init; }
    public string? BodyContentType { get; init; }
    public bool FollowRedirects { get; init; } = true;
    /// <summary>Overrides ScanOptions.MaxBodyBytes for this request (e.g. favicons, specs).</summary>
    public long? MaxBodyBytes { get; init; }
    /// <summary>
    /// A response the caller already has for a URL a redirect may reach, fetched with the same method, headers and
    /// body cap (e.g. the https:// page the http:// entry redirects to): the chain continues from it instead of
    /// fetching that URL again. Null (or a null answer) fetches as usual.
    /// </summary>
    public Func<Uri, CancellationToken, Task<HttpProbeResult?>>? Fetched { get; init; }
}

/// <summary>
/// The engine's HTTP client. Connections resolve through the scan's resolver and pass the scope guard
/// (ConnectCallback); an invalid certificate is recorded, never fatal; redirects are followed by hand, each hop
/// checked; bodies are read up to a cap after decompression; every request has a deadline.
/// </summary>
public sealed class HttpProber : IDisposable
{
    private readonly ScanOptions _options;
    private readonly HttpMessageInvoker _invoker;
    private readonly HostRateLimiter _rateLimiter;
    private readonly ConcurrentDictionary<string, CertificateCapture> _certificates;

    private readonly Connector _connector;
    // Chain verdicts (system store, then the user's anchors) per exact chain sent, shared by a prober and its sessions.
    // Bounded: cleared when full.
    private readonly ConcurrentDictionary<string, SslPolicyErrors> _verdicts;
    private const int MaxVerdicts = 4096;
    private const int MaxCaptures = 8192;
    private const int SoftCaptures = 512;
    // A handler of its own (the root prober's, a session's behind a proxy) keeps idle connections for reuse across hosts.
    private static readonly TimeSpan OwnIdleTimeout = TimeSpan.FromSeconds(20), OwnLifetime = TimeSpan.FromMinutes(2);
    private long _lastForget;
    private readonly bool _preferHttp2;

    // The root prober keeps the pools its sessions share, one per kind; a pooled session sends through its pool.
    private readonly HttpProber? _root;
    private readonly Dictionary<(int ConnectionsPerServer, bool PreferHttp2), HttpSessionPool>? _pools;
    private readonly HttpSessionPool? _pool;

    public HttpProber(ScanOptions options, Connector connector, HostRateLimiter rateLimiter)
    {
        _options = options;
        _connector = connector;
        _rateLimiter = rateLimiter;
        _verdicts = new ConcurrentDictionary<string, SslPolicyErrors>(StringComparer.Ordinal);
        _certificates = new(StringComparer.OrdinalIgnoreCase);
        _pools = new();
        _invoker = new HttpMessageInvoker(CreateHandler(Math.Max(2, options.ThrottleLimit), _certificates, OwnIdleTimeout, OwnLifetime), disposeHandler: true);
    }

    /// <summary>A session of <paramref name="root"/>: its own handler (<paramref name="pool"/> null) or a shared pool's.</summary>
    private HttpProber(HttpProber root, int connectionsPerServer, bool preferHttp2, HttpSessionPool? pool)
    {
        _root = root;
        _options = root._options;
        _connector = root._connector;
        _rateLimiter = root._rateLimiter;
        _verdicts = root._verdicts;
        _preferHttp2 = preferHttp2;
        if (pool is null)
        {
            _certificates = new(StringComparer.OrdinalIgnoreCase);
            _invoker = new HttpMessageInvoker(root.CreateHandler(connectionsPerServer, _certificates, OwnIdleTimeout, OwnLifetime), disposeHandler: true);
            return;
        }
        _pool = pool;
        _certificates = pool.Certificates;
        _invoker = pool.Invoker;
    }

    /// <summary>
    /// A prober for the work on one host whose connections do not stay open long after it (thousands of idle TLS
    /// connections are most of a large scan's memory). Same options, scope, resolver and rate limits. Sessions of one
    /// kind share one handler whose pool closes a connection idle for 2 s (HttpSessionPool); behind a proxy, whose
    /// connections carry many hosts, each session has a handler of its own, closed when it is disposed. Each TLS handshake costs more than the
    /// dozens of requests a host's discovery makes, so a session keeps few connections per origin and, with
    /// <paramref name="preferHttp2"/>, offers HTTP/2 over HTTPS (ALPN) so that a server which speaks it carries all of them
    /// on one connection.
    /// </summary>
    public HttpProber OpenSession(int connectionsPerServer = 2, bool preferHttp2 = false)
    {
        var root = _root ?? this;
        connectionsPerServer = Math.Max(1, connectionsPerServer);
        if (_options.Proxy is not null) return new HttpProber(root, connectionsPerServer, preferHttp2, pool: null);
        HttpSessionPool pool;
        lock (root._pools!)
        {
            if (!root._pools.TryGetValue((connectionsPerServer, preferHttp2), out pool!))
                root._pools[(connectionsPerServer, preferHttp2)] = pool = new HttpSessionPool(p =>
                    new HttpMessageInvoker(root.CreateHandler(connectionsPerServer, p.Certificates, HttpSessionPool.IdleTimeout, HttpSessionPool.Lifetime), disposeHandler: true));
        }
        return new HttpProber(root, connectionsPerServer, preferHttp2, pool);
    }

    private SocketsHttpHandler CreateHandler(int connectionsPerServer, ConcurrentDictionary<string, CertificateCapture> certificates, TimeSpan idleTimeout,
        TimeSpan lifetime)
    {
        var options = _options;
        var connector = _connector;
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            MaxResponseHeadersLength = options.MaxHeaderKilobytes,
            ConnectTimeout = options.Timeout,
            PooledConnectionIdleTimeout = idleTimeout,
            PooledConnectionLifetime = lifetime,
            MaxConnectionsPerServer = connectionsPerServer,
            ResponseDrainTimeout = TimeSpan.FromMilliseconds(200),
            MaxResponseDrainSize = 64 * 1024,
            UseProxy = options.Proxy is not null,
            Proxy = options.Proxy is null ? null : new WebProxy(options.Proxy),
            ConnectCallback = async (context, ct) =>
            {
                var endPoint = context.DnsEndPoint;
                var (socket, _) = options.Proxy is { } proxy && endPoint.Port == proxy.Port
                        && string.Equals(endPoint.Host, proxy.IdnHost.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
                    ? await connector.ConnectToProxyAsync(endPoint.Host, endPoint.Port, ct).ConfigureAwait(false)
                    : await connector.ConnectAsync(endPoint.Host, endPoint.Port, ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                // The handshake's own chain build against no anchors (cheap, no downloads); Verdict judges each distinct chain once.
                CertificateChainPolicy = TrustEvaluator.AnchorlessPolicy(),
                // Evidence, not a gate: remember what the server presented and go on.
                // The sender is the SslStream; its SNI name keys the capture (one certificate per host name).
                // No client certificate callback: with one, every connection gets a TLS context of its own
                // (TlsClient.AsksForClientCertificateAsync watches for mutual TLS in a handshake of its own).
                RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                {
                    try
                    {
                        if (sender is SslStream { TargetHostName: { Length: > 0 } name } && certificate is not null)
                        {
                            // A further connection to the same name usually presents the same certificate: its verdict stands.
                            var now = Environment.TickCount64;
                            if (certificates.TryGetValue(name, out var seen) && seen.Reported == errors && seen.Cert.RawDataMemory.Span.SequenceEqual(certificate.GetRawCertData()))
                            {
                                certificates[name] = seen with { At = now };
                                return true;
                            }
                            var leaf = new X509Certificate2(certificate);
                            var sent = chain?.ChainPolicy.ExtraStore.Cast<X509Certificate2>().ToArray() ?? Array.Empty<X509Certificate2>();
                            if (certificates.Count >= SoftCaptures) Forget(certificates, now, (long)lifetime.TotalMilliseconds);
                            certificates[name] = new CertificateCapture(leaf, Verdict(leaf, sent, errors), errors, now);
                        }
                        return true;
                    }
                    finally
                    {
                        // Given a callback, SslStream leaves the certificates it made for the chain to the finalizer thread.
                        if (chain is not null)
                        {
                            foreach (var c in chain.ChainPolicy.ExtraStore) c.Dispose();
                            foreach (var e in chain.ChainElements) e.Certificate.Dispose();
                        }
                    }
                },
            },
        };
    }

    /// <summary>
    /// Bounds the captures, at most once a second: those older than any live connection go (a connection lives at most
    /// its handler's lifetime, and every handshake refreshes its name's entry); past the hard limit, all go.
    /// </summary>
    private void Forget(ConcurrentDictionary<string, CertificateCapture> certificates, long now, long lifetimeMs)
    {
        var last = Interlocked.Read(ref _lastForget);
        if (certificates.Count < MaxCaptures && (now - last < 1000 || Interlocked.CompareExchange(ref _lastForget, now, last) != last)) return;
        foreach (var (name, capture) in certificates)
            if (now - capture.At > lifetimeMs) certificates.TryRemove(name, out _);
        if (certificates.Count >= MaxCaptures) certificates.Clear();
    }

    /// <summary>
    /// The handshake's name and presence verdict with the chain judged for real: against the system store, then the
    /// user's trust anchors (-TrustedRootCertificate), once per exact chain sent (thousands of hosts behind one
    /// certificate cost one judgement).
    /// </summary>
    private SslPolicyErrors Verdict(X509Certificate2 leaf, X509Certificate2[] sent, SslPolicyErrors handshakeErrors)
    {
        var errors = handshakeErrors & ~SslPolicyErrors.RemoteCertificateChainErrors;
        var key = sent.Length == 0 ? leaf.Thumbprint : $"{leaf.Thumbprint}|{string.Join(",", sent.Select(c => c.Thumbprint))}";
        if (_verdicts.TryGetValue(key, out var known)) return errors | known;
        var chainErrors = TrustEvaluator.ChainErrors(leaf, sent, _options.TrustedRoots);
        // A chain with a validity boundary near now is judged afresh each time: its verdict is about to change.
        var now = DateTime.UtcNow;
        bool Near(DateTime t) => Math.Abs((t.ToUniversalTime() - now).TotalHours) < 1;
        if (!sent.Prepend(leaf).Any(c => Near(c.NotBefore) || Near(c.NotAfter)))
        {
            if (_verdicts.Count >= MaxVerdicts) _verdicts.Clear();
            _verdicts[key] = chainErrors;
        }
        return errors | chainErrors;
    }

    public async Task<HttpProbeResult> SendAsync(HttpProbeRequest request, CancellationToken cancellationToken)
    {
        // Most probes are answered without a redirect: the chain's list and visited set start small and cheap.
        var redirects = new List<RedirectHop>(0);
        HashSet<string>? visited = null;
        var uri = request.Uri;
        var method = request.Method;
        var started = Stopwatch.GetTimestamp();
        string? stopped = null;
        while (true)
        {
            if (redirects.Count > 0 && request.Fetched is not null
                && await request.Fetched(uri, cancellationToken).ConfigureAwait(false) is { } known
                && Continue(known, request.Uri, uri, method, redirects, visited!, started) is { } spliced)
                return spliced;
            EnsureScheme(uri, request.Uri);
            _options.Scope.EnsureHostInScope(uri.IdnHost);
            var (status, reason, version, headers, body, truncated) = await SendOnceAsync(uri, method, request, cancellationToken).ConfigureAwait(false);
            var location = status is >= 300 and < 400 ? LocationOf(headers) : null;
            if (request.FollowRedirects && status != 304 && !string.IsNullOrEmpty(location))
            {
                visited ??= new HashSet<string>(StringComparer.Ordinal) { request.Uri.AbsoluteUri };
                visited.Add(uri.AbsoluteUri);
                if (!Uri.TryCreate(uri, location, out var next))
                    stopped = $"the Location '{TextSafety.Truncate(location, 200)}' is not a valid URL";
                else if (next.Scheme is not ("http" or "https"))
                    stopped = $"the redirect goes to a {next.Scheme}: URL";
                else if (!visited.Add(next.AbsoluteUri) && visited.Count > 0 && redirects.Any(r => r.From.AbsoluteUri == next.AbsoluteUri))
                    stopped = "the redirects loop";
                else if (redirects.Count >= _options.MaxRedirects)
                    stopped = $"more than {_options.MaxRedirects} redirects";
                else if (!_options.Scope.IsHostInScope(next.IdnHost, out var why))
                    stopped = $"the redirect to {next.IdnHost} is out of scope: {why}";
                if (stopped is not null && _options.DebugEnabled)
                    _options.Debug!($"{TextSafety.RedactUri(uri)}: redirect not followed: {stopped}");
                if (stopped is null)
                {
                    redirects.Add(new RedirectHop(uri, status, location) { SetCookies = SetCookiesOf(headers) });
                    if (status == 303 || (status is 301 or 302 && method == "POST")) method = "GET";
                    uri = next!;
                    continue;
                }
            }
            _certificates.TryGetValue(uri.IdnHost, out var cert);
            return new HttpProbeResult
            {
                RequestedUri = request.Uri,
                FinalUri = uri,
                Method = method,
                StatusCode = status,
                ReasonPhrase = reason,
                HttpVersion = version,
                Headers = headers,
                Body = body,
                BodyTruncated = truncated,
                ElapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                Redirects = redirects,
                RedirectStopped = stopped,
                Certificate = uri.Scheme == "https" ? cert.Cert : null,
                CertificateErrors = uri.Scheme == "https" ? cert.Errors : SslPolicyErrors.None,
            };
        }
    }

    /// <summary>The chain continued by a response fetched earlier from <paramref name="uri"/>, when that keeps every rule of following it here.</summary>
    private HttpProbeResult? Continue(HttpProbeResult known, Uri requested, Uri uri, string method, List<RedirectHop> redirects, HashSet<string> visited, long started)
    {
        if (known.RequestedUri.AbsoluteUri != uri.AbsoluteUri || known.Method != method || known.RedirectStopped is not null) return null;
        if (redirects.Count + known.Redirects.Count > _options.MaxRedirects) return null;
        foreach (var hop in known.Redirects.Skip(1)) if (visited.Contains(hop.From.AbsoluteUri)) return null;
        if (known.Redirects.Count > 0 && visited.Contains(known.FinalUri.AbsoluteUri)) return null;
        return new HttpProbeResult
        {
            RequestedUri = requested, FinalUri = known.FinalUri, Method = known.Method, StatusCode = known.StatusCode,
            ReasonPhrase = known.ReasonPhrase, HttpVersion = known.HttpVersion, Headers = known.Headers, Body = known.Body,
            BodyTruncated = known.BodyTruncated, ElapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds, Redirects = redirects.Concat(known.Redirects).ToList(),
            Certificate = known.Certificate, CertificateErrors = known.CertificateErrors,
        };
    }

    /// <summary>The shared instance of a common method (the handler recognises those without comparing text).</summary>
    private static HttpMethod MethodOf(string method) => method switch
    {
        "GET" => HttpMethod.Get,
        "POST" => HttpMethod.Post,
        "HEAD" => HttpMethod.Head,
        "OPTIONS" => HttpMethod.Options,
        "PUT" => HttpMethod.Put,
        "DELETE" => HttpMethod.Delete,
        _ => new HttpMethod(method),
    };

    private static string? LocationOf(List<KeyValuePair<string, string>> headers)
    {
        foreach (var h in headers) if (h.Key.Equals("Location", StringComparison.OrdinalIgnoreCase)) return h.Value;
        return null;
    }

    private static IReadOnlyList<string> SetCookiesOf(List<KeyValuePair<string, string>> headers)
    {
        List<string>? cookies = null;
        foreach (var h in headers)
            if (h.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) && (cookies ??= new()).Count < 100) cookies.Add(h.Value);
        return cookies ?? (IReadOnlyList<string>)Array.Empty<string>();
    }

    public Task<HttpProbeResult> GetAsync(Uri uri, CancellationToken cancellationToken) =>
        SendAsync(new HttpProbeRequest { Uri = uri }, cancellationToken);

    private static void EnsureScheme(Uri uri, Uri original)
    {
        if (!uri.IsAbsoluteUri || uri.Scheme is not ("http" or "https"))
            throw new TargetException(original.ToString(), "UnsupportedScheme", TargetErrorKind.InvalidArgument,
                $"'{original}' is not an http or https URL.", "Give an http:// or https:// URL, or a host name.");
    }

    private async Task<(int, string?, Version, List<KeyValuePair<string, string>>, byte[], bool)> SendOnceAsync(
        Uri uri, string method, HttpProbeRequest request, CancellationToken cancellationToken)
    {
        await _rateLimiter.WaitAsync(uri.IdnHost, cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var message = new HttpRequestMessage(MethodOf(method), uri) { Version = HttpVersion.Version11 };
        if (_preferHttp2 && uri.Scheme == "https")
        {
            message.Version = HttpVersion.Version20;
            message.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }
        message.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        // A request that names what it accepts is asked that alone: sent beside the default, "*/*, application/json" lets a
        // negotiating server pick its page (Node-RED's GET /nodes, Express' res.format takes the first type it offers).
        if (request.Headers?.Any(h => h.Key.Equals("Accept", StringComparison.OrdinalIgnoreCase)) != true)
            message.Headers.TryAddWithoutValidation("Accept", "*/*");
        foreach (var h in request.Headers ?? Array.Empty<KeyValuePair<string, string>>())
        {
            if (!message.Headers.TryAddWithoutValidation(h.Key, h.Value))
            {
                message.Content ??= new ByteArrayContent(Array.Empty<byte>());
                message.Content.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }
        }
        if (request.Body is not null && method is not ("GET" or "HEAD"))
        {
            message.Content = new StringContent(request.Body);
            if (request.BodyContentType is not null) message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.BodyContentType);
        }
        try
        {
            using var response = await _invoker.SendAsync(message, timeout.Token).ConfigureAwait(false);
            // The values as the server sent them: no parsing (cheaper, and nothing of a hostile value is normalised away).
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var h in response.Headers.NonValidated) foreach (var v in h.Value) headers.Add(new(h.Key, v));
            foreach (var h in response.Content.Headers.NonValidated) foreach (var v in h.Value) headers.Add(new(h.Key, v));
            var cap = request.MaxBodyBytes ?? _options.MaxBodyBytes;
            var (body, truncated) = method == "HEAD" ? (Array.Empty<byte>(), false)
                : await ReadCappedAsync(response.Content, cap, timeout.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, response.ReasonPhrase, response.Version, headers, body, truncated);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Redacted: the URI may carry credentials (user info, an API key in the query).
            throw new TargetException(TextSafety.RedactUri(uri), "HttpTimeout", TargetErrorKind.Timeout,
                $"{method} {TextSafety.RedactUri(uri)} did not complete within {_options.Timeout.TotalSeconds:0.#} s.", "Raise -TimeoutSec if the server is slow but legitimate.");
        }
        catch (HttpRequestException ex) when (ex.InnerException is TargetException inner)
        {
            throw inner; // a scope or DNS refusal from the connect callback: keep its own id and advice
        }
        catch (HttpRequestException ex)
        {
            throw new TargetException(TextSafety.RedactUri(uri), "HttpRequestFailed", TargetErrorKind.ConnectionError,
                $"{method} {TextSafety.RedactUri(uri)} failed: {Flatten(ex)}", "Check that the host serves HTTP on that port.", ex);
        }
    }

    /// <summary>Reads at most <paramref name="cap"/> bytes (after decompression): bombs and endless bodies stop there.</summary>
    private static async Task<(byte[], bool)> ReadCappedAsync(HttpContent content, long cap, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        // A small declared length within the cap (after decompression the handler drops Content-Length): read into an
        // array of that size. HTTP framing ends the body there; a shorter body is kept as far as it came.
        if (content.Headers.ContentLength is long declared && declared <= Math.Min(cap, 64 * 1024))
        {
            if (declared == 0) return (Array.Empty<byte>(), false);
            var exact = new byte[declared];
            var filled = 0;
            while (filled < exact.Length)
            {
                int read;
                try { read = await stream.ReadAsync(exact.AsMemory(filled), cancellationToken).ConfigureAwait(false); }
                catch (IOException) when (filled > 0) { break; }
                if (read == 0) break;
                filled += read;
            }
            return (filled == exact.Length ? exact : exact.AsSpan(0, filled).ToArray(), false);
        }
        var buffer = new MemoryStream();
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (buffer.Length <= cap)
            {
                var want = (int)Math.Min(chunk.Length, cap + 1 - buffer.Length);
                if (want <= 0) break;
                int read;
                try { read = await stream.ReadAsync(chunk.AsMemory(0, want), cancellationToken).ConfigureAwait(false); }
                catch (IOException) when (buffer.Length > 0) { break; } // keep what arrived before a reset
                catch (InvalidDataException) when (buffer.Length > 0) { break; } // corrupt compression after valid data
                if (read == 0) break;
                buffer.Write(chunk, 0, read);
            }
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(chunk); }
        var truncated = buffer.Length > cap;
        if (truncated) buffer.SetLength(cap);
        return (buffer.Length == 0 ? Array.Empty<byte>() : buffer.ToArray(), truncated);
    }

    private static string Flatten(Exception ex)
    {
        var parts = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException) parts.Add(e.Message);
        return string.Join(" ", parts.Distinct());
    }

    public void Dispose()
    {
        if (_pool is not null) return; // a pooled session: the pool and its connections are the root's
        _invoker.Dispose();
        if (_pools is null) return;
        lock (_pools)
        {
            foreach (var pool in _pools.Values) pool.Dispose();
            _pools.Clear();
        }
    }
}
