using ApiThreat.Engine.Rules;

// Not "...Tests.Rules": that namespace would hide ApiThreat.Engine.Rules from the other test files that write Rules.X.
namespace ApiThreat.Engine.Tests.RuleChecks;

public class CheckDebugTests
{
    private sealed record Evidence(string Header);

    [Fact]
    public void Explain_names_the_rule_target_and_evidence_of_what_fired_and_says_when_nothing_did()
    {
        var rule = new ThreatRule { Id = "ATR-TEST-001", Title = "t" };
        var lines = new List<string>();
        var finding = new Finding { RuleId = "ATR-TEST-001", Severity = Severity.High, Target = "https://a.test/", Evidence = "x-powered-by: \u001b[31mPHP/5.6\nsecond line" };
        Checks<Evidence>.Explain(lines.Add, "HeaderCheck", new[] { rule }, new[] { finding });
        Checks<Evidence>.Explain(lines.Add, "HeaderCheck", new[] { rule }, Array.Empty<Finding>());
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("HeaderCheck: ATR-TEST-001 High on https://a.test/: x-powered-by: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', lines[0]);
        Assert.DoesNotContain('\n', lines[0]);
        Assert.Equal("HeaderCheck: nothing raised (ATR-TEST-001: conditions not met)", lines[1]);
    }

    [Fact]
    public void Run_without_a_listener_builds_no_message()
    {
        // No engine check takes this evidence type: the run is empty and needs no listener.
        Assert.Empty(Checks<Evidence>.Run(new Evidence("h")));
        var lines = new List<string>();
        Assert.Empty(Checks<Evidence>.Run(new Evidence("h"), lines.Add));
        Assert.Empty(lines);
    }
}
