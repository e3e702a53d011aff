using System.Globalization;

namespace ApiThreat.Engine.Scoring;

/// <summary>
/// The minimum a score must reach (Assert-ExternalRiskScore -Minimum): a grade, read through the policy's grade
/// bounds, or a score from 0 to 100; and the report of the scores that fell short of it.
/// </summary>
public sealed class ScoreThreshold
{
    private ScoreThreshold(double value, string display)
    {
        Value = value;
        Display = display;
    }

    public double Value { get; }

    /// <summary>"B (75)" or "75".</summary>
    public string Display { get; }

    public static bool TryParse(string text, ScoringPolicy policy, out ScoreThreshold? threshold)
    {
        threshold = null;
        var t = text.Trim();
        if (t.Length == 1 && "ABCDFabcdf".Contains(t[0]))
        {
            var minimum = policy.MinimumFor(t);
            threshold = new ScoreThreshold(minimum, $"{t.ToUpperInvariant()} ({Number(minimum)})");
        }
        else if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 100)
            threshold = new ScoreThreshold(n, Number(n));
        return threshold is not null;
    }

    public bool IsMet(RiskScore score) => score.Score >= Value;

    /// <summary>One sentence naming every score below the threshold (lowest first) and the points each is missing.</summary>
    public string DescribeFailures(IReadOnlyCollection<RiskScore> failures, int checkedCount)
    {
        var lines = failures.OrderBy(s => s.Score).ThenBy(s => s.Target, StringComparer.Ordinal).Select(s =>
            $"{s.Target} ({s.Scope}) scored {Number(s.Score)} ({s.Grade}), {Number(Value - s.Score)} points short" +
            (s.Caps.Length > 0 ? $"; capped by {string.Join(", ", s.Caps)}" : ""));
        return $"{failures.Count} of {checkedCount} risk scores fell below the minimum {Display}: " + string.Join("; ", lines) + ".";
    }

    /// <summary>A score as the messages show it: one decimal at most, rounded half away from zero.</summary>
    public static string Number(double v) => Math.Round(v, 1, MidpointRounding.AwayFromZero).ToString("0.#", CultureInfo.InvariantCulture);
}
