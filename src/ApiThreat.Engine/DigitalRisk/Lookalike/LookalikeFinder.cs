using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ApiThreat.Engine.Discovery.Subdomains;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using DnsClient;
using DnsClient.Protocol;

namespace ApiThreat.Engine.DigitalRisk.Lookalike;

/// <summary>What one Find-LookalikeDomain run does.</summary>
public sealed class LookalikeOptions
{
    public LookalikeGeneratorOptions Generator { get; init; } = new();
    /// <summary>Only list the candidates (Status NotChecked): no DNS, no web, no RDAP.</summary>
    public bool NoResolve { get; init; }
    /// <summary>Also emit unregistered and unknown candidates.</summary>
    public bool IncludeUnregistered { get; init; }
    public bool FetchPage { get; init; } = true;
    public bool ReadCertificate { get; init; } = true;
    public bool QueryRdap { get; init; } = true;
    public int HttpsPort { get; init; } = 443;
    public int HttpPort { get; init; } = 80;
    /// <summary>One RDAP base URL for every TLD (a registry's or a test server); null: the bootstrap registry decides.</summary>
    public Uri? RdapUri { get; init; }
    public RdapBootstrap? Bootstrap { get; init; }
    public int NewlyRegisteredDays { get; init; } = 30;
    public int SimilarityThreshold { get; init; } = 80;
    /// <summary>DNS queries in flight at once.</summary>
    public int MaxInFlight { get; init; } = 500;
    /// <summary>Registered lookalikes enriched (page, certificate, RDAP) at once.</summary>
    public int EnrichConcurrency { get; init; } = 16;
}

/// <summary>Counters of one domain's run, for -Verbose, the closing summary and the benchmark.</summary>
public sealed class LookalikeStats
{
    public long Candidates, Registered, Unregistered, Unknown, Wildcard, Refused, ServerFailures, Timeouts;
    public TimeSpan GenerateElapsed, Elapsed;
    public override string ToString() =>
        $"{Candidates:N0} candidates: {Registered:N0} registered, {Unregistered:N0} unregistered, {Unknown:N0} unknown " +
        $"({Refused:N0} REFUSED, {ServerFailures:N0} SERVFAIL, {Timeouts:N0} timeouts, {Wildcard:N0} wildcard answers) in {Elapsed.TotalSeconds:0.##} s";
}

/// <summary>
/// Lookalike domains of one organisation domain: the candidates of <see cref="LookalikeGenerator"/> resolved over the
/// bulk DNS client (A first: NXDOMAIN settles most in one query; then AAAA, NS and MX for names that exist), each TLD's
/// wildcard profiled so that a TLD answering every name is not read as registrations, and REFUSED, SERVFAIL, timeouts
/// and errors kept as Unknown (never registered). Registered lookalikes are enriched — their page against the
/// original's (fuzzy hash), their certificate's names, RDAP dates — and judged by the ATR-DRP checks. Streams: each
/// lookalike is emitted as soon as it is known.
/// </summary>
public sealed class LookalikeFinder : IDisposable
{
    private const int DeadResolverFailures = 200;
    private readonly NetworkContext _network;
    private readonly LookalikeOptions _options;
    private readonly BulkDnsClient _client;
    private readonly BulkNameResolver _resolver;

    public LookalikeFinder(NetworkContext network, LookalikeOptions options)
    {
        _network = network;
        _options = options;
        // SERVFAIL comes back at once and is asked again once by the finder: waiting out an attempt timeout per retry
        // would make one broken lookalike zone cost more than thousands of answered names.
        _client = new BulkDnsClient(network.Options.Resolvers, network.Options.DnsTimeout, network.Options.DnsRetries,
            options.MaxInFlight, network.Options.RateLimit, retryServerFailure: false);
        _resolver = new BulkNameResolver(_client);
    }

    public BulkDnsClient Client => _client;

    public async Task<LookalikeStats> RunAsync(string domain, Func<LookalikeDomain, ValueTask> emit, Func<string, ValueTask> warn,
        CancellationToken cancellationToken)
    {
        using var run = new Run(this, domain, emit, cancellationToken);
        var stats = await run.ExecuteAsync().ConfigureAwait(false);
        if (stats.Unknown > 0 && !_options.NoResolve)
            await warn($"{domain}: {stats.Unknown:N0} of {stats.Candidates:N0} lookalike(s) got no usable answer ({stats.Refused:N0} REFUSED, " +
                $"{stats.ServerFailures:N0} SERVFAIL, {stats.Timeouts:N0} timeouts, {stats.Wildcard:N0} wildcard answers): their status is Unknown, " +
                "not registered. Ask a recursive resolver (-Resolver) to know them; -IncludeUnregistered lists them.").ConfigureAwait(false);
        _network.Log($"{domain}: {stats}");
        return stats;
    }

