using ApiThreat.Engine.Assessment.Hijack;
using ApiThreat.Engine.Assessment.Hijack.Observatory;
using ApiThreat.Engine.Assessment.Hijack.Takeover;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Tests.Infrastructure;
using ApiThreat.Lab.Scenarios;

namespace ApiThreat.Engine.Tests.Assessment.Hijack;

/// <summary>Every hijack and takeover Lab host against its stated ground truth: exact finding sets, grade, score, test results.</summary>
[Collection(LabCollection.Name)]
public class HijackLabTests
{
    private readonly LabFixture _lab;

    public HijackLabTests(LabFixture lab) => _lab = lab;

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ApiThreat.psd1"))) return dir.FullName;
        throw new InvalidOperationException("Repository root (ApiThreat.psd1) not found above " + AppContext.BaseDirectory);
    }

    public static TakeoverSignatureSet LabSignatures() => TakeoverSignatureSet.Load(new[]
    {
        Path.Combine(RepoRoot(), "module", "data", "takeover", "signatures.json"),
        Path.Combine(RepoRoot(), HijackScenarios.LabSignatureFile),
    });

    public static HstsPreloadList LabPreload() => HstsPreloadList.Load(Path.Combine(RepoRoot(), HijackScenarios.LabPreloadFile));

    public static IEnumerable<object[]> HijackHosts() =>
        HijackScenarios.Scenarios(new ApiThreat.Lab.Scenarios.LabContext { Zone = ApiThreat.Lab.LabHost.DefaultZone, Certificates = null! })
            .Select(s => new object[] { s.Name });

    private async Task<HijackAssessment> AssessAsync(string scenario, bool passive = false, bool active = false, HstsPreloadList? preload = null)
    {
        using var network = _lab.Network();
        var host = _lab.Host(scenario);
        network.Scope.AddImplicitHost(host);
        var request = new HijackRequest
        {
            Passive = passive, Active = active, HttpPort = _lab.Lab.Web.HttpPort, HttpsPort = _lab.Lab.Web.HttpsPort, Signatures = LabSignatures(),
            Preload = preload ?? LabPreload(),
        };
        return await HijackAssessor.AssessAsync(network, ScanTarget.Parse($"https://{host}:{_lab.Lab.Web.HttpsPort}/"), request, default);
    }

    private static string[] Ids(HijackAssessment a) => a.Findings.Select(f => f.RuleId).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToArray();
    private static string[] Sorted(IEnumerable<string> ids) => ids.Distinct().OrderBy(x => x, StringComparer.Ordinal).ToArray();

    [Theory]
    [MemberData(nameof(HijackHosts))]
    public async Task Each_host_gives_exactly_its_findings_grade_and_score(string name)
    {
        var scenario = _lab.Lab.Scenario(name);
        var a = await AssessAsync(name);
        Assert.Equal(Sorted(scenario.ExpectedFindings), Ids(a));
        Assert.Equal(scenario.Expect["Grade"][0], a.Grade);
        Assert.Equal(int.Parse(scenario.Expect["Score"][0]), a.Score);
        if (a.Grade.Length > 0)
        {
            Assert.Equal("MDN HTTP Observatory scoring v4", a.AlgorithmVersion);
            Assert.Equal(Sorted(scenario.Expect["Observatory"]), Sorted(a.Tests.Select(t => $"{t.Test}={t.Result}")));
            Assert.Equal(10, a.Tests.Length);
        }
        else Assert.False(string.IsNullOrEmpty(a.GradeError));
        if (scenario.Expect.TryGetValue("TakeoverConfidence", out var confidence))
            Assert.Equal(confidence[0], a.Findings.Single(f => f.RuleId.StartsWith("ATR-TAKEOVER-", StringComparison.Ordinal)).Confidence.ToString());
        foreach (var f in a.Findings)
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Evidence), $"{f.RuleId} has no evidence");
            Assert.False(string.IsNullOrWhiteSpace(f.Remediation));
        }
    }

    [Theory]
    [MemberData(nameof(HijackHosts))]
    public async Task Passive_runs_send_no_crafted_probes_and_find_the_passive_set(string name)
    {
        var scenario = _lab.Lab.Scenario(name);
        var a = await AssessAsync(name, passive: true);
        Assert.Equal(Sorted(scenario.Expect["FindingsPassive"]), Ids(a));
        Assert.Equal(scenario.Expect["Grade"][0], a.Grade); // the grade never depends on our extra probes
    }

    [Theory]
    [InlineData("hijack-reflect")]
    [InlineData("hijack-clean")]
    [InlineData("hijack-json-html")]
    public async Task Active_runs_add_the_reflection_probe(string name)
    {
        var scenario = _lab.Lab.Scenario(name);
        var a = await AssessAsync(name, active: true);
        Assert.Equal(Sorted(scenario.Expect["FindingsActive"]), Ids(a));
        Assert.All(a.Findings.Where(f => f.RuleId == "ATR-HIJACK-029"), f => Assert.Equal(DetectionMethod.Active, f.Method));
    }

    [Fact]
    public async Task Cors_with_credentials_is_critical_and_without_is_low()
    {
        var reflect = await AssessAsync("hijack-cors-reflect");
        Assert.Equal(Severity.Critical, reflect.Findings.Single(f => f.RuleId == "ATR-HIJACK-022").Severity);
        var fgrade = await AssessAsync("hijack-fgrade");
        Assert.Equal(Severity.High, fgrade.Findings.Single(f => f.RuleId == "ATR-HIJACK-015").Severity); // a session cookie
    }

    [Fact]
    public async Task Cookies_set_on_redirect_hops_are_assessed_and_name_their_hop()
    {
        var hop = await AssessAsync("hijack-cookie-hop", passive: true);
        var insecure = hop.Findings.Where(f => f.RuleId == "ATR-HIJACK-015").OrderBy(f => f.Evidence, StringComparer.Ordinal).ToArray();
        Assert.Equal(2, insecure.Length);
        Assert.StartsWith("Set-Cookie: lang=…; Path=/ (set on the 301 from http://", insecure[0].Evidence);
        Assert.Equal(Severity.Medium, insecure[0].Severity);
        Assert.StartsWith("Set-Cookie: sessionid=…; Path=/; HttpOnly; SameSite=Lax (set on the 302 from https://", insecure[1].Evidence);
        Assert.Equal(Severity.High, insecure[1].Severity);

        var reset = await AssessAsync("hijack-cookie-hop-reset", passive: true);
        var only = Assert.Single(reset.Findings);
        Assert.StartsWith("Set-Cookie: theme=…; Path=/app (set on the 302 from https://", only.Evidence);
    }

    [Fact]
    public async Task The_http_entry_continues_from_the_https_page_instead_of_fetching_it_again()
    {
        var host = _lab.Host("hijack-clean");
        _lab.Lab.Web.Requests.Clear();
        var a = await AssessAsync("hijack-clean", passive: true);
        Assert.Equal("redirection-to-https", a.Tests.Single(t => t.Test == "redirection").Result);
        // One plain-HTTP request (the 301), the HTTPS page, the CORS preflight: nothing fetched twice.
        Assert.Equal(new[] { $"http://{host}/", $"https://{host}/", $"https://{host}/" },
            _lab.Lab.Web.Requests.Where(r => r.Contains("://" + host + "/", StringComparison.Ordinal)).OrderBy(r => r, StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task A_host_off_the_preload_list_is_graded_on_its_headers()
    {
        var scenario = _lab.Lab.Scenario("hijack-hsts-preloaded");
        var bundled = HstsPreloadList.Load(Path.Combine(RepoRoot(), "module", "data", "hsts", HstsPreloadList.FileName));
        Assert.True(bundled.Count > 0);
        Assert.True(bundled.Date.HasValue);
        var a = await AssessAsync("hijack-hsts-preloaded", passive: true, preload: bundled);
        Assert.Equal(Sorted(scenario.Expect["NotPreloadedFindings"]), Ids(a));
        Assert.Equal(int.Parse(scenario.Expect["NotPreloadedScore"][0]), a.Score);
        Assert.Equal(scenario.Expect["NotPreloadedGrade"][0], a.Grade);
        var tests = a.Tests.Select(t => $"{t.Test}={t.Result}").ToArray();
        Assert.All(scenario.Expect["NotPreloadedObservatory"], t => Assert.Contains(t, tests));
    }

    [Fact]
    public async Task Bundled_signatures_alone_do_not_match_lab_names()
    {
        using var network = _lab.Network();
        var host = _lab.Host("takeover-heroku");
        var bundled = TakeoverSignatureSet.Load(new[] { Path.Combine(RepoRoot(), "module", "data", "takeover", "signatures.json") });
        var (findings, candidate, _) = await TakeoverChecker.CheckDnsAsync(network, host, bundled, default);
        Assert.Empty(findings);
        Assert.Null(candidate);
    }
}
