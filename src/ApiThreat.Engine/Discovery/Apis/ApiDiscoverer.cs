using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Discovery.Crawl;
using ApiThreat.Engine.Inventory;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Specs;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>One host to inventory: its name, the ports to try, and (from a URL input) a scheme and path.</summary>
public sealed class ApiDiscoveryRequest
{
    public required string Host { get; init; }
    public IReadOnlyList<int> Ports { get; init; } = ApiPathCatalog.DefaultPorts;
    /// <summary>True when the user named the ports: each failing port is then an error of its own.</summary>
    public bool PortsExplicit { get; init; }
    public string? Scheme { get; init; }
    /// <summary>A path the user gave (https://host/api/v3): probed as a candidate API root.</summary>
    public string? Path { get; init; }
    public DiscoveryDepth Depth { get; init; } = DiscoveryDepth.Standard;
    /// <summary>The crawl's limits per origin (Standard and Deep only); null: the depth's defaults.</summary>
    public CrawlBudget? Crawl { get; init; }
    /// <summary>Given every same-origin answer as it arrives (-IncludeSecrets scans them); called from workers, must not throw.</summary>
    public Action<HttpProbeResult>? OnResponse { get; init; }
}

/// <summary>How one host went: how many origins (scheme://host:port) answered, and why the others did not.</summary>
public sealed class HostDiscoveryResult
{
    public int OriginsAnswered { get; set; }
    public int EndpointsFound { get; set; }
    public int Requests { get; set; }
    public List<TargetException> Failures { get; } = new();
}

