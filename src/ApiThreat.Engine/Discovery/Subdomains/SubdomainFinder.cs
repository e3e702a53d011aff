using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using ApiThreat.Engine.Discovery.Subdomains.Passive;
using ApiThreat.Engine.Dns;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;
using Newtonsoft.Json;

namespace ApiThreat.Engine.Discovery.Subdomains;

/// <summary>What one Find-Subdomain run does.</summary>
public sealed class SubdomainOptions
{
    public SubdomainSources Sources { get; init; } = SubdomainSources.Default;
    public string? WordlistPath { get; init; }
    public Uri CertificateTransparencyUri { get; init; } = CertificateTransparencySource.DefaultEndpoint;
    /// <summary>The passive providers to ask (Passive/); null: crt.sh at <see cref="CertificateTransparencyUri"/> when that source is on.</summary>
    public PassiveSearch? Passive { get; init; }
    public IReadOnlyList<int> TlsPorts { get; init; } = new[] { 443 };
    /// <summary>Levels of brute force under found names (0 = none).</summary>
    public int RecurseDepth { get; init; }
    /// <summary>Labels of the wordlist used under each found name when recursing (its first N: keep likely labels first).</summary>
    public int RecurseLabelCount { get; init; } = 256;
    public bool IncludeWildcard { get; init; }
    public int NameServerPort { get; init; } = 53;
    /// <summary>DNS queries in flight at once.</summary>
    public int MaxInFlight { get; init; } = 500;
    /// <summary>Upper bound of permutation candidates per domain.</summary>
    public int MaxPermutations { get; init; } = 50_000;
    /// <summary>This worker's share when several split the work (null: resolve everything).</summary>
    public SubdomainPartition? Partition { get; init; }
}

/// <summary>Counters of one domain's run, for -Verbose and the benchmark.</summary>
public sealed class SubdomainStats
{
    public long Candidates;
    public long Found;
    public long WildcardMatches;
    public long Unresolved;
    public TimeSpan Elapsed;
    public long Queries;
    public long Retransmits;
    public override string ToString() =>
        $"{Candidates:N0} candidates, {Found:N0} found, {WildcardMatches:N0} wildcard matches, {Unresolved:N0} unresolved, " +
        $"{Queries:N0} queries ({Retransmits:N0} retransmitted) in {Elapsed.TotalSeconds:0.##} s";
}

