using System.Collections.Concurrent;
using System.Security.Cryptography;
using ApiThreat.Engine.Discovery.Crawl;
using ApiThreat.Engine.DigitalRisk.Secrets.Verification;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.DigitalRisk.Secrets;

/// <summary>What one Find-ExposedSecret run reads on each site, and whether it verifies what it finds.</summary>
public sealed class SecretSiteOptions
{
    public required SecretCatalog Catalog { get; init; }
    /// <summary>The crawl of each origin (pages, same-origin scripts, their source maps).</summary>
    public CrawlBudget Crawl { get; init; } = CrawlBudget.Standard with { MaxBytes = 32L * 1024 * 1024 };
    /// <summary>Ask for the configuration files and API descriptions of module/data/secrets/well-known-files.json.</summary>
    public bool WellKnownFiles { get; init; } = true;
    /// <summary>Ask for a page that does not exist, to read the error page.</summary>
    public bool ErrorPages { get; init; } = true;
    /// <summary>Requests in flight per origin outside the crawl.</summary>
    public int Concurrency { get; init; } = 4;
    /// <summary>-Verify: the verifier, and the question asked (ShouldProcess) before each secret is sent to its provider.</summary>
    public SecretVerifier? Verifier { get; init; }
    public Func<FoundSecret, Uri, CancellationToken, Task<bool>>? ApproveVerification { get; init; }
}

/// <summary>What a site's scan read and found.</summary>
public sealed class SecretSiteStats
{
    public int Resources;
    public long Bytes;
    public int Secrets;
    public string? CrawlStoppedBy;
    public override string ToString() =>
        $"{Resources} resource(s), {Bytes:N0} bytes read, {Secrets} secret(s)" + (CrawlStoppedBy is { } s ? $"; the crawl stopped at its {s} budget" : "");
}

/// <summary>
/// Find-ExposedSecret on a site: the page asked for, an error page, the well-known configuration files and API
/// descriptions (each read only when its content is what the path promises), then a same-origin crawl (Discovery's
/// crawler: pages, scripts, their source maps) with every body scanned as it arrives, the API descriptions the crawl
/// found, and the source maps that sit beside scripts without a sourceMappingURL. Never leaves the origin.
/// </summary>
public sealed class SecretSiteFinder
{
    private const long PageCap = 2L * 1024 * 1024;
    private const long FileCap = 1L * 1024 * 1024;
    private const long DocumentCap = 10L * 1024 * 1024;
    private const int MaxMapGuesses = 16;
    private const int MaxDescriptionLeads = 4;
    private readonly NetworkContext _network;
    private readonly SecretSiteOptions _options;
    private readonly SecretScanner _scanner;

    public SecretSiteFinder(NetworkContext network, SecretSiteOptions options)
    {
        _network = network;
        _options = options;
        _scanner = new SecretScanner(options.Catalog);
    }

    public async Task<SecretSiteStats> ScanAsync(ScanTarget target, Func<ExposedSecret, ValueTask> emit, CancellationToken cancellationToken)
    {
        using var http = _network.Http.OpenSession(preferHttp2: true);
        HttpProbeResult? root = null;
        TargetException? last = null;
        foreach (var scheme in target.Scheme is { } s ? new[] { s } : new[] { "https", "http" })
        {
            var uri = target.ToUri(scheme);
            _network.Log($"GET {TextSafety.RedactUri(uri)}");
            try { root = await http.SendAsync(new HttpProbeRequest { Uri = uri, MaxBodyBytes = PageCap }, cancellationToken).ConfigureAwait(false); break; }
            catch (OutOfScopeException) { throw; }
            catch (TargetException ex) when (ex.Kind is TargetErrorKind.ConnectionError or TargetErrorKind.Timeout) { last = ex; }
        }
        if (root is null) throw last!;
        var site = new Site(this, http, root, emit);
        await site.RunAsync(cancellationToken).ConfigureAwait(false);
        return site.Stats;
    }

