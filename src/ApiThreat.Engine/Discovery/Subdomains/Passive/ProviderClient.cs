using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Net.Tls;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>A provider that failed for a reason the user can act on; Target is the provider's name.</summary>
public sealed class ProviderException : TargetException
{
    public ProviderException(string provider, string errorId, TargetErrorKind kind, string message, string recommendedAction,
        bool disablesProvider = false, Exception? inner = null)
        : base(provider, errorId, kind, message, recommendedAction, inner)
    {
        DisablesProvider = disablesProvider;
    }

    /// <summary>True when asking again for the next domain cannot help (key refused, quota spent): the provider is dropped.</summary>
    public bool DisablesProvider { get; }
}

/// <summary>One request to a provider's API.</summary>
public sealed class ProviderRequest
{
    public required Uri Uri { get; init; }
    public string Method { get; init; } = "GET";
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    public string? JsonBody { get; init; }
}

/// <summary>A provider's answer: status, headers, and the body (capped).</summary>
public sealed class ProviderResponse
{
    public int StatusCode { get; init; }
    public string? ContentType { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    public byte[] Body { get; init; } = Array.Empty<byte>();
    public bool Truncated { get; init; }
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>
/// The HTTP client of one provider, built from the shared network layer: names resolve through the scan's resolver,
/// connects go through a <see cref="Connector"/> whose scope holds the provider's own host and nothing else (never a
/// scanned name), and TLS is validated strictly (system trust plus -TrustedRootCertificate), because requests carry the
/// user's key. Redirects are not followed (a key must not travel to another host). Requests are spaced to the
/// provider's rate; a 429 or a 5xx is retried after the Retry-After the provider sends (capped) or an exponential
/// backoff; a key refused, a spent quota or an answer that is not the provider's becomes one clear ProviderException.
/// </summary>
public sealed class ProviderClient : IDisposable
{
    /// <summary>Bodies are read up to this size (crt.sh answers for large domains run to tens of MB).</summary>
    public const long MaxBodyBytes = 64L * 1024 * 1024;

    private readonly ProviderSettings _settings;
    private readonly ProviderKey? _key;
    private readonly HttpMessageInvoker _http;
    private readonly HostRateLimiter _rate;
    private readonly Action<string> _log;
    private readonly TimeSpan _backoffBase;
    private readonly string[] _endpointSecrets;

    public ProviderClient(ProviderSettings settings, ProviderKey? key, NetworkContext network, TimeSpan? backoffBase = null)
    {
        _settings = settings;
        _key = key;
        _log = network.Log;
        _backoffBase = backoffBase ?? TimeSpan.FromSeconds(1);
        _endpointSecrets = EndpointSecrets(settings.Endpoint);
        _rate = new HostRateLimiter(settings.RequestsPerSecond);
        var scope = new ScopeGuard(null, null, network.Scope.AllowPrivateAddress, network.Scope.AllowMetadataAddress);
        scope.AddImplicitHost(settings.Endpoint.IdnHost);
        var connector = new Connector(network.Resolver, scope, network.Options.Timeout, network.Log);
        var proxy = network.Options.Proxy;
        var trustedRoots = network.Options.TrustedRoots;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = network.Options.Timeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            MaxResponseHeadersLength = 64,
            UseProxy = proxy is not null,
            Proxy = proxy is null ? null : new WebProxy(proxy),
            ConnectCallback = async (context, ct) =>
            {
                var endPoint = context.DnsEndPoint;
                var (socket, _) = proxy is not null && endPoint.Port == proxy.Port
                        && string.Equals(endPoint.Host, proxy.IdnHost.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
                    ? await connector.ConnectToProxyAsync(endPoint.Host, endPoint.Port, ct).ConfigureAwait(false)
                    : await connector.ConnectAsync(endPoint.Host, endPoint.Port, ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    if (errors == SslPolicyErrors.None) return true;
                    if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) return false;
                    var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
                    var sent = chain?.ChainPolicy.ExtraStore.Cast<X509Certificate2>() ?? Enumerable.Empty<X509Certificate2>();
                    return TrustEvaluator.Evaluate(leaf, sent, errors, trustedRoots) == SslPolicyErrors.None;
                },
            },
        };
        _http = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public string Name => _settings.Name;
    public ProviderSettings Settings => _settings;
    public ProviderKey? Key => _key;

    /// <summary>Text for messages: the key in any form replaced, control characters gone, bounded.</summary>
    public string Safe(string? text) => TextSafety.Truncate(Clean(text), 300);

    private string Clean(string? text)
    {
        var clean = _key is null ? text ?? "" : _key.Scrub(text ?? "");
        foreach (var secret in _endpointSecrets) clean = clean.Replace(secret, "[redacted]", StringComparison.Ordinal);
        return TextSafety.StripControl(clean);
    }

    /// <summary>The provider's name for messages: its title from the provider file ("Certificate Transparency (crt.sh)").</summary>
    public string Display => _settings.Title.Length > 0 ? _settings.Title : _settings.Name;

    /// <summary>Values an endpoint may carry a key in (user info, query values), in the forms an echo may show them.</summary>
    private static string[] EndpointSecrets(Uri endpoint)
    {
        var values = new List<string>();
        foreach (var part in endpoint.UserInfo.Split(':')) values.Add(part);
        foreach (var pair in endpoint.Query.TrimStart('?').Split('&'))
            if (pair.IndexOf('=') is var eq and > 0) values.Add(pair[(eq + 1)..]);
        return values.Where(v => v.Length >= 4).SelectMany(v => new[] { v, Uri.UnescapeDataString(v) }).Distinct().OrderByDescending(v => v.Length).ToArray();
    }

    /// <summary>A URI for logs and errors (no user info, query values elided).</summary>
    public static string Shown(Uri uri) => TextSafety.RedactUri(uri);

    /// <summary>Sends one request, with the provider's pacing and retries; returns any 2xx (and 404) answer.</summary>
    public async Task<ProviderResponse> SendAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await _rate.WaitAsync(_settings.Name, cancellationToken).ConfigureAwait(false);
            _log($"{_settings.Name}: {request.Method} {Shown(request.Uri)}{(attempt > 0 ? $" (attempt {attempt + 1})" : "")}");
            ProviderResponse? response = null;
            string failure;
            try
            {
                response = await SendOnceAsync(request, cancellationToken).ConfigureAwait(false);
                failure = $"HTTP {response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                if (ex.InnerException is OutOfScopeException scope)
                    throw Fail("ProviderOutOfScope", TargetErrorKind.OutOfScope, $"{scope.Message}",
                        "A provider on a private or loopback address needs -AllowPrivateAddress.", disables: true, scope);
                failure = ex.InnerException is TargetException inner ? inner.Message : ex.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"no answer within {_settings.Timeout.TotalSeconds:0} s";
            }
            if (response is { StatusCode: (>= 200 and < 300) or 404 }) return response;
            if (response is { StatusCode: 401 or 403 }) throw KeyRefused(response);
            if (response is { StatusCode: 402 })
                throw Fail("ProviderQuotaExceeded", TargetErrorKind.PermissionDenied,
                    $"{Display} refused the request: the account's quota or plan does not cover it (HTTP 402{Detail(response)}).",
                    "Check the provider account's plan and quota, or leave the provider out of -Source.", disables: true);
            if (response is { StatusCode: >= 300 and < 400 })
                throw Fail("ProviderRedirected", TargetErrorKind.InvalidData,
                    $"{Display} answered with a redirect (HTTP {response.StatusCode}) to {RedirectTarget(response)}; keys are never sent after a redirect.",
                    $"Give -ProviderEndpoint @{{ {_settings.Name} = '<the new address>' }} if the provider moved.", disables: true);
            var transient = response is null || response.StatusCode is 408 or 425 or 429 or >= 500;
            if (!transient)
                throw Fail("ProviderRequestFailed", TargetErrorKind.InvalidData,
                    $"{Display} refused the request (HTTP {response!.StatusCode}{Detail(response)}).",
                    $"Check the provider's endpoint ({Shown(_settings.Endpoint)}) and the domain.");
            if (attempt >= _settings.Retries)
            {
                if (response is { StatusCode: 429 })
                    throw Fail("ProviderRateLimited", TargetErrorKind.ResourceUnavailable,
                        $"{Display} kept answering 429 Too Many Requests after {attempt + 1} attempt(s){Detail(response)}.",
                        "Wait for the provider's rate limit to reset, use a key with more quota, or run fewer domains at once.", disables: true);
                throw Fail("ProviderUnavailable", response is null ? TargetErrorKind.ConnectionError : TargetErrorKind.ResourceUnavailable,
                    $"{Display} ({Shown(_settings.Endpoint)}) failed after {attempt + 1} attempt(s): {Safe(failure)}{(response is null ? "" : Detail(response))}.",
                    "Retry later; check the network path (and -Proxy) to the provider.");
            }
            var wait = response is null ? null : RetryAfter(response);
            if (wait is { } asked && asked > _settings.MaxRetryWait)
                throw Fail("ProviderRateLimited", TargetErrorKind.ResourceUnavailable,
                    $"{Display} asks to wait {asked.TotalSeconds:0} s before the next request (HTTP {response!.StatusCode}), longer than the {_settings.MaxRetryWait.TotalSeconds:0} s ApiThreat waits.",
                    "Run again after that time, or use a key with more quota.", disables: true);
            var delay = wait ?? TimeSpan.FromTicks(_backoffBase.Ticks * (1L << Math.Min(attempt, 6)));
            _log($"{_settings.Name}: {Safe(failure)}; retrying in {delay.TotalSeconds:0.##} s");
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ProviderResponse> SendOnceAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.Timeout);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Uri) { Version = HttpVersion.Version11 };
        message.Headers.TryAddWithoutValidation("User-Agent", "ApiThreat/" + EngineInfo.Version);
        message.Headers.TryAddWithoutValidation("Accept", "application/json, text/plain;q=0.8, */*;q=0.5");
        foreach (var h in request.Headers) message.Headers.TryAddWithoutValidation(h.Key, h.Value);
        if (request.JsonBody is not null)
        {
            message.Content = new StringContent(request.JsonBody, System.Text.Encoding.UTF8);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        using var response = await _http.SendAsync(message, timeout.Token).ConfigureAwait(false);
        var headers = response.Headers.Concat(response.Content.Headers)
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v))).ToArray();
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        var truncated = false;
        while (true)
        {
            var n = await stream.ReadAsync(chunk, timeout.Token).ConfigureAwait(false);
            if (n == 0) break;
            if (buffer.Length + n > MaxBodyBytes) { buffer.Write(chunk, 0, (int)(MaxBodyBytes - buffer.Length)); truncated = true; break; }
            buffer.Write(chunk, 0, n);
        }
        return new ProviderResponse
        {
            StatusCode = (int)response.StatusCode,
            ContentType = response.Content.Headers.ContentType?.MediaType,
            Headers = headers,
            Body = buffer.ToArray(),
            Truncated = truncated,
        };
    }

    /// <summary>Retry-After as seconds or an HTTP date; urlscan.io's X-Rate-Limit-Reset-After as seconds.</summary>
    public static TimeSpan? RetryAfter(ProviderResponse response)
    {
        var value = response.Header("Retry-After") ?? response.Header("X-Rate-Limit-Reset-After") ?? response.Header("X-RateLimit-Reset-After");
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            return TimeSpan.FromSeconds(Math.Min(seconds, 86400));
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            var wait = at - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private ProviderException KeyRefused(ProviderResponse response)
    {
        var variables = _settings.Environment.Count > 0 ? $", ${"env:" + _settings.Environment[0]}" : "";
        var recommended = $"Give a valid key: -ApiKey @{{ {_settings.Name} = (Read-Host -AsSecureString) }}{variables}" +
            (_settings.SecretName.Length > 0 ? $" or the SecretManagement secret '{_settings.SecretName}'" : "") + ".";
        if (_key is null && _settings.Key == ProviderKeyUse.None)
            return Fail("ProviderRefused", TargetErrorKind.PermissionDenied,
                $"{Display} refused the request (HTTP {response.StatusCode}{Detail(response)}).",
                $"Check the endpoint ({Shown(_settings.Endpoint)}) and that this machine may use it.", disables: true);
        return _key is null
            ? Fail("ProviderKeyRequired", TargetErrorKind.PermissionDenied,
                $"{Display} refused the request without an API key (HTTP {response.StatusCode}{Detail(response)}).", recommended, disables: true)
            : Fail("ProviderKeyRejected", TargetErrorKind.PermissionDenied,
                $"{Display} rejected the API key from {_key.Origin} (HTTP {response.StatusCode}{Detail(response)}).", recommended, disables: true);
    }

    /// <summary>": the provider's own words" from an error body (JSON message fields or a short text), scrubbed.</summary>
    private string Detail(ProviderResponse response)
    {
        var text = response.Body.Length == 0 ? "" : System.Text.Encoding.UTF8.GetString(response.Body, 0, (int)Math.Min(response.Body.Length, 4096));
        string? said = null;
        try
        {
            var json = Newtonsoft.Json.Linq.JToken.Parse(text);
            said = json.SelectToken("error.message")?.ToString() ?? json.SelectToken("message")?.ToString() ?? json.SelectToken("error")?.ToString()
                ?? json.SelectToken("detail")?.ToString() ?? json.SelectToken("description")?.ToString();
        }
        catch (Newtonsoft.Json.JsonException) { said = response.ContentType is "text/plain" ? text : null; }
        return string.IsNullOrWhiteSpace(said) ? "" : $": {Safe(said)}";
    }

    private string RedirectTarget(ProviderResponse response) =>
        Uri.TryCreate(response.Header("Location") ?? "", UriKind.Absolute, out var to) ? Shown(to) : "another address";

    public ProviderException Fail(string errorId, TargetErrorKind kind, string message, string action, bool disables = false, Exception? inner = null) =>
        new(_settings.Name, errorId, kind, Clean(message), action, disables, inner);

    /// <summary>An answer that is not the provider's documented shape: one clear error naming the provider and what came.</summary>
    public ProviderException Malformed(ProviderResponse response, string expected, Exception? inner = null)
    {
        var start = Safe(System.Text.Encoding.UTF8.GetString(response.Body, 0, (int)Math.Min(response.Body.Length, 80)));
        return Fail("ProviderAnswerMalformed", TargetErrorKind.InvalidData,
            $"{Display} answered something that is not {expected} (HTTP {response.StatusCode}, {response.ContentType ?? "no content type"}, " +
            $"{response.Body.Length:N0} bytes{(response.Truncated ? ", cut at the size cap" : "")}, starting '{start}').",
            $"Check that -ProviderEndpoint for {_settings.Name} points at the provider's API ({Shown(_settings.Endpoint)}), or retry later.", inner: inner);
    }

    public void Dispose() => _http.Dispose();
}
