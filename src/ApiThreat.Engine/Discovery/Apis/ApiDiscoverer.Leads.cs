using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Discovery.Crawl;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Specs;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// The second half of an origin's discovery (Standard and Deep): the bounded crawl, the leads its pages, scripts and
/// source maps gave, robots.txt and sitemap hints, and the resources API roots list, each probed once and kept as an
/// operation when it answers like an API. Operations then join the endpoint whose path they are under.
/// </summary>
public sealed partial class ApiDiscoverer
{
    private static readonly Regex s_placeholder = new(@"\{[^{}/]{1,64}\}", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));

    private sealed partial class OriginScan
    {
        private readonly ConcurrentDictionary<string, byte> _probed = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, (ApiOperation Operation, LeadInfo Lead)> _operations = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, string> _sampleIds = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> _confirmed = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> _deferred = new(StringComparer.Ordinal);
        private readonly List<string> _recognised = new();
        private HttpProbeResult? _calibrationAnswer;
        private CrawlResult? _crawl;
        private int _leadProbes;

        private CrawlBudget Budget => _request.Crawl ?? (_request.Depth >= DiscoveryDepth.Deep ? CrawlBudget.Deep : CrawlBudget.Standard);

        /// <summary>The frameworks the root and the not-found answer show, and the probes of their defaults (first), then the rest.</summary>
        private List<Func<Task>> FrameworkProbes(CancellationToken ct)
        {
            var recognised = _owner._frameworks.Recognise(_root, _calibrationAnswer, _jsonCalibration);
            foreach (var f in recognised)
            {
                _recognised.Add(f.Name);
                _evidence.Enqueue($"answers like {f.Name}");
            }
            var probes = new List<Func<Task>>();
            foreach (var (path, framework) in _owner._frameworks.PathsFor(_request.Depth, recognised))
            {
                var lead = new LeadInfo(ApiSource.FrameworkDefault, $"{framework} default");
                if (path.Kind == ProbeKind.Operation) probes.Add(() => ProbeOperationAsync(path, lead, ct));
                else if (path.Kind == ProbeKind.ServerStatus) probes.Add(() => ProbeServerStatusAsync(path, lead, ct));
                else probes.Add(() => ProbePathAsync(path.Path, path.Kind, ct, lead));
            }
            // A root that answers a GraphQL error to GET (Apollo Server's CSRF guard, "GET query missing") serves GraphQL there.
            if (ApiSignals.IsApiContentType(_root.ContentType) && DescriptionParsers.IsGraphQlAnswer(_root.Body))
                probes.Insert(0, () => ProbePathAsync("/", ProbeKind.GraphQl, ct, new LeadInfo(ApiSource.WellKnownPath, "GET / answers a GraphQL error")));
            return probes;
        }

        /// <summary>True the first time a (kind, path) pair is probed on this origin.</summary>
        private bool FirstProbe(ProbeKind kind, string path) => _probed.TryAdd($"{kind} {path}", 0);

        /// <summary>The crawl, then the leads (crawl, scripts, source maps, robots.txt, sitemaps, API roots) in rounds, within the budget.</summary>
        private async Task ExploreAsync(CancellationToken ct)
        {
            var budget = Budget;
            var pending = new List<Lead>();
            if (_root.StatusCode is >= 200 and < 300 && ApiSignals.IsApiContentType(_root.ContentType)) pending.AddRange(ResourceLeads(_root, "/"));
            foreach (var (path, r) in _versioned) pending.AddRange(ResourceLeads(r, path));

            if (budget.MaxPages > 0 && SiteCrawler.WorthCrawling(_root))
            {
                var crawler = new SiteCrawler((u, cap, token) => SendAsync("GET", u.PathAndQuery, token, cap, absolute: u), budget, _owner._perOrigin, Network.Log);
                _crawl = await crawler.CrawlAsync(_root, Array.Empty<Uri>(), ct).ConfigureAwait(false);
                Network.Log($"{_origin}: crawled {_crawl.Pages} page(s) and {_crawl.Scripts} script(s), {_crawl.Bytes} bytes, {_crawl.Leads.Count} lead(s)"
                    + (_crawl.StoppedBy is { } stop ? $"; stopped by the {stop} budget" : ""));
                foreach (var (json, script) in _crawl.InlineSpecs) await ReadInlineSpecAsync(json, script, null, new LeadInfo(ApiSource.JavaScript, script.ToString()), ct).ConfigureAwait(false);
                pending.AddRange(_crawl.Leads);
            }
            while (_hints.TryDequeue(out var hint))
                pending.Add(new Lead(LeadKind.ApiPath, hint.Path, null, hint.Source, hint.Source == ApiSource.RobotsTxt ? "/robots.txt" : "the sitemap"));
            await ExploreRoundsAsync(pending, budget, ct).ConfigureAwait(false);
            // Last, with what the lead budget has left: the resource wordlist, for an origin that still describes nothing
            // once its own leads were followed (a description they found, or their list items, come first: ApiDiscoverer.Wordlist.cs).
            await ExploreRoundsAsync(WordlistLeads().ToList(), budget, ct).ConfigureAwait(false);
            // A Standard wordlist that found a resource proved an API that describes nothing: the rest of the list is
            // asked too (what Deep asks of every origin), beyond the lead budget by its own length, so an undescribed
            // route past Standard's cut is not left to chance (Pyramid's quick tour serves /users and /howdy.json).
            if (WidenedWordlistLeads() is { Count: > 0 } rest)
                await ExploreRoundsAsync(rest, budget with { MaxProbes = Volatile.Read(ref _leadProbes) + 2 * rest.Count }, ct).ConfigureAwait(false);
        }

        /// <summary>Follows leads in rounds (what a round's answers point to is the next round's), within the lead budget.</summary>
        private async Task ExploreRoundsAsync(List<Lead> pending, CrawlBudget budget, CancellationToken ct)
        {
            for (var round = 0; round < 4 && pending.Count > 0; round++)
            {
                var next = new ConcurrentQueue<Lead>();
                var batch = pending.DistinctBy(l => $"{l.Kind} {l.Method} {l.Path}").ToList();
                pending = new List<Lead>();
                var probes = new List<Func<Task>>();
                foreach (var lead in batch)
                {
                    if (Interlocked.Increment(ref _leadProbes) > budget.MaxProbes) break;
                    probes.Add(() => ProbeLeadAsync(lead, next, ct));
                }
                await RunBoundedAsync(probes, ct).ConfigureAwait(false);
                pending.AddRange(next);
            }
        }

        private async Task ProbeLeadAsync(Lead lead, ConcurrentQueue<Lead> next, CancellationToken ct)
        {
            var info = new LeadInfo(lead.Source, lead.FoundAt);
            switch (lead.Kind)
            {
                case LeadKind.Spec: await ProbePathAsync(lead.Path, ProbeKind.Spec, ct, info).ConfigureAwait(false); return;
                case LeadKind.DocPage: await ProbePathAsync(lead.Path, ProbeKind.DocPage, ct, info).ConfigureAwait(false); return;
                case LeadKind.GraphQl: await ProbePathAsync(lead.Path, ProbeKind.GraphQl, ct, info).ConfigureAwait(false); return;
            }
            var template = lead.Path;
            var concrete = Concrete(template);
            if (!_probed.TryAdd($"GET {concrete}", 0) && !_operations.Keys.Any(k => k.EndsWith(" " + template, StringComparison.Ordinal)))
            {
                // Asked already (a well-known path, another lead): only a new method for a known path adds anything, once
                // that path is confirmed (the GET may still be running: the lead waits for the next round).
                if (lead.Method is not { } m) return;
                if (_confirmed.ContainsKey(StripQuery(concrete))) AddOperation(m, StripQuery(template), info);
                else if (_deferred.TryAdd($"{m} {template}", 0)) next.Enqueue(lead);
                return;
            }
            HttpProbeResult? r = null;
            if (_crawl is not null && _crawl.Responses.TryGetValue(concrete, out var held)) r = held;
            r ??= await SendAsync("GET", concrete, ct, SpecBodyCap).ConfigureAwait(false);
            if (r is null) return;
            if (r.StatusCode == 200 && await ReadSpecAsync(r, lead.FoundAt, ct, info).ConfigureAwait(false)) return;
            if (ApiSignals.IsApiContentType(r.ContentType) && DescriptionParsers.IsGraphQlAnswer(r.Body))
            {
                await ProbePathAsync(StripQuery(concrete), ProbeKind.GraphQl, ct, info).ConfigureAwait(false);
                return;
            }
            // An item of a confirmed list counts even when it refuses (an id template named by a script, asked with "1"); one
            // asked by the id its own list showed must answer like an API itself (Slim's tutorial lists /tickets but reads
            // /ticket/{id}: /tickets/1 is its not-found page).
            var parentConfirmed = template != concrete && _confirmed.ContainsKey(Parent(template)) && !_sampleIds.ContainsKey(template);
            if (!AnswersLikeApi(r, concrete) && !parentConfirmed)
            {
                if (SingularItem(template) is { } singular) next.Enqueue(lead with { Path = singular, FoundAt = $"{lead.FoundAt} (singular)" });
                return;
            }
            _confirmed.TryAdd(StripQuery(concrete), 0);
            if (r.StatusCode is >= 200 and < 300 && r.Body.AsSpan().IndexOf("\"namespaces\""u8) >= 0
                && WordPressRoutes.Operations(r.Body, r.FinalUri) is { Count: > 0 } routes)
            {
                // The WordPress REST API index describes every route: read, not probed one by one.
                _evidence.Enqueue($"{r.FinalUri.PathAndQuery} is a WordPress REST API index of {routes.Count} operation(s)");
                foreach (var (m, p) in routes) AddOperation(m, p, info with { FoundAt = r.FinalUri.PathAndQuery });
                return;
            }
            AddOperation(lead.Method ?? "GET", StripQuery(template), info);
            if (r.StatusCode is < 200 or >= 300 || !ApiSignals.IsApiContentType(r.ContentType)) return;
            foreach (var resource in ResourceLeads(r, concrete)) next.Enqueue(resource);
            // A list: one item, by the first id it shows (never more: no enumeration).
            if (template == concrete && ApiRoots.SampleId(r.Body) is { } id)
            {
                var path = StripQuery(concrete);
                var item = path.TrimEnd('/') + "/{id}" + (path.EndsWith('/') ? "/" : "");
                _sampleIds.TryAdd(item, id);
                next.Enqueue(new Lead(LeadKind.ApiPath, item, null, lead.Source == ApiSource.ApiRoot ? ApiSource.ApiRoot : lead.Source, $"an item of {path}"));
            }
        }

        /// <summary>
        /// An item its plural list's path does not serve (Slim's walkthrough lists /tickets and reads /ticket/{id}; Rails'
        /// and Sails' singular resources, many tutorials' /user/{id} beside /users): the same id under the singular name,
        /// asked once, and kept only when it answers like an API itself. Null when the template is not an unanswered
        /// item of a list, or its collection has no plural name (-s, -ies; not -ss or -us, as /status).
        /// </summary>
        private string? SingularItem(string template)
        {
            if (!_sampleIds.TryGetValue(template, out var id)) return null;
            var collection = Parent(template).TrimEnd('/');
            var slash = collection.LastIndexOf('/');
            var name = collection[(slash + 1)..];
            string? singular = name switch
            {
                { Length: > 4 } when name.EndsWith("ies", StringComparison.Ordinal) => name[..^3] + "y",
                { Length: > 1 } when name.EndsWith('s') && !name.EndsWith("ss", StringComparison.Ordinal) && !name.EndsWith("us", StringComparison.Ordinal) => name[..^1],
                _ => null,
            };
            if (singular is null || !singular.All(char.IsAsciiLetter)) return null;
            var item = collection[..(slash + 1)] + singular + "/{id}" + (template.EndsWith('/') ? "/" : "");
            return _sampleIds.TryAdd(item, id) ? item : null;
        }

        /// <summary>The resources an answer lists (DRF root, HAL, JSON:API, OData, json-server /db), as leads.</summary>
        private IEnumerable<Lead> ResourceLeads(HttpProbeResult r, string path)
        {
            if (r.Body.Length == 0 || r.Body.Length > 4 * 1024 * 1024) return Array.Empty<Lead>();
            var (paths, convention) = ApiRoots.Resources(r.Body, r.FinalUri);
            if (paths.Count == 0) return Array.Empty<Lead>();
            _evidence.Enqueue($"{path} lists {paths.Count} resource(s) ({convention})");
            return paths.Select(p => new Lead(LeadKind.ApiPath, p, null, ApiSource.ApiRoot, $"{convention} at {path}"));
        }

        private string Concrete(string template)
        {
            if (!template.Contains('{')) return template;
            var sample = _sampleIds.TryGetValue(template, out var id) ? id : "1";
            try { return s_placeholder.Replace(template, sample); } catch (RegexMatchTimeoutException) { return template; }
        }

        private static string Parent(string template)
        {
            var path = StripQuery(template).TrimEnd('/');
            var slash = path.LastIndexOf('/');
            return slash <= 0 ? "/" : path[..slash] + (template.EndsWith('/') ? "/" : "");
        }

        private static string StripQuery(string path)
        {
            var q = path.IndexOf('?');
            return q >= 0 ? path[..q] : path;
        }

        /// <summary>An answer that says "API": API content (2xx, or 405 to GET), or an API authentication challenge — and not what any unknown path answers.</summary>
        private bool AnswersLikeApi(HttpProbeResult r, string path)
        {
            if (LooksLikeCalibration(r, path)) return false;
            if (r.StatusCode is >= 200 and < 300 or 405) return ApiSignals.IsApiContentType(r.ContentType) && r.Body.Length > 0 || r.StatusCode == 405 && ApiSignals.IsApiContentType(r.ContentType);
            if (r.StatusCode is 401 or 403)
                return ApiSignals.IsApiContentType(r.ContentType) || ApiSignals.Challenges(r).Any(c => c is not ("Unknown" or "Basic"));
            return false;
        }

        private void AddOperation(string method, string path, LeadInfo lead)
        {
            var clean = Text.TextSafety.Truncate(Text.TextSafety.StripControl(path), 512);
            var op = new ApiOperation { Method = method.ToUpperInvariant(), Path = clean, Summary = lead.FoundAt is null ? null : Text.TextSafety.Truncate($"found in {lead.FoundAt}", 300) };
            _operations.TryAdd($"{op.Method} {clean}", (op, lead));
        }

        /// <summary>A spec embedded in a script (swagger-ui-express's swaggerDoc): read like a fetched one, its URL the script's.</summary>
        private async Task ReadInlineSpecAsync(string json, Uri script, string? docPage, LeadInfo lead, CancellationToken ct)
        {
            var body = Encoding.UTF8.GetBytes(json);
            var fake = new HttpProbeResult { RequestedUri = script, FinalUri = script, StatusCode = 200, Body = body,
                Headers = new[] { new KeyValuePair<string, string>("Content-Type", "application/json") } };
            await ReadSpecAsync(fake, docPage ?? $"a script at {script.AbsolutePath}", ct, lead with { FoundAt = script.ToString() }, inline: true).ConfigureAwait(false);
        }

        /// <summary>A documentation page whose HTML names no spec: its own scripts (not the viewer's bundle) may embed it or name its URL.</summary>
        private async Task<bool> ReadViewerScriptsAsync(HttpProbeResult page, string viewer, LeadInfo lead, CancellationToken ct)
        {
            PageLinks links;
            try { links = PageReader.Read(page.Text, page.FinalUri); }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException) { return false; }
            var loaded = false;
            var sources = links.InlineScripts.Select(code => (Code: code, At: page.FinalUri)).ToList();
            foreach (var script in links.Scripts.Where(s => !Regex.IsMatch(s.AbsolutePath, @"bundle|standalone|\.min\.js$|redoc|rapidoc|elements|scalar", RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(50))).Take(3))
            {
                var r = await SendAsync("GET", script.PathAndQuery, ct, SpecBodyCap, absolute: script).ConfigureAwait(false);
                if (r is { StatusCode: 200 } && r.Body.Length > 0 && !ApiSignals.IsHtml(r)) sources.Add((r.Text, script));
            }
            foreach (var (code, at) in sources)
            {
                var findings = JavaScriptMiner.Mine(code, page.FinalUri, at.ToString(), ApiSource.JavaScript, maxLeads: 32);
                foreach (var json in findings.InlineSpecs)
                {
                    var before = _specs.Count;
                    await ReadInlineSpecAsync(json, at, $"{viewer} at {page.FinalUri.AbsolutePath}", lead, ct).ConfigureAwait(false);
                    loaded |= _specs.Count > before;
                }
                foreach (var spec in findings.Leads.Where(l => l.Kind == LeadKind.Spec).Take(2))
                {
                    var u = new Uri(_origin, spec.Path);
                    if (!_specUrlsSeen.TryAdd(u.AbsoluteUri, 0)) { loaded = true; continue; }
                    var s = await SendAsync("GET", u.PathAndQuery, ct, SpecBodyCap, absolute: u).ConfigureAwait(false);
                    if (s is { StatusCode: 200 }) loaded |= await ReadSpecAsync(s, $"{viewer} at {page.FinalUri.AbsolutePath}", ct, lead).ConfigureAwait(false);
                }
            }
            return loaded;
        }

        /// <summary>
        /// Operations found outside specs join the endpoint whose path holds them (the longest); the rest form an endpoint
        /// at their first API-looking segment (/api, /v1...) or at the root.
        /// </summary>
        private void AttachOperations(Dictionary<string, ApiEndpoint> endpoints)
        {
            if (_operations.IsEmpty) return;
            var ordered = _operations.Values.OrderBy(o => o.Operation.Path, StringComparer.Ordinal).ThenBy(o => o.Operation.Method, StringComparer.Ordinal).ToArray();
            // A new endpoint names the lead that announced it (a Link header, a root, a well-known path) before one a crawl or
            // script happened to reach first: leads race, and the answer must not depend on which won. Of those, the shallowest
            // path: a list announces its group before the item read under it (Slim's /tickets before its /ticket/{id}).
            var announcedBy = new Dictionary<string, (ApiOperation Operation, LeadInfo Lead)>(StringComparer.Ordinal);
            foreach (var o in ordered.OrderBy(o => Announced(o.Lead.Source) ? 0 : 1).ThenBy(o => o.Operation.Path.Count(c => c == '/')))
                announcedBy.TryAdd(GroupOf(o.Operation.Path), o);
            foreach (var (op, lead) in ordered)
            {
                var owner = endpoints.Values
                    .Where(e => e.Kind is EndpointKind.Rest or EndpointKind.OpenApi && Under(op.Path, new Uri(e.Url).AbsolutePath))
                    .OrderByDescending(e => new Uri(e.Url).AbsolutePath.Length).FirstOrDefault();
                if (owner is null)
                {
                    var url = new Uri(_origin, GroupOf(op.Path));
                    var (first, by) = announcedBy[GroupOf(op.Path)];
                    owner = NewEndpoint(url, EndpointKind.Rest);
                    owner.Source = by.Source;
                    owner.FoundAt = by.FoundAt;
                    owner.Evidence = new[] { $"{by.Source} lead: {first.Method} {first.Path} answers like an API" + (by.FoundAt is null ? "" : $" (found in {by.FoundAt})") };
                    endpoints[Key(url)] = owner;
                }
                var basePath = new Uri(owner.Url).AbsolutePath.TrimEnd('/');
                if (owner.Operations.Any(o => o.Method == op.Method && SamePath(o.Path, op.Path, basePath))) continue;
                if (owner.Operations.Length >= 5000) continue;
                owner.Operations = owner.Operations.Append(op).ToArray();
                if (owner.Kind == EndpointKind.OpenApi)
                    owner.Evidence = owner.Evidence.Append($"{op.Method} {op.Path} answers but is not in the specification ({lead.Source})").Distinct().Take(24).ToArray();
            }
        }

        private static bool Under(string path, string basePath)
        {
            var b = basePath.TrimEnd('/');
            return b.Length == 0 || path.Equals(b, StringComparison.Ordinal) || path.StartsWith(b + "/", StringComparison.Ordinal);
        }

        /// <summary>Same operation path, whether written with or without the endpoint's base, and whatever the placeholder names.</summary>
        private static bool SamePath(string a, string b, string basePath)
        {
            static string Norm(string p, string basePath)
            {
                var full = p.StartsWith(basePath + "/", StringComparison.Ordinal) || basePath.Length == 0 ? p : basePath + (p.StartsWith('/') ? p : "/" + p);
                try { full = s_placeholder.Replace(full, "{}"); } catch (RegexMatchTimeoutException) { }
                full = Regex.Replace(full, @"(?<=/):[A-Za-z_]\w*", "{}", RegexOptions.None, TimeSpan.FromMilliseconds(50));
                return full.TrimEnd('/');
            }
            return Norm(a, basePath) == Norm(b, basePath);
        }

        private static bool Announced(ApiSource source) => source is not (ApiSource.Crawl or ApiSource.JavaScript or ApiSource.SourceMap or ApiSource.RobotsTxt or ApiSource.Sitemap);

        private static string GroupOf(string path)
        {
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length >= 2 && JavaScriptMiner.LooksLikeApi("/" + segments[0] + "/"))
            {
                // /api/v1/users groups under /api/v1; /api/users under /api.
                var second = segments.Length >= 3 && Regex.IsMatch(segments[1], @"^v\d{1,2}(?:\.\d{1,2})?$", RegexOptions.None, TimeSpan.FromMilliseconds(50));
                return "/" + segments[0] + (second ? "/" + segments[1] : "");
            }
            return "/";
        }
    }
}
