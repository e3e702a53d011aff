using System.Text.RegularExpressions;

namespace ApiThreat.Engine.Scoring;

/// <summary>A ceiling on the score that one matching finding imposes (e.g. a confirmed takeover caps at F).</summary>
public sealed class ScoreCap
{
    public ScoreCap(string id, double maxScore, string? maxGrade, string[] rulePatterns, FindingCategory[] categories,
        Severity minSeverity, Confidence minConfidence, bool host, bool domain, bool organization, string rationale)
    {
        Id = id;
        MaxScore = maxScore;
        MaxGrade = maxGrade;
        RulePatterns = rulePatterns;
        Categories = categories;
        MinSeverity = minSeverity;
        MinConfidence = minConfidence;
        AppliesToHost = host;
        AppliesToDomain = domain;
        AppliesToOrganization = organization;
        Rationale = rationale;
        _rules = rulePatterns.Select(Glob).ToArray();
    }

    private readonly Regex[] _rules;

    public string Id { get; }
    public double MaxScore { get; }
    public string? MaxGrade { get; }
    /// <summary>Rule ids, wildcards * and ? allowed; empty = any rule.</summary>
    public string[] RulePatterns { get; }
    /// <summary>Empty = any category.</summary>
    public FindingCategory[] Categories { get; }
    public Severity MinSeverity { get; }
    public Confidence MinConfidence { get; }
    public bool AppliesToHost { get; }
    public bool AppliesToDomain { get; }
    public bool AppliesToOrganization { get; }
    public string Rationale { get; }

    /// <summary>Whether findings of this rule and category can trigger the cap (cached per rule by the aggregator).</summary>
    public bool MatchesRule(string ruleId, FindingCategory category)
    {
        if (Categories.Length > 0 && Array.IndexOf(Categories, category) < 0) return false;
        if (_rules.Length == 0) return true;
        foreach (var r in _rules) if (r.IsMatch(ruleId)) return true;
        return false;
    }

    public bool Matches(Severity severity, Confidence confidence) => severity >= MinSeverity && confidence >= MinConfidence;

    public string Describe() => MaxGrade is null ? $"{Id}: max {MaxScore:0.#}" : $"{Id}: max {MaxGrade} ({MaxScore:0.#})";

    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}
