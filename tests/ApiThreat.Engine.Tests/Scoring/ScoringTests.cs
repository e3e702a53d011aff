using ApiThreat.Engine.Scoring;
using ApiThreat.Engine.Tests.Infrastructure;

namespace ApiThreat.Engine.Tests.Scoring;

public class ScoringTests
{
    private static readonly Lazy<ScoringPolicy> s_default = new(() => ScoringPolicy.Load(RepoPaths.File_("module", "data", "scoring", "policy.json")));
    internal static ScoringPolicy Default => s_default.Value;

    internal static Finding F(string rule, string target, FindingCategory category, Severity severity = Severity.Medium,
        Confidence confidence = Confidence.Firm, string evidence = "e", string? host = null) => new()
    {
        RuleId = rule, Title = rule + " title", Target = target, HostName = host ?? Engine.Rules.TargetName.HostOf(target),
        Category = category, Severity = severity, Confidence = confidence, Evidence = evidence,
    };

    private static IReadOnlyList<RiskScore> Run(IEnumerable<object> input, ScoringPolicy? policy = null, string[]? domains = null, string? org = null, bool explain = false)
    {
        var agg = new RiskAggregator(policy ?? Default, domains, org);
        foreach (var o in input) agg.AddObject(o);
        return agg.Compute(explain);
    }

    private static RiskScore Host(IReadOnlyList<RiskScore> scores, string name) => scores.Single(s => s.Scope == "Host" && s.Target == name);

    [Fact]
    public void DefaultPolicyLoadsWithDocumentedValues()
    {
        var p = Default;
        Assert.Equal(40, p.SeverityPenalty(Severity.Critical));
        Assert.Equal(0, p.SeverityPenalty(Severity.Info));
        Assert.Equal(0.5, p.RepeatDecay);
        Assert.Equal(new[] { "confirmed-takeover", "unauthenticated-admin-api", "invalid-certificate", "obsolete-transport" }, p.Caps.Select(c => c.Id));
        Assert.Equal(59, p.Caps[0].MaxScore);
        Assert.Equal(69, p.Caps[1].MaxScore);
        Assert.Equal(79, p.Caps[2].MaxScore);
        foreach (var c in Enum.GetValues<FindingCategory>()) Assert.False(string.IsNullOrEmpty(p.Rationale(c)));
    }

    [Theory]
    [InlineData(100, "A")] [InlineData(90, "A")] [InlineData(89.9, "B")] [InlineData(80, "B")] [InlineData(79.9, "C")]
    [InlineData(70, "C")] [InlineData(60, "D")] [InlineData(59.9, "F")] [InlineData(0, "F")]
    public void GradesFollowTheBands(double score, string grade) => Assert.Equal(grade, Default.GradeOf(score));

    [Fact]
    public void TargetWithoutFindingsScores100()
    {
        var s = Host(Run(new object[] { "clean.contoso.com", new DiscoveredHost { HostName = "other.contoso.com", Domain = "contoso.com" } }), "clean.contoso.com");
        Assert.Equal(100, s.Score);
        Assert.Equal("A", s.Grade);
        Assert.Equal(Enum.GetValues<FindingCategory>().Length, s.Factors.Length);
        Assert.All(s.Factors, f => Assert.Equal(100, f.Score));
        Assert.Equal(0, s.FindingCount);
    }

    [Fact]
    public void WeightsScaleTheFactorLoss()
    {
        // One Medium (8 points) in DnsHealth (0.6) and one in Takeover (1.0): 100 - 4.8 - 8 = 87.2.
        var s = Host(Run(new object[]
        {
            F("ATR-DNS-003", "a.contoso.com", FindingCategory.DnsHealth),
            F("ATR-TAKEOVER-003", "a.contoso.com", FindingCategory.Takeover, Severity.Medium, Confidence.Potential),
        }), "a.contoso.com");
        // Potential confidence: 8 x 0.7 = 5.6 on the Takeover factor.
        Assert.Equal(100 - 0.6 * 8 - 1.0 * 5.6, s.Score, 6);
        Assert.Equal(92, s.Factors[(int)FindingCategory.DnsHealth].Score);
        Assert.Equal(4.8, s.Factors[(int)FindingCategory.DnsHealth].PointsLost);
        Assert.Equal(94.4, s.Factors[(int)FindingCategory.Takeover].Score);
        Assert.Equal("B", s.Grade);
    }

