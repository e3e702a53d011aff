using System.Net;
using ApiThreat.Engine.Discovery.Subdomains.Passive;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Tests.Infrastructure;
using ApiThreat.Lab.Scenarios;
using Xunit.Abstractions;

namespace ApiThreat.Engine.Tests.Discovery.Passive;

/// <summary>Each provider adapter against its Lab stand-in: names and paging, 429 with Retry-After, a bad key, garbage.</summary>
[Collection(LabCollection.Name)]
public sealed class PassiveProviderTests
{
    private const string Canary = PassiveProviderScenarios.GoodKeyPrefix + "Zq7-canary-77aa";
    private readonly LabFixture _lab;
    private readonly ITestOutputHelper _output;

    public PassiveProviderTests(LabFixture lab, ITestOutputHelper output)
    {
        _lab = lab;
        _output = output;
    }

    public static IEnumerable<object[]> Providers() => PassiveProvider.All.Keys.Order().Select(p => new object[] { p });

    private LabScenario Stub(string provider) => _lab.Lab.Scenarios.Single(s => s.Area == "Passive" && s.Expect["Provider"][0] == provider);

    private ProviderSettings Settings(string provider)
    {
        var bundled = ProviderSettings.Load(RepoPaths.Data(Path.Combine("passive", "providers.json"))).Single(p => p.Name == provider);
        var stub = Stub(provider);
        return bundled with
        {
            Endpoint = new Uri($"https://{stub.Host}:{_lab.Lab.Web.HttpsPort}{stub.Expect["Root"][0]}"),
            RequestsPerSecond = 0, Timeout = TimeSpan.FromSeconds(10), Retries = 2,
        };
    }

    private async Task<(Dictionary<string, SubdomainSources> Names, List<ProviderException> Errors, List<string> Log)> SearchAsync(
        string provider, string domain, string? key = Canary)
    {
        var log = new List<string>();
        using var network = new NetworkContext(_lab.Options(), m => { lock (log) log.Add(m); _output.WriteLine(m); });
        var settings = Settings(provider);
        var providerKey = key is null || settings.Key == ProviderKeyUse.None ? null : new ProviderKey(new NetworkCredential("", key), "test");
        using var search = new PassiveSearch(network, new PassivePlan { Providers = new[] { (settings, providerKey) } }, backoffBase: TimeSpan.FromMilliseconds(50));
        var errors = new List<ProviderException>();
        var names = await search.SearchAsync(domain, e => { errors.Add(e); return ValueTask.CompletedTask; }, CancellationToken.None);
        return (names, errors, log);
    }

