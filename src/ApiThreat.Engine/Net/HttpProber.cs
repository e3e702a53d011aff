using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

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
    private readonly ConcurrentDictionary<string, (X509Certificate2 Cert, SslPolicyErrors Errors)> _certificates = new(StringComparer.OrdinalIgnoreCase);

    public HttpProber(ScanOptions options, Connector connector, HostRateLimiter rateLimiter)
    {
        _options = options;
        _rateLimiter = rateLimiter;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            MaxResponseHeadersLength = options.MaxHeaderKilobytes,
            ConnectTimeout = options.Timeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(20),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxConnectionsPerServer = Math.Max(2, options.ThrottleLimit),
            ResponseDrainTimeout = TimeSpan.FromMilliseconds(200),
            MaxResponseDrainSize = 64 * 1024,
            UseProxy = options.Proxy is not null,
            Proxy = options.Proxy is null ? null : new WebProxy(options.Proxy),
            ConnectCallback = async (context, ct) =>
            {
                var (socket, _) = await connector.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                // Evidence, not a gate: remember what the server presented and go on.
                // The sender is the SslStream; its SNI name keys the capture (one certificate per host name).
                RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                {
                    if (sender is SslStream { TargetHostName: { Length: > 0 } name } && certificate is not null)
                    {
                        var leaf = new X509Certificate2(certificate);
                        var sent = chain?.ChainPolicy.ExtraStore.Cast<X509Certificate2>().ToArray() ?? Array.Empty<X509Certificate2>();
                        _certificates[name] = (leaf, TrustEvaluator.Evaluate(leaf, sent, errors, options.TrustedRoots));
                    }
                    return true;
                },
            },
        };
        _invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public async Task<HttpProbeResult> SendAsync(HttpProbeRequest request, CancellationToken cancellationToken)
    {
        var redirects = new List<RedirectHop>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var uri = request.Uri;
        var method = request.Method;
        var stopwatch = Stopwatch.StartNew();
        string? stopped = null;
        while (true)
        {
            EnsureScheme(uri, request.Uri);
            _options.Scope.EnsureHostInScope(uri.IdnHost);
            visited.Add(uri.AbsoluteUri);
            var (status, reason, version, headers, body, truncated) = await SendOnceAsync(uri, method, request, cancellationToken).ConfigureAwait(false);
            var location = headers.FirstOrDefault(h => h.Key.Equals("Location", StringComparison.OrdinalIgnoreCase)).Value;
            if (request.FollowRedirects && status is >= 300 and < 400 && status != 304 && !string.IsNullOrEmpty(location))
            {
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
                if (stopped is null)
                {
                    redirects.Add(new RedirectHop(uri, status, location));
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
                ElapsedMs = stopwatch.Elapsed.TotalMilliseconds,
                Redirects = redirects,
                RedirectStopped = stopped,
                Certificate = uri.Scheme == "https" ? cert.Cert : null,
                CertificateErrors = uri.Scheme == "https" ? cert.Errors : SslPolicyErrors.None,
            };
        }
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
        using var message = new HttpRequestMessage(new HttpMethod(method), uri) { Version = HttpVersion.Version11 };
        message.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
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
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var h in response.Headers) foreach (var v in h.Value) headers.Add(new(h.Key, v));
            foreach (var h in response.Content.Headers) foreach (var v in h.Value) headers.Add(new(h.Key, v));
            var cap = request.MaxBodyBytes ?? _options.MaxBodyBytes;
            var (body, truncated) = method == "HEAD" ? (Array.Empty<byte>(), false) : await ReadCappedAsync(response.Content, cap, timeout.Token).ConfigureAwait(false);
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
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
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
        var truncated = buffer.Length > cap;
        if (truncated) buffer.SetLength(cap);
        return (buffer.ToArray(), truncated);
    }

    private static string Flatten(Exception ex)
    {
        var parts = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException) parts.Add(e.Message);
        return string.Join(" ", parts.Distinct());
    }

    public void Dispose() => _invoker.Dispose();
}
