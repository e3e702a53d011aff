using ApiThreat.Engine.Assessment.Api;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Tests.Infrastructure;
using ApiThreat.Lab.Scenarios;

namespace ApiThreat.Engine.Tests.Assessment.Api;

[Collection(LabCollection.Name)]
public class ApiSecurityScannerTests
{
    private readonly LabFixture _lab;

    public ApiSecurityScannerTests(LabFixture lab) => _lab = lab;

    public static IEnumerable<object[]> Hosts() =>
        new[]
        {
            "api-clean", "api-secured-open", "api-admin-exposed", "api-verbose-errors", "api-trace", "api-write-methods",
            "api-graphql-introspection", "api-graphql-suggestions", "api-graphql-batching", "api-key-in-query", "api-plain-http",
            "api-no-rate-limit", "api-sequential-ids", "api-cacheable-pii", "api-token-no-store", "api-sqli", "api-nosqli",
            "api-command-injection", "api-template-injection", "api-traversal", "api-idor", "api-xss",
            "expo-graphql-ide", "expo-wordpress-users", "expo-source-map", "expo-leftovers",
        }.Select(h => new object[] { h });

    internal static ApiOperation[] LabOperations() => ApiSecurityScenarios.Operations.Select(o =>
    {
        var parts = o.Split(' ');
        return new ApiOperation
        {
            Method = parts[0], Path = parts[1],
            Security = parts.Length > 2 ? new[] { parts[2] } : Array.Empty<string>(),
            AllowsAnonymous = parts.Length == 2,
        };
    }).ToArray();