    [Fact]
    public void RepeatsOfOneRuleHaveDiminishingReturns()
    {
        // Ten pages of one host missing the same header: 8 x (1 + 0.5 + ... + 0.5^9) = 8 x 1.998046875.
        var input = Enumerable.Range(0, 10).Select(i => (object)F("ATR-HIJACK-001", $"https://a.contoso.com/p{i}", FindingCategory.ApplicationSecurity, evidence: $"page {i}"));
        var s = Host(Run(input), "a.contoso.com");
        var factor = s.Factors[(int)FindingCategory.ApplicationSecurity];
        Assert.Equal(10, factor.FindingCount);
        Assert.Equal(Math.Round(8 * 1.998046875, 2), factor.Contributions.Single().Penalty);
        Assert.True(factor.Score > 100 - 2 * 8 - 0.01);
        // Two different rules each count in full.
        var two = Host(Run(new object[]
        {
            F("ATR-HIJACK-001", "b.contoso.com", FindingCategory.ApplicationSecurity),
            F("ATR-HIJACK-009", "b.contoso.com", FindingCategory.ApplicationSecurity),
        }), "b.contoso.com");
        Assert.Equal(84, two.Factors[(int)FindingCategory.ApplicationSecurity].Score);
    }

    [Fact]
    public void LargestPenaltyOfARuleCountsFirst()
    {
        // High (20) then Low (3, halved): 21.5, whatever order they arrive in.
        var high = F("ATR-X-001", "a.contoso.com", FindingCategory.ApiExposure, Severity.High, evidence: "1");
        var low = F("ATR-X-001", "a.contoso.com", FindingCategory.ApiExposure, Severity.Low, evidence: "2");
        foreach (var order in new[] { new object[] { high, low }, new object[] { low, high } })
            Assert.Equal(21.5, Host(Run(order), "a.contoso.com").Factors[(int)FindingCategory.ApiExposure].Contributions.Single().Penalty);
    }

    [Fact]
    public void FactorLossStopsAt100AndScoreAt0()
    {
        var input = Enumerable.Range(0, 12).SelectMany(r => new object[]
        {
            F($"ATR-T-{r:000}", "a.contoso.com", FindingCategory.Takeover, Severity.Critical, Confidence.Potential),
            F($"ATR-A-{r:000}", "a.contoso.com", FindingCategory.ApiExposure, Severity.Critical),
        });
        var s = Host(Run(input), "a.contoso.com");
        Assert.Equal(0, s.Factors[(int)FindingCategory.Takeover].Score);
        Assert.Equal(0, s.Score);
        Assert.Equal("F", s.Grade);
    }

    [Fact]
    public void ConfirmedTakeoverCapsAtFAndCarriesToDomainAndOrganization()
    {
        var s = Run(new object[]
        {
            F("ATR-TAKEOVER-001", "old.contoso.com", FindingCategory.Takeover, Severity.Critical, Confidence.Firm),
            "www.contoso.com",
        }, org: "Contoso");
        var host = Host(s, "old.contoso.com");
        Assert.Equal(60, host.UncappedScore);
        Assert.Equal(59, host.Score);
        Assert.Equal("F", host.Grade);
        Assert.Equal(new[] { "confirmed-takeover: max F (59)" }, host.Caps);
        Assert.Equal("F", s.Single(x => x.Scope == "Domain").Grade);
        Assert.Equal("F", s.Single(x => x.Scope == "Organization").Grade);
        Assert.Equal(100, Host(s, "www.contoso.com").Score);
    }

