using System.Collections.Concurrent;
using System.Diagnostics;
using ApiThreat.Engine.Discovery.Subdomains;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Tests.Infrastructure;
using ApiThreat.Lab.Scenarios;
using Xunit.Abstractions;

namespace ApiThreat.Engine.Tests.Discovery;

[Collection(LabCollection.Name)]
public class SubdomainFinderTests
{
    private readonly LabFixture _lab;
    private readonly ITestOutputHelper _output;

    public SubdomainFinderTests(LabFixture lab, ITestOutputHelper output)
    {
        _lab = lab;
        _output = output;
    }

    private LabScenario Enum => _lab.Lab.Scenario("dns-enum");
    private string[] Expected(string key) => Enum.Expect[key];

    private async Task<(List<DiscoveredHost> Hosts, List<string> Warnings, SubdomainStats Stats)> RunAsync(string domain, SubdomainOptions options,
        string? resolver = null)
    {
        var scanOptions = _lab.Options();
        if (resolver is not null)
            scanOptions = new ScanOptions
            {
                Resolvers = new[] { ResolverEndpoint.Parse(resolver) }, Scope = scanOptions.Scope, DnsTimeout = TimeSpan.FromMilliseconds(300),
                DnsRetries = 1, Timeout = scanOptions.Timeout,
            };
        scanOptions.Scope.AddImplicitDomain(domain);
        scanOptions.Scope.AddImplicitHost(_lab.Host("crt"));
        using var network = new NetworkContext(scanOptions, m => _output.WriteLine(m));
        using var finder = new SubdomainFinder(network, options);
        var hosts = new ConcurrentQueue<DiscoveredHost>();
        var warnings = new ConcurrentQueue<string>();
        var stats = await finder.RunAsync(domain, h => { hosts.Enqueue(h); return ValueTask.CompletedTask; }, w => { warnings.Enqueue(w); return ValueTask.CompletedTask; }, CancellationToken.None);
        return (hosts.ToList(), warnings.ToList(), stats);
    }

    private SubdomainOptions Options(SubdomainSources sources, int recurse = 0, bool includeWildcard = false) => new()
    {
        Sources = sources,
        WordlistPath = RepoPaths.SubdomainWordlist,
        CertificateTransparencyUri = new Uri($"http://{_lab.Host("crt")}:{_lab.Lab.Web.HttpPort}/"),
        TlsPorts = new[] { _lab.Lab.Web.HttpsPort },
        RecurseDepth = recurse,
        IncludeWildcard = includeWildcard,
        NameServerPort = _lab.Lab.DnsEndPoint.Port,
    };

    [Fact]
    public async Task Wordlist_finds_exactly_the_planted_names()
    {
        var (hosts, warnings, stats) = await RunAsync(Enum.Host!, Options(SubdomainSources.Wordlist));
        _output.WriteLine(stats.ToString());
        Assert.Empty(warnings);
        Assert.Equal(Expected("Wordlist").OrderBy(n => n), hosts.Select(h => h.HostName).OrderBy(n => n));
        Assert.All(hosts, h => Assert.Equal(new[] { "Wordlist" }, h.Sources));
        Assert.All(hosts, h => Assert.False(h.IsWildcard));
        Assert.Equal(hosts.Count, hosts.Select(h => h.HostName).Distinct().Count());
    }

    [Fact]
    public async Task Every_source_adds_its_planted_names_with_merged_provenance()
    {
        var (hosts, warnings, _) = await RunAsync(Enum.Host!, Options(SubdomainSources.Default, recurse: 1));
        Assert.Empty(warnings);
        var expected = new[] { "Wordlist", "CertificateTransparency", "TlsSan", "Permutation", "Recursive" }.SelectMany(Expected).OrderBy(n => n);
        Assert.Equal(expected, hosts.Select(h => h.HostName).OrderBy(n => n));
        var byName = hosts.ToDictionary(h => h.HostName);
        foreach (var source in new[] { "CertificateTransparency", "TlsSan", "Permutation", "Recursive" })
            foreach (var name in Expected(source)) Assert.Equal(new[] { source }, byName[name].Sources);
        foreach (var name in Expected("CertificateTransparencyKnown"))
            Assert.Equal(new[] { "Wordlist", "CertificateTransparency" }, byName[name].Sources);
    }

    [Fact]
    public async Task Provenance_carries_addresses_cname_chains_and_dangling_findings()
    {
        var (hosts, _, _) = await RunAsync(Enum.Host!, Options(SubdomainSources.Wordlist));
        var byName = hosts.ToDictionary(h => h.HostName);
        var e = Enum.Host!;
        Assert.Equal(new[] { "127.0.0.1", "::1" }, byName[$"api.{e}"].Addresses);
        Assert.Equal(new[] { "::1" }, byName[Expected("AaaaOnly")[0]].Addresses);
        Assert.Equal(new[] { $"api.{e}" }, byName[$"www.{e}"].CnameChain);
        Assert.Equal(new[] { "status-page.outside.test" }, byName[$"status.{e}"].CnameChain);
        foreach (var dangling in Expected("Dangling"))
        {
            var h = byName[dangling];
            Assert.Empty(h.Addresses);
            Assert.Single(h.CnameChain);
            Assert.Equal(Expected("DanglingFindings"), h.Findings.Select(f => f.RuleId));
        }
        Assert.All(hosts.Where(h => !Expected("Dangling").Contains(h.HostName)), h => Assert.Empty(h.Findings));
    }