    /// <summary>The work on one origin.</summary>
    private sealed class Site
    {
        private readonly SecretSiteFinder _owner;
        private readonly HttpProber _http;
        private readonly HttpProbeResult _root;
        private readonly Func<ExposedSecret, ValueTask> _emit;
        private readonly Uri _origin;
        private readonly SecretHarvester _harvester;
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly ConcurrentDictionary<string, byte> _fetched = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> _reported = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<Uri> _scripts = new();
        private (int Status, string Type, int Length)? _notFound;

        public Site(SecretSiteFinder owner, HttpProber http, HttpProbeResult root, Func<ExposedSecret, ValueTask> emit)
        {
            _owner = owner;
            _http = http;
            _root = root;
            _emit = emit;
            _origin = new Uri(root.FinalUri.GetLeftPart(UriPartial.Authority) + "/");
            _harvester = new SecretHarvester(owner._scanner);
        }

        public SecretSiteStats Stats { get; } = new();
        private NetworkContext Network => _owner._network;
        private SecretSiteOptions Options => _owner._options;

        public async Task RunAsync(CancellationToken ct)
        {
            _fetched.TryAdd(_root.FinalUri.PathAndQuery, 0);
            await ReadAsync(_root, null, ct).ConfigureAwait(false);
            // The error page first: it also tells what this origin answers for a path that does not exist (soft 404s).
            if (Options.ErrorPages) await ErrorPageAsync(ct).ConfigureAwait(false);
            if (Options.WellKnownFiles)
                await Parallel.ForEachAsync(WellKnownFiles.All, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.Concurrency), CancellationToken = ct },
                    async (file, token) => await WellKnownAsync(file, token).ConfigureAwait(false)).ConfigureAwait(false);