    [Fact]
    public void Twelve_providers_each_with_a_provider_file_entry_and_a_stub()
    {
        var settings = ProviderSettings.Load(RepoPaths.Data(Path.Combine("passive", "providers.json")));
        Assert.True(PassiveProvider.All.Count >= 12);
        foreach (var name in PassiveProvider.All.Keys)
        {
            var entry = Assert.Single(settings, s => s.Name == name);
            Assert.Equal("https", entry.Endpoint.Scheme);
            Assert.NotNull(Stub(name));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Names_under_the_domain_from_every_page(string provider)
    {
        var (names, errors, _) = await SearchAsync(provider, PassiveProviderScenarios.Domain);
        Assert.Empty(errors);
        var expected = Stub(provider).Expect["Found"].Append($"dead-{Stub(provider).Name["passive-".Length..]}.{PassiveProviderScenarios.Domain}").Order();
        Assert.Equal(expected, names.Keys.Order());
        Assert.All(names.Values, s => Assert.Equal(PassiveProvider.All[provider].Source, s));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_429_with_Retry_After_is_waited_out_and_retried(string provider)
    {
        var (names, errors, log) = await SearchAsync(provider, PassiveProviderScenarios.Throttled);
        Assert.Empty(errors);
        Assert.Equal(Stub(provider).Expect["Throttled"], names.Keys);
        Assert.Contains(log, l => l.Contains("HTTP 429") && l.Contains("retrying in 1 s"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Garbage_is_one_clear_error_naming_the_provider(string provider)
    {
        var (names, errors, _) = await SearchAsync(provider, PassiveProviderScenarios.Garbage);
        Assert.Empty(names);
        var error = Assert.Single(errors);
        Assert.Equal(provider, error.Target);
        Assert.Equal("ProviderAnswerMalformed", error.ErrorId);
        Assert.Contains("not", error.Message);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_rejected_key_is_one_error_without_the_key(string provider)
    {
        if (Stub(provider).Expect["Key"][0] == "none") return; // keyless: nothing to reject
        const string bad = "Zq7-bad-key-that-the-stub-echoes";
        var (names, errors, log) = await SearchAsync(provider, PassiveProviderScenarios.Domain, bad);
        Assert.Empty(names);
        var error = Assert.Single(errors);
        Assert.Equal(provider, error.Target);
        Assert.Equal("ProviderKeyRejected", error.ErrorId);
        Assert.True(error.DisablesProvider);
        Assert.DoesNotContain(bad, error.Message + error.RecommendedAction);
        Assert.DoesNotContain(log, l => l.Contains(bad));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_wait_longer_than_the_cap_fails_at_once(string provider)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (_, errors, _) = await SearchAsync(provider, PassiveProviderScenarios.Patient);
        var error = Assert.Single(errors);
        Assert.Equal("ProviderRateLimited", error.ErrorId);
        Assert.Contains("3600 s", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Several_providers_merge_their_sources_per_name()
    {
        using var network = new NetworkContext(_lab.Options());
        var plan = new PassivePlan
        {
            Providers = new[] { "VirusTotal", "Chaos", "CertificateTransparency" }
                .Select(p => (Settings(p), p == "CertificateTransparency" ? null : new ProviderKey(new NetworkCredential("", Canary), "test"))).ToArray()!,
        };
        using var search = new PassiveSearch(network, plan);
        var names = await search.SearchAsync(PassiveProviderScenarios.Domain, _ => ValueTask.CompletedTask, CancellationToken.None);
        Assert.Equal(SubdomainSources.VirusTotal | SubdomainSources.Chaos | SubdomainSources.CertificateTransparency, names[$"shared.{PassiveProviderScenarios.Domain}"]);
        Assert.Equal(SubdomainSources.Chaos, names[$"chaos-1.{PassiveProviderScenarios.Domain}"]);
    }

    [Fact]
    public async Task A_provider_is_reached_only_inside_its_own_scope()
    {
        // The provider's scope holds its own host only: a stub on an address that -AllowPrivateAddress does not open is refused.
        var options = _lab.Options(allowPrivate: false);
        using var network = new NetworkContext(options);
        var plan = new PassivePlan { Providers = new[] { (Settings("CertificateTransparency"), (ProviderKey?)null) } };
        using var search = new PassiveSearch(network, plan);
        var errors = new List<ProviderException>();
        var names = await search.SearchAsync(PassiveProviderScenarios.Domain, e => { errors.Add(e); return ValueTask.CompletedTask; }, CancellationToken.None);
        Assert.Empty(names);
        Assert.Equal("ProviderOutOfScope", Assert.Single(errors).ErrorId);
    }

    [Fact]
    public void Keys_come_from_the_parameter_then_the_environment_then_SecretManagement()
    {
        var vt = new ProviderSettings { Name = "VirusTotal", Endpoint = new Uri("https://vt.example/"), Key = ProviderKeyUse.Required, Environment = new[] { "VT_API_KEY", "VIRUSTOTAL_API_KEY" }, SecretName = "ApiThreat.VirusTotal" };
        var given = new Dictionary<string, NetworkCredential> { ["virustotal"] = new("", "from-parameter") };
        var env = new Dictionary<string, string> { ["VIRUSTOTAL_API_KEY"] = "from-env" };
        NetworkCredential? Secret(string name) => name == "ApiThreat.VirusTotal" ? new NetworkCredential("", "from-secret") : null;
        Assert.Equal("-ApiKey", ProviderKeys.Find(vt, given, n => env.GetValueOrDefault(n), Secret)!.Origin);
        Assert.Equal("$env:VIRUSTOTAL_API_KEY", ProviderKeys.Find(vt, new Dictionary<string, NetworkCredential>(), n => env.GetValueOrDefault(n), Secret)!.Origin);
        Assert.Equal("SecretManagement ApiThreat.VirusTotal", ProviderKeys.Find(vt, new Dictionary<string, NetworkCredential>(), _ => null, Secret)!.Origin);
        Assert.Null(ProviderKeys.Find(vt, new Dictionary<string, NetworkCredential>(), _ => null, null));
        var censys = vt with { Name = "Censys", Environment = new[] { "CENSYS_PLATFORM_TOKEN", "CENSYS_ORGANIZATION_ID" } };
        var both = new Dictionary<string, string> { ["CENSYS_PLATFORM_TOKEN"] = "pat", ["CENSYS_ORGANIZATION_ID"] = "org-1" };
        Assert.Equal("org-1", ProviderKeys.Find(censys, new Dictionary<string, NetworkCredential>(), n => both.GetValueOrDefault(n), null)!.Id);
    }

    [Fact]
    public void A_plan_refuses_named_providers_without_keys_and_skips_the_rest_of_Passive()
    {
        var settings = ProviderSettings.Load(RepoPaths.Data(Path.Combine("passive", "providers.json")));
        var plan = PassivePlan.Build(SubdomainSources.Passive, SubdomainSources.VirusTotal, settings, new Dictionary<string, Uri>(), _ => null);
        Assert.Equal(new[] { "VirusTotal" }, plan.MissingKeys.Select(p => p.Name));
        Assert.Contains(plan.Skipped, p => p.Name == "Shodan");
        Assert.Equal(new[] { "CertificateTransparency", "CertSpotter", "AlienVault", "HackerTarget", "UrlScan", "WaybackMachine" }.Order(),
            plan.Providers.Select(p => p.Settings.Name).Order());
    }

    [Theory]
    [InlineData("7", 7.0)]
    [InlineData("0", 0.0)]
    [InlineData("not a date", -1.0)]
    public void Retry_After_in_seconds(string value, double seconds)
    {
        var response = new ProviderResponse { StatusCode = 429, Headers = new[] { new KeyValuePair<string, string>("Retry-After", value) } };
        var wait = ProviderClient.RetryAfter(response);
        if (seconds < 0) Assert.Null(wait); else Assert.Equal(TimeSpan.FromSeconds(seconds), wait);
    }

    [Fact]
    public void Retry_After_as_an_HTTP_date()
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(30).ToString("R");
        var wait = ProviderClient.RetryAfter(new ProviderResponse { Headers = new[] { new KeyValuePair<string, string>("Retry-After", at) } });
        Assert.InRange(wait!.Value.TotalSeconds, 25, 31);
    }
}