    [Fact]
    public async Task Wildcard_matches_are_suppressed_at_every_level_and_reported_with_IncludeWildcard()
    {
        var (hosts, _, stats) = await RunAsync(Enum.Host!, Options(SubdomainSources.Wordlist, recurse: 1, includeWildcard: true));
        var wild = hosts.Where(h => h.IsWildcard).ToList();
        Assert.NotEmpty(wild);
        Assert.Equal(stats.WildcardMatches, wild.Count);
        var parents = Expected("WildcardParents");
        Assert.All(wild, h => Assert.Contains(parents, p => h.HostName.EndsWith("." + p, StringComparison.Ordinal)));
        foreach (var p in parents) Assert.Contains(wild, h => h.HostName.EndsWith("." + p, StringComparison.Ordinal));
        // The real names under the wildcards are not mistaken for wildcard answers.
        foreach (var real in Expected("Recursive")) Assert.False(hosts.Single(h => h.HostName == real).IsWildcard, real);
    }

    [Fact]
    public async Task Zone_transfer_source_lists_the_open_zone()
    {
        var s = _lab.Lab.Scenario("dns-axfr-open");
        var (hosts, warnings, _) = await RunAsync(s.Host!, Options(SubdomainSources.ZoneTransfer));
        Assert.Empty(warnings);
        Assert.Equal(s.Expect["ZoneTransfer"].OrderBy(n => n), hosts.Select(h => h.HostName).OrderBy(n => n));
        Assert.All(hosts, h => Assert.Equal(new[] { "ZoneTransfer" }, h.Sources));
    }

    [Fact]
    public async Task Refused_zone_transfer_gives_nothing_and_no_warning()
    {
        var (hosts, warnings, _) = await RunAsync(Enum.Host!, Options(SubdomainSources.ZoneTransfer));
        Assert.Empty(hosts);
        Assert.Empty(warnings);
    }

    [Fact]
    public async Task A_dead_resolver_is_one_error()
    {
        var ex = await Assert.ThrowsAsync<TargetException>(() => RunAsync(Enum.Host!, Options(SubdomainSources.Wordlist), resolver: "127.0.0.1:9"));
        Assert.Equal("DnsResolverUnreachable", ex.ErrorId);
    }

    [Fact]
    public async Task A_domain_that_does_not_exist_is_one_error()
    {
        var ex = await Assert.ThrowsAsync<TargetException>(() => RunAsync("no-such-domain." + _lab.Lab.Zone, Options(SubdomainSources.Wordlist)));
        Assert.Equal("DomainNotFound", ex.ErrorId);
    }

    [Fact]
    public void Planted_wordlist_names_are_in_the_bundled_wordlist_and_other_sources_names_are_not()
    {
        var labels = new HashSet<string>(new Wordlist(RepoPaths.SubdomainWordlist).Labels());
        var e = "." + Enum.Host;
        foreach (var name in Expected("Wordlist")) Assert.Contains(name[..^e.Length], labels);
        foreach (var source in new[] { "CertificateTransparency", "TlsSan", "Permutation" })
            foreach (var name in Expected(source)) Assert.DoesNotContain(name[..^e.Length], labels);
        var top = new Wordlist(RepoPaths.SubdomainWordlist).Labels(256).ToHashSet();
        foreach (var name in Expected("Recursive")) Assert.Contains(name.Split('.')[0], top);
        Assert.InRange(labels.Count, 2000, 20000);
    }

    [Fact]
    public async Task Bulk_brute_force_against_the_bench_zone_finds_every_name()
    {
        var domain = $"{DnsZones.BenchLabel}.{_lab.Lab.Zone}";
        var path = Path.Combine(Path.GetTempPath(), $"apithreat-bench-{Guid.NewGuid():N}.txt");
        const int candidates = 20_000;
        await File.WriteAllLinesAsync(path, Enumerable.Range(0, candidates).Select(i => $"n{i}"));
        try
        {
            var clock = Stopwatch.StartNew();
            var (hosts, warnings, stats) = await RunAsync(domain, new SubdomainOptions { Sources = SubdomainSources.Wordlist, WordlistPath = path });
            _output.WriteLine($"{stats}; {candidates / clock.Elapsed.TotalSeconds:N0} names/s");
            Assert.Empty(warnings);
            Assert.Equal(candidates / 10, hosts.Count);
            Assert.All(hosts, h => Assert.EndsWith("0." + domain, h.HostName));
        }
        finally { File.Delete(path); }
    }
}
