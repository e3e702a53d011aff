using ApiThreat.Engine.Scoring;
using ApiThreat.Engine.Tests.Infrastructure;

namespace ApiThreat.Engine.Tests.Scoring;

public class ScoreThresholdTests
{
    private static readonly ScoringPolicy s_policy = ScoringPolicy.Load(RepoPaths.File_("module", "data", "scoring", "policy.json"));

    [Theory]
    [InlineData("b", 'B')]
    [InlineData(" A ", 'A')]
    [InlineData("F", 'F')]
    public void A_grade_reads_through_the_policy(string text, char grade)
    {
        Assert.True(ScoreThreshold.TryParse(text, s_policy, out var threshold));
        Assert.Equal(s_policy.MinimumFor(grade.ToString()), threshold!.Value);
        Assert.StartsWith($"{grade} (", threshold.Display);
    }

    [Theory]
    [InlineData("75", 75)]
    [InlineData("0", 0)]
    [InlineData("99.95", 99.95)]
    public void A_number_from_0_to_100_is_a_score(string text, double value)
    {
        Assert.True(ScoreThreshold.TryParse(text, s_policy, out var threshold));
        Assert.Equal(value, threshold!.Value);
    }

    [Theory]
    [InlineData("E")]
    [InlineData("101")]
    [InlineData("-1")]
    [InlineData("good")]
    public void Anything_else_is_refused(string text) => Assert.False(ScoreThreshold.TryParse(text, s_policy, out _));

    [Fact]
    public void Failures_are_named_lowest_first_with_the_points_missing()
    {
        Assert.True(ScoreThreshold.TryParse("80", s_policy, out var threshold));
        var text = threshold!.DescribeFailures(new[]
        {
            new RiskScore { Target = "b.example", Scope = "Host", Score = 79.96, Grade = "B" },
            new RiskScore { Target = "a.example", Scope = "Host", Score = 50, Grade = "D", Caps = new[] { "ATR-CERT-001" } },
        }, checkedCount: 3);
        Assert.Equal("2 of 3 risk scores fell below the minimum 80: a.example (Host) scored 50 (D), 30 points short; capped by ATR-CERT-001; " +
                     "b.example (Host) scored 80 (B), 0 points short.", text);
    }
}
