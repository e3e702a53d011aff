using System.Collections.Concurrent;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Scan;
using ApiThreat.Engine.Tests.Infrastructure;
using ApiThreat.Lab.Scenarios;
using Newtonsoft.Json;

namespace ApiThreat.Engine.Tests.Scan;

/// <summary>
/// The scan pipeline driven without PowerShell against the Lab's scan fleet (3 APIs, 3 sites, ns1 and 30 dark names):
/// what it finds, that silence is not an error, that shards partition the work, and that a resumed scan is the scan.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ScanPipelineTests
{
    private readonly LabFixture _lab;

    public ScanPipelineTests(LabFixture lab) => _lab = lab;

    private string Domain => $"{ScanScenarios.Label}.{_lab.Lab.Zone}";

    private ScanRequest Request(ShardSpec? shard = null, string? journal = null, string? saveTo = null, string? scanId = null) => new()
    {
        Domains = new[] { Domain },
        Profile = ScanProfile.Passive,
        Ports = new[] { _lab.Lab.Web.HttpsPort },
        TlsPorts = new[] { _lab.Lab.Web.HttpsPort },
        CertificateTransparencyUri = new Uri($"http://crt.{_lab.Lab.Zone}:{_lab.Lab.Web.HttpPort}/"),
        NameServerPort = _lab.Lab.DnsEndPoint.Port,
        HostConcurrency = 8,
        Data = new ScanDataPaths
        {
            FingerprintDirectory = RepoPaths.Data("fingerprints"),
            ScoringPolicyFile = RepoPaths.Data(Engine.Scoring.ScoringPolicy.DefaultRelativePath),
            TakeoverSignatureFiles = new[] { RepoPaths.Data(Path.Combine("takeover", "signatures.json")) },
        },
        Shard = shard ?? ShardSpec.Whole,
        JournalPath = journal,
        SaveTo = saveTo,
        ScanId = scanId ?? Guid.NewGuid().ToString("n"),
    };

    private async Task<(ScanResult Result, Observer Observer)> RunAsync(ScanRequest request)
    {
        using var network = new NetworkContext(_lab.Options());
        var observer = new Observer();
        using var pipeline = new ScanPipeline(request, network, observer);
        return (await pipeline.RunAsync(CancellationToken.None), observer);
    }

    [Fact]
    public async Task A_scan_finds_the_fleet_and_counts_dark_names_as_silence_not_errors()
    {
        var (apis, sites, dark) = ScanScenarios.Size();
        var (result, observer) = await RunAsync(Request());
        Assert.Equal(apis + sites + 1 + dark, result.Hosts.Length);
        Assert.Equal(dark, result.UnansweredHosts);
        Assert.Empty(observer.Errors);
        Assert.Empty(result.ErrorGroups);
        Assert.Equal(Enumerable.Range(1, apis).Select(i => $"api-{i}.{Domain}").Order(), result.Inventory.Select(e => e.HostName).Distinct().Order());
        Assert.Equal(apis + sites + 1, result.Certificates.Length);
        Assert.All(result.Certificates, c => Assert.DoesNotContain("dark-", c.HostName));
        Assert.Equal(apis + sites + 1, result.Assessments.Length);
        Assert.Contains(result.Dns, d => d.Domain == Domain);
        Assert.Contains(result.Scores, s => s.Scope == "Organization");
    }

    [Fact]
    public async Task Three_shards_take_disjoint_parts_that_together_are_the_whole_scan()
    {
        var (whole, _) = await RunAsync(Request());
        var parts = new List<ScanResult>();
        for (var i = 0; i < 3; i++) parts.Add((await RunAsync(Request(new ShardSpec(i, 3)))).Result);

        var hosts = parts.SelectMany(p => p.Hosts.Select(h => h.HostName)).ToList();
        Assert.Equal(hosts.Count, hosts.Distinct().Count()); // no host assessed twice
        Assert.Equal(whole.Hosts.Select(h => h.HostName).Order(), hosts.Order());
        Assert.Equal(whole.Inventory.Select(e => e.Url).Order(), parts.SelectMany(p => p.Inventory.Select(e => e.Url)).Order());
        Assert.Equal(whole.Certificates.Select(c => $"{c.HostName}:{c.Port}").Order(), parts.SelectMany(p => p.Certificates.Select(c => $"{c.HostName}:{c.Port}")).Order());
        Assert.Equal(whole.Ips.Select(i => i.Address).Order(), parts.SelectMany(p => p.Ips.Select(i => i.Address)).Order());
        Assert.Single(parts, p => p.Dns.Length == 1);
        static IEnumerable<string> Keys(IEnumerable<Finding> f) => f.Select(x => $"{x.RuleId}|{x.Target}|{x.Evidence}").Distinct().Order();
        Assert.Equal(Keys(whole.Findings), Keys(parts.SelectMany(p => p.Findings)));
        Assert.Equal(whole.UnansweredHosts, parts.Sum(p => p.UnansweredHosts));
    }

    [Fact]
    public async Task A_resumed_scan_restores_every_object_exactly_and_probes_nothing_again()
    {
        var journal = Path.Combine(Path.GetTempPath(), $"apithreat-journal-{Guid.NewGuid():n}.jsonl");
        try
        {
            var (first, _) = await RunAsync(Request(journal: journal));
            // A torn last write (the process died mid-line) is ignored: that unit runs again.
            File.AppendAllText(journal, "\n{\"kind\":\"unit\",\"stage\":\"Inventory\",\"key\":\"api-1.");
            var before = _lab.Lab.Web.Requests.Count;
            var (resumed, _) = await RunAsync(Request(journal: journal));
            Assert.Equal(before, _lab.Lab.Web.Requests.Count);
            foreach (var (a, b) in new (object, object)[]
            {
                (first.Hosts, resumed.Hosts), (first.Dns, resumed.Dns), (first.Certificates, resumed.Certificates), (first.Ips, resumed.Ips),
                (first.Inventory, resumed.Inventory), (first.Technologies, resumed.Technologies), (first.Assessments, resumed.Assessments),
                (first.Findings, resumed.Findings), (first.Transport, resumed.Transport),
            })
                Assert.Equal(JsonConvert.SerializeObject(a), JsonConvert.SerializeObject(b));
            Assert.Equal(first.UnansweredHosts, resumed.UnansweredHosts);
        }
        finally
        {
            File.Delete(journal);
        }
    }

    [Fact]
    public async Task Shards_of_one_scan_id_save_one_snapshot_to_sqlite()
    {
        var db = Path.Combine(Path.GetTempPath(), $"apithreat-shards-{Guid.NewGuid():n}.db");
        try
        {
            var scanId = "scan-" + Guid.NewGuid().ToString("n");
            var (whole, _) = await RunAsync(Request());
            await Task.WhenAll(Enumerable.Range(0, 3).Select(i => RunAsync(Request(new ShardSpec(i, 3), saveTo: db, scanId: scanId))));
            using var store = Engine.Inventory.InventoryStore.Open(db, create: false);
            var snapshot = Assert.Single(store.ListSnapshots());
            var items = store.ReadItems(snapshot.Id, new[] { "DiscoveredHost" }).Select(i => i.Key).Order();
            Assert.Equal(whole.Hosts.Select(h => h.HostName).Order(), items);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(db);
        }
    }

    [Fact]
    public async Task Shards_saving_to_one_store_resolve_and_probe_each_name_once_between_them()
    {
        var db = Path.Combine(Path.GetTempPath(), $"apithreat-shardparts-{Guid.NewGuid():n}.db");
        try
        {
            _lab.Lab.Dns.RecentQueries.Clear();
            _lab.Lab.Web.Requests.Clear();
            var transfers = _lab.Lab.Dns.TransferCount;
            var (whole, _) = await RunAsync(Request());
            var wholeQueries = FleetQueries();
            var wholeRequests = FleetRequests();
            var wholeTransfers = _lab.Lab.Dns.TransferCount - transfers;
            transfers = _lab.Lab.Dns.TransferCount;

            _lab.Lab.Dns.RecentQueries.Clear();
            _lab.Lab.Web.Requests.Clear();
            var scanId = "parts-" + Guid.NewGuid().ToString("n");
            var parts = (await Task.WhenAll(Enumerable.Range(0, 3).Select(i => RunAsync(Request(new ShardSpec(i, 3), saveTo: db, scanId: scanId)))))
                .Select(r => r.Result).ToList();
            var shardQueries = FleetQueries();
            var shardTransfers = _lab.Lab.Dns.TransferCount - transfers;

            // The same scan: hosts, endpoints, addresses (with every name on them) and findings.
            var hosts = parts.SelectMany(p => p.Hosts.Select(h => h.HostName)).ToList();
            Assert.Equal(hosts.Count, hosts.Distinct().Count());
            Assert.Equal(whole.Hosts.Select(h => h.HostName).Order(), hosts.Order());
            Assert.Equal(whole.Inventory.Select(e => e.Url).Order(), parts.SelectMany(p => p.Inventory.Select(e => e.Url)).Order());
            Assert.Equal(whole.Ips.Select(i => $"{i.Address} {string.Join(",", i.HostNames)}").Order(),
                parts.SelectMany(p => p.Ips.Select(i => $"{i.Address} {string.Join(",", i.HostNames)}")).Order());
            static IEnumerable<string> Keys(IEnumerable<Finding> f) => f.Select(x => $"{x.RuleId}|{x.Target}|{x.Evidence}").Distinct().Order();
            Assert.Equal(Keys(whole.Findings), Keys(parts.SelectMany(p => p.Findings)));

            // No host probed twice: each fleet host is asked as often as one process asks it.
            Assert.Equal(wholeRequests, FleetRequests());
            // No name resolved by two shards: the shards together ask about the fleet's names as one process does (a
            // retransmitted query under load aside), where shards that each resolved everything asked three times as often.
            Assert.Equal(wholeQueries.Keys.Order(), shardQueries.Keys.Order());
            Assert.InRange(shardQueries.Values.Sum(), wholeQueries.Values.Sum() * 9 / 10, wholeQueries.Values.Sum() * 11 / 10 + 2);
            // The zone is transferred as often as one process transfers it (discovery, and the domain's DNS intelligence):
            // the shard that owns the domain fetches it and leaves the names for the others.
            Assert.Equal(wholeTransfers, shardTransfers);

            using var store = Engine.Inventory.InventoryStore.Open(db, create: false);
            var snapshot = Assert.Single(store.ListSnapshots());
            Assert.Equal(whole.Hosts.Select(h => h.HostName).Order(), store.ReadItems(snapshot.Id, new[] { "DiscoveredHost" }).Select(i => i.Key).Order());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(db);
        }
    }

    /// <summary>
    /// Names under the fleet asked of the Lab's DNS, with how often. Left out: the apex and the name server (every shard
    /// checks the domain and finds its name servers itself) and the wildcard detector's random probes.
    /// </summary>
    private Dictionary<string, int> FleetQueries() => _lab.Lab.Dns.RecentQueries
        .Select(q => q.TrimEnd('.').ToLowerInvariant())
        .Where(q => q.EndsWith("." + Domain, StringComparison.Ordinal) && !q.StartsWith("ns1.", StringComparison.Ordinal)
                    && !(q.IndexOf('.') == 16 && q[0] == 'z'))
        .GroupBy(q => q).ToDictionary(g => g.Key, g => g.Count());

    private string[] FleetRequests() => _lab.Lab.Web.Requests.Select(r => new Uri(r).Host).Where(h => h.EndsWith("." + Domain, StringComparison.OrdinalIgnoreCase))
        .GroupBy(h => h).Select(g => $"{g.Key} {g.Count()}").Order().ToArray();

    internal sealed class Observer : IScanObserver
    {
        public ConcurrentQueue<ScanFailure> Errors { get; } = new();
        public ConcurrentQueue<string> Warnings { get; } = new();

        public void Verbose(string message) { }
        public ValueTask WarningAsync(string message) { Warnings.Enqueue(message); return default; }
        public ValueTask ErrorAsync(ScanFailure failure) { Errors.Enqueue(failure); return default; }
        public void Progress(ScanProgress progress) { }
    }
}
