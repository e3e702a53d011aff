using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using ApiThreat.Engine.Assessment.Api;
using ApiThreat.Engine.Assessment.Hijack;
using ApiThreat.Engine.Certificates;
using ApiThreat.Engine.Discovery;
using ApiThreat.Engine.Discovery.Apis;
using ApiThreat.Engine.Discovery.Subdomains;
using ApiThreat.Engine.Dns;
using ApiThreat.Engine.Ip;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Specs;
using ApiThreat.Engine.Text;
using ApiThreat.Engine.Transport;

namespace ApiThreat.Engine.Scan;

/// <summary>
/// Invoke-ApiThreatScan's engine: typed stages that call the engine services directly over ONE network context (one
/// resolver, connection pools, trust-verdict cache and rate limiter for the whole scan). Discovered hosts stream
/// through a bounded channel into host workers while discovery goes on; each worker takes a host through inventory,
/// certificates, transport, technology, hijack, API and specification checks. Per-address IP intelligence follows
/// discovery (shared hosting needs every name), then scores, drift, the snapshot and the report. Each finished unit
/// of work goes to the journal; a shard takes only the hosts, addresses and domains its stable hash owns.
/// </summary>
public sealed class ScanPipeline : IDisposable
{
    private const string Unanswered = "unanswered";
    private const string Answered = "answered";

    private readonly ScanRequest _request;
    private readonly NetworkContext _network;
    private readonly IScanObserver _observer;
    private readonly ScanErrors _errors;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, DiscoveredHost> _discovered = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentBag<DiscoveredHost> _hosts = new();
    private readonly ConcurrentBag<DnsIntelligence> _dns = new();
    private readonly ConcurrentBag<CertificateInfo> _certificates = new();
    private readonly ConcurrentBag<TransportAssessment> _transport = new();
    private readonly ConcurrentBag<IpIntelligence> _ips = new();
    private readonly ConcurrentBag<ApiEndpoint> _endpoints = new();
    private readonly ConcurrentBag<Technology> _technologies = new();
    private readonly ConcurrentBag<HijackAssessment> _assessments = new();
    private readonly ConcurrentBag<Finding> _findings = new();
    private ScanData _data = null!;
    private ScanJournal? _journal;
    private SubdomainFinder? _finder;
    private ShardParts? _parts;
    private ApiDiscoverer _discoverer = null!;
    private string _stage = "Starting";
    private int _assessed;
    private int _unanswered;
    private int _findingCount;

    public ScanPipeline(ScanRequest request, NetworkContext network, IScanObserver observer)
    {
        _request = request;
        _network = network;
        _observer = observer;
        _errors = new ScanErrors(observer);
    }

    /// <summary>Runs the scan. Setup failures (unreadable data, wordlist, journal) throw; per-target failures are reported and the scan goes on.</summary>
    public async Task<ScanResult> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        CpuTrace.Mark("scan start");
        _data = await ScanData.LoadAsync(_request.Data, _observer).ConfigureAwait(false);
        CpuTrace.Mark("data loaded");
        if (_request.JournalPath is { } journalPath)
        {
            _journal = ScanJournal.Open(journalPath);
            if (_journal.RestoredUnits > 0) _observer.Verbose($"Resuming from {journalPath}: {_journal.RestoredUnits} finished units restored, not probed again.");
        }
        foreach (var domain in _request.Domains) _network.Scope.AddImplicitDomain(domain);
        var sources = SubdomainSources.Wordlist | SubdomainSources.ZoneTransfer | SubdomainSources.CertificateTransparency | SubdomainSources.TlsSan | SubdomainSources.Permutation;
        var ct = _request.CertificateTransparencyUri ?? CertificateTransparencySource.DefaultEndpoint;
        _network.Scope.AddImplicitHost(ct.Host);
        // Shards saving into one store split discovery too: each resolves the names it owns and trades the rest.
        if (!_request.Shard.IsWhole && _request.SaveTo is { } rendezvous)
            _parts = ShardParts.TryOpen(rendezvous, _request.StoreCredential, _request.ScanId, _request.Shard, _request.ShardStartGrace, _observer.Verbose);
        var shard = _request.Shard;
        CpuTrace.Mark("shard parts open");
        _finder = new SubdomainFinder(_network, new SubdomainOptions
        {
            Sources = _request.WordlistPath is null ? sources & ~SubdomainSources.Wordlist : sources,
            WordlistPath = _request.WordlistPath,
            CertificateTransparencyUri = ct,
            TlsPorts = _request.TlsPorts,
            NameServerPort = _request.NameServerPort,
            MaxInFlight = _request.QueriesInFlight,
            Partition = _parts is null ? null : new SubdomainPartition
            {
                Index = shard.Index, Count = shard.Count, Parts = _parts, OwnerOf = name => (int)(ShardSpec.StableHash(name) % (ulong)shard.Count),
            },
        });
        _discoverer = new ApiDiscoverer(_network);