    [Fact]
    public void PotentialTakeoverOnlyCostsPoints()
    {
        var host = Host(Run(new object[] { F("ATR-TAKEOVER-001", "old.contoso.com", FindingCategory.Takeover, Severity.High, Confidence.Potential) }), "old.contoso.com");
        Assert.Empty(host.Caps);
        Assert.Equal(100 - 20 * 0.7, host.Score, 6);
    }

    [Fact]
    public void CertificateCapAppliesToTheHostOnly()
    {
        var s = Run(new object[] { F("ATR-CERT-001", "api.contoso.com:443", FindingCategory.CertificateHealth, Severity.High) });
        var host = Host(s, "api.contoso.com");
        Assert.Equal(84, host.UncappedScore);
        Assert.Equal(79, host.Score);
        Assert.Equal("C", host.Grade);
        var domain = s.Single(x => x.Scope == "Domain");
        Assert.Equal("contoso.com", domain.Target);
        Assert.Equal(84, domain.Score);
        Assert.Empty(domain.Caps);
    }

    [Fact]
    public void AdminApiCapsAtD()
    {
        var host = Host(Run(new object[] { F("ATR-API-002", "https://api.contoso.com/actuator/env", FindingCategory.ApiExposure, Severity.High) }), "api.contoso.com");
        Assert.Equal(69, host.Score);
        Assert.Equal("D", host.Grade);
    }

    [Fact]
    public void DuplicatesCountOnce()
    {
        var a = F("ATR-DNS-003", "contoso.com", FindingCategory.DnsHealth);
        var b = F("ATR-DNS-003", "contoso.com", FindingCategory.DnsHealth);
        var agg = new RiskAggregator(Default);
        Assert.Equal(AggregateOutcome.Added, agg.Add(a));
        Assert.Equal(AggregateOutcome.Duplicate, agg.Add(b));
        agg.AddObject(new DnsIntelligence { Domain = "contoso.com", Findings = new[] { a } });
        var s = agg.Compute().Single(x => x.Scope == "Host");
        Assert.Equal(1, s.FindingCount);
        Assert.Equal(2, agg.Duplicates);
    }

    [Fact]
    public void SameInputInAnyOrderGivesTheSameScores()
    {
        var rnd = new Random(7);
        var rules = new[] { ("ATR-DNS-003", FindingCategory.DnsHealth), ("ATR-TLS-010", FindingCategory.TransportSecurity), ("ATR-CERT-002", FindingCategory.CertificateHealth),
            ("ATR-HIJACK-022", FindingCategory.ApplicationSecurity), ("ATR-TECH-001", FindingCategory.TechnologyCurrency), ("ATR-TAKEOVER-001", FindingCategory.Takeover) };
        var input = new List<object>();
        for (var i = 0; i < 600; i++)
        {
            var (rule, cat) = rules[rnd.Next(rules.Length)];
            input.Add(F(rule, $"h{rnd.Next(12)}.contoso.com", cat, (Severity)rnd.Next(5), (Confidence)rnd.Next(5), evidence: $"ev{rnd.Next(40)}"));
        }
        input.Add(new DiscoveredHost { HostName = "quiet.contoso.com", Domain = "contoso.com" });
        var first = Snapshot(Run(input, org: "Contoso", explain: true));
        for (var round = 0; round < 3; round++)
        {
            var shuffled = input.OrderBy(_ => rnd.Next()).ToList();
            Assert.Equal(first, Snapshot(Run(shuffled, org: "Contoso", explain: true)));
        }

        static string Snapshot(IReadOnlyList<RiskScore> scores) => string.Join("\n", scores.Select(s =>
            $"{s.Scope} {s.Target} {s.Score:R} {s.Grade} {s.FindingCount} {string.Join(",", s.Caps)} | " +
            string.Join(" ", s.Factors.Select(f => $"{f.Score:R}/{f.FindingCount}/{string.Join("+", f.Findings.Select(x => x.RuleId + x.Target + x.Evidence))}/{string.Join("+", f.Contributions.Select(c => c.RuleId + c.Penalty))}")) +
            " | " + string.Join("\n", s.Explanation)));
    }