    private ApiSecurityRequest Request(string scenario, bool active, ApiThreat.Engine.Net.NetworkContext? net = null)
    {
        var s = _lab.Lab.Scenario(scenario);
        net?.Scope.AddImplicitHost(s.Host!);
        var url = s.Expect["Scheme"][0] == "http" ? _lab.HttpUri(scenario) : _lab.HttpsUri(scenario);
        var operations = s.Expect.ContainsKey("Operations") ? LabOperations() : Array.Empty<ApiOperation>();
        return new ApiSecurityRequest { Url = url, Operations = operations, Active = active, BurstSize = 30 };
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Passive_scan_finds_exactly_the_expected_rules(string scenario)
    {
        using var net = _lab.Network();
        var findings = await ApiSecurityScanner.ScanAsync(net, Request(scenario, active: false, net), CancellationToken.None);
        var expected = _lab.Lab.Scenario(scenario).ExpectedFindings;
        Assert.True(expected.OrderBy(x => x).SequenceEqual(findings.Select(f => f.RuleId).Distinct().OrderBy(x => x)),
            $"{scenario}: expected [{string.Join(", ", expected)}], got:\n{string.Join("\n", findings.Select(f => f.RuleId + " " + f.Evidence))}");
        Assert.All(findings, f => Assert.Equal(DetectionMethod.Passive, f.Method));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Active_scan_finds_exactly_the_expected_rules(string scenario)
    {
        using var net = _lab.Network();
        var findings = await ApiSecurityScanner.ScanAsync(net, Request(scenario, active: true, net), CancellationToken.None);
        var expected = _lab.Lab.Scenario(scenario).Expect["ActiveFindings"];
        Assert.True(expected.OrderBy(x => x).SequenceEqual(findings.Select(f => f.RuleId).Distinct().OrderBy(x => x)),
            $"{scenario}: expected [{string.Join(", ", expected)}], got:\n{string.Join("\n", findings.Select(f => f.RuleId + " " + f.Evidence))}");
        var passive = _lab.Lab.Scenario(scenario).ExpectedFindings;
        Assert.All(findings, f => Assert.Equal(passive.Contains(f.RuleId) ? DetectionMethod.Passive : DetectionMethod.Active, f.Method));
    }

    [Fact]
    public async Task Passive_scan_sends_no_canaries_and_no_burst()
    {
        using var net = _lab.Network();
        var host = _lab.Host("api-command-injection");
        var start = _lab.Lab.Web.Requests.Count; // tests of the Lab collection run one at a time
        await ApiSecurityScanner.ScanAsync(net, Request("api-command-injection", active: false, net), CancellationToken.None);
        var log = _lab.Lab.Web.Requests.Skip(start).Where(r => r.Contains(host)).ToList();
        Assert.DoesNotContain(log, r => r.Contains("expr") || r.Contains("passwd") || r.Contains("%27") || r.Contains("atrx"));
        Assert.InRange(log.Count, 20, 120); // evidence, admin and exposed-file paths, folders, IDE paths, error probes, GraphQL, OPTIONS
    }

    [Theory]
    [InlineData("api-sqli", "ATR-API-015")]
    [InlineData("api-command-injection", "ATR-API-017")]
    [InlineData("api-template-injection", "ATR-API-018")]
    [InlineData("api-traversal", "ATR-API-019")]
    [InlineData("api-xss", "ATR-API-022")]
    [InlineData("api-clean", null)]
    public async Task Url_only_scan_injects_into_query_parameters(string scenario, string? rule)
    {
        using var net = _lab.Network();
        net.Scope.AddImplicitHost(_lab.Host(scenario));
        var request = new ApiSecurityRequest { Url = _lab.HttpsUri(scenario, "/api/find?q=widget&page=1"), Active = true, BurstSize = 5 };
        var findings = await ApiSecurityScanner.ScanAsync(net, request, CancellationToken.None);
        Assert.Equal(rule is null ? Array.Empty<string>() : new[] { rule }, findings.Select(f => f.RuleId).Distinct());
        if (rule is not null) Assert.Contains("query parameter 'q'", findings.Single().Location);
    }

    [Fact]
    public async Task Url_only_scan_reads_the_adjacent_identifier_of_an_open_object()
    {
        using var net = _lab.Network();
        net.Scope.AddImplicitHost(_lab.Host("api-idor"));
        var passive = await ApiSecurityScanner.ScanAsync(net, new ApiSecurityRequest { Url = _lab.HttpsUri("api-idor", "/api/orders/5") }, CancellationToken.None);
        Assert.Empty(passive);
        var active = await ApiSecurityScanner.ScanAsync(net, new ApiSecurityRequest { Url = _lab.HttpsUri("api-idor", "/api/orders/5"), Active = true, BurstSize = 5 }, CancellationToken.None);
        var idor = Assert.Single(active);
        Assert.Equal(("ATR-API-020", DetectionMethod.Active, "/api/orders/5"), (idor.RuleId, idor.Method, idor.Location));
    }

    [Fact]
    public async Task Clean_http_listener_that_redirects_to_https_gives_nothing()
    {
        using var net = _lab.Network();
        net.Scope.AddImplicitHost(_lab.Host("api-clean"));
        var findings = await ApiSecurityScanner.ScanAsync(net,
            new ApiSecurityRequest { Url = _lab.HttpUri("api-clean"), Operations = LabOperations() }, CancellationToken.None);
        Assert.Empty(findings);
    }

    [Fact]
    public async Task Out_of_scope_targets_are_refused_before_any_request()
    {
        using var net = _lab.Network(scope: new[] { "elsewhere.test" }, allowPrivate: false);
        await Assert.ThrowsAnyAsync<ApiThreat.Engine.Net.TargetException>(() =>
            ApiSecurityScanner.ScanAsync(net, Request("api-sqli", active: true), CancellationToken.None));
    }

    [Fact]
    public void Every_api_rule_is_complete_and_in_the_catalogue()
    {
        var rules = typeof(ApiRules).GetFields().Select(f => (ThreatRule)f.GetValue(null)!).ToList();
        Assert.Equal(23, rules.Count);
        Assert.All(rules, r =>
        {
            Assert.Same(r, RuleCatalog.Get(r.Id));
            Assert.False(string.IsNullOrWhiteSpace(r.Rationale));
            Assert.False(string.IsNullOrWhiteSpace(r.Remediation));
            Assert.NotNull(r.Cwe);
            Assert.Matches(@"^API\d+:2023$", r.OwaspApi);
        });
    }
}