/// <summary>
/// Subdomain discovery for one or more domains. Per domain: check the resolver and the domain, profile wildcards at
/// the top level, gather the passive sources (zone transfer from each authoritative server, Certificate Transparency)
/// so names found by several sources are emitted once with all of them, then brute force the wordlist (streamed,
/// bounded in flight) while emitting each live name as it resolves; then names from TLS certificates of found hosts,
/// permutations of found labels, and -Recurse levels under found names. Every name is checked against the wildcard
/// profile of its parent level.
/// </summary>
public sealed class SubdomainFinder : IDisposable
{
    private const int DeadResolverFailures = 200;
    private const string HostLine = "H ";
    private const string NonHostLine = "N ";
    private const char PassiveSeparator = '\t';
    private static readonly JsonSerializerSettings s_json = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        DateParseHandling = DateParseHandling.DateTimeOffset,
        DateTimeZoneHandling = DateTimeZoneHandling.RoundtripKind,
        MaxDepth = 64,
        TypeNameHandling = TypeNameHandling.None,
    };
    private static readonly string[] s_sourceNames = Enumerable.Range(0, 18).Select(i => ((SubdomainSources)(1 << i)).ToString()).ToArray();
    private readonly NetworkContext _network;
    private readonly SubdomainOptions _options;
    private readonly BulkDnsClient _client;
    private readonly BulkNameResolver _resolver;

    public SubdomainFinder(NetworkContext network, SubdomainOptions options)
    {
        _network = network;
        _options = options;
        _client = new BulkDnsClient(network.Options.Resolvers, network.Options.DnsTimeout, network.Options.DnsRetries,
            options.MaxInFlight, network.Options.RateLimit);
        _resolver = new BulkNameResolver(_client);
        if (options.Passive is null && (options.Sources & SubdomainSources.CertificateTransparency) != 0)
            _ownPassive = PassiveSearch.CertificateTransparencyOnly(network, options.CertificateTransparencyUri);
    }

    private readonly PassiveSearch? _ownPassive;
    private PassiveSearch? Passive => _options.Passive ?? _ownPassive;

    public BulkDnsClient Client => _client;

    public static string[] SourceNames(SubdomainSources sources) =>
        s_sourceNames.Where((_, i) => (sources & (SubdomainSources)(1 << i)) != 0).ToArray();

    /// <summary>Finds names under <paramref name="domain"/> and hands each to <paramref name="emit"/> as soon as it is known.</summary>
    public Task<SubdomainStats> RunAsync(string domain, Func<DiscoveredHost, ValueTask> emit, Func<string, ValueTask> warn,
        CancellationToken cancellationToken) => RunAsync(domain, emit, warn, null, cancellationToken);

    /// <param name="fail">Where a passive provider's failure goes (one error naming the provider); null: a warning.</param>
    public async Task<SubdomainStats> RunAsync(string domain, Func<DiscoveredHost, ValueTask> emit, Func<string, ValueTask> warn,
        Func<TargetException, ValueTask>? fail, CancellationToken cancellationToken)
    {
        var run = new Run(this, domain, emit, warn, cancellationToken) { Fail = fail };
        try { return await run.ExecuteAsync().ConfigureAwait(false); }
        finally { run.Dispose(); }
    }

    public void Dispose()
    {
        _client.Dispose();
        _ownPassive?.Dispose();
    }

    private sealed class Run : IDisposable
    {
        private readonly SubdomainFinder _f;
        private readonly string _domain;
        private readonly Func<DiscoveredHost, ValueTask> _emit;
        private readonly Func<string, ValueTask> _warn;
        private readonly CancellationTokenSource _abort;
        private readonly WildcardDetector _wildcards;
        private readonly Dictionary<string, SubdomainSources> _passive = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> _emitted = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _found = new();    // live, non-wildcard names: parents of later phases
        private readonly ConcurrentQueue<string> _nonHosts = new(); // names that exist without addresses (empty non-terminals)
        private readonly SubdomainStats _stats = new();
        private readonly long _queriesAtStart, _retransmitsAtStart;
        private NxDomainSweep<(string Name, SubdomainSources Sources, WireReply? Answer)>? _sweep; // one for the run's phases: sockets and slots made once
        private ConcurrentQueue<string>? _record; // what the running phase found, as the lines other shards read
        private bool _sweepable;
        private int _standIns; // shares of other shards done here (a sibling not at work)
        private Exception? _fatal;
        public Func<TargetException, ValueTask>? Fail { get; init; }

        public Run(SubdomainFinder finder, string domain, Func<DiscoveredHost, ValueTask> emit, Func<string, ValueTask> warn, CancellationToken cancellationToken)
        {
            _f = finder;
            _domain = domain;
            _emit = emit;
            _warn = warn;
            _abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _wildcards = new WildcardDetector(finder._resolver);
            _queriesAtStart = finder._client.Sent;
            _retransmitsAtStart = finder._client.Retransmits;
        }

        private CancellationToken Token => _abort.Token;
        private SubdomainOptions Options => _f._options;
        private NetworkContext Network => _f._network;

        public async Task<SubdomainStats> ExecuteAsync()
        {
            var clock = Stopwatch.StartNew();
            await PreflightAsync().ConfigureAwait(false);
            CpuTrace.Mark($"{_domain}: preflight (wildcard profile)");
            await GatherPassiveSharedAsync().ConfigureAwait(false);
            CpuTrace.Mark($"{_domain}: passive sources gathered ({_passive.Count} names)");

            await ResolveSharedAsync("names", async owns =>
            {
                var tried = new HashSet<string>(StringComparer.Ordinal);
                if ((Options.Sources & SubdomainSources.Wordlist) != 0 && Options.WordlistPath is not null)
                {
                    var wordlist = new Wordlist(Options.WordlistPath);
                    await PhaseAsync(Owned(WordlistCandidates(wordlist, tried), owns), "wordlist").ConfigureAwait(false);
                    if (wordlist.InvalidLines > 0) Network.Log($"{_domain}: skipped {wordlist.InvalidLines} invalid wordlist line(s)");
                }
                // The wordlist was read to its end above (every label, owned or not), so tried is whole here.
                await PhaseAsync(Owned(_passive.Where(p => !tried.Contains(p.Key)).Select(p => (p.Key, p.Value)), owns), "passive sources").ConfigureAwait(false);
            }).ConfigureAwait(false);
            if ((Options.Sources & SubdomainSources.TlsSan) != 0)
            {
                // Each shard shakes hands with the hosts it owns; the names their certificates hold are pooled, then
                // resolved by their owners.
                var (mine, theirs) = await ShareAsync("certificate hosts", async owns => await CertificateNamesAsync(owns).ConfigureAwait(false)).ConfigureAwait(false);
                var names = mine.Concat(theirs).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                await ResolveSharedAsync("certificate names", owns => PhaseAsync(Owned(names.Select(n => (n, SubdomainSources.TlsSan)), owns), "certificate names")).ConfigureAwait(false);
            }
            if ((Options.Sources & SubdomainSources.Permutation) != 0)
                await ResolveSharedAsync("permutations", owns => PhaseAsync(Owned(PermutationCandidates(), owns), "permutations")).ConfigureAwait(false);
            await RecurseAsync().ConfigureAwait(false);

            _stats.Elapsed = clock.Elapsed;
            _stats.Queries = _f._client.Sent - _queriesAtStart + (_sweep?.Sent ?? 0);
            _stats.Retransmits = _f._client.Retransmits - _retransmitsAtStart;
            // What this process resolved: N shards on one input together resolve what one process does, unless one stood in.
            CpuTrace.Mark($"{_domain}: discovery finished ({_stats.Candidates} candidates, {_stats.Queries} queries, {_stats.Retransmits} retransmitted, {_standIns} stand-ins)");
            if (_stats.Unresolved > 0)
                await _warn($"{_domain}: {_stats.Unresolved:N0} name(s) got no usable answer after retries (timeouts, SERVFAIL); " +
                      "results may be incomplete. Lower -ThrottleLimit or -RateLimit, or use another -Resolver.");
            Network.Log($"{_domain}: {_stats}");
            return _stats;
        }

        /// <summary>The resolver must answer and the domain must exist; a resolver that invents answers is reported.</summary>
        private async Task PreflightAsync()
        {
            var apex = await _f._resolver.ResolveAsync(_domain, Token).ConfigureAwait(false);
            var servers = string.Join(", ", _f._client.Servers);
            if (apex.Failed)
            {
                var refused = apex.Status == DnsStatus.Refused;
                var closed = _f._client.ServerRefusesConnections;
                throw new TargetException(_domain, refused ? "DnsResolverRefused" : "DnsResolverUnreachable",
                    refused || closed ? TargetErrorKind.ConnectionError : TargetErrorKind.Timeout,
                    refused ? $"The resolver ({servers}) refused to resolve '{_domain}' (REFUSED): it does not serve you recursion."
                    : closed ? $"Nothing answers DNS at {servers} (the port is closed): '{_domain}' was not enumerated."
                    : $"The resolver ({servers}) did not answer for '{_domain}': {apex.Error ?? apex.Status.ToString()}.",
                    "Check -Resolver (address and port) and that the resolver allows recursion for you; then run again.");
            }
            if (apex.Status == DnsStatus.NxDomain && !apex.Dangling)
                throw new TargetException(_domain, "DomainNotFound", TargetErrorKind.NotFound,
                    $"The domain '{_domain}' does not exist (NXDOMAIN from {servers}), so it has no subdomains.",
                    "Check the spelling, or point -Resolver at the DNS server that knows the domain.");

            var lie = await _f._resolver.ResolveAsync($"{Guid.NewGuid():N}.invalid", Token).ConfigureAwait(false);
            if (lie.IsHost)
                await _warn($"The resolver ({servers}) answers names that cannot exist (a .invalid name resolved to " +
                      $"{string.Join(", ", lie.Addresses)}): it rewrites NXDOMAIN. Such answers are filtered like a wildcard.");
            var top = await _wildcards.ProfileAsync(_domain, Token).ConfigureAwait(false);
            // The NXDOMAIN sweep pays off when most names do not exist; it has no pacing of its own, so -RateLimit
            // keeps every query on the paced client.
            _sweepable = !lie.IsHost && !top.IsWildcard && Network.Options.RateLimit <= 0;
            if (top.IsWildcard)
                Network.Log($"{_domain}: wildcard answers ({string.Join(", ", top.Addresses.Select(a => a.ToString()).Concat(top.CnameTargets))}); matching names are suppressed");
        }

        private async Task GatherPassiveAsync()
        {
            var tasks = new List<Task<(SubdomainSources, IEnumerable<string>)>>();
            if ((Options.Sources & SubdomainSources.ZoneTransfer) != 0) tasks.Add(ZoneTransferNamesAsync());
            var providers = _f.Passive is { } passive ? passive.SearchAsync(_domain, ProviderFailedAsync, Token) : null;
            foreach (var (source, names) in await Task.WhenAll(tasks).ConfigureAwait(false))
                foreach (var name in names)
                    _passive[name] = _passive.GetValueOrDefault(name) | source;
            if (providers is not null)
                foreach (var (name, sources) in await providers.ConfigureAwait(false))
                    _passive[name] = _passive.GetValueOrDefault(name) | sources;
        }

        /// <summary>
        /// The passive sources answer every shard alike, so only the shard that owns the domain asks them (the whole zone
        /// transfer, Certificate Transparency, the providers) and leaves "sources TAB name" lines for the others: each
        /// shard fetching and parsing a 20,000-name zone again cost more than reading the names back. A stand-in asks
        /// for an owner that is not at work.
        /// </summary>
        private async Task GatherPassiveSharedAsync()
        {
            if (Options.Partition is null)
            {
                await GatherPassiveAsync().ConfigureAwait(false);
                return;
            }
            var (_, theirs) = await ShareAsync("passive names", async owns =>
            {
                if (!owns(_domain)) return new List<string>();
                await GatherPassiveAsync().ConfigureAwait(false);
                return _passive.Select(p => ((int)p.Value).ToString(CultureInfo.InvariantCulture) + PassiveSeparator + p.Key).ToList();
            }).ConfigureAwait(false);
            foreach (var line in theirs)
            {
                var tab = line.IndexOf(PassiveSeparator);
                if (tab <= 0 || tab == line.Length - 1
                    || !int.TryParse(line.AsSpan(0, tab), NumberStyles.None, CultureInfo.InvariantCulture, out var sources)) continue;
                var name = line[(tab + 1)..];
                _passive[name] = _passive.GetValueOrDefault(name) | (SubdomainSources)sources;
            }
        }

        private async ValueTask ProviderFailedAsync(ProviderException ex)
        {
            if (Fail is not null) await Fail(ex).ConfigureAwait(false);
            else await _warn($"{_domain}: {ex.Message} Continuing without it.").ConfigureAwait(false);
        }

        private async Task<(SubdomainSources, IEnumerable<string>)> ZoneTransferNamesAsync()
        {
            try
            {
                var (_, servers) = await ZoneTransfer.FindNameServersAsync(Network, _domain, Options.NameServerPort, Token).ConfigureAwait(false);
                var results = await ZoneTransfer.TryAllAsync(Network, servers, _domain, Token).ConfigureAwait(false);
                var names = results.Where(r => r.Allowed).SelectMany(r => ZoneTransfer.HostNames(r.Records, _domain)).Distinct().ToArray();
                foreach (var r in results) Network.Log($"AXFR {_domain} at {r.Server}: {(r.Allowed ? $"allowed, {r.Records.Count} records" : $"refused ({r.Error})")}");
                return (SubdomainSources.ZoneTransfer, names);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await _warn($"{_domain}: zone transfer could not be tried: {ex.Message}");
                return (SubdomainSources.ZoneTransfer, Array.Empty<string>());
            }
        }

        private IEnumerable<(string, SubdomainSources)> WordlistCandidates(Wordlist wordlist, HashSet<string> tried)
        {
            foreach (var label in wordlist.Labels())
            {
                var name = $"{label}.{_domain}";
                if (name.Length > 253) continue;
                var sources = SubdomainSources.Wordlist;
                if (_passive.TryGetValue(name, out var passive)) { sources |= passive; tried.Add(name); }
                yield return (name, sources);
            }
        }

        private static IEnumerable<(string Name, SubdomainSources Sources)> Owned(IEnumerable<(string Name, SubdomainSources Sources)> candidates, Func<string, bool> owns)
        {
            foreach (var candidate in candidates)
                if (owns(candidate.Name)) yield return candidate;
        }

        /// <summary>
        /// Runs one phase over this shard's share, leaves the result for the other shards, and collects theirs. A shard
        /// that is not at work (never started, finished, stopped answering) has its share done here, and left for it:
        /// a shard that starts later takes what a stand-in did instead of doing it again. Without a partition: all of it.
        /// </summary>
        private async Task<(List<string> Mine, List<string> Theirs)> ShareAsync(string phase, Func<Func<string, bool>, Task<List<string>>> work)
        {
            if (Options.Partition is not { } p) return (await work(static _ => true).ConfigureAwait(false), new List<string>());
            var key = $"{_domain}/{phase}";
            Func<string, bool> Of(int shard) => name => p.OwnerOf(name) == shard;
            var mine = new List<string>();
            var theirs = new List<string>();
            if (await p.Parts.TryReadAsync(key, p.Index, Token).ConfigureAwait(false) is { } done) theirs.AddRange(done);
            else
            {
                mine.AddRange(await work(Of(p.Index)).ConfigureAwait(false));
                await p.Parts.PublishAsync(key, p.Index, mine, Token).ConfigureAwait(false);
            }
            CpuTrace.Mark($"{key}: own share done");
            for (var shard = 0; shard < p.Count; shard++)
            {
                if (shard == p.Index) continue;
                if (await p.Parts.AwaitAsync(key, shard, Token).ConfigureAwait(false) is { } part) { theirs.AddRange(part); continue; }
                Network.Log($"{_domain}: {phase}: shard {shard}/{p.Count} is not at work; its share is done here");
                _standIns++;
                CpuTrace.Mark($"{key}: standing in for shard {shard}");
                var stand = await work(Of(shard)).ConfigureAwait(false);
                await p.Parts.PublishAsync(key, shard, stand, Token).ConfigureAwait(false);
                mine.AddRange(stand);
            }
            CpuTrace.Mark($"{key}: siblings' shares in ({theirs.Count} lines)");
            return (mine, theirs);
        }

        /// <summary>A resolution phase shared by the shards: the hosts the others found are taken in as if found here.</summary>
        private async Task ResolveSharedAsync(string phase, Func<Func<string, bool>, Task> resolve)
        {
            var (_, theirs) = await ShareAsync(phase, async owns =>
            {
                _record = Options.Partition is null ? null : new ConcurrentQueue<string>();
                try
                {
                    await resolve(owns).ConfigureAwait(false);
                    return _record?.ToList() ?? new List<string>();
                }
                finally { _record = null; }
            }).ConfigureAwait(false);
            foreach (var line in theirs) await TakeAsync(line).ConfigureAwait(false);
            CpuTrace.Mark($"{_domain}/{phase}: siblings' hosts taken in");
        }

        /// <summary>
        /// One line of another shard's part: a host it found (emitted here too, so every shard knows every name) or a name
        /// without addresses. A host another shard owns is only counted here (its name and addresses, for IP intelligence
        /// and later phases): it is taken from the line's head without reading the JSON, which at 20,000 names was most of
        /// what trading discovery cost. A host this shard owns (a part a stand-in did for it) is read whole.
        /// </summary>
        private async ValueTask TakeAsync(string line)
        {
            if (line.StartsWith(NonHostLine, StringComparison.Ordinal))
            {
                if (_nonHosts.Count < 100_000) _nonHosts.Enqueue(line[NonHostLine.Length..]);
                return;
            }
            if (!line.StartsWith(HostLine, StringComparison.Ordinal)) return;
            var host = ReadHost(line);
            if (host is null || string.IsNullOrEmpty(host.HostName)) return;
            if (!host.IsWildcard) _found.Enqueue(host.HostName);
            await _emit(host).ConfigureAwait(false);
        }

        /// <summary>The host of a host line not emitted here yet (null when it was): from the line's head alone when another shard owns it.</summary>
        private DiscoveredHost? ReadHost(string line)
        {
            if (!HostRecord.TryReadHead(line.AsSpan(HostLine.Length), out var name, out var wildcard, out var addresses, out var jsonLength))
                return ReadWhole(line[HostLine.Length..]);
            if (!_emitted.TryAdd(name, 0)) return null;
            if (Options.Partition is { } p && p.OwnerOf(name) != p.Index)
                return new DiscoveredHost { HostName = name, Domain = _domain, Addresses = addresses, IsWildcard = wildcard };
            return JsonConvert.DeserializeObject<DiscoveredHost>(line[^jsonLength..], s_json);
        }

        private DiscoveredHost? ReadWhole(string json)
        {
            var host = JsonConvert.DeserializeObject<DiscoveredHost>(json, s_json);
            return host is null || string.IsNullOrEmpty(host.HostName) || !_emitted.TryAdd(host.HostName, 0) ? null : host;
        }

        private IEnumerable<(string, SubdomainSources)> PermutationCandidates()
        {
            var produced = 0;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            // In name order, not the order answers came in: the cap then keeps the same candidates on every run and shard.
            foreach (var host in _found.ToArray().Order(StringComparer.Ordinal))
                foreach (var candidate in Permutations.For(host))
                {
                    if (_emitted.ContainsKey(candidate) || !seen.Add(candidate)) continue;
                    if (++produced > Options.MaxPermutations) yield break;
                    yield return (candidate, SubdomainSources.Permutation);
                }
        }

        private async Task RecurseAsync()
        {
            if (Options.RecurseDepth <= 0 || Options.WordlistPath is null) return;
            var labels = new Wordlist(Options.WordlistPath).Labels(Options.RecurseLabelCount).ToArray();
            var done = new HashSet<string>(StringComparer.Ordinal);
            var level = _found.Concat(_nonHosts).Distinct().ToArray();
            for (var depth = 1; depth <= Options.RecurseDepth && level.Length > 0; depth++)
            {
                var before = new HashSet<string>(_found.Concat(_nonHosts), StringComparer.Ordinal);
                var parents = level.Where(done.Add).ToArray();
                IEnumerable<(string, SubdomainSources)> Candidates()
                {
                    foreach (var parent in parents)
                        foreach (var label in labels)
                        {
                            var name = $"{label}.{parent}";
                            if (name.Length <= 253 && !_emitted.ContainsKey(name)) yield return (name, SubdomainSources.Recursive);
                        }
                }
                await ResolveSharedAsync($"recursion level {depth}", owns => PhaseAsync(Owned(Candidates(), owns), $"recursion level {depth}")).ConfigureAwait(false);
                level = _found.Concat(_nonHosts).Where(n => !before.Contains(n)).Distinct().ToArray();
            }
        }

        /// <summary>Harvests DNS names under the domain from the certificates of found hosts (SAN and CN).</summary>
        private async Task<List<string>> CertificateNamesAsync(Func<string, bool> owns)
        {
            var names = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
            var clock = Stopwatch.StartNew();
            using var gate = new SemaphoreSlim(Math.Clamp(Network.Options.ThrottleLimit, 1, 64));
            var work = new List<Task>();
            foreach (var host in _found.ToArray().Where(owns))
                foreach (var port in Options.TlsPorts)
                {
                    await gate.WaitAsync(Token).ConfigureAwait(false);
                    work.Add(Task.Run(async () =>
                    {
                        try
                        {
                            var session = await Network.Tls.HandshakeAsync(host, port, host, Token).ConfigureAwait(false);
                            foreach (var name in CertificateDnsNames(session.Leaf))
                                if (CertificateTransparencySource.NameUnder(name, _domain) is { } n && !_emitted.ContainsKey(n)) names.TryAdd(n, 0);
                        }
                        catch (Exception ex) when (ex is TargetException or SocketException or IOException)
                        {
                            Network.Log($"TLS {host}:{port}: {ex.Message}");
                        }
                        finally { gate.Release(); }
                    }, Token));
                }
            await Task.WhenAll(work).ConfigureAwait(false);
            Network.Log($"{_domain}: {work.Count} TLS handshake(s) in {clock.Elapsed.TotalSeconds:0.##} s gave {names.Count} new name(s)");
            return names.Keys.ToList();
        }

        private static IEnumerable<string> CertificateDnsNames(X509Certificate2? certificate)
        {
            if (certificate is null) yield break;
            foreach (var ext in certificate.Extensions)
                if (ext is X509SubjectAlternativeNameExtension san)
                {
                    IEnumerable<string> dns;
                    try { dns = san.EnumerateDnsNames().ToArray(); } catch (System.Security.Cryptography.CryptographicException) { continue; }
                    foreach (var n in dns) yield return n;
                }
            var cn = certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false);
            if (!string.IsNullOrEmpty(cn)) yield return cn;
        }

        /// <summary>
        /// Resolves candidates with at most MaxInFlight outstanding; the candidate stream is pulled lazily. When the
        /// resolver neither invents answers nor answers every name (wildcard), an <see cref="NxDomainSweep{T}"/> first
        /// settles the names that do not exist, without a task per name, and only the rest take the full path.
        /// </summary>
        private async Task PhaseAsync(IEnumerable<(string Name, SubdomainSources Sources)> candidates, string phase)
        {
            CpuTrace.Mark($"{_domain}: {phase} starts");
            var limit = Math.Max(1, Options.MaxInFlight);
            var clock = Stopwatch.StartNew();
            using var gate = new SemaphoreSlim(limit);
            var sweep = _sweepable ? _sweep ??= new NxDomainSweep<(string Name, SubdomainSources Sources, WireReply? Answer)>(_f._client.Servers, Network.Options.DnsTimeout, limit) : null;
            var sweepTimeouts = sweep?.Timeouts ?? 0;
            Task? sweeping = null;
            try
            {
                if (sweep is null)
                {
                    foreach (var candidate in Counted(candidates))
                    {
                        if (_fatal is not null) break;
                        await AdmitAsync(gate, candidate.Name, candidate.Sources, null).ConfigureAwait(false);
                    }
                }
                else
                {
                    // multi-reader: the sweep reads its Count for back-pressure
                    var survivors = Channel.CreateUnbounded<(string Name, SubdomainSources Sources, WireReply? Answer)>();
                    sweeping = sweep.RunAsync(WithoutAnswer(Counted(candidates)), static c => c.Name, static (c, answer) => (c.Name, c.Sources, answer),
                        survivors, Token);
                    await foreach (var candidate in survivors.Reader.ReadAllAsync(Token).ConfigureAwait(false))
                    {
                        if (_fatal is not null) break;
                        await AdmitAsync(gate, candidate.Name, candidate.Sources, candidate.Answer).ConfigureAwait(false);
                    }
                    await sweeping.ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_fatal is not null) { }
            finally
            {
                // Outstanding work observes the token, so this drain is short even when cancelled.
                for (var i = 0; i < limit; i++) await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                if (sweeping is not null)
                {
                    try { await sweeping.ConfigureAwait(false); } catch (Exception) when (Token.IsCancellationRequested || _fatal is not null) { }
                    if (sweep!.Timeouts > sweepTimeouts)
                        Network.Log($"{_domain}: {phase}: {sweep.Timeouts - sweepTimeouts:N0} sweep question(s) got no quick answer and were asked again on the full path");
                }
            }
            if (_fatal is not null) throw _fatal;
            Token.ThrowIfCancellationRequested();
            CpuTrace.Mark($"{_domain}: {phase} resolved");
            Network.Log($"{_domain}: {phase} done in {clock.Elapsed.TotalSeconds:0.##} s ({_stats.Found:N0} found so far)");
        }

        private IEnumerable<(string Name, SubdomainSources Sources)> Counted(IEnumerable<(string Name, SubdomainSources Sources)> candidates)
        {
            foreach (var candidate in candidates)
            {
                Interlocked.Increment(ref _stats.Candidates);
                yield return candidate;
            }
        }

        private static IEnumerable<(string Name, SubdomainSources Sources, WireReply? Answer)> WithoutAnswer(IEnumerable<(string Name, SubdomainSources Sources)> candidates)
        {
            foreach (var (name, sources) in candidates) yield return (name, sources, null);
        }

        /// <param name="answerA">The sweep's answer to the name's A question, when it had addresses: not asked again.</param>
        private async ValueTask AdmitAsync(SemaphoreSlim gate, string name, SubdomainSources sources, WireReply? answerA)
        {
            await gate.WaitAsync(Token).ConfigureAwait(false);
            _ = ProcessAsync(name, sources, answerA).ContinueWith(static (_, g) => ((SemaphoreSlim)g!).Release(), gate,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        private async Task ProcessAsync(string name, SubdomainSources sources, WireReply? answerA)
        {
            try
            {
                if (_emitted.ContainsKey(name)) return;
                var resolution = await _f._resolver.ResolveAsync(name, answerA, Token).ConfigureAwait(false);
                if (resolution.Failed)
                {
                    Interlocked.Increment(ref _stats.Unresolved);
                    if (_f._client.ConsecutiveFailures >= DeadResolverFailures) Abort();
                    return;
                }
                if (!resolution.Exists) return;
                if (!resolution.IsHost)
                {
                    if (_nonHosts.Count < 100_000) { _nonHosts.Enqueue(name); _record?.Enqueue(NonHostLine + name); }
                    return;
                }
                var profile = await _wildcards.ProfileAsync(Parent(name), Token).ConfigureAwait(false);
                var wildcard = await _wildcards.IsWildcardMatchAsync(profile, name, resolution, Token).ConfigureAwait(false);
                if (wildcard)
                {
                    Interlocked.Increment(ref _stats.WildcardMatches);
                    if (!Options.IncludeWildcard) return;
                }
                if (!_emitted.TryAdd(name, 0)) return;
                if (!wildcard) _found.Enqueue(name);
                Interlocked.Increment(ref _stats.Found);
                var host = ToHost(name, sources | _passive.GetValueOrDefault(name), resolution, wildcard);
                _record?.Enqueue(HostLine + HostRecord.Write(host, JsonConvert.SerializeObject(host, s_json)));
                await _emit(host).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (Token.IsCancellationRequested) { }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _fatal, ex, null);
                _abort.Cancel();
            }
        }

        private void Abort()
        {
            var servers = string.Join(", ", _f._client.Servers);
            Interlocked.CompareExchange(ref _fatal, new TargetException(_domain, "DnsResolverStoppedAnswering", TargetErrorKind.Timeout,
                $"The resolver ({servers}) stopped answering while enumerating '{_domain}': {DeadResolverFailures} queries in a row " +
                "got no answer. The names found so far were written.",
                "Check the resolver, then run again with a lower -ThrottleLimit or a -RateLimit."), null);
            _abort.Cancel();
        }

        private DiscoveredHost ToHost(string name, SubdomainSources sources, NameResolution resolution, bool wildcard)
        {
            var host = new DiscoveredHost
            {
                HostName = name,
                Domain = _domain,
                Addresses = resolution.Addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).Select(a => a.ToString()).ToArray(),
                CnameChain = resolution.CnameChain.ToArray(),
                Sources = SourceNames(sources),
                IsWildcard = wildcard,
            };
            if (resolution.Dangling)
                host.Findings = new[]
                {
                    DnsRules.DanglingCname.ToFinding(name,
                        $"{name} CNAME {string.Join(" -> ", resolution.CnameChain)}: {resolution.CnameChain[^1]} does not exist (NXDOMAIN)"),
                };
            return host;
        }

        private static string Parent(string name) => name[(name.IndexOf('.') + 1)..];

        public void Dispose()
        {
            _sweep?.Dispose();
            _abort.Dispose();
        }
    }
}