        var progress = new Timer(_ => ReportProgress(completed: false), null, 0, 500);
        var channel = Channel.CreateBounded<DiscoveredHost>(new BoundedChannelOptions(1024) { SingleWriter = false, SingleReader = false });
        var workers = Enumerable.Range(0, Math.Max(1, _request.HostConcurrency))
            .Select(_ => Task.Run(() => AssessHostsAsync(channel.Reader, cancellationToken), cancellationToken)).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken };
        var dns = Parallel.ForEachAsync(_request.Domains.Where(_request.Shard.Owns), parallel, DomainIntelligenceAsync);
        _stage = "Discovery";
        try
        {
            await Parallel.ForEachAsync(_request.Domains, parallel, (domain, token) => DiscoverAsync(domain, channel.Writer, token)).ConfigureAwait(false);
        }
        finally
        {
            channel.Writer.TryComplete();
            _parts?.Finish();
        }
        CpuTrace.Mark("discovery done");
        _stage = "Assessment";
        var ips = IpIntelligenceAsync(cancellationToken);
        await Task.WhenAll(workers).ConfigureAwait(false);
        CpuTrace.Mark("hosts assessed");
        await dns.ConfigureAwait(false);
        await ips.ConfigureAwait(false);
        CpuTrace.Mark("ip intelligence done");

        _stage = "Scoring";
        var result = BuildResult(started);
        CpuTrace.Mark("scored");
        if (_request.Baseline is { } baseline) await CompareAsync(result, baseline).ConfigureAwait(false);
        if (_request.SaveTo is { } saveTo) Save(result, saveTo);
        CpuTrace.Mark("saved");
        result.Finished = DateTimeOffset.UtcNow;
        if (_request.ReportPath is { } report) WriteReport(result, report);
        _stage = "Done";
        await progress.DisposeAsync().ConfigureAwait(false); // no tick may follow the completed record
        ReportProgress(completed: true);
        CpuTrace.Mark("scan end");
        return result;
    }

    // ---- discovery ----

    private async ValueTask DiscoverAsync(string domain, ChannelWriter<DiscoveredHost> hosts, CancellationToken ct)
    {
        var unit = await UnitAsync("Discovery", domain, domain, async items =>
        {
            await _finder!.RunAsync(domain, async h =>
            {
                lock (items) items.Add(h);
                await OfferAsync(h, hosts, ct).ConfigureAwait(false);
            }, w => _observer.WarningAsync(w), ct).ConfigureAwait(false);
            return null;
        }, ct).ConfigureAwait(false);
        if (unit.Restored)
            foreach (var h in unit.Items.OfType<DiscoveredHost>()) await OfferAsync(h, hosts, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Every shard knows every name (for IP intelligence); only the owner assesses it. Shards that save into one store
    /// resolve only the names they own and take the others' from the store (<see cref="ShardParts"/>); without a shared
    /// store each shard resolves every name, which costs more and gives the same hosts.
    /// </summary>
    private async ValueTask OfferAsync(DiscoveredHost host, ChannelWriter<DiscoveredHost> hosts, CancellationToken ct)
    {
        if (!_discovered.TryAdd(host.HostName, host) || !_request.Shard.Owns(host.HostName)) return;
        _hosts.Add(host);
        await hosts.WriteAsync(host, ct).ConfigureAwait(false);
    }

    private async ValueTask DomainIntelligenceAsync(string domain, CancellationToken ct)
    {
        var unit = await UnitAsync("Dns", domain, domain, async items =>
        {
            items.Add(await DomainIntelligenceCollector.CollectAsync(_network, domain, new DomainIntelligenceOptions { NameServerPort = _request.NameServerPort }, ct).ConfigureAwait(false));
            return null;
        }, ct).ConfigureAwait(false);
        foreach (var d in unit.Items.OfType<DnsIntelligence>()) { _dns.Add(d); Count(d.Findings); }
    }

    // ---- per host ----

    private async Task AssessHostsAsync(ChannelReader<DiscoveredHost> reader, CancellationToken ct)
    {
        await foreach (var host in reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            try { await AssessHostAsync(host.HostName, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (Exception ex) { await _errors.ReportAsync("Host", host.HostName, host.HostName, ex).ConfigureAwait(false); }
            Interlocked.Increment(ref _assessed);
        }
    }

    private async Task AssessHostAsync(string host, CancellationToken ct)
    {
        var inventory = await UnitAsync("Inventory", host, host, items => InventoryAsync(host, items, ct), ct).ConfigureAwait(false);
        var endpoints = inventory.Items.OfType<ApiEndpoint>().ToList();
        foreach (var e in endpoints) { _endpoints.Add(e); Count(e.Findings); }
        foreach (var f in inventory.Items.OfType<Finding>()) { _findings.Add(f); Count(f); } // -IncludeSecrets

        var liveTls = new List<int>();
        foreach (var port in _request.TlsPorts)
        {
            var certificate = await UnitAsync("Certificates", $"{host}:{port}", host, async items =>
            {
                items.Add(await CertificateGrabber.GrabAsync(_network, new CertificateRequest { HostName = host, Port = port }, ct).ConfigureAwait(false));
                return Answered;
            }, ct).ConfigureAwait(false);
            foreach (var c in certificate.Items.OfType<CertificateInfo>()) { _certificates.Add(c); Count(c.Findings); }
            if (certificate.Note != Answered) continue;
            liveTls.Add(port);
            if (_request.Profile == ScanProfile.Passive) continue;
            var transport = await UnitAsync("Transport", $"{host}:{port}", host, async items =>
            {
                items.Add(await TransportAssessor.AssessAsync(_network, new TransportRequest { HostName = host, Port = port }, ct).ConfigureAwait(false));
                return null;
            }, ct).ConfigureAwait(false);
            foreach (var t in transport.Items.OfType<TransportAssessment>()) { _transport.Add(t); Count(t.Findings); }
        }
        if (inventory.Note != Answered && liveTls.Count == 0)
        {
            // The normal fate of most discovered names: no web server. Counted, not an error.
            Interlocked.Increment(ref _unanswered);
            _observer.Verbose($"{host}: no web or TLS port answered.");
            return;
        }

        var sites = liveTls.Select(p => p == 443 ? $"https://{host}/" : $"https://{host}:{p}/").ToList();
        foreach (var url in sites.Concat(endpoints.Select(e => e.Url)).Distinct(StringComparer.Ordinal))
        {
            var unit = await UnitAsync("Technology", url, host, async items =>
            {
                var evidence = await WebProbe.FetchEvidenceAsync(_network, new Uri(url), deep: false, ct).ConfigureAwait(false);
                items.AddRange(_data.Technologies.Identify(evidence));
                return null;
            }, ct).ConfigureAwait(false);
            foreach (var t in unit.Items.OfType<Technology>()) { _technologies.Add(t); Count(t.Findings); }
        }
        var hijack = new HijackRequest
        {
            Active = _request.Profile == ScanProfile.Active,
            Passive = _request.Profile == ScanProfile.Passive,
            Signatures = _data.Takeover,
            Preload = _data.Preload,
        };
        foreach (var url in sites)
        {
            var unit = await UnitAsync("Hijack", url, host, async items =>
            {
                using var target = _network.ForTarget(); // the target's own pool, closed when it is done: memory stays flat
                items.Add(await HijackAssessor.AssessAsync(target, ScanTarget.Parse(url), hijack, ct).ConfigureAwait(false));
                return null;
            }, ct).ConfigureAwait(false);
            foreach (var a in unit.Items.OfType<HijackAssessment>()) { _assessments.Add(a); Count(a.Findings); }
        }
        foreach (var endpoint in endpoints)
        {
            if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var uri)) continue;
            var unit = await UnitAsync("ApiSecurity", endpoint.Url, host, async items =>
            {
                items.AddRange(await ApiSecurityScanner.ScanAsync(_network, new ApiSecurityRequest
                {
                    Url = uri, Kind = endpoint.Kind, Operations = endpoint.Operations, Active = _request.Profile == ScanProfile.Active,
                }, ct).ConfigureAwait(false));
                return null;
            }, ct).ConfigureAwait(false);
            foreach (var f in unit.Items.OfType<Finding>()) { _findings.Add(f); Count(f); }
        }
        foreach (var spec in endpoints.Select(e => e.SpecUrl).Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal))
        {
            if (!Uri.TryCreate(spec, UriKind.Absolute, out var uri)) continue;
            var unit = await UnitAsync("Specification", spec!, host, async items =>
            {
                var (_, lint) = await SpecAssessment.FromUrlAsync(_network, uri, new SpecLoadOptions
                {
                    Timeout = TimeSpan.FromSeconds(Math.Max(30, _network.Options.Timeout.TotalSeconds)),
                }, ct).ConfigureAwait(false);
                items.AddRange(lint.Findings);
                if (lint.Warning is { } warning) await _observer.WarningAsync($"{spec}: {warning}").ConfigureAwait(false);
                return null;
            }, ct).ConfigureAwait(false);
            foreach (var f in unit.Items.OfType<Finding>()) { _findings.Add(f); Count(f); }
        }
    }

    private async Task<string?> InventoryAsync(string host, List<object> items, CancellationToken ct)
    {
        var secrets = _request.IncludeSecrets ? new DigitalRisk.Secrets.ResponseSecretCollector(DigitalRisk.Secrets.SecretCatalog.Bundled, ct) : null;
        var request = new ApiDiscoveryRequest
        {
            Host = host,
            Ports = _request.Ports ?? ApiPathCatalog.DefaultPorts,
            PortsExplicit = _request.Ports is not null,
            Depth = _request.Profile switch { ScanProfile.Passive => DiscoveryDepth.Passive, ScanProfile.Active => DiscoveryDepth.Deep, _ => DiscoveryDepth.Standard },
            OnResponse = secrets is null ? null : secrets.Observe,
        };
        var result = await _discoverer.DiscoverHostAsync(request, e => { lock (items) items.Add(e); return default; }, ct).ConfigureAwait(false);
        if (secrets is not null) lock (items) items.AddRange(secrets.Drain().SelectMany(s => s.Findings));
        // A port that does not answer is silence; a port that answers garbage or leaves the scope is worth an error.
        foreach (var failure in result.Failures.Where(f => !ScanOutcome.IsUnanswered(f)))
            await _errors.ReportAsync("Inventory", host, failure.Target, failure).ConfigureAwait(false);
        return result.OriginsAnswered > 0 ? Answered : Unanswered;
    }

    // ---- per address ----

    private async Task IpIntelligenceAsync(CancellationToken ct)
    {
        var names = new Dictionary<IPAddress, List<string>>();
        foreach (var host in _discovered.Values.OrderBy(h => h.HostName, StringComparer.Ordinal))
            foreach (var a in host.Addresses)
            {
                if (!IPAddress.TryParse(a, out var ip)) continue;
                if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
                if (!names.TryGetValue(ip, out var list)) names[ip] = list = new List<string>();
                if (!list.Contains(host.HostName, StringComparer.OrdinalIgnoreCase)) list.Add(host.HostName);
            }
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _request.HostConcurrency), CancellationToken = ct };
        await Parallel.ForEachAsync(names.Where(kv => _request.Shard.Owns(kv.Key.ToString())), parallel, async (kv, token) =>
        {
            var unit = await UnitAsync("Ip", kv.Key.ToString(), kv.Key.ToString(), async items =>
            {
                items.Add(await IpInspector.InspectAsync(_network, new IpRequest { Address = kv.Key, HostNames = kv.Value }, _data.CloudRanges, null, null, token).ConfigureAwait(false));
                return null;
            }, token).ConfigureAwait(false);
            foreach (var ip in unit.Items.OfType<IpIntelligence>()) { _ips.Add(ip); Count(ip.Findings); }
        }).ConfigureAwait(false);
    }

    // ---- units of work and the journal ----

    private sealed record UnitResult(IReadOnlyList<object> Items, string? Note, bool Restored);

    /// <summary>
    /// One unit of a stage (a domain, host, host:port, URL or address): restored from the journal when it finished in
    /// an earlier run, else run and recorded. A unit whose target does not answer is recorded as such (resuming does
    /// not knock again); a failed unit is reported once and runs again on resume.
    /// </summary>
    private async Task<UnitResult> UnitAsync(string stage, string key, string host, Func<List<object>, Task<string?>> work, CancellationToken ct)
    {
        if (_journal is not null && _journal.TryGet(stage, key, out var done)) return new UnitResult(done.Items, done.Note, true);
        var items = new List<object>();
        string? note;
        try
        {
            note = await work(items).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (Exception ex) when (ScanOutcome.IsUnanswered(ex))
        {
            _observer.Verbose($"{stage} {key}: {ex.Message}");
            items.Clear();
            note = Unanswered;
        }
        catch (Exception ex)
        {
            await _errors.ReportAsync(stage, host, key, ex).ConfigureAwait(false);
            return new UnitResult(Array.Empty<object>(), "failed", false);
        }
        _journal?.Record(stage, key, items, note);
        return new UnitResult(items, note, false);
    }

    private void Count(IEnumerable<Finding>? findings) => Interlocked.Add(ref _findingCount, findings?.Count() ?? 0);

    private void Count(Finding _) => Interlocked.Increment(ref _findingCount);

    private void ReportProgress(bool completed) => _observer.Progress(new ScanProgress(_stage, _hosts.Count, Volatile.Read(ref _assessed),
        Volatile.Read(ref _unanswered), Volatile.Read(ref _findingCount), _clock.Elapsed, completed));

    // ---- results ----

    private ScanResult BuildResult(DateTimeOffset started)
    {
        var result = new ScanResult
        {
            ScanId = _request.ScanId,
            Shard = _request.Shard.IsWhole ? null : _request.Shard.ToString(),
            Domains = _request.Domains.ToArray(),
            Profile = _request.Profile.ToString(),
            Started = started,
            Hosts = _hosts.OrderBy(h => h.HostName, StringComparer.Ordinal).ToArray(),
            Dns = _dns.OrderBy(d => d.Domain, StringComparer.Ordinal).ToArray(),
            Certificates = _certificates.OrderBy(c => c.HostName, StringComparer.Ordinal).ThenBy(c => c.Port).ToArray(),
            Transport = _transport.OrderBy(t => t.HostName, StringComparer.Ordinal).ThenBy(t => t.Port).ToArray(),
            Ips = _ips.OrderBy(i => i.Address, StringComparer.Ordinal).ToArray(),
            Inventory = _endpoints.OrderBy(e => e.Url, StringComparer.Ordinal).ToArray(),
            Technologies = _technologies.OrderBy(t => t.Url, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).ToArray(),
            Assessments = _assessments.OrderBy(a => a.Url, StringComparer.Ordinal).ToArray(),
            UnansweredHosts = _unanswered,
        };
        // In a stable order (the bags fill in completion order), so equal scans give equal results, resumed or not.
        var everything = Everything(result).Concat(_findings.OrderBy(f => f.Target, StringComparer.Ordinal).ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Evidence, StringComparer.Ordinal).ThenBy(f => f.Timestamp)).ToList();
        result.Findings = ScanTargets.Distinct(everything.SelectMany(ScanTargets.FindingsOf));
        var aggregator = new Scoring.RiskAggregator(_data.Policy, _request.Domains, _request.Organization ?? string.Join(", ", _request.Domains));
        foreach (var item in everything) aggregator.AddObject(item);
        result.Scores = aggregator.Compute().ToArray();
        result.ErrorGroups = _errors.Groups();
        result.Errors = result.ErrorGroups.Select(g => g.ToString()).ToArray();
        return result;
    }

    private static IEnumerable<object> Everything(ScanResult r) =>
        r.Hosts.Cast<object>().Concat(r.Dns).Concat(r.Certificates).Concat(r.Transport).Concat(r.Ips).Concat(r.Inventory)
            .Concat(r.Technologies).Concat(r.Assessments);

    /// <summary>What a scan keeps in the inventory (and compares): the objects and every distinct finding.</summary>
    public static IEnumerable<object> InventoryObjects(ScanResult r) =>
        r.Hosts.Cast<object>().Concat(r.Dns).Concat(r.Certificates).Concat(r.Ips).Concat(r.Inventory).Concat(r.Technologies).Concat(r.Findings);

    private async Task CompareAsync(ScanResult result, string baseline)
    {
        _stage = "Compare";
        if (!Inventory.InventoryStores.Exists(baseline))
        {
            await _observer.WarningAsync($"The baseline '{baseline}' does not exist yet: nothing to compare. Use -SaveTo '{baseline}' to create it.").ConfigureAwait(false);
            return;
        }
        using var store = Inventory.InventoryStores.Open(baseline, create: false, _request.StoreCredential);
        var snapshot = store.ResolveSnapshot(null);
        var current = InventoryObjects(result).Select(Inventory.InventoryItem.From).ToList();
        // A shard compares its own part of the baseline: the other shards' hosts are not "removed".
        var before = store.ReadItems(snapshot.Id).Where(i => _request.Shard.Owns(i.Value is IpIntelligence ? i.Key : i.HostName)).ToList();
        _observer.Verbose($"Comparing {current.Count} object(s) with snapshot {snapshot.Id} ({snapshot.Taken:u}) of {store.Location}");
        result.Changes = Inventory.InventoryDiff.Compare(before, current, snapshot.Taken, onlyCurrentTypes: true).ToArray();
    }

    private void Save(ScanResult result, string location)
    {
        _stage = "Save";
        // The shards of one scan save into one SQLite file one after another: a shard may wait for every sibling's save
        // (on a busy machine one took 28 s), so it waits the usual time for each of them, not once.
        var lockWait = Inventory.StoreGuard.DefaultLockWait * Math.Clamp(_request.Shard.Count, 1, 20);
        // Serialised before the store is opened: the write lock (SQLite) or the snapshot's row (PostgreSQL) is then held
        // only to write rows, not while this shard renders thousands of objects to JSON with its siblings queued behind.
        var items = InventoryObjects(result).Select(Inventory.PreparedItem.From).ToList();
        CpuTrace.Mark("save prepared");
        using var store = Inventory.InventoryStores.Open(location, create: true, _request.StoreCredential, lockWait: lockWait);
        using var writer = store.BeginSnapshot($"{_request.Profile} scan of {string.Join(", ", _request.Domains)}", _request.ScanId);
        foreach (var item in items) writer.Add(item);
        result.Snapshot = writer.Commit();
        _observer.Verbose($"Saved {writer.Count} item(s) to snapshot {result.Snapshot.Id} of {store.Location} (scan {_request.ScanId}).");
    }

    private void WriteReport(ScanResult result, string path)
    {
        _stage = "Report";
        var set = new Export.ExportSet();
        set.Add(result);
        var text = _request.MarkdownReport
            ? Export.Report.MarkdownReportWriter.Write(set, null, result.Finished)
            : Export.Report.HtmlReportWriter.Write(set, null, result.Finished);
        // Written beside the target and moved over it: a failed or stopped write never leaves half a report.
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("n")[..8];
        try
        {
            File.WriteAllText(temp, text, new System.Text.UTF8Encoding(false));
            if (_request.ReplaceReadOnlyReport && new FileInfo(path) is { Exists: true, IsReadOnly: true } existing) existing.IsReadOnly = false;
            File.Move(temp, path, overwrite: true);
        }
        finally { if (File.Exists(temp)) File.Delete(temp); }
        result.ReportPath = path;
    }

    public void Dispose()
    {
        _finder?.Dispose();
        _parts?.Dispose();
        _journal?.Dispose();
    }
}