/// <summary>
/// API discovery on one host: for each port, the origin that answers (HTTPS or HTTP), then the well-known paths of
/// the chosen depth. Recognises API answers (content, challenges, gateways, CORS preflight, versioned roots), exposed
/// descriptions (OpenAPI/Swagger through Specs/SpecLoader; AsyncAPI, Postman, WADL, WSDL; Swagger UI and ReDoc pages
/// that name a spec), GraphQL ({__typename}), gRPC-web health, OpenID Connect discovery, and emits one
/// <see cref="ApiEndpoint"/> per API. A plain website yields nothing. All traffic goes through the network layer.
/// </summary>
public sealed partial class ApiDiscoverer
{
    private const long SpecBodyCap = 10L * 1024 * 1024;
    private const long PageBodyCap = 512 * 1024;
    private const int MaxConsecutiveFailures = 3;
    private static readonly Regex s_versionSegment = new(@"(?:^|/)v(?<n>\d{1,2})(?:/|$)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));
    private const string GraphQlTypenameQuery = "{\"query\":\"{__typename}\"}";
    private const string GraphQlIntrospectionQuery =
        "{\"query\":\"query ApiThreatInventory{__schema{queryType{fields{name}} mutationType{fields{name}} subscriptionType{fields{name}}}}\"}";

    private readonly NetworkContext _network;
    private readonly int _perOrigin;
    private readonly FrameworkDefaults _frameworks;

    public ApiDiscoverer(NetworkContext network, int perOriginConcurrency = 4, FrameworkDefaults? frameworks = null)
    {
        _network = network;
        _perOrigin = Math.Max(1, perOriginConcurrency);
        _frameworks = frameworks ?? FrameworkDefaults.Bundled;
    }

    /// <summary>Discovers the APIs of one host; <paramref name="emit"/> receives each endpoint as its origin completes.</summary>
    public async Task<HostDiscoveryResult> DiscoverHostAsync(ApiDiscoveryRequest request, Func<ApiEndpoint, ValueTask> emit, CancellationToken cancellationToken)
    {
        var result = new HostDiscoveryResult();
        var addresses = await _network.Connector.ResolveAllowedAsync(request.Host, cancellationToken).ConfigureAwait(false);
        var addressText = addresses.Select(a => a.ToString()).Order(StringComparer.Ordinal).ToArray();
        var gate = new SemaphoreSlim(1, 1);
        // A host session: one HTTP/2 connection per origin where the server speaks it, closed seconds after the host is done.
        using var http = _network.Http.OpenSession(preferHttp2: true);
        var tasks = request.Ports.Distinct().Select(async port =>
        {
            try
            {
                var origin = new OriginScan(this, http, request, port, addressText);
                var endpoints = await origin.RunAsync(cancellationToken).ConfigureAwait(false);
                lock (result) { result.Requests += origin.Requests; }
                if (origin.Answered) lock (result) { result.OriginsAnswered++; }
                foreach (var e in endpoints)
                {
                    await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try { await emit(e).ConfigureAwait(false); lock (result) { result.EndpointsFound++; } }
                    finally { gate.Release(); }
                }
            }
            catch (TargetException ex) when (ex is not OutOfScopeException)
            {
                lock (result) { result.Failures.Add(ex); }
            }
        }).ToList();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// The hosts of a domain worth inventorying when no subdomain discovery ran: the domain itself and the usual API host
    /// labels under it (api, graphql, gateway...), each that resolves — but not names that only answer through a wildcard
    /// record (they would all be the same host). Resolved at most 16 at a time; <paramref name="onHost"/> runs for each.
    /// </summary>
    public async Task DiscoverDomainHostsAsync(string domain, Func<string, CancellationToken, Task> onHost, int maxParallel, CancellationToken cancellationToken)
    {
        var wildcard = await _network.Resolver.ResolveHostAsync($"apithreat-{Guid.NewGuid():n}.{domain}", cancellationToken).ConfigureAwait(false);
        var wildcardAddresses = wildcard.Addresses.Select(a => a.ToString()).Order().ToArray();
        var candidates = new[] { domain }.Concat(ApiPathCatalog.ApiHostLabels.Select(l => $"{l}.{domain}"));
        await Parallel.ForEachAsync(candidates, new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(maxParallel, 1, 16), CancellationToken = cancellationToken }, async (host, token) =>
        {
            var resolution = await _network.Resolver.ResolveHostAsync(host, token).ConfigureAwait(false);
            if (resolution.Addresses.Count == 0) return;
            if (host != domain && wildcardAddresses.Length > 0 && resolution.Addresses.Select(a => a.ToString()).Order().SequenceEqual(wildcardAddresses)) return;
            await onHost(host, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static string[] SchemesFor(int port, string? hint) => hint is not null ? new[] { hint } : port switch
    {
        80 or 8080 or 8000 or 8001 or 8081 or 8888 or 3000 or 5000 or 9000 => new[] { "http", "https" },
        _ => new[] { "https", "http" },
    };

    /// <summary>A found API description and where it was.</summary>
    private sealed record FoundSpec(SpecKind Kind, Uri Url, string? Version, ApiOperation[] Operations, string? Title, string? ApiBase,
        string[] DeclaredAuth, string[] Evidence, SpecSecurityScheme? ApiKey = null)
    {
        public LeadInfo Lead { get; init; } = LeadInfo.WellKnown;
        /// <summary>The documentation page that named or embedded it.</summary>
        public string? DocPage { get; init; }
    }

    /// <summary>How a probe came to be made: the source of its path and the page, script or document that named it.</summary>
    private sealed record LeadInfo(ApiSource Source, string? FoundAt)
    {
        public static readonly LeadInfo WellKnown = new(ApiSource.WellKnownPath, null);
    }

    /// <summary>The work on one origin: requests, what they showed, and the endpoints made of it.</summary>
    private sealed partial class OriginScan
    {
        private readonly ApiDiscoverer _owner;
        private readonly HttpProber _http;
        private readonly ApiDiscoveryRequest _request;
        private readonly int _port;
        private readonly string[] _addresses;
        private readonly ConcurrentQueue<string> _evidence = new();
        private readonly ConcurrentDictionary<string, byte> _technologies = new(StringComparer.Ordinal);
        private readonly ConcurrentBag<FoundSpec> _specs = new();
        private readonly ConcurrentDictionary<string, (HttpProbeResult Response, ApiOperation[]? Schema, LeadInfo Lead)> _graphql = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, HttpProbeResult> _versioned = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> _specUrlsSeen = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<(string Path, ApiSource Source)> _hints = new();
        private readonly ConcurrentDictionary<string, LeadInfo> _leads = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> _docPages = new(StringComparer.Ordinal);
        /// <summary>The API-root paths that answered with a list of resources (the framework defaults of kind ApiRoot).</summary>
        private readonly ConcurrentDictionary<string, byte> _listings = new(StringComparer.Ordinal);
        private (Uri Url, string? Issuer, ApiOperation[] Operations)? _oidc;
        private HttpProbeResult? _grpc;
        private string? _cors;
        private string? _viewerWithoutSpec;
        private string? _securityTxt;
        /// <summary>Set when an answer describes the whole API by itself (hug's not-found documentation).</summary>
        private string? _selfDescribed;
        /// <summary>Set when a product's status endpoint named it (etcd, InfluxDB, Jupyter): its API's base and the lead that found it.</summary>
        private (ServerApi Api, LeadInfo Lead)? _serverApi;
        private Uri _origin = null!;
        private HttpProbeResult _root = null!;
        private NotFoundBaseline? _calibration;
        private int _consecutiveFailures;
        private Task<bool>? _clientCertificateAsked;
        private int _requests;
        private readonly OriginConcurrency _concurrency;

        public OriginScan(ApiDiscoverer owner, HttpProber http, ApiDiscoveryRequest request, int port, string[] addresses)
        {
            _owner = owner;
            _http = http;
            _request = request;
            _port = port;
            _addresses = addresses;
            _concurrency = new OriginConcurrency(owner._perOrigin);
        }

        public bool Answered { get; private set; }
        public int Requests => _requests;
        private NetworkContext Network => _owner._network;

        public async Task<List<ApiEndpoint>> RunAsync(CancellationToken ct)
        {
            TargetException? last = null;
            foreach (var scheme in SchemesFor(_port, _request.Scheme))
            {
                var authority = _request.Host.Contains(':') ? $"[{_request.Host}]" : _request.Host;
                var origin = new Uri($"{scheme}://{authority}:{_port}/");
                try
                {
                    Interlocked.Increment(ref _requests);
                    Network.Log($"GET {origin}");
                    _root = await _http.SendAsync(new HttpProbeRequest { Uri = origin, MaxBodyBytes = PageBodyCap }, ct).ConfigureAwait(false);
                    _origin = origin;
                    break;
                }
                catch (OutOfScopeException) { throw; }
                catch (TargetException ex) when (ex.Kind is TargetErrorKind.ConnectionError or TargetErrorKind.Timeout)
                {
                    last = ex;
                    // A TLS failure (not a refused or silent port) may be a server that demands a client certificate.
                    if (scheme == "https" && ex.ErrorId == "HttpRequestFailed" && await AsksForClientCertificateAsync(ct).ConfigureAwait(false))
                    {
                        // The handshake asked for a client certificate and failed without one: an origin behind mutual TLS.
                        Answered = true;
                        return new List<ApiEndpoint> { MutualTlsOnly(origin, ex) };
                    }
                }
            }
            if (_root is null) throw last!;
            Answered = true;
            _request.OnResponse?.Invoke(_root);
            var final = _root.FinalUri;
            if (!SameOrigin(final))
            {
                // A redirector (http -> https, or to another host): the target origin is scanned on its own port.
                Network.Log($"{_origin} redirects to {final.GetLeftPart(UriPartial.Authority)}; not an API origin itself");
                return new List<ApiEndpoint>();
            }
            Observe(_root);

            // Two waves (ApiDiscoverer.ProbePlan.cs): a small fixed one on every origin, the rest only on a signal.
            List<Func<Task>>? frameworkProbes = null;
            if (_request.Depth >= DiscoveryDepth.Standard)
            {
                await Task.WhenAll(CalibrateAsync(ct), CalibrateJsonAsync(ct)).ConfigureAwait(false);
                frameworkProbes = FrameworkProbes(ct);
            }
            _inFirstWave = true;
            await RunBoundedAsync(FirstWave(ct), ct).ConfigureAwait(false);
            _inFirstWave = false;
            if (frameworkProbes is null) return await BuildEndpointsAsync(ct).ConfigureAwait(false);
            if (SecondWaveReason() is not { } reason)
            {
                if (Network.LogEnabled) Network.Log($"{_origin}: a plain website after {_requests} request(s): no API signal, no second wave");
                return await BuildEndpointsAsync(ct).ConfigureAwait(false);
            }
            if (Network.LogEnabled) Network.Log($"{_origin}: second wave: {reason}");
            await RunBoundedAsync(SecondWave(frameworkProbes, ct), ct).ConfigureAwait(false);

            // The crawl and the leads it, robots.txt, sitemaps and API roots gave.
            await ExploreAsync(ct).ConfigureAwait(false);
            return await BuildEndpointsAsync(ct).ConfigureAwait(false);
        }

        /// <summary>Runs the probes with at most the per-origin concurrency: that many workers take the next probe in turn.</summary>
        private async Task RunBoundedAsync(List<Func<Task>> probes, CancellationToken ct)
        {
            var next = -1;
            async Task Worker()
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < probes.Count)
                {
                    ct.ThrowIfCancellationRequested();
                    if (Volatile.Read(ref _consecutiveFailures) >= MaxConsecutiveFailures) return;
                    await probes[i]().ConfigureAwait(false);
                }
            }
            await Task.WhenAll(Enumerable.Range(0, Math.Min(_owner._perOrigin, probes.Count)).Select(_ => Worker())).ConfigureAwait(false);
        }

        private bool SameOrigin(Uri u) =>
            string.Equals(u.Scheme, _origin.Scheme, StringComparison.Ordinal) && u.Port == _origin.Port
            && string.Equals(u.IdnHost, _origin.IdnHost, StringComparison.OrdinalIgnoreCase);

        /// <summary>One request; null when it failed (the failure is logged, and three in a row stop the origin).</summary>
        private async Task<HttpProbeResult?> SendAsync(string method, string pathAndQuery, CancellationToken ct, long cap = PageBodyCap,
            string? body = null, string? contentType = null, IReadOnlyList<KeyValuePair<string, string>>? headers = null, Uri? absolute = null)
        {
            if (Volatile.Read(ref _consecutiveFailures) >= MaxConsecutiveFailures) return null;
            var uri = absolute ?? new Uri(_origin, pathAndQuery);
            Interlocked.Increment(ref _requests);
            if (Network.LogEnabled) Network.Log($"{method} {uri}");
            var request = new HttpProbeRequest { Uri = uri, Method = method, Body = body, BodyContentType = contentType, Headers = headers, MaxBodyBytes = cap };
            var enteredUnder = await _concurrency.EnterAsync(ct).ConfigureAwait(false);
            try
            {
                HttpProbeResult r;
                try { r = await _http.SendAsync(request, ct).ConfigureAwait(false); }
                catch (TargetException ex) when (ex.Kind == TargetErrorKind.ConnectionError && method is "GET" or "HEAD" or "OPTIONS" or "POST" && body is null or GraphQlTypenameQuery or GraphQlIntrospectionQuery)
                {
                    // An HTTP/1.0 server (Python's wsgiref, behind many small apps) closes each connection after its answer
                    // without saying so; a request sent on the pooled connection meanwhile ends early. Once more, on a new one.
                    Network.Log($"{uri}: {ex.Message}; retrying once");
                    Interlocked.Increment(ref _requests);
                    if (EndedEarly(ex))
                    {
                        // A server that takes one connection at a time ends the ones it could not take: fewer at once from
                        // now on, and the retry waits for its turn under the lower limit.
                        BackOff(enteredUnder);
                        _concurrency.Exit();
                        enteredUnder = 0;
                        await Task.Delay(RetryPause, ct).ConfigureAwait(false);
                        enteredUnder = await _concurrency.EnterAsync(ct).ConfigureAwait(false);
                    }
                    r = await _http.SendAsync(request, ct).ConfigureAwait(false);
                }
                Interlocked.Exchange(ref _consecutiveFailures, 0);
                if (!SameOrigin(r.FinalUri)) return null;
                Observe(r);
                NoteFirstWaveAnswer(method, pathAndQuery, r);
                _request.OnResponse?.Invoke(r);
                return r;
            }
            catch (OutOfScopeException ex)
            {
                Network.Log($"{uri}: {ex.Message}");
                return null;
            }
            catch (TargetException ex)
            {
                // An origin that accepted the connection and then ended the answer is alive and busy (Python's wsgiref
                // serves one connection at a time): only failing to connect or to answer in time counts toward giving up.
                if (EndedEarly(ex)) BackOff(enteredUnder);
                else Interlocked.Increment(ref _consecutiveFailures);
                Network.Log($"{uri}: {ex.Message}");
                return null;
            }
            finally
            {
                if (enteredUnder > 0) _concurrency.Exit();
            }
        }

        /// <summary>Lowers the origin's concurrency after an answer ended early (OriginConcurrency), and says so once per level.</summary>
        private void BackOff(int enteredUnder)
        {
            if (enteredUnder > 0 && _concurrency.BackOff(enteredUnder))
                Network.Log($"{_origin}: an answer ended early; at most {_concurrency.Limit} request(s) at a time from now on");
        }

        private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

        private static bool EndedEarly(TargetException ex) =>
            ex.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded };

        private void Observe(HttpProbeResult r)
        {
            foreach (var g in ApiSignals.Gateways(r)) _technologies.TryAdd(g, 0);
        }

        private async Task CalibrateAsync(CancellationToken ct)
        {
            var path = $"/apithreat-{Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant()}-not-found";
            var r = await SendAsync("GET", path, ct).ConfigureAwait(false);
            if (r is null) return;
            _calibrationAnswer = r;
            _calibration = NotFoundBaseline.From(r.StatusCode, BaseType(r.ContentType), r.Body, path);
            if (r.StatusCode is >= 400 and < 500 && ApiSignals.IsApiContentType(r.ContentType))
                _evidence.Enqueue($"an unknown path answers {r.StatusCode} {BaseType(r.ContentType)}");
            if (r.StatusCode == 404 && ApiSignals.IsApiContentType(r.ContentType) && HugDocumentation.Looks(r.Body)
                && HugDocumentation.Operations(r.Body) is { Count: > 0 } routes)
            {
                // hug describes its whole API in its not-found answer: read, not probed one by one.
                _selfDescribed = $"the not-found answer documents {routes.Count} operation(s) (hug)";
                var lead = new LeadInfo(ApiSource.FrameworkDefault, "hug's not-found documentation");
                foreach (var (m, p) in routes) AddOperation(m, p, lead);
            }
        }

        private bool LooksLikeCalibration(HttpProbeResult r, string path) =>
            _calibration is { } c && c.Matches(r.StatusCode, BaseType(r.ContentType), r.Body.Length, path);

        private async Task ProbeWellKnownAsync(string path, CancellationToken ct)
        {
            var r = await SendAsync("GET", path, ct).ConfigureAwait(false);
            if (r is null || r.StatusCode != 200 || r.Body.Length == 0) return;
            switch (path)
            {
                case "/robots.txt" when !ApiSignals.IsHtml(r):
                    var (paths, sitemaps) = DocumentationPages.RobotsHints(r.Text, r.FinalUri);
                    foreach (var p in paths) _hints.Enqueue((p, ApiSource.RobotsTxt));
                    if (paths.Count > 0) _evidence.Enqueue($"robots.txt names {string.Join(", ", paths.Take(4))}");
                    _robotsNamedSitemap |= sitemaps.Count > 0;
                    if (_request.Depth >= DiscoveryDepth.Standard)
                        foreach (var sm in sitemaps.Where(s => s.AbsolutePath != "/sitemap.xml"))
                        {
                            var s = await SendAsync("GET", sm.PathAndQuery, ct).ConfigureAwait(false);
                            if (s is { StatusCode: 200 }) foreach (var p in DocumentationPages.SitemapHints(s.Text, s.FinalUri)) _hints.Enqueue((p, ApiSource.Sitemap));
                        }
                    break;
                case "/sitemap.xml":
                    var hints = DocumentationPages.SitemapHints(r.Text, r.FinalUri);
                    foreach (var p in hints) _hints.Enqueue((p, ApiSource.Sitemap));
                    if (hints.Count > 0) _evidence.Enqueue($"sitemap.xml lists {string.Join(", ", hints.Take(4))}");
                    break;
                case "/.well-known/security.txt" when DocumentationPages.IsSecurityTxt(r):
                    _securityTxt = r.FinalUri.ToString();
                    break;
                case "/.well-known/openid-configuration":
                    var (isDiscovery, issuer, ops) = DescriptionParsers.OpenIdConfiguration(r.Body, _origin.IdnHost);
                    if (isDiscovery) _oidc = (r.FinalUri, issuer, ops);
                    break;
            }
        }

        private async Task ProbePathAsync(string path, ProbeKind kind, CancellationToken ct, LeadInfo? lead = null)
        {
            if (!FirstProbe(kind, path)) return;
            lead ??= LeadInfo.WellKnown;
            _leads.TryAdd(path, lead);
            switch (kind)
            {
                case ProbeKind.Spec:
                {
                    var r = await SendAsync("GET", path, ct, SpecBodyCap).ConfigureAwait(false);
                    if (r is null) return;
                    if (r.StatusCode is 401 or 403 && !LooksLikeCalibration(r, path))
                        _evidence.Enqueue($"{path} answers {r.StatusCode}: a protected API description may be there");
                    if (r.StatusCode == 200) await ReadSpecAsync(r, null, ct, lead).ConfigureAwait(false);
                    break;
                }
                case ProbeKind.DocPage:
                {
                    var r = await SendAsync("GET", path, ct).ConfigureAwait(false);
                    if (r is null || r.StatusCode != 200 || !ApiSignals.IsHtml(r)) return;
                    var viewer = DocumentationPages.Viewer(r.Text);
                    if (viewer is null) return;
                    _technologies.TryAdd(viewer, 0);
                    var urls = DocumentationPages.SpecUrls(r.Text, r.FinalUri);
                    var loaded = false;
                    var via = $"{viewer} at {r.FinalUri.AbsolutePath}";
                    foreach (var u in urls)
                    {
                        if (!_specUrlsSeen.TryAdd(u.AbsoluteUri, 0)) { loaded = true; continue; }
                        var s = await SendAsync("GET", u.PathAndQuery, ct, SpecBodyCap, absolute: u).ConfigureAwait(false);
                        if (s is { StatusCode: 200 }) loaded |= await ReadSpecAsync(s, via, ct, lead).ConfigureAwait(false);
                    }
                    if (!loaded) loaded = await ReadViewerScriptsAsync(r, viewer, lead, ct).ConfigureAwait(false);
                    _docPages.TryAdd(r.FinalUri.AbsoluteUri, 0);
                    if (!loaded) _viewerWithoutSpec ??= via;
                    break;
                }
                case ProbeKind.Script:
                {
                    var r = await SendAsync("GET", path, ct, SpecBodyCap).ConfigureAwait(false);
                    if (r is null || r.StatusCode != 200 || r.Body.Length == 0 || ApiSignals.IsHtml(r)) return;
                    var page = new Uri(r.FinalUri, "./");
                    var findings = JavaScriptMiner.Mine(r.Text, page, r.FinalUri.ToString(), ApiSource.JavaScript, maxLeads: 32);
                    foreach (var json in findings.InlineSpecs) await ReadInlineSpecAsync(json, r.FinalUri, null, lead, ct).ConfigureAwait(false);
                    foreach (var spec in findings.Leads.Where(l => l.Kind == LeadKind.Spec).Take(2)) await ProbePathAsync(spec.Path, ProbeKind.Spec, ct, lead).ConfigureAwait(false);
                    break;
                }
                case ProbeKind.Versioned or ProbeKind.ApiRoot:
                {
                    var r = await SendAsync("GET", path, ct, SpecBodyCap).ConfigureAwait(false);
                    if (r is null) return;
                    if (r.StatusCode == 200 && await ReadSpecAsync(r, null, ct, lead).ConfigureAwait(false)) return;
                    if (r.StatusCode is (>= 200 and < 300) or 401 or 403 && !LooksLikeCalibration(r, path)
                        && (ApiSignals.IsApiContentType(r.ContentType) || ApiSignals.Challenges(r).Any(c => c != "Unknown")))
                    {
                        // A resource root (ApiRoot) only counts when it lists resources; the root itself is judged on its own.
                        if (kind == ProbeKind.ApiRoot && (path == "/" || ApiRoots.Resources(r.Body, r.FinalUri).Paths.Count == 0)) return;
                        if (kind == ProbeKind.ApiRoot) _listings.TryAdd(path, 0);
                        _versioned.TryAdd(path, r);
                    }
                    break;
                }
                case ProbeKind.RouteTable:
                {
                    var r = await SendAsync("GET", path, ct).ConfigureAwait(false);
                    if (r is null || r.StatusCode != 200 || !ApiSignals.IsHtml(r)) return;
                    var routes = RailsRoutes.Operations(r.Text);
                    if (routes.Count == 0) return;
                    // The application's own list of its routes: read, not probed one by one.
                    _evidence.Enqueue($"{r.FinalUri.AbsolutePath} lists {routes.Count} route(s) of the application");
                    foreach (var (m, p) in routes) AddOperation(m, p, lead with { FoundAt = r.FinalUri.AbsolutePath });
                    break;
                }
                case ProbeKind.GraphQl:
                {
                    var r = await SendAsync("POST", path, ct, body: GraphQlTypenameQuery, contentType: "application/json",
                        headers: new[] { new KeyValuePair<string, string>("Accept", "application/graphql-response+json, application/json") }).ConfigureAwait(false);
                    if (r is null) return;
                    if (r.StatusCode is >= 200 and < 300 or 400 && DescriptionParsers.IsGraphQlAnswer(r.Body))
                    {
                        var intro = await SendAsync("POST", path, ct, SpecBodyCap, GraphQlIntrospectionQuery, "application/json").ConfigureAwait(false);
                        var schema = intro is { StatusCode: >= 200 and < 300 } ? DescriptionParsers.GraphQlSchema(intro.Body) : null;
                        _graphql.TryAdd(path, (r, schema, lead));
                    }
                    else if (r.StatusCode is 401 or 403 && ApiSignals.Challenges(r).Any(c => c != "Unknown")
                        && _calibration is { } c && c.Status != r.StatusCode)
                    {
                        _graphql.TryAdd(path, (r, null, lead));
                    }
                    break;
                }
            }
        }

        /// <summary>Reads a response as an API description; true when it was one.</summary>
        private async Task<bool> ReadSpecAsync(HttpProbeResult r, string? foundVia, CancellationToken ct, LeadInfo? lead = null, bool inline = false)
        {
            if (r.Body.Length == 0 || ApiSignals.IsHtml(r)) return false;
            if (IsODataMetadata(r)) return ReadODataMetadata(r, lead ?? LeadInfo.WellKnown);
            var detection = SpecDetector.Detect(r.Body);
            if (detection.Kind == SpecKind.Unknown) return false;
            var url = r.FinalUri;
            if (!inline && !_specUrlsSeen.TryAdd(url.AbsoluteUri, 0) && _specs.Any(s => s.Url == url)) return true;
            var evidence = new List<string> { inline ? $"{detection.Kind} {detection.Version} document embedded in the script {url.PathAndQuery}".Replace("  ", " ")
                : $"{detection.Kind} {detection.Version} document at {url.PathAndQuery}".Replace("  ", " ") };
            if (foundVia is not null) evidence.Add(inline ? $"shown by {foundVia}" : $"named by {foundVia}");
            var specLead = lead ?? LeadInfo.WellKnown;
            var at = foundVia?.IndexOf(" at /", StringComparison.Ordinal) ?? -1;
            var docPage = at >= 0 ? new Uri(_origin, foundVia![(at + 4)..]).ToString() : null;
            if (r.BodyTruncated) evidence.Add($"the document is larger than {SpecBodyCap / (1024 * 1024)} MB: read up to the cap");
            switch (detection.Kind)
            {
                case SpecKind.OpenApi or SpecKind.Swagger:
                    try
                    {
                        var doc = await SpecLoader.LoadAsync(r.Body, new SpecLoadOptions { Source = url.ToString(), MaxBytes = SpecBodyCap + 1, Timeout = TimeSpan.FromSeconds(15) }, ct).ConfigureAwait(false);
                        var declared = doc.SecuritySchemes.Select(MapScheme).Where(s => s is not null).Select(s => s!).Distinct().ToArray();
                        if (doc.SecuritySchemes.Length > 0) evidence.Add($"declares security: {string.Join(", ", doc.SecuritySchemes.Select(s => s.ToString()).Take(6))}");
                        // A Swagger 2.0 document without "schemes" (express-openapi's, most hand-written ones) becomes a
                        // scheme-relative server (//host:port/v1): it takes the scheme of the URL it was read from.
                        var apiBase = doc.Servers.Select(s => s.StartsWith("//", StringComparison.Ordinal) ? Uri.TryCreate(url, s, out var r) ? r : null
                                : Uri.TryCreate(s, UriKind.Absolute, out var u) ? u : null)
                            .FirstOrDefault(u => u is not null && u.Scheme is "http" or "https" && string.Equals(u.IdnHost, _origin.IdnHost, StringComparison.OrdinalIgnoreCase))?.AbsolutePath;
                        var apiKey = doc.SecuritySchemes.FirstOrDefault(s => s.Type.Equals("apiKey", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(s.ParameterName));
                        _specs.Add(new FoundSpec(detection.Kind, url, doc.SpecVersion, doc.Operations, doc.Title, apiBase, declared, evidence.ToArray(), apiKey) { Lead = specLead, DocPage = docPage });
                    }
                    catch (SpecLoadException ex)
                    {
                        evidence.Add($"could not be read: {TextSafety.Truncate(ex.Message, 200)}");
                        _specs.Add(new FoundSpec(detection.Kind, url, detection.Version, Array.Empty<ApiOperation>(), null, null, Array.Empty<string>(), evidence.ToArray()) { Lead = specLead, DocPage = docPage });
                    }
                    break;
                case SpecKind.AsyncApi:
                {
                    var (ops, title) = detection.IsJson ? DescriptionParsers.AsyncApi(r.Body) : DescriptionParsers.AsyncApiYaml(r.Body);
                    _specs.Add(new FoundSpec(detection.Kind, url, detection.Version, ops, title, null, Array.Empty<string>(), evidence.ToArray()) { Lead = specLead, DocPage = docPage });
                    break;
                }
                case SpecKind.Postman:
                {
                    var (ops, title) = DescriptionParsers.Postman(r.Body);
                    _specs.Add(new FoundSpec(detection.Kind, url, detection.Version, ops, title, null, Array.Empty<string>(), evidence.ToArray()) { Lead = specLead, DocPage = docPage });
                    break;
                }
                case SpecKind.Wadl:
                    _specs.Add(new FoundSpec(detection.Kind, url, detection.Version, DescriptionParsers.Wadl(r.Body), null, null, Array.Empty<string>(), evidence.ToArray()) { Lead = specLead, DocPage = docPage });
                    break;
                case SpecKind.Wsdl:
                {
                    var (ops, address, title) = DescriptionParsers.Wsdl(r.Body);
                    string? apiBase = null;
                    if (address is not null && Uri.TryCreate(address, UriKind.Absolute, out var a) && string.Equals(a.IdnHost, _origin.IdnHost, StringComparison.OrdinalIgnoreCase))
                        apiBase = a.AbsolutePath;
                    apiBase ??= url.AbsolutePath;
                    _specs.Add(new FoundSpec(detection.Kind, url, detection.Version, ops, title, apiBase, Array.Empty<string>(), evidence.ToArray()) { Lead = specLead, DocPage = docPage });
                    break;
                }
                default:
                    return false;
            }
            return true;
        }

        /// <summary>
        /// An OData service's $metadata (CSDL) describes the service rooted beside it: one GET per entity set it declares
        /// (items are probed by the sample id a list shows), wherever the link to it came from (a framework default, a
        /// service's welcome page).
        /// </summary>
        private bool ReadODataMetadata(HttpProbeResult r, LeadInfo lead)
        {
            var url = r.FinalUri;
            if (!_specUrlsSeen.TryAdd(url.AbsoluteUri, 0) && _specs.Any(s => s.Url == url)) return true;
            var sets = ApiRoots.ODataEntitySets(r.Body, url);
            var ops = sets.Select(p => new ApiOperation { Method = "GET", Path = p, Summary = $"entity set in {url.AbsolutePath}" }).ToArray();
            var evidence = new[] { $"OData metadata document at {url.PathAndQuery}: {ops.Length} entity set(s)" };
            _specs.Add(new FoundSpec(SpecKind.OData, url, null, ops, null, new Uri(url, "./").AbsolutePath, Array.Empty<string>(), evidence) { Lead = lead });
            return true;
        }

        private static bool IsODataMetadata(HttpProbeResult r) =>
            (r.ContentType ?? "").Contains("xml", StringComparison.OrdinalIgnoreCase) && r.Body.Length > 0
            && Encoding.UTF8.GetString(r.Body, 0, Math.Min(r.Body.Length, 2048)).Contains("edmx", StringComparison.OrdinalIgnoreCase);

        private async Task ProbeGrpcAsync(CancellationToken ct)
        {
            // A gRPC-web call of the standard health service with an empty request message (5-byte frame header).
            var r = await SendAsync("POST", "/grpc.health.v1.Health/Check", ct, body: "\0\0\0\0\0", contentType: "application/grpc-web+proto",
                headers: new[] { new KeyValuePair<string, string>("X-Grpc-Web", "1"), new KeyValuePair<string, string>("TE", "trailers") }).ConfigureAwait(false);
            if (r is null) return;
            if (r.HasHeader("grpc-status") || (r.ContentType ?? "").StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)) _grpc = r;
        }

        private async Task ProbeCorsAsync(CancellationToken ct)
        {
            var r = await SendAsync("OPTIONS", "/", ct, headers: new[]
            {
                new KeyValuePair<string, string>("Origin", "https://apithreat-cors-probe.invalid"),
                new KeyValuePair<string, string>("Access-Control-Request-Method", "PUT"),
                new KeyValuePair<string, string>("Access-Control-Request-Headers", "authorization,content-type"),
            }).ConfigureAwait(false);
            if (r is not null) _cors = ApiSignals.CorsWriteSignal(r);
        }

        private async Task<List<ApiEndpoint>> BuildEndpointsAsync(CancellationToken ct)
        {
            var endpoints = new Dictionary<string, ApiEndpoint>(StringComparer.Ordinal);
            var responses = new Dictionary<string, HttpProbeResult>(StringComparer.Ordinal) { [Key(_origin)] = _root };
            foreach (var (path, r) in _versioned) responses[Key(new Uri(_origin, path))] = r;

            // Documents served at their own URL before specs embedded in scripts; then the one a documentation page showed
            // (the same script may also be reached directly, naming only itself); then by URL, for a stable choice.
            foreach (var spec in _specs.OrderBy(s => s.Evidence[0].Contains("embedded in the script", StringComparison.Ordinal) ? 1 : 0)
                .ThenBy(s => s.DocPage is null || s.DocPage == s.Url.ToString() ? 1 : 0).ThenBy(s => s.Url.AbsoluteUri, StringComparer.Ordinal))
            {
                var url = new Uri(_origin, spec.ApiBase ?? "/");
                var kind = spec.Kind switch
                {
                    SpecKind.OpenApi or SpecKind.Swagger => EndpointKind.OpenApi,
                    SpecKind.AsyncApi => EndpointKind.AsyncApi,
                    SpecKind.Postman => EndpointKind.Postman,
                    SpecKind.Wsdl => EndpointKind.Soap,
                    _ => EndpointKind.Rest,
                };
                var key = Key(url);
                if (endpoints.TryGetValue(key, out var existing) && existing.Operations.Length >= spec.Operations.Length)
                {
                    existing.Evidence = existing.Evidence.Concat(spec.Evidence).Distinct().Take(24).ToArray();
                    existing.DocumentationUrl ??= spec.DocPage;
                    continue;
                }
                var e = NewEndpoint(url, kind);
                e.Source = spec.Lead.Source;
                e.FoundAt = spec.Lead.FoundAt;
                e.DocumentationUrl = spec.DocPage ?? endpoints.GetValueOrDefault(key)?.DocumentationUrl;
                e.SpecUrl = spec.Url.ToString();
                e.SpecVersion = spec.Version;
                e.Title = spec.Title is null ? null : TextSafety.Truncate(TextSafety.StripControl(spec.Title), 200);
                e.Operations = spec.Operations;
                e.Evidence = spec.Evidence;
                e.Authentication = spec.DeclaredAuth;
                if (spec.ApiKey is { } apiKey)
                {
                    e.ApiKeyName = TextSafety.Truncate(TextSafety.StripControl(apiKey.ParameterName!), 100);
                    e.ApiKeyIn = apiKey.In?.ToLowerInvariant() is "query" or "cookie" ? apiKey.In.ToLowerInvariant() : "header";
                }
                e.Findings = new[] { InventoryRules.ExposedSpecification.ToFinding(e.Url, $"{spec.Kind} document readable without authentication at {spec.Url}") };
                endpoints[key] = e;
            }

            // A GraphQL server that answers on every path (Apollo's standalone server) is one API: the same schema on
            // several paths is kept once, at the shortest path.
            var schemas = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (path, (r, schema, lead)) in _graphql.OrderBy(g => g.Key.Length).ThenBy(g => g.Key, StringComparer.Ordinal))
            {
                if (schema is { Length: > 0 } && !schemas.Add(string.Join(",", schema.Select(o => o.ToString()).Order(StringComparer.Ordinal)))) continue;
                var url = new Uri(_origin, path);
                var e = NewEndpoint(url, EndpointKind.GraphQL);
                e.Source = lead.Source;
                e.FoundAt = lead.FoundAt;
                e.StatusCode = r.StatusCode;
                e.ContentType = r.ContentType;
                e.Authentication = AuthFrom(r) ?? Array.Empty<string>();
                e.Operations = schema ?? Array.Empty<ApiOperation>();
                e.Evidence = new[]
                {
                    r.StatusCode is 401 or 403 ? $"POST {path} answers {r.StatusCode} to a GraphQL query" : $"POST {path} answers the GraphQL query {{__typename}}",
                    schema is null ? "introspection is disabled or refused" : $"introspection is enabled: {schema.Length} root fields",
                };
                endpoints[Key(url)] = e;
            }

            if (_oidc is { } oidc)
            {
                var e = NewEndpoint(oidc.Url, EndpointKind.OpenIdConnect);
                e.SpecUrl = oidc.Url.ToString();
                e.Operations = oidc.Operations;
                e.Title = oidc.Issuer;
                e.Evidence = new[] { $"OpenID Connect discovery document of issuer {oidc.Issuer}" };
                endpoints[Key(oidc.Url)] = e;
            }

            // REST: the root when it answers like an API; otherwise the versioned roots that do.
            var rootKey = Key(_origin);
            // nginx's "ssl_verify_client on" completes the handshake and answers 400 (or a custom 495/496 page, or 403 behind
            // some proxies) to every request without a certificate: only such a root is worth the extra handshake.
            var certificateRequired = _origin.Scheme == "https" && _root.StatusCode is 400 or 403 or 495 or 496
                && await AsksForClientCertificateAsync(ct).ConfigureAwait(false);
            var (rootSignals, strongRoot) = RootSignals(certificateRequired);
            if (_grpc is not null)
            {
                rootSignals.Add($"gRPC-web health check answers (grpc-status {_grpc.Header("grpc-status") ?? "?"})");
                if (!endpoints.ContainsKey(rootKey))
                {
                    var g = NewEndpoint(_origin, EndpointKind.Grpc);
                    g.Operations = new[] { new ApiOperation { Method = "POST", Path = "/grpc.health.v1.Health/Check", OperationId = "grpc.health.v1.Health.Check" } };
                    endpoints[rootKey] = g;
                }
            }
            if (_viewerWithoutSpec is not null && endpoints.Count == 0) rootSignals.Add($"{_viewerWithoutSpec}, naming no readable spec");
            var versionedEvidence = _versioned.Keys.Order(StringComparer.Ordinal).Select(p => $"{p} answers {_versioned[p].StatusCode} {BaseType(_versioned[p].ContentType)}").ToList();
            // A root made only of what a framework does for every path (its JSON not-found answer, permissive CORS) is no API
            // of its own when the origin's API was found elsewhere (GraphQL Yoga or Mercurius at /graphql): unless
            // operations land on it, it is dropped again below.
            ApiEndpoint? weakRoot = null;
            if (rootSignals.Count > 0 || endpoints.ContainsKey(rootKey))
            {
                if (!endpoints.TryGetValue(rootKey, out var root))
                {
                    endpoints[rootKey] = root = NewEndpoint(_origin, EndpointKind.Rest);
                    if (!strongRoot && _versioned.IsEmpty && endpoints.Count > 1) weakRoot = root;
                }
                if (_request.Path is { Length: > 1 } && _leads.TryGetValue(_request.Path, out var given) && _versioned.ContainsKey(_request.Path)) (root.Source, root.FoundAt) = (given.Source, given.FoundAt);
                root.Evidence = root.Evidence.Concat(rootSignals).Concat(versionedEvidence).Distinct().Take(24).ToArray();
            }
            else
            {
                foreach (var (path, r) in _versioned.OrderBy(v => v.Key, StringComparer.Ordinal))
                {
                    var url = new Uri(_origin, path);
                    if (endpoints.ContainsKey(Key(url))) continue;
                    // A resource listing below an API root that answered (a registry's /v2/_catalog under /v2) is one of
                    // that API's operations, not an API of its own.
                    if (_listings.ContainsKey(path) && _versioned.Keys.Any(p => p.TrimEnd('/') is { Length: > 0 } b && b != path.TrimEnd('/') && Under(path, b)))
                    {
                        AddOperation("GET", path, _leads.TryGetValue(path, out var listed) ? listed : LeadInfo.WellKnown);
                        continue;
                    }
                    var e = NewEndpoint(url, EndpointKind.Rest);
                    if (_leads.TryGetValue(path, out var lead)) (e.Source, e.FoundAt) = (lead.Source, lead.FoundAt);
                    e.Evidence = new[] { $"GET {path} answers {r.StatusCode} {BaseType(r.ContentType)}" };
                    endpoints[Key(url)] = e;
                }
            }

            if (_serverApi is { } server)
            {
                // A server's own API (a data store, a notebook server): the endpoint at its documented base, named after it.
                var url = new Uri(_origin, server.Api.Base);
                if (!endpoints.TryGetValue(Key(url), out var e)) endpoints[Key(url)] = e = NewEndpoint(url, EndpointKind.Rest);
                (e.Source, e.FoundAt) = (server.Lead.Source, server.Lead.FoundAt);
                e.Title ??= server.Api.Title;
                e.Evidence = e.Evidence.Append(server.Api.Evidence).Distinct().Take(24).ToArray();
                // An XML-RPC API's methods, each named as WSDL operations are (the method, not a path of its own).
                if (server.Api.Procedures.Count > 0)
                    e.Operations = server.Api.Procedures.Select(p => new ApiOperation { Method = "XMLRPC", Path = p, OperationId = p, Summary = $"found in {server.Api.Product}'s system.listMethods" }).ToArray();
                if (ReferenceEquals(weakRoot, e)) weakRoot = null;
            }
            AttachOperations(endpoints);
            if (_selfDescribed is not null && endpoints.TryGetValue(rootKey, out var described))
            {
                described.Evidence = described.Evidence.Append(_selfDescribed).Distinct().Take(24).ToArray();
                described.Findings = described.Findings.Append(InventoryRules.ExposedSpecification.ToFinding(described.Url, _selfDescribed)).ToArray();
            }
            if (weakRoot is { Operations.Length: 0 })
            {
                Network.Log($"{_origin}: {string.Join("; ", weakRoot.Evidence)}: what the framework answers everywhere, not an API beside the one found");
                endpoints.Remove(rootKey);
            }
            foreach (var e in endpoints.Values.Where(e => e.DocumentationUrl is null && e.Kind is EndpointKind.OpenApi or EndpointKind.Rest))
                e.DocumentationUrl = _docPages.Keys.Order(StringComparer.Ordinal).FirstOrDefault();

            // Authentication and status as observed at each endpoint's own URL (one GET when not yet asked).
            foreach (var e in endpoints.Values.Where(e => e.Kind is not (EndpointKind.GraphQL or EndpointKind.OpenIdConnect)))
            {
                var key = Key(new Uri(e.Url));
                if (!responses.TryGetValue(key, out var r))
                {
                    r = await SendAsync("GET", new Uri(e.Url).PathAndQuery, ct).ConfigureAwait(false);
                    if (r is not null) responses[key] = r;
                }
                if (r is null) continue;
                e.StatusCode = r.StatusCode;
                e.ContentType = r.ContentType;
                e.ResponseTimeMs = Math.Round(r.ElapsedMs, 1);
                e.Title ??= WebProbe.ExtractTitle(r);
                if (AuthFrom(r) is { } observed) e.Authentication = observed;
                else if (e.Authentication.Length == 0 && OperationsAnswerOpenly(e)) e.Authentication = new[] { "None" };
                if (e.ApiKeyName is null && e.Authentication.Contains("ApiKey") && ApiSignals.ApiKeyParameter(r) is { } named)
                    (e.ApiKeyName, e.ApiKeyIn) = (named.Name, named.In);
                if (_origin.Scheme == "https" && await AsksForClientCertificateAsync(ct).ConfigureAwait(false))
                {
                    // Asked for in the handshake: required when the answer without one is an error, optional otherwise.
                    e.Authentication = e.Authentication.Append("Mtls").Distinct().ToArray();
                    if (r.StatusCode is >= 200 and < 400)
                        e.Evidence = e.Evidence.Append("the TLS server asks for a client certificate but answers without one: mutual TLS optional").Distinct().ToArray();
                }
            }

            // Findings: exposed descriptions (above), non-production hosts, several versions side by side.
            var nonProduction = HostEnvironment.IsNonProduction(_origin.IdnHost);
            var versions = _versioned.Keys.Concat(endpoints.Values.Select(e => new Uri(e.Url).AbsolutePath))
                .Select(VersionOf).Where(v => v is not null).Select(v => v!.Value).Distinct().Order().ToArray();
            foreach (var e in endpoints.Values)
            {
                var findings = e.Findings.ToList();
                if (nonProduction)
                    findings.Add(InventoryRules.NonProductionApi.ToFinding(e.Url, $"the host name {_origin.IdnHost} marks a non-production environment"));
                if (versions.Length >= 2)
                {
                    var own = VersionOf(new Uri(e.Url).AbsolutePath);
                    if (own is null ? e.Url == _origin.ToString() : own < versions[^1])
                        findings.Add(InventoryRules.OldApiVersion.ToFinding(e.Url, $"API versions {string.Join(", ", versions.Select(v => "v" + v))} answer on {_origin.GetLeftPart(UriPartial.Authority)}"));
                }
                e.Findings = findings.ToArray();
            }
            return endpoints.Values.OrderBy(e => e.Url, StringComparer.Ordinal).ToList();
        }

        /// <summary>
        /// Whether the origin's TLS server asks for a client certificate: one handshake of its own, made at most once and
        /// only for an origin that fails its handshake, answers its root with an error, or serves an API (the scan's
        /// HTTP connections do not watch for it: that would cost every connection its own TLS context).
        /// </summary>
        private Task<bool> AsksForClientCertificateAsync(CancellationToken ct) =>
            _clientCertificateAsked ??= Network.Tls.AsksForClientCertificateAsync(_request.Host, _port, ct);

        /// <summary>An origin whose TLS handshake demands a client certificate: all that can be seen is that it is there.</summary>
        private ApiEndpoint MutualTlsOnly(Uri origin, TargetException failure) => new()
        {
            Url = origin.ToString(),
            HostName = origin.IdnHost.Trim('[', ']').ToLowerInvariant(),
            Port = origin.Port,
            Scheme = origin.Scheme,
            Kind = EndpointKind.Rest,
            Authentication = new[] { "Mtls" },
            Addresses = _addresses,
            Evidence = new[]
            {
                "the TLS server asks for a client certificate and ends the handshake without one: mutual TLS required",
                TextSafety.Truncate(TextSafety.StripControl(failure.Message), 300),
            },
            FirstSeen = DateTimeOffset.UtcNow,
            LastSeen = DateTimeOffset.UtcNow,
        };

        /// <summary>
        /// Why the root looks like an API, and whether any reason is strong (the root itself answers like an API, asks for
        /// API credentials, names a gateway or demands a client certificate) rather than what a framework does on every
        /// path (its JSON not-found answer, a permissive CORS preflight).
        /// </summary>
        private (List<string> Signals, bool Strong) RootSignals(bool certificateRequired)
        {
            var signals = new List<string>();
            var strong = false;
            var r = _root;
            if (certificateRequired)
            {
                signals.Add($"the TLS server asks for a client certificate and answers {r.StatusCode} without one: mutual TLS required");
                strong = true;
            }
            if (ApiSignals.IsApiContentType(r.ContentType))
            {
                signals.Add($"GET / answers {r.StatusCode} {BaseType(r.ContentType)}");
                strong |= !(r.StatusCode is 404 or 405 && LooksLikeCalibration(r, "/"));
            }
            var challenges = ApiSignals.Challenges(r).Where(c => c != "Unknown").ToList();
            if (challenges.Count > 0 && (!ApiSignals.IsHtml(r) || challenges.Any(c => c is "Bearer" or "ApiKey")))
            {
                signals.Add($"GET / asks for {string.Join("/", challenges)} authentication");
                strong = true;
            }
            var gateways = ApiSignals.Gateways(r).ToList();
            if (gateways.Count > 0)
            {
                signals.Add($"API gateway signature: {string.Join(", ", gateways)}");
                strong = true;
            }
            if (_cors is not null) signals.Add(_cors);
            if (_calibration is { Status: >= 400 and < 500 } c && ApiSignals.IsApiContentType(c.Type)) signals.Add($"unknown paths answer {c.Status} {c.Type}");
            return (signals, strong);
        }

        private ApiEndpoint NewEndpoint(Uri url, EndpointKind kind)
        {
            var e = new ApiEndpoint
            {
                Url = url.ToString(),
                HostName = _origin.IdnHost.Trim('[', ']').ToLowerInvariant(),
                Port = _origin.Port,
                Scheme = _origin.Scheme,
                Kind = kind,
                StatusCode = _root.StatusCode,
                Server = TextSafety.StripControl(_root.Header("Server")) is { Length: > 0 } s ? TextSafety.Truncate(s, 200) : null,
                ContentType = _root.ContentType,
                ResponseTimeMs = Math.Round(_root.ElapsedMs, 1),
                Technologies = _technologies.Keys.Order(StringComparer.Ordinal).ToArray(),
                Addresses = _addresses,
                SecurityTxtUrl = _securityTxt,
                FirstSeen = DateTimeOffset.UtcNow,
                LastSeen = DateTimeOffset.UtcNow,
            };
            if (_root.Certificate is { } cert)
            {
                e.CertificateSubject = cert.Subject;
                e.CertificateIssuer = cert.Issuer;
                e.CertificateFingerprint = cert.GetCertHashString(HashAlgorithmName.SHA256);
                e.CertificateNotAfter = new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero);
                e.CertificateKey = KeyOf(cert);
            }
            return e;
        }

        private static string[]? AuthFrom(HttpProbeResult r)
        {
            if (r.StatusCode is >= 200 and < 300) return new[] { "None" };
            var challenges = ApiSignals.Challenges(r);
            return challenges.Count > 0 ? challenges.ToArray() : null;
        }

        private static string Key(Uri u) => InventoryItem.NormalizeUrl(u.ToString());
    }

    private static string? MapScheme(SpecSecurityScheme s) => s.Type.ToLowerInvariant() switch
    {
        "http" => (s.Scheme ?? "").ToLowerInvariant() switch
        {
            "basic" => "Basic",
            "bearer" => "Bearer",
            "digest" => "Digest",
            "negotiate" or "ntlm" => "Negotiate",
            _ => "Bearer",
        },
        "apikey" => "ApiKey",
        "oauth2" or "openidconnect" => "OAuth",
        "mutualtls" => "Mtls",
        _ => null,
    };

    private static int? VersionOf(string path)
    {
        try
        {
            var m = s_versionSegment.Match(path);
            return m.Success ? int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        catch (RegexMatchTimeoutException) { return null; }
    }

    private static string KeyOf(X509Certificate2 cert)
    {
        using var rsa = cert.GetRSAPublicKey();
        if (rsa is not null) return $"RSA {rsa.KeySize}";
        using var ec = cert.GetECDsaPublicKey();
        if (ec is not null) return $"ECDSA {ec.KeySize}";
        return cert.PublicKey.Oid.FriendlyName ?? cert.PublicKey.Oid.Value ?? "";
    }

    private static string BaseType(string? contentType) => (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
}
