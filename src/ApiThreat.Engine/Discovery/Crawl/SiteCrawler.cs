using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Discovery.Crawl;

/// <summary>How much one origin's crawl may cost: pages (every request: pages, scripts, source maps), link depth from
/// the root, body bytes read, and wall time. The defaults suit -Depth Standard; Deep doubles them.</summary>
public sealed record CrawlBudget
{
    public int MaxPages { get; init; } = 40;
    public int MaxDepth { get; init; } = 3;
    public long MaxBytes { get; init; } = 8L * 1024 * 1024;
    public TimeSpan MaxTime { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>Leads found by the crawl that are probed afterwards (one GET each): the crawl's share of requests.</summary>
    public int MaxProbes { get; init; } = 40;

    public static CrawlBudget Standard { get; } = new();
    public static CrawlBudget Deep { get; } = new() { MaxPages = 150, MaxDepth = 5, MaxBytes = 32L * 1024 * 1024, MaxTime = TimeSpan.FromSeconds(60), MaxProbes = 120 };
}

/// <summary>What a crawl of one origin found and what it cost.</summary>
public sealed class CrawlResult
{
    public List<Lead> Leads { get; } = new();
    /// <summary>Specs embedded in scripts: the JSON text and the script that carried it.</summary>
    public List<(string Json, Uri Script)> InlineSpecs { get; } = new();
    /// <summary>Answers the crawl already holds for same-origin URLs (by path and query), so probes need not ask again.</summary>
    public ConcurrentDictionary<string, HttpProbeResult> Responses { get; } = new(StringComparer.Ordinal);
    public int Pages;
    public int Scripts;
    public long Bytes;
    /// <summary>Which limit ended the crawl (pages, bytes, time), or null when it ran out of links.</summary>
    public string? StoppedBy { get; set; }
}

/// <summary>
/// A bounded, same-origin crawl for the APIs a site's pages and scripts reveal: HTML links, forms (read, never
/// submitted), scripts and their source maps, meta refresh, Location and Link headers, and the pages a sitemap lists.
/// Breadth first from the root, API-looking links first; every request goes through the caller's fetch (the host's
/// connection pool, scope guard, rate limit), and stops at the budget's pages, depth, bytes or time. A root that is not
/// HTML and links nothing costs nothing.
/// </summary>
public sealed class SiteCrawler
{
    private const long PageCap = 512 * 1024;
    private const long ScriptCap = 8L * 1024 * 1024;
    private static readonly Regex s_library = new(
        @"(?:^|/)(?:swagger-ui-bundle|swagger-ui-standalone-preset|redoc\.standalone|rapidoc-min|jquery[\w.-]*|bootstrap[\w.-]*|popper[\w.-]*|modernizr[\w.-]*|lodash[\w.-]*|moment[\w.-]*|d3[\w.-]*|chart[\w.-]*|three[\w.-]*|highlight[\w.-]*|prism[\w.-]*|mathjax[\w.-]*|gtag|analytics|react(?:-dom)?\.production[\w.-]*|vue(?:\.runtime)?(?:\.global)?(?:\.prod)?|angular(?:\.min)?)\.js$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));

    private readonly Func<Uri, long, CancellationToken, Task<HttpProbeResult?>> _fetch;
    private readonly CrawlBudget _budget;
    private readonly int _concurrency;
    private readonly Action<string> _log;
    private readonly CrawlResult _result = new();
    private readonly ConcurrentDictionary<string, byte> _visited = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _leadKeys = new(StringComparer.Ordinal);
    private Uri _origin = null!;
    private int _requests;

    public SiteCrawler(Func<Uri, long, CancellationToken, Task<HttpProbeResult?>> fetch, CrawlBudget budget, int concurrency, Action<string> log)
    {
        _fetch = fetch;
        _budget = budget;
        _concurrency = Math.Max(1, concurrency);
        _log = log;
    }

    /// <summary>True when the root gives the crawl anything to follow: an HTML page, or links in its headers.</summary>
    public static bool WorthCrawling(HttpProbeResult root) =>
        IsHtml(root) || root.HasHeader("Link") || root.Redirects.Count > 0;

    /// <summary>Crawls from the root answer the caller already has; <paramref name="seeds"/> are further pages (a sitemap's).</summary>
    public async Task<CrawlResult> CrawlAsync(HttpProbeResult root, IEnumerable<Uri> seeds, CancellationToken ct)
    {
        _origin = new Uri(root.FinalUri.GetLeftPart(UriPartial.Authority) + "/");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_budget.MaxTime);
        _visited.TryAdd(Key(root.FinalUri), 0);
        var level = new List<(Uri Url, HttpProbeResult? Answer)> { (root.FinalUri, root) };
        foreach (var s in seeds) if (PageReader.SameOrigin(s, _origin) && _visited.TryAdd(Key(s), 0)) level.Add((s, null));
        try
        {
            for (var depth = 0; depth <= _budget.MaxDepth && level.Count > 0; depth++)
            {
                var next = new ConcurrentBag<Uri>();
                var scripts = new ConcurrentBag<(Uri Script, Uri Page)>();
                await ForEachAsync(level, async item =>
                {
                    var r = item.Answer ?? await FetchAsync(item.Url, PageCap, deadline.Token).ConfigureAwait(false);
                    if (r is null) return;
                    ReadAnswer(r, depth, next, scripts);
                }, deadline.Token).ConfigureAwait(false);
                await ForEachAsync(scripts.DistinctBy(s => Key(s.Script)).ToList(), s => ScriptAsync(s.Script, s.Page, deadline.Token), deadline.Token).ConfigureAwait(false);
                if (depth == _budget.MaxDepth) break;
                // API-looking pages first, then the rest, as far as the page budget goes.
                level = next.Distinct().Where(u => _visited.TryAdd(Key(u), 0))
                    .OrderBy(u => JavaScriptMiner.LooksLikeApi(u.AbsolutePath) ? 0 : 1).ThenBy(u => u.AbsoluteUri.Length).ThenBy(u => u.AbsoluteUri, StringComparer.Ordinal)
                    .Take(Math.Max(0, _budget.MaxPages - Volatile.Read(ref _requests)))
                    .Select(u => (u, (HttpProbeResult?)null)).ToList();
                if (level.Count == 0 && Volatile.Read(ref _requests) >= _budget.MaxPages && !next.IsEmpty) _result.StoppedBy ??= "pages";
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _result.StoppedBy ??= "time";
        }
        _result.Pages = Math.Max(0, Volatile.Read(ref _requests) - _result.Scripts);
        return _result;
    }

    private async Task ForEachAsync<T>(IReadOnlyList<T> items, Func<T, Task> body, CancellationToken ct)
    {
        if (items.Count == 0) return;
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = _concurrency, CancellationToken = ct },
            async (item, _) => await body(item).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private async Task<HttpProbeResult?> FetchAsync(Uri url, long cap, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _requests) > _budget.MaxPages) { _result.StoppedBy ??= "pages"; return null; }
        var remaining = _budget.MaxBytes - Interlocked.Read(ref _result.Bytes);
        if (remaining <= 0) { _result.StoppedBy ??= "bytes"; return null; }
        // One resource (a 20 MB bundle) may take half of what is left, so that the pages after it still get their share.
        var r = await _fetch(url, Math.Min(cap, Math.Max(remaining / 2, Math.Min(remaining, 64 * 1024))), ct).ConfigureAwait(false);
        if (r is null) return null;
        Interlocked.Add(ref _result.Bytes, r.Body.Length);
        if (Interlocked.Read(ref _result.Bytes) >= _budget.MaxBytes) _result.StoppedBy ??= "bytes";
        return r;
    }

