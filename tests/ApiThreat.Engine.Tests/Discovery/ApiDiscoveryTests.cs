using System.Collections.Concurrent;
using ApiThreat.Engine.Discovery.Apis;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Tests.Infrastructure;
using ApiThreat.Lab.Scenarios;

namespace ApiThreat.Engine.Tests.Discovery;

/// <summary>API discovery against the Lab's Inventory scenarios: exact endpoint, authentication, operation and finding sets.</summary>
[Collection(LabCollection.Name)]
public class ApiDiscoveryTests
{
    private readonly LabFixture _lab;

    public ApiDiscoveryTests(LabFixture lab) => _lab = lab;

    private async Task<List<ApiEndpoint>> DiscoverAsync(string host, DiscoveryDepth depth, int? port = null)
    {
        using var network = _lab.Network(new[] { _lab.Lab.Zone });
        var found = new ConcurrentBag<ApiEndpoint>();
        var result = await new ApiDiscoverer(network).DiscoverHostAsync(new ApiDiscoveryRequest
        {
            Host = host, Ports = new[] { port ?? _lab.Lab.Web.HttpsPort }, PortsExplicit = true, Depth = depth,
        }, e => { found.Add(e); return ValueTask.CompletedTask; }, CancellationToken.None);
        Assert.Empty(result.Failures);
        return found.OrderBy(e => e.Url, StringComparer.Ordinal).ToList();
    }