    public void Dispose() => _client.Dispose();

    private sealed class Run : IDisposable
    {
        private readonly LookalikeFinder _f;
        private readonly string _domain;
        private readonly Func<LookalikeDomain, ValueTask> _emit;
        private readonly CancellationTokenSource _abort;
        private readonly WildcardDetector _wildcards;
        private readonly SemaphoreSlim _enrich;
        private readonly LookalikeStats _stats = new();
        private Lazy<Task<string?>>? _originalPage;
        private Exception? _fatal;

        public Run(LookalikeFinder finder, string domain, Func<LookalikeDomain, ValueTask> emit, CancellationToken cancellationToken)
        {
            _f = finder;
            _domain = domain;
            _emit = emit;
            _abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _wildcards = new WildcardDetector(finder._resolver);
            _enrich = new SemaphoreSlim(Math.Max(1, finder._options.EnrichConcurrency));
        }

        private CancellationToken Token => _abort.Token;
        private LookalikeOptions Options => _f._options;
        private NetworkContext Network => _f._network;

        public async Task<LookalikeStats> ExecuteAsync()
        {
            var clock = Stopwatch.StartNew();
            var original = DomainParts.Parse(_domain).Original;
            _originalPage = new Lazy<Task<string?>>(() => OriginalPageAsync(original));
            // In scope from the start: a defensive registration that redirects to the original is followed there.
            if (Options.FetchPage) Network.Scope.AddImplicitHost(original);
            var candidates = LookalikeGenerator.Generate(_domain, Options.Generator);
            if (Options.NoResolve)
            {
                foreach (var c in candidates)
                {
                    Token.ThrowIfCancellationRequested();
                    _stats.Candidates++;
                    await _emit(New(c, LookalikeStatus.NotChecked, "not resolved (-NoResolve)")).ConfigureAwait(false);
                }
                _stats.Elapsed = clock.Elapsed;
                return _stats;
            }
            var limit = Math.Max(1, Options.MaxInFlight);
            using var gate = new SemaphoreSlim(limit);
            try
            {
                foreach (var c in candidates)
                {
                    if (_fatal is not null) break;
                    await gate.WaitAsync(Token).ConfigureAwait(false);
                    Interlocked.Increment(ref _stats.Candidates);
                    _ = ProcessAsync(c).ContinueWith(static (_, g) => ((SemaphoreSlim)g!).Release(), gate,
                        CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
            catch (OperationCanceledException) when (_fatal is not null) { }
            finally
            {
                for (var i = 0; i < limit; i++) await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            if (_fatal is not null) throw _fatal;
            Token.ThrowIfCancellationRequested();
            _stats.Elapsed = clock.Elapsed;
            return _stats;
        }

        private LookalikeDomain New(LookalikeCandidate c, LookalikeStatus status, string reason) => new()
        {
            Domain = c.Domain, UnicodeDomain = c.UnicodeDomain, OriginalDomain = _domain, Fuzzer = c.Fuzzer, Status = status, StatusReason = reason,
        };

        private async Task ProcessAsync(LookalikeCandidate c)
        {
            try
            {
                var r = await _f._resolver.ResolveAsync(c.Domain, Token).ConfigureAwait(false);
                if (r.Status == DnsStatus.ServerFailure) r = await _f._resolver.ResolveAsync(c.Domain, Token).ConfigureAwait(false);
                if (r.Failed)
                {
                    Interlocked.Increment(ref _stats.Unknown);
                    switch (r.Status)
                    {
                        case DnsStatus.Refused: Interlocked.Increment(ref _stats.Refused); break;
                        case DnsStatus.ServerFailure: Interlocked.Increment(ref _stats.ServerFailures); break;
                        case DnsStatus.Timeout: Interlocked.Increment(ref _stats.Timeouts); break;
                    }
                    if (_f._client.ConsecutiveFailures >= DeadResolverFailures) Abort();
                    if (Options.IncludeUnregistered) await _emit(New(c, LookalikeStatus.Unknown, Describe(r))).ConfigureAwait(false);
                    return;
                }
                if (!r.Exists)
                {
                    Interlocked.Increment(ref _stats.Unregistered);
                    if (Options.IncludeUnregistered) await _emit(New(c, LookalikeStatus.Unregistered, "NXDOMAIN")).ConfigureAwait(false);
                    return;
                }
                if (r.IsHost)
                {
                    var profile = await _wildcards.ProfileAsync(c.Tld, Token).ConfigureAwait(false);
                    if (await _wildcards.IsWildcardMatchAsync(profile, c.Domain, r, Token).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref _stats.Unknown);
                        Interlocked.Increment(ref _stats.Wildcard);
                        if (!Options.IncludeUnregistered) return;
                        var w = New(c, LookalikeStatus.Unknown, $"answers like any name under .{c.Tld} (wildcard: {string.Join(", ", r.Addresses)})");
                        w.IsWildcard = true;
                        await _emit(w).ConfigureAwait(false);
                        return;
                    }
                }
                Interlocked.Increment(ref _stats.Registered);
                var found = New(c, LookalikeStatus.Registered, "");
                found.Addresses = r.Addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).Select(a => a.ToString()).ToArray();
                await EnrichAsync(found, r).ConfigureAwait(false);
                await _emit(found).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (Token.IsCancellationRequested) { }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _fatal, ex, null);
                _abort.Cancel();
            }
        }

        private static string Describe(NameResolution r) => r.Status switch
        {
            DnsStatus.Refused => "REFUSED: the resolver does not answer for this name (not a recursive resolver for it)",
            DnsStatus.ServerFailure => "SERVFAIL (asked twice)",
            DnsStatus.Timeout => "no answer (timeout) after retries",
            _ => "DNS error: " + (r.Error ?? r.Status.ToString()),
        };

        private async Task EnrichAsync(LookalikeDomain d, NameResolution r)
        {
            var ns = Records(d.Domain, QueryType.NS);
            var mx = Records(d.Domain, QueryType.MX);
            d.NameServers = await ns.ConfigureAwait(false);
            d.MailServers = await mx.ConfigureAwait(false);
            var what = new List<string>();
            if (d.Addresses.Length > 0) what.Add($"{d.Addresses.Length} address(es)");
            if (d.NameServers.Length > 0) what.Add("NS");
            if (d.MailServers.Length > 0) what.Add("MX");
            if (r.CnameChain.Count > 0) what.Add("CNAME " + r.CnameChain[0]);
            d.StatusReason = what.Count > 0 ? "has " + string.Join(", ", what) : "exists (NOERROR) without A, AAAA, NS or MX";

            await _enrich.WaitAsync(Token).ConfigureAwait(false);
            try
            {
                if ((Options.FetchPage || Options.ReadCertificate) && (d.Addresses.Length > 0 || r.CnameChain.Count > 0)) await WebAsync(d).ConfigureAwait(false);
                if (Options.QueryRdap) await RdapAsync(d).ConfigureAwait(false);
            }
            finally { _enrich.Release(); }
            d.Findings = Checks<LookalikeEvidence>.Run(new LookalikeEvidence
            {
                Domain = d, NewlyRegisteredDays = Options.NewlyRegisteredDays, SimilarityThreshold = Options.SimilarityThreshold,
            }).ToArray();
        }

        /// <summary>Targets of the NS or MX records of a name (sorted); empty when there are none or the query failed.</summary>
        private async Task<string[]> Records(string name, QueryType type)
        {
            var answer = await Network.Resolver.QueryAsync(name, type, Token).ConfigureAwait(false);
            return answer.Answers.Select(a => a switch
                {
                    NsRecord n when DnsResolver.Trim(n.DomainName.Value) == name => DnsResolver.Trim(n.NSDName.Value),
                    MxRecord m when DnsResolver.Trim(m.DomainName.Value) == name && m.Exchange.Value != "." => DnsResolver.Trim(m.Exchange.Value),
                    _ => null,
                })
                .OfType<string>().Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(16).ToArray();
        }

        private Uri PageUri(string host, bool https)
        {
            var port = https ? Options.HttpsPort : Options.HttpPort;
            var defaultPort = https ? 443 : 80;
            return new Uri($"{(https ? "https" : "http")}://{host}{(port == defaultPort ? "" : ":" + port)}/");
        }

        /// <summary>The original's page hash (HTTPS, else HTTP), fetched once per run.</summary>
        private async Task<string?> OriginalPageAsync(string original)
        {
            Network.Scope.AddImplicitHost(original);
            var page = await FetchAsync(original).ConfigureAwait(false);
            if (page is null) Network.Log($"{original}: no web page to compare lookalikes with");
            return page is null ? null : PageFingerprint.Compute(page.Text, original, "www." + original);
        }

        private async Task<HttpProbeResult?> FetchAsync(string host)
        {
            foreach (var https in new[] { true, false })
            {
                try
                {
                    var result = await Network.Http.GetAsync(PageUri(host, https), Token).ConfigureAwait(false);
                    if (result.StatusCode is >= 200 and < 400) return result;
                }
                catch (Exception ex) when (ex is TargetException or HttpRequestException or IOException or SocketException or InvalidOperationException)
                {
                    Network.Log($"{PageUri(host, https)}: {ex.Message}");
                }
                catch (OperationCanceledException) when (!Token.IsCancellationRequested) { Network.Log($"{PageUri(host, https)}: timed out"); }
            }
            return null;
        }

        private async Task WebAsync(LookalikeDomain d)
        {
            Network.Scope.AddImplicitHost(d.Domain);
            var page = await FetchAsync(d.Domain).ConfigureAwait(false);
            if (page is null) return;
            d.PageUrl = page.FinalUri.AbsoluteUri;
            if (Options.ReadCertificate && page.Certificate is { } cert)
            {
                d.CertificateNames = CertificateNames(cert);
                d.CertificateIssuer = cert.Issuer;
            }
            if (!Options.FetchPage) return;
            // A lookalike that sends visitors to the organisation's own site is a defensive registration, not a copy.
            if (LookalikeEvidence.Under(page.FinalUri.IdnHost, _domain)) { d.PageUrl = page.FinalUri.AbsoluteUri; return; }
            d.PageHash = PageFingerprint.Compute(page.Text, d.Domain, "www." + d.Domain, d.UnicodeDomain);
            var original = await _originalPage!.Value.ConfigureAwait(false);
            d.PageSimilarity = PageFingerprint.Compare(d.PageHash, original);
        }

        private static string[] CertificateNames(X509Certificate2 cert)
        {
            var names = new List<string>();
            foreach (var ext in cert.Extensions)
                if (ext is X509SubjectAlternativeNameExtension san)
                {
                    try { names.AddRange(san.EnumerateDnsNames()); }
                    catch (System.Security.Cryptography.CryptographicException) { }
                }
            var cn = cert.GetNameInfo(X509NameType.DnsName, forIssuer: false);
            if (!string.IsNullOrEmpty(cn)) names.Add(cn);
            return names.Select(n => n.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Take(100).ToArray();
        }

        private async Task RdapAsync(LookalikeDomain d)
        {
            var baseUri = Options.RdapUri ?? Options.Bootstrap?.BaseFor(d.Domain);
            if (baseUri is null)
            {
                d.RdapSource = $"no RDAP server is known for .{d.Domain[(d.Domain.LastIndexOf('.') + 1)..]}";
                return;
            }
            Network.Scope.AddImplicitHost(baseUri.IdnHost);
            try
            {
                var record = await RdapClient.LookupAsync(Network, baseUri, d.Domain, Token).ConfigureAwait(false);
                if (record is null) { d.RdapSource = $"{baseUri} has no record of {d.Domain} (404)"; return; }
                d.RegistrationDate = record.Registered;
                d.ExpirationDate = record.Expires;
                d.Registrar = record.Registrar;
                d.RdapSource = record.Source;
            }
            catch (Exception ex) when (ex is TargetException or HttpRequestException or IOException or InvalidDataException or SocketException)
            {
                d.RdapSource = $"RDAP failed: {Text.TextSafety.Truncate(ex.Message, 200)}";
                Network.Log($"RDAP {d.Domain}: {ex.Message}");
            }
            catch (OperationCanceledException) when (!Token.IsCancellationRequested) { d.RdapSource = "RDAP timed out"; }
        }

        private void Abort()
        {
            var servers = string.Join(", ", _f._client.Servers);
            Interlocked.CompareExchange(ref _fatal, new TargetException(_domain, "DnsResolverStoppedAnswering", TargetErrorKind.Timeout,
                $"The resolver ({servers}) stopped answering while checking lookalikes of '{_domain}': {DeadResolverFailures} queries in a row " +
                "got no answer. The lookalikes found so far were written.",
                "Check the resolver, then run again with a lower -ThrottleLimit or a -RateLimit."), null);
            _abort.Cancel();
        }

        public void Dispose()
        {
            _abort.Dispose();
            _enrich.Dispose();
        }
    }
}