    [Fact]
    public void FactorFindingsAreABoundedSampleOfTheCostliest()
    {
        var input = Enumerable.Range(0, 100).Select(i => (object)F($"ATR-A-{i:000}", "a.contoso.com", FindingCategory.ApiExposure, i == 57 ? Severity.Critical : Severity.Low));
        var factor = Host(Run(input), "a.contoso.com").Factors[(int)FindingCategory.ApiExposure];
        Assert.Equal(100, factor.FindingCount);
        Assert.Equal(Default.SampleSize, factor.Findings.Length);
        Assert.Equal("ATR-A-057", factor.Findings[0].RuleId);
        Assert.Equal(100, factor.Contributions.Length);
    }

    [Fact]
    public void CarriersAndInventoryAreUnpacked()
    {
        var cert = new CertificateInfo { HostName = "api.contoso.com", Findings = new[] { F("ATR-CERT-002", "api.contoso.com:443", FindingCategory.CertificateHealth) } };
        var ip = new IpIntelligence { Address = "203.0.113.7" };
        var ep1 = new ApiEndpoint { Url = "https://api.contoso.com/v1", HostName = "api.contoso.com" };
        var ep2 = new ApiEndpoint { Url = "https://api.contoso.com/v2", HostName = "api.contoso.com" };
        var scan = new ScanResult { Domains = new[] { "contoso.com" }, Certificates = new[] { cert }, Ips = new[] { ip }, Inventory = new[] { ep1, ep2, ep1 } };
        var s = Run(new object[] { scan }, org: "Contoso");
        var api = Host(s, "api.contoso.com");
        Assert.Equal(1, api.FindingCount);
        Assert.Equal(2, api.EndpointCount);
        Assert.Equal("contoso.com", api.Domain);
        var addr = Host(s, "203.0.113.7");
        Assert.Null(addr.Domain);
        Assert.Equal(100, addr.Score);
        var org = s.Single(x => x.Scope == "Organization");
        Assert.Equal(2, org.HostCount);
        Assert.Equal(new[] { "Host", "Host", "Domain", "Organization" }, s.Select(x => x.Scope));
    }

    [Theory]
    [InlineData("api.contoso.com", null, "contoso.com")]
    [InlineData("www.bbc.co.uk", null, "bbc.co.uk")]
    [InlineData("a.b.example.com.au", null, "example.com.au")]
    [InlineData("co.uk", null, null)]
    [InlineData("localhost", null, null)]
    [InlineData("10.0.0.1", null, null)]
    [InlineData("api.eu.contoso.com", "eu.contoso.com", "eu.contoso.com")]
    [InlineData("x.lab.apithreat.test", "lab.apithreat.test", "lab.apithreat.test")]
    [InlineData("evilcontoso.com", "contoso.com", "evilcontoso.com")]
    public void DomainsGroupByGivenThenHeuristic(string host, string? given, string? expected)
    {
        var g = new DomainGrouper(given is null ? null : new[] { given, "contoso.com" });
        Assert.Equal(expected, g.DomainOf(host));
    }

    [Fact]
    public void ExplainShowsTheArithmetic()
    {
        var s = Host(Run(new object[]
        {
            F("ATR-TLS-010", "a.contoso.com", FindingCategory.TransportSecurity, evidence: "1"),
            F("ATR-TLS-010", "a.contoso.com", FindingCategory.TransportSecurity, evidence: "2"),
        }, explain: true), "a.contoso.com");
        Assert.Contains(s.Explanation, l => l.Contains("ATR-TLS-010 x2: Medium/Firm x2: 8 x 1.5 = 12"));
        Assert.Contains(s.Explanation, l => l.Contains("weight 0.8 x 12 = 9.6 points lost"));
        Assert.Contains(s.Explanation, l => l.Contains("score = 100 - 9.6 = 90.4") && l.EndsWith("grade A"));
    }
}
