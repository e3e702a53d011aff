using System.Globalization;
using System.Text;

namespace ApiThreat.Engine.Scoring;

/// <summary>
/// The policy arithmetic over a tally (see policy.json's header). Every sum runs in a fixed order (categories in
/// enum order, rules by ordinal id, buckets by penalty), so the same counts always give the same score to the bit.
/// </summary>
internal sealed class RiskCalculator
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly ScoringPolicy _policy;

    public RiskCalculator(ScoringPolicy policy) => _policy = policy;

    public RiskScore Score(TargetTally tally, string scope, bool explain)
    {
        var lines = explain ? new List<string>() : null;
        lines?.Add($"{scope} {tally.Name}: policy '{_policy.DisplayName}'; finding penalty = severity penalty x confidence weight; " +
                   $"repeats of a rule x {F(_policy.RepeatDecay)}^k; factor = 100 - penalties; score = 100 - sum(weight x (100 - factor)).");
        var factors = new RiskFactor[ScoringPolicy.Categories.Length];
        var byCategory = tally.Rules.Values.GroupBy(r => r.Category).ToDictionary(g => g.Key, g => g.OrderBy(r => r.RuleId, StringComparer.Ordinal).ToList());
        double lost = 0;
        foreach (var category in ScoringPolicy.Categories)
        {
            var weight = _policy.Weight(category);
            var contributions = new List<RiskContribution>();
            double penalty = 0;
            if (byCategory.TryGetValue(category, out var rules))
                foreach (var rule in rules)
                {
                    var (p, arithmetic) = RulePenalty(rule.Counts, explain);
                    penalty += p;
                    contributions.Add(new RiskContribution
                    {
                        RuleId = rule.RuleId, Title = rule.Title, Category = category, Count = rule.Total,
                        Severity = HighestSeverity(rule.Counts), Penalty = Round(p, 2),
                    });
                    lines?.Add($"  {category} {rule.RuleId} x{rule.Total}: {arithmetic} = {F(p)}");
                }
            var factorLoss = Math.Min(100, penalty);
            var pointsLost = weight * factorLoss;
            lost += pointsLost;
            var sample = tally.Samples[(int)category];
            factors[(int)category] = new RiskFactor
            {
                Category = category,
                Score = Round(100 - factorLoss, 1),
                Weight = weight,
                PointsLost = Round(pointsLost, 2),
                FindingCount = tally.FactorCounts[(int)category],
                Contributions = contributions.ToArray(),
                Findings = sample is null ? Array.Empty<Finding>() : sample.Items.Select(i => i.Finding).ToArray(),
            };
            if (lines is not null && penalty > 0)
                lines.Add($"  {category}: factor = 100 - min(100, {F(penalty)}) = {F(100 - factorLoss)}; weight {F(weight)} x {F(factorLoss)} = {F(pointsLost)} points lost");
        }

        var uncapped = Math.Max(0, 100 - lost);
        var score = uncapped;
        var caps = new List<string>();
        if (tally.CapHits is not null)
            for (var i = 0; i < tally.CapHits.Length; i++)
            {
                var cap = _policy.Caps[i];
                if (tally.CapHits[i] is not { } hit || !Applies(cap, scope)) continue;
                // Listed only when it lowers the score: a cap the findings already scored below limited nothing.
                if (cap.MaxScore < uncapped) caps.Add(cap.Describe());
                lines?.Add($"  cap {cap.Describe()} by {hit.RuleId} on {hit.Target}: score = min({F(score)}, {F(cap.MaxScore)})");
                score = Math.Min(score, cap.MaxScore);
            }
        var rounded = Round(score, 1);
        var grade = _policy.GradeOf(rounded);
        lines?.Add($"  score = 100 - {F(lost)} = {F(uncapped)}{(score < uncapped ? $", capped to {F(score)}" : "")}; rounded {F(rounded)}: grade {grade}");

        return new RiskScore
        {
            Target = tally.Name,
            Scope = scope,
            Score = rounded,
            UncappedScore = Round(uncapped, 1),
            Grade = grade,
            Factors = factors,
            FindingCount = tally.FindingCount,
            HostCount = tally.HostCount,
            EndpointCount = tally.Endpoints?.Count ?? 0,
            Caps = caps.ToArray(),
            Explanation = lines?.ToArray() ?? Array.Empty<string>(),
            Policy = _policy.DisplayName,
        };
    }

    private static bool Applies(ScoreCap cap, string scope) => scope switch
    {
        "Host" => cap.AppliesToHost,
        "Domain" => cap.AppliesToDomain,
        _ => cap.AppliesToOrganization,
    };

    /// <summary>
    /// One rule's penalty: its findings sorted by unit penalty (largest first), the k-th (from 0) multiplied by
    /// decay^k. Closed form per bucket of c findings starting at k0: unit x decay^k0 x (1 - decay^c) / (1 - decay).
    /// </summary>
    internal (double Penalty, string Arithmetic) RulePenalty(int[] counts, bool explain)
    {
        var d = _policy.RepeatDecay;
        double total = 0;
        long k = 0;
        StringBuilder? sb = explain ? new StringBuilder() : null;
        foreach (var b in _policy.BucketOrder)
        {
            var c = counts[b];
            if (c == 0) continue;
            var unit = _policy.UnitPenalty[b];
            var multiplier = Geometric(d, k, c);
            total += unit * multiplier;
            if (sb is not null)
            {
                if (sb.Length > 0) sb.Append(" + ");
                var sev = (Severity)(b / ScoringPolicy.ConfidenceLevels);
                var conf = (Confidence)(b % ScoringPolicy.ConfidenceLevels);
                sb.Append(CultureInfo.InvariantCulture, $"{sev}/{conf} x{c}: {F(unit)} x {F(multiplier)}");
            }
            k += c;
        }
        return (total, sb?.ToString() ?? "");
    }

    /// <summary>Sum of d^k0 .. d^(k0+c-1).</summary>
    internal static double Geometric(double d, long k0, int c)
    {
        if (d >= 1) return c;
        if (d <= 0) return k0 == 0 ? 1 : 0;
        var start = Math.Pow(d, k0);
        return start * (1 - Math.Pow(d, c)) / (1 - d);
    }

    private static Severity HighestSeverity(int[] counts)
    {
        for (var s = ScoringPolicy.SeverityLevels - 1; s >= 0; s--)
            for (var c = 0; c < ScoringPolicy.ConfidenceLevels; c++)
                if (counts[s * ScoringPolicy.ConfidenceLevels + c] > 0) return (Severity)s;
        return Severity.Info;
    }

    private static double Round(double v, int digits) => Math.Round(v, digits, MidpointRounding.AwayFromZero);
    private static string F(double v) => Math.Round(v, 3, MidpointRounding.AwayFromZero).ToString("0.###", Inv);
}