    public static IEnumerable<object[]> InventoryScenarios() =>
        new[]
        {
            "inv-openapi31", "inv-swagger2", "inv-openapi30-yaml", "inv-swagger-ui", "inv-graphql-open", "inv-graphql-closed", "inv-soap",
            "inv-wadl", "inv-asyncapi", "inv-postman", "inv-grpc", "inv-oidc", "inv-bearer-api", "inv-staging-api", "inv-versions",
            "inv-website", "inv-drift", "inv-domain-api",
        }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(InventoryScenarios))]
    public async Task Standard_depth_finds_exactly_the_expected_endpoints(string name)
    {
        var scenario = _lab.Lab.Scenario(name);
        if (name == "inv-drift") await SetDriftStateAsync(1);
        var endpoints = await DiscoverAsync(scenario.Host!, DiscoveryDepth.Standard);
        AssertMatches(scenario, endpoints, "");
    }

    [Fact]
    public async Task Mutual_tls_seen_on_one_port_is_not_reported_for_another_port_of_the_host()
    {
        // The Lab serves the same host on its HTTPS port (a handshake asking for a client certificate) and its plain HTTP
        // port. TLS on the HTTP port fails for want of TLS, not of a certificate: that origin is plain HTTP, no mutual TLS.
        var scenario = _lab.Lab.Scenario("inv-mtls-required");
        using var network = _lab.Network(new[] { _lab.Lab.Zone });
        var found = new ConcurrentBag<ApiEndpoint>();
        var result = await new ApiDiscoverer(network).DiscoverHostAsync(new ApiDiscoveryRequest
        {
            Host = scenario.Host!, Ports = new[] { _lab.Lab.Web.HttpsPort, _lab.Lab.Web.HttpPort }, PortsExplicit = true, Depth = DiscoveryDepth.Passive,
        }, e => { found.Add(e); return ValueTask.CompletedTask; }, CancellationToken.None);
        Assert.Empty(result.Failures);
        var seen = found.Select(e => $"{e.Url} {string.Join(",", e.Authentication)}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[]
        {
            $"http://{scenario.Host}:{_lab.Lab.Web.HttpPort}/ None",
            $"https://{scenario.Host}:{_lab.Lab.Web.HttpsPort}/ Mtls",
        }, seen);
    }

    [Fact]
    public async Task Deep_depth_also_finds_a_postman_collection()
    {
        var scenario = _lab.Lab.Scenario("inv-postman");
        var endpoints = await DiscoverAsync(scenario.Host!, DiscoveryDepth.Deep);
        AssertMatches(scenario, endpoints, ":Deep");
        var ops = endpoints.Single().Operations.Select(o => o.ToString()).Order().ToArray();
        Assert.Equal(new[] { "GET /invoices", "POST /invoices", "POST /invoices/{id}/refund" }, ops);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("titled")]
    [InlineData("inv-website")]
    public async Task A_plain_website_is_not_an_api(string name)
    {
        foreach (var depth in Enum.GetValues<DiscoveryDepth>())
            Assert.Empty(await DiscoverAsync(_lab.Host(name), depth));
    }

    [Fact]
    public async Task Plain_http_port_is_found_when_https_fails()
    {
        var endpoints = await DiscoverAsync(_lab.Host("inv-graphql-open"), DiscoveryDepth.Standard, _lab.Lab.Web.HttpPort);
        var e = Assert.Single(endpoints);
        Assert.Equal("http", e.Scheme);
        Assert.Null(e.CertificateFingerprint);
    }

    [Fact]
    public async Task Endpoints_record_certificate_addresses_and_security_txt()
    {
        var e = Assert.Single(await DiscoverAsync(_lab.Host("inv-oidc"), DiscoveryDepth.Passive));
        Assert.Equal(EndpointKind.OpenIdConnect, e.Kind);
        Assert.Equal(new[] { "127.0.0.1" }, e.Addresses);
        Assert.EndsWith("/.well-known/security.txt", e.SecurityTxtUrl);
        Assert.Equal(64, e.CertificateFingerprint!.Length);
        Assert.Contains("ApiThreat Lab Issuing CA", e.CertificateIssuer);
        Assert.Equal("ECDSA 256", e.CertificateKey);
        Assert.Equal(new[] { "GET /authorize", "GET /jwks", "GET /userinfo", "POST /token" }, e.Operations.Select(o => o.ToString()).Order().ToArray());
    }

    [Fact]
    public async Task Operations_carry_the_declared_security()
    {
        var e = Assert.Single(await DiscoverAsync(_lab.Host("inv-openapi31"), DiscoveryDepth.Standard));
        Assert.Equal(new[] { "GET /pets", "GET /pets/{id}", "POST /pets" }, e.Operations.Select(o => o.ToString()).Order().ToArray());
        Assert.All(e.Operations, o => Assert.Equal(new[] { "bearer" }, o.Security));
        Assert.Equal("Pets", e.Title);
        Assert.EndsWith("/openapi.json", e.SpecUrl);
    }

    [Fact]
    public async Task Passive_depth_sends_only_the_four_passive_requests()
    {
        var host = _lab.Host("inv-versions");
        var before = _lab.Lab.Web.Requests.Count(r => r.Contains("//" + host + "/", StringComparison.Ordinal));
        Assert.Empty(await DiscoverAsync(host, DiscoveryDepth.Passive));
        var paths = _lab.Lab.Web.Requests.Where(r => r.Contains("//" + host + "/", StringComparison.Ordinal)).Skip(before)
            .Select(r => new Uri(r).AbsolutePath).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "/", "/.well-known/openid-configuration", "/.well-known/security.txt", "/robots.txt" }, paths);
    }

    [Fact]
    public async Task A_host_without_answering_ports_reports_each_failure()
    {
        using var network = _lab.Network(new[] { _lab.Lab.Zone });
        var result = await new ApiDiscoverer(network).DiscoverHostAsync(new ApiDiscoveryRequest
        {
            Host = _lab.Host("plain"), Ports = new[] { 1 }, PortsExplicit = true,
        }, _ => ValueTask.CompletedTask, CancellationToken.None);
        Assert.Equal(0, result.OriginsAnswered);
        Assert.Single(result.Failures);
    }

    internal static void AssertMatches(LabScenario scenario, IReadOnlyList<ApiEndpoint> endpoints, string suffix)
    {
        string Path(ApiEndpoint e) => new Uri(e.Url).AbsolutePath;
        var expected = scenario.Expect.TryGetValue("Endpoints" + suffix, out var ep) ? ep : scenario.Expect["Endpoints"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), endpoints.Select(e => $"{e.Kind} {Path(e)}").Order(StringComparer.Ordinal));
        if (scenario.Expect.TryGetValue("Auth" + suffix, out var auth) || (suffix == "" && scenario.Expect.TryGetValue("Auth", out auth)))
            Assert.Equal(auth.Order(StringComparer.Ordinal), endpoints.Select(e => $"{Path(e)}={string.Join(",", e.Authentication)}").Order(StringComparer.Ordinal));
        if (scenario.Expect.TryGetValue("Operations" + suffix, out var ops))
            Assert.Equal(ops.Order(StringComparer.Ordinal), endpoints.Select(e => $"{Path(e)}={e.Operations.Length}").Order(StringComparer.Ordinal));
        if (scenario.Expect.TryGetValue("Technologies", out var tech) && suffix == "")
            Assert.All(endpoints, e => Assert.Equal(tech, e.Technologies));
        var findings = scenario.Expect.TryGetValue("Findings" + suffix, out var f) ? f : scenario.ExpectedFindings;
        if (suffix == ":Deep" && !scenario.Expect.ContainsKey("Findings:Deep")) findings = scenario.ExpectedFindings;
        Assert.Equal(findings.Order(StringComparer.Ordinal), endpoints.SelectMany(e => e.Findings).Select(x => x.RuleId).Distinct().Order(StringComparer.Ordinal));
    }

    private async Task SetDriftStateAsync(int state)
    {
        using var network = _lab.Network(new[] { _lab.Lab.Zone });
        var r = await network.Http.GetAsync(_lab.HttpUri("inv-drift", $"/__lab/state?set={state}"), CancellationToken.None);
        Assert.Equal(200, r.StatusCode);
    }
}