    private void ReadAnswer(HttpProbeResult r, int depth, ConcurrentBag<Uri> next, ConcurrentBag<(Uri, Uri)> scripts)
    {
        var page = r.FinalUri;
        if (!PageReader.SameOrigin(page, _origin)) return;
        foreach (var (url, rel) in HeaderLinks(r))
        {
            if (rel.Contains("service-desc") || rel.Contains("describedby")) AddLead(LeadKind.Spec, url, null, ApiSource.Header, "Link header of " + page.AbsolutePath);
            else if (rel.Contains("service-doc")) AddLead(LeadKind.DocPage, url, null, ApiSource.Header, "Link header of " + page.AbsolutePath);
            // WordPress announces its REST API index on every page (developer.wordpress.org/rest-api/using-the-rest-api/discovery/).
            else if (rel == "https://api.w.org/") AddLead(LeadKind.ApiPath, url, null, ApiSource.Header, "Link header of " + page.AbsolutePath);
            else if (JavaScriptMiner.LooksLikeApi(url.AbsolutePath)) AddLead(LeadKind.ApiPath, url, null, ApiSource.Header, "Link header of " + page.AbsolutePath);
            else next.Add(url);
        }
        foreach (var hop in r.Redirects)
            if (Uri.TryCreate(hop.From, hop.Location, out var to) && PageReader.SameOrigin(to, _origin) && JavaScriptMiner.LooksLikeApi(to.AbsolutePath))
                AddLead(LeadKind.ApiPath, to, null, ApiSource.Header, $"Location header of {hop.From.AbsolutePath}");
        if (r.StatusCode >= 400 && r.StatusCode is not (401 or 403)) return;
        if (!IsHtml(r))
        {
            // A crawled link that answers API content is itself an API path (json-server's resources, a DRF root's links).
            if (depth > 0 && Apis.ApiSignals.IsApiContentType(r.ContentType))
            {
                _result.Responses.TryAdd(Key(page), r);
                AddLead(LeadKind.ApiPath, page, null, ApiSource.Crawl, "a link to " + page.AbsolutePath);
            }
            return;
        }
        PageLinks links;
        try { links = PageReader.Read(r.Text, page); }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException) { return; }
        foreach (var (url, rel) in links.Descriptions)
            AddLead(rel.Contains("service-doc") ? LeadKind.DocPage : LeadKind.Spec, url, null, ApiSource.Crawl, $"<link rel=\"{rel}\"> on {page.AbsolutePath}");
        foreach (var u in links.Pages)
        {
            if (ActionLinks.Acts(u)) continue;
            var path = u.AbsolutePath;
            if (JavaScriptMiner.LooksLikeSpec(path)) { AddLead(LeadKind.Spec, u, null, ApiSource.Crawl, "a link on " + page.AbsolutePath); continue; }
            if (JavaScriptMiner.IsAsset(path) && !IsPage(path)) continue;
            if (JavaScriptMiner.LooksLikeApi(path)) AddLead(LeadKind.ApiPath, u, null, ApiSource.Crawl, "a link on " + page.AbsolutePath);
            next.Add(u);
        }
        foreach (var f in links.Forms)
            if (f.Method != "GET" || JavaScriptMiner.LooksLikeApi(f.Action.AbsolutePath))
                AddLead(LeadKind.ApiPath, f.Action, f.Method, ApiSource.Crawl, $"a form on {page.AbsolutePath}");
        foreach (var s in links.Scripts)
        {
            if (IsLibrary(s)) continue;
            scripts.Add((s, page));
        }
        foreach (var code in links.InlineScripts) Mine(code, page, $"an inline script of {page.AbsolutePath}", ApiSource.JavaScript);
    }

    private async Task ScriptAsync(Uri script, Uri page, CancellationToken ct)
    {
        if (!_visited.TryAdd(Key(script), 0)) return;
        Interlocked.Increment(ref _result.Scripts);
        var r = await FetchAsync(script, ScriptCap, ct).ConfigureAwait(false);
        if (r is null || r.StatusCode != 200 || IsHtml(r) || r.Body.Length == 0) return;
        var findings = Mine(r.Text, page, script.ToString(), ApiSource.JavaScript);
        var map = findings.SourceMap;
        if (map is null && (r.Header("SourceMap") ?? r.Header("X-SourceMap")) is { } header && Uri.TryCreate(script, header.Trim(), out var h) && PageReader.SameOrigin(h, _origin)) map = h;
        if (map is null || !_visited.TryAdd(Key(map), 0)) return;
        var m = await FetchAsync(map, ScriptCap, ct).ConfigureAwait(false);
        if (m is null || m.StatusCode != 200 || m.Body.Length == 0) return;
        foreach (var (name, content) in SourceMaps.Sources(m.Body))
        {
            ct.ThrowIfCancellationRequested();
            Mine(content, page, $"{map} ({Text.TextSafety.Truncate(Text.TextSafety.StripControl(name), 120)})", ApiSource.SourceMap);
        }
    }

    private ScriptFindings Mine(string code, Uri page, string foundAt, ApiSource source)
    {
        var findings = JavaScriptMiner.Mine(code, page, foundAt, source);
        foreach (var lead in findings.Leads) AddLead(lead);
        if (findings.InlineSpecs.Count > 0 && Uri.TryCreate(foundAt, UriKind.Absolute, out var at))
            lock (_result.InlineSpecs) foreach (var spec in findings.InlineSpecs) _result.InlineSpecs.Add((spec, at));
        return findings;
    }

    private void AddLead(LeadKind kind, Uri url, string? method, ApiSource source, string foundAt) =>
        AddLead(new Lead(kind, url.PathAndQuery, method, source, foundAt));

    private void AddLead(Lead lead)
    {
        if (!_leadKeys.TryAdd($"{lead.Kind} {lead.Method} {lead.Path}", 0)) return;
        lock (_result.Leads) if (_result.Leads.Count < 1000) _result.Leads.Add(lead);
    }

    private static bool IsLibrary(Uri script)
    {
        try { return s_library.IsMatch(script.AbsolutePath); } catch (RegexMatchTimeoutException) { return false; }
    }

    private static bool IsPage(string path) =>
        path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".xhtml", StringComparison.OrdinalIgnoreCase);

    private static bool IsHtml(HttpProbeResult r) => (r.ContentType ?? "").Contains("html", StringComparison.OrdinalIgnoreCase);

    private static string Key(Uri u) => u.PathAndQuery;

    /// <summary>RFC 8288 Link header targets on the same origin, with their rel (lower case).</summary>
    public static IEnumerable<(Uri Url, string Rel)> HeaderLinks(HttpProbeResult r)
    {
        foreach (var value in r.HeaderValues("Link"))
        {
            foreach (var part in value.Split(',').Take(50))
            {
                var open = part.IndexOf('<');
                var close = part.IndexOf('>', open + 1);
                if (open < 0 || close < 0) continue;
                var target = part[(open + 1)..close].Trim();
                var rel = "";
                var relAt = part.IndexOf("rel=", close, StringComparison.OrdinalIgnoreCase);
                if (relAt >= 0) rel = part[(relAt + 4)..].Split(';')[0].Trim().Trim('"').ToLowerInvariant();
                if (rel is "stylesheet" or "preload" or "preconnect" or "dns-prefetch" or "icon") continue;
                if (PageReader.Resolve(target, r.FinalUri, r.FinalUri) is { } u) yield return (u, rel);
            }
        }
    }
}
