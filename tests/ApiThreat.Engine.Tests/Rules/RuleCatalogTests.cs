using System.Text.RegularExpressions;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Tests.Rules;

/// <summary>The catalogue as a whole: every rule every area declares is complete, findable, and has a stable, unique id.</summary>
public class RuleCatalogTests
{
    [Fact]
    public void Every_rule_is_complete_and_its_id_unique_and_well_formed()
    {
        var rules = RuleCatalog.All;
        Assert.NotEmpty(rules);
        Assert.Equal(rules.Count, rules.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(rules, r =>
        {
            Assert.Matches(new Regex(@"^ATR-[A-Z]+-\d{3}$"), r.Id);
            Assert.Same(r, RuleCatalog.Find(r.Id));
            Assert.False(string.IsNullOrWhiteSpace(r.Title), r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Rationale), r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Remediation), r.Id);
            Assert.NotEmpty(r.References);
            if (r.OwaspApi is not null) Assert.Matches(new Regex(@"^API([1-9]|10):2023$"), r.OwaspApi);
            if (r.Cwe is not null) Assert.Matches(new Regex(@"^CWE-\d+$"), r.Cwe);
        });
    }

    [Fact]
    public void A_finding_made_from_a_rule_carries_the_rule_and_its_host()
    {
        var rule = RuleCatalog.All.First();
        var finding = rule.ToFinding("https://API.example:8443/v1", "evidence");
        Assert.Equal(rule.Id, finding.RuleId);
        Assert.Equal(rule.Severity, finding.Severity);
        Assert.Equal(rule.Category, finding.Category);
        Assert.Equal("api.example", finding.HostName);
    }
}