            var budget = Options.Crawl;
            if (budget.MaxPages > 0 && SiteCrawler.WorthCrawling(_root))
            {
                var crawler = new SiteCrawler((u, cap, token) => CrawlFetchAsync(u, cap, token), budget, Math.Max(1, Options.Concurrency), Network.Log);
                var crawl = await crawler.CrawlAsync(_root, Array.Empty<Uri>(), ct).ConfigureAwait(false);
                Stats.CrawlStoppedBy = crawl.StoppedBy;
                foreach (var lead in crawl.Leads.Where(l => l.Kind == LeadKind.Spec).Take(MaxDescriptionLeads))
                    if (Uri.TryCreate(_origin, lead.Path, out var u)) await FetchAsync(u, DocumentCap, SecretSource.ApiDescription, ct).ConfigureAwait(false);
            }
            // Source maps deployed beside their scripts though no sourceMappingURL names them.
            var guesses = _scripts.Select(s => new Uri(s.GetLeftPart(UriPartial.Path) + ".map")).Where(u => !_fetched.ContainsKey(u.PathAndQuery)).Distinct().Take(MaxMapGuesses).ToList();
            await Parallel.ForEachAsync(guesses, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.Concurrency), CancellationToken = ct },
                async (u, token) => await FetchAsync(u, DocumentCap, SecretSource.SourceMap, token, mustBeMap: true).ConfigureAwait(false)).ConfigureAwait(false);
        }

        private async Task ErrorPageAsync(CancellationToken ct)
        {
            var path = $"/apithreat-{Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant()}-not-found";
            var r = await GetAsync(new Uri(_origin, path), PageCap, ct).ConfigureAwait(false);
            if (r is null) return;
            _notFound = (r.StatusCode, BaseType(r.ContentType), r.Body.Length);
            if (r.StatusCode >= 400) await ReadAsync(r, SecretSource.ErrorPage, ct).ConfigureAwait(false);
        }

        private async Task WellKnownAsync(WellKnownFile file, CancellationToken ct)
        {
            var uri = new Uri(_origin, file.Path);
            if (!_fetched.TryAdd(uri.PathAndQuery, 0)) return;
            var r = await GetAsync(uri, file.Kind == "openapi" ? DocumentCap : FileCap, ct).ConfigureAwait(false);
            if (r is null) return;
            if (_notFound is { } nf && nf.Status == r.StatusCode && nf.Type == BaseType(r.ContentType) && Math.Abs(nf.Length - r.Body.Length) <= 64)
            {
                if (Network.DebugEnabled) Network.Debug($"{TextSafety.RedactUri(uri)}: answers like a page that does not exist ({r.StatusCode}); not read as {file.Kind}");
                return;
            }
            if (!WellKnownFiles.Accepts(file, r))
            {
                if (Network.DebugEnabled && r.StatusCode == 200) Network.Debug($"{TextSafety.RedactUri(uri)}: {r.StatusCode} {BaseType(r.ContentType)} is not a {file.Kind} file; not read");
                return;
            }
            await ReadAsync(r, file.Kind == "openapi" ? SecretSource.ApiDescription : SecretSource.WellKnownFile, ct).ConfigureAwait(false);
        }

        /// <summary>The crawler's fetch: every page, script and source map it reads is scanned as it arrives.</summary>
        private async Task<HttpProbeResult?> CrawlFetchAsync(Uri uri, long cap, CancellationToken ct)
        {
            _fetched.TryAdd(uri.PathAndQuery, 0);
            var r = await GetAsync(uri, cap, ct).ConfigureAwait(false);
            if (r is null) return null;
            await ReadAsync(r, null, ct).ConfigureAwait(false);
            if (r.StatusCode == 200 && IsScript(r)) _scripts.Enqueue(r.FinalUri);
            return r;
        }

        private async Task FetchAsync(Uri uri, long cap, SecretSource source, CancellationToken ct, bool mustBeMap = false)
        {
            if (!_fetched.TryAdd(uri.PathAndQuery, 0)) return;
            var r = await GetAsync(uri, cap, ct).ConfigureAwait(false);
            if (r is null || r.StatusCode != 200) return;
            if (mustBeMap && SourceMaps.Sources(r.Body).Count == 0) return;
            if (source == SecretSource.ApiDescription && Specs.SpecDetector.Detect(r.Body).Kind == Specs.SpecKind.Unknown) return;
            await ReadAsync(r, source, ct).ConfigureAwait(false);
        }

        /// <summary>One GET on the origin; null when it failed or left the origin (logged, never an error of the site).</summary>
        private async Task<HttpProbeResult?> GetAsync(Uri uri, long cap, CancellationToken ct)
        {
            Network.Log($"GET {TextSafety.RedactUri(uri)}");
            try
            {
                var r = await _http.SendAsync(new HttpProbeRequest { Uri = uri, MaxBodyBytes = cap }, ct).ConfigureAwait(false);
                Interlocked.Increment(ref Stats.Resources);
                Interlocked.Add(ref Stats.Bytes, r.Body.Length);
                if (!PageReader.SameOrigin(r.FinalUri, _origin)) return null;
                if (r.BodyTruncated) Network.Log($"{TextSafety.RedactUri(r.FinalUri)}: larger than {cap / 1024:N0} KB; read up to that");
                return r;
            }
            catch (TargetException ex)
            {
                Network.Log($"{TextSafety.RedactUri(uri)}: {ex.Message}");
                return null;
            }
        }

        private async Task ReadAsync(HttpProbeResult r, SecretSource? source, CancellationToken ct)
        {
            var found = _harvester.ScanResponse(r, source, ct);
            foreach (var f in found)
            {
                var s = f.Secret;
                if (!_reported.TryAdd($"{s.Type}|{s.ValueHash}|{s.Url}|{s.SourceName}|{s.Line}|{s.Column}", 0)) continue;
                await VerifyAsync(f, ct).ConfigureAwait(false);
                var secret = f.Finish(Network.DebugEnabled ? Network.Debug : null);
                Interlocked.Increment(ref Stats.Secrets);
                await _gate.WaitAsync(ct).ConfigureAwait(false);
                try { await _emit(secret).ConfigureAwait(false); }
                finally { _gate.Release(); }
            }
        }

        private Task VerifyAsync(FoundSecret f, CancellationToken ct) => SecretFileRun.VerifyIfApprovedAsync(Options, f, ct);

        private static bool IsScript(HttpProbeResult r)
        {
            var type = (r.ContentType ?? "").ToLowerInvariant();
            return type.Contains("javascript") || r.FinalUri.AbsolutePath.EndsWith(".js", StringComparison.OrdinalIgnoreCase);
        }

        private static string BaseType(string? contentType) => (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
    }
}
