using System.Collections.Concurrent;
using ApiThreat.Engine.Discovery.Subdomains.Ranges;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Tests.Infrastructure;
using ApiThreat.Engine.Tests.Ip;
using ApiThreat.Lab.Scenarios;
using Xunit.Abstractions;

namespace ApiThreat.Engine.Tests.Discovery.Ranges;

[Collection(LabCollection.Name)]
public sealed class RangeExpanderTests
{
    private readonly LabFixture _lab;
    private readonly ITestOutputHelper _output;

    public RangeExpanderTests(LabFixture lab, ITestOutputHelper output)
    {
        _lab = lab;
        _output = output;
    }

    private LabScenario Owned => _lab.Lab.Scenario("ranges-owned");

    private async Task<List<DiscoveredHost>> SweepAsync(IReadOnlyList<OwnedRange> ranges, params string[] domains)
    {
        using var network = new NetworkContext(_lab.Options(), m => _output.WriteLine(m));
        var found = new ConcurrentQueue<DiscoveredHost>();
        await RangeExpander.RunAsync(network, new RangeExpansionRequest
        {
            Ranges = ranges, Domains = domains, TlsPorts = new[] { int.Parse(Owned.Expect["TlsPort"][0]) },
        }, h => { found.Enqueue(h); return ValueTask.CompletedTask; }, CancellationToken.None);
        return found.ToList();
    }

    [Fact]
    public async Task Every_name_on_the_owned_block_with_its_evidence_and_candidates_never_contacted()
    {
        _lab.Lab.Dns.RecentQueries.Clear();
        var ranges = OwnedRanges.Build(new[] { RangeScenarios.Block }, Array.Empty<int>(), null, null);
        var found = await SweepAsync(ranges, RangeScenarios.Domain);
        Assert.Equal(Owned.Expect["Hosts"].Order(), found.Where(h => h.InScope).Select(h => h.HostName).Order());
        Assert.Equal(Owned.Expect["Candidates"].Order(), found.Where(h => !h.InScope).Select(h => h.HostName).Order());
        foreach (var name in Owned.Expect["ReverseDns"]) Assert.Contains("ReverseDns", found.Single(h => h.HostName == name).Sources);
        foreach (var name in Owned.Expect["TlsSan"]) Assert.Equal(new[] { "TlsSan" }, found.Single(h => h.HostName == name).Sources);
        var api = found.Single(h => h.HostName == $"api.{RangeScenarios.Domain}");
        Assert.Equal(new[] { "127.77.0.10" }, api.Addresses);
        Assert.Contains($"PTR 127.77.0.10 -> api.{RangeScenarios.Domain}", api.Evidence);
        var partner = found.Single(h => h.HostName == "partner.outside.test");
        Assert.Equal(new[] { "127.77.0.20" }, partner.Addresses);
        Assert.Contains(partner.Evidence, e => e.StartsWith("certificate of 127.77.0.20:", StringComparison.Ordinal) && e.EndsWith("names partner.outside.test", StringComparison.Ordinal));
        var stale = found.Single(h => h.HostName == $"stale.{RangeScenarios.Domain}");
        Assert.Contains(stale.Evidence, e => e.Contains("does not resolve"));
        // Candidates outside the domains are never looked up.
        Assert.DoesNotContain(_lab.Lab.Dns.RecentQueries, q => q.Contains("outside.test") || q.Contains("isp.example.net"));
    }

    [Fact]
    public async Task Without_domains_every_name_is_a_candidate()
    {
        var found = await SweepAsync(OwnedRanges.Build(new[] { "127.77.0.8/29" }, Array.Empty<int>(), null, null));
        Assert.Equal(new[] { $"api.{RangeScenarios.Domain}", "host-12.isp.example.net", $"mail.{RangeScenarios.Domain}", $"stale.{RangeScenarios.Domain}" },
            found.Select(h => h.HostName).Order());
        Assert.All(found, h => Assert.False(h.InScope));
    }

    [Fact]
    public void Asn_prefixes_from_a_prefix_file_and_from_an_mmdb()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"apithreat-ranges-{Guid.NewGuid():n}");
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "prefixes.txt");
            File.WriteAllText(file, "# bgp.tools\n127.77.0.0/24 64512\nAS64513,198.51.100.0/24\n64512\t127.77.1.0/25\n");
            var ranges = OwnedRanges.Build(Array.Empty<string>(), new[] { 64512 }, null, file);
            Assert.Equal(new[] { "127.77.0.0/24", "127.77.1.0/25" }, ranges.Select(r => r.Network.ToString()));
            Assert.StartsWith("AS64512", ranges[0].Origin);
            var mmdb = Path.Combine(dir, "asn.mmdb");
            MmdbWriter.Write(mmdb, new (string, Dictionary<string, object>)[]
            {
                ("127.77.0.0/24", new() { ["autonomous_system_number"] = 64512u, ["autonomous_system_organization"] = "Lab" }),
                ("198.51.100.0/24", new() { ["autonomous_system_number"] = 64513u, ["autonomous_system_organization"] = "Other" }),
                ("203.0.113.128/25", new() { ["autonomous_system_number"] = 64512u, ["autonomous_system_organization"] = "Lab" }),
            });
            var fromDb = OwnedRanges.Build(Array.Empty<string>(), new[] { 64512 }, mmdb, null);
            Assert.Equal(new[] { "127.77.0.0/24", "203.0.113.128/25" }, fromDb.Select(r => r.Network.ToString()));
            Assert.Contains("-Asn 64599", Assert.Throws<ArgumentException>(() => OwnedRanges.Build(Array.Empty<string>(), new[] { 64599 }, null, file)).Message);
            File.WriteAllText(file, "127.77.0.0/24 64512\nnot a line\n");
            Assert.Contains("line 2", Assert.Throws<ArgumentException>(() => OwnedRanges.Build(Array.Empty<string>(), new[] { 64512 }, null, file).ToList()).Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Ranges_are_checked_merged_and_capped()
    {
        Assert.Contains("not a CIDR block", Assert.Throws<ArgumentException>(() => OwnedRanges.Build(new[] { "10.0.0.0/33x" }, Array.Empty<int>(), null, null)).Message);
        Assert.Contains("at most 1,048,576", Assert.Throws<ArgumentException>(() => OwnedRanges.Build(new[] { "10.0.0.0/8" }, Array.Empty<int>(), null, null)).Message);
        Assert.Contains("-AsnDatabase", Assert.Throws<ArgumentException>(() => OwnedRanges.Build(Array.Empty<string>(), new[] { 1 }, null, null)).Message);
        var merged = OwnedRanges.Build(new[] { "127.77.0.0/24", "127.77.0.128/25", "127.78.0.0/30" }, Array.Empty<int>(), null, null);
        Assert.Equal(new[] { "127.77.0.0/24", "127.78.0.0/30" }, merged.Select(r => r.Network.ToString()));
        Assert.Equal(260, OwnedRanges.Addresses(merged).Count());
        Assert.Equal("127.78.0.3", OwnedRanges.Addresses(merged).Last().ToString());
    }
}
