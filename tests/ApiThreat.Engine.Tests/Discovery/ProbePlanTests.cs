using System.Collections.Concurrent;
using ApiThreat.Engine.Discovery.Apis;
using ApiThreat.Engine.Tests.Infrastructure;
using ApiThreat.Lab.Scenarios;

namespace ApiThreat.Engine.Tests.Discovery;

/// <summary>
/// The two-wave probe plan at -Depth Standard: a plain website (an HTML home page that links nowhere, HTML not-found
/// pages) costs only the first wave; any signal (an API found, a linked page, robots.txt naming a sitemap) brings the
/// second; Deep always sends both.
/// </summary>
[Collection(LabCollection.Name)]
public class ProbePlanTests
{
    private readonly LabFixture _lab;

    public ProbePlanTests(LabFixture lab) => _lab = lab;

    private string BenchHost(string label) => $"{label}.{InventoryScenarios.BenchSubdomain}.{_lab.Lab.Zone}";

    /// <summary>Discovers one host on the Lab's HTTPS port; returns the endpoints and the paths the Lab saw for it (it logs no query).</summary>
    private async Task<(List<ApiEndpoint> Endpoints, string[] Paths)> DiscoverAsync(string host, DiscoveryDepth depth)
    {
        bool Mine(string r) => r.Contains("//" + host + "/", StringComparison.OrdinalIgnoreCase);
        var before = _lab.Lab.Web.Requests.Count(Mine);
        using var network = _lab.Network(new[] { _lab.Lab.Zone });
        var found = new ConcurrentBag<ApiEndpoint>();
        var result = await new ApiDiscoverer(network).DiscoverHostAsync(new ApiDiscoveryRequest
        {
            Host = host, Ports = new[] { _lab.Lab.Web.HttpsPort }, PortsExplicit = true, Depth = depth,
        }, e => { found.Add(e); return ValueTask.CompletedTask; }, CancellationToken.None);
        Assert.Empty(result.Failures);
        var paths = _lab.Lab.Web.Requests.Where(Mine).Skip(before).Select(r => new Uri(r).AbsolutePath).ToArray();
        return (found.ToList(), paths);
    }

    [Fact]
    public async Task A_plain_website_costs_only_the_first_wave()
    {
        var (endpoints, paths) = await DiscoverAsync(BenchHost("plan-plain"), DiscoveryDepth.Standard);
        Assert.Empty(endpoints);
        var expected = new[] { "/", "/robots.txt", "/.well-known/openid-configuration" }
            .Concat(ApiPathCatalog.FirstWavePaths.Select(p => p.Path.Split('?')[0])).Order(StringComparer.Ordinal).ToArray();
        // Besides those, two not-found baselines of random names: as a browser asks, and with Accept: application/json
        // (an API framework such as Pyramid answers that one in JSON behind an HTML home page: ApiDiscoverer.Wordlist.cs).
        Assert.Equal(2, paths.Count(p => p.StartsWith("/apithreat-", StringComparison.Ordinal)));
        Assert.Equal(expected, paths.Where(p => !p.StartsWith("/apithreat-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Deep_sends_the_second_wave_to_a_plain_website_too()
    {
        var (endpoints, paths) = await DiscoverAsync(BenchHost("plan-deep"), DiscoveryDepth.Deep);
        Assert.Empty(endpoints);
        Assert.Contains("/asyncapi.json", paths);
        Assert.Contains("/.well-known/security.txt", paths);
        Assert.Contains("/grpc.health.v1.Health/Check", paths);
    }

    [Fact]
    public async Task An_api_found_in_the_first_wave_brings_the_second()
    {
        var (endpoints, paths) = await DiscoverAsync(BenchHost("api-plan"), DiscoveryDepth.Standard);
        var e = Assert.Single(endpoints);
        Assert.Equal(EndpointKind.OpenApi, e.Kind);
        Assert.EndsWith("/openapi.json", e.SpecUrl);
        Assert.Contains("/.well-known/security.txt", paths);
        Assert.Contains("/asyncapi.json", paths);
    }

    [Fact]
    public async Task A_website_that_links_somewhere_is_crawled_and_stays_no_api()
    {
        var (endpoints, paths) = await DiscoverAsync(_lab.Host("inv-website"), DiscoveryDepth.Standard);
        Assert.Empty(endpoints);
        Assert.Contains("/about", paths);
        Assert.Contains("/sitemap.xml", paths);
    }

    [Fact]
    public async Task A_soap_service_behind_a_plain_home_page_is_found_by_the_first_wave()
    {
        var scenario = _lab.Lab.Scenario("inv-soap");
        var (endpoints, _) = await DiscoverAsync(scenario.Host!, DiscoveryDepth.Standard);
        ApiDiscoveryTests.AssertMatches(scenario, endpoints.OrderBy(e => e.Url, StringComparer.Ordinal).ToList(), "");
    }
}
