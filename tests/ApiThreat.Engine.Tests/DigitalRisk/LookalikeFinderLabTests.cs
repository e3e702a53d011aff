using System.Collections.Concurrent;
using ApiThreat.Engine.DigitalRisk.Lookalike;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ApiThreat.Engine.Tests.DigitalRisk;

[Collection(LabCollection.Name)]
public class LookalikeFinderLabTests
{
    private readonly LabFixture _lab;
    private readonly ITestOutputHelper _output;

    public LookalikeFinderLabTests(LabFixture lab, ITestOutputHelper output)
    {
        _lab = lab;
        _output = output;
    }

    private async Task<(List<LookalikeDomain> Found, List<string> Warnings, LookalikeStats Stats)> RunAsync(string domain, params string[] fuzzers)
    {
        using var network = new NetworkContext(_lab.Options(), m => _output.WriteLine(m));
        using var finder = new LookalikeFinder(network, new LookalikeOptions
        {
            Generator = new LookalikeGeneratorOptions { Fuzzers = fuzzers.ToHashSet(StringComparer.Ordinal) },
            IncludeUnregistered = true, FetchPage = false, ReadCertificate = false, QueryRdap = false,
        });
        var found = new ConcurrentQueue<LookalikeDomain>();
        var warnings = new List<string>();
        var stats = await finder.RunAsync(domain, d => { found.Enqueue(d); return ValueTask.CompletedTask; },
            w => { warnings.Add(w); return ValueTask.CompletedTask; }, CancellationToken.None);
        return (found.ToList(), warnings, stats);
    }

    [Fact]
    public async Task An_authoritative_only_server_that_refuses_every_name_yields_no_registration()
    {
        // The case dnstwist reads as "registered": a server authoritative for other zones answers REFUSED.
        var (found, warnings, stats) = await RunAsync("acmebank.com", "omission", "transposition", "addition");
        Assert.True(stats.Candidates > 40);
        Assert.Equal(stats.Candidates, found.Count);
        Assert.All(found, d => Assert.Equal(LookalikeStatus.Unknown, d.Status));
        Assert.All(found, d => Assert.Contains("REFUSED", d.StatusReason));
        Assert.Equal(0, stats.Registered);
        Assert.Equal(stats.Candidates, stats.Refused);
        Assert.Contains(warnings, w => w.Contains("Unknown, not registered"));
    }

    [Fact]
    public async Task Planted_lookalikes_are_registered_and_nxdomain_is_unregistered()
    {
        var (found, _, stats) = await RunAsync("acmebank.example", "transposition", "replacement");
        var registered = found.Where(d => d.Status == LookalikeStatus.Registered).Select(d => d.Domain).Order().ToArray();
        Assert.Equal(new[] { "acmebamk.example", "acmebnak.example", "acnebank.example" }, registered);
        Assert.Equal(new[] { "mx.acmebnak.example" }, found.Single(d => d.Domain == "acmebnak.example").MailServers);
        Assert.Equal(stats.Candidates - 3, stats.Unregistered);
        Assert.Equal(0, stats.Unknown);
    }
}
