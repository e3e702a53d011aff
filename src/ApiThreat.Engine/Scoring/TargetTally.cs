namespace ApiThreat.Engine.Scoring;

/// <summary>
/// What the aggregator keeps for one host (or, merged, for a domain or organisation): counters per rule and
/// (severity, confidence), a bounded sample of findings per factor, and which caps fired. Never the findings
/// themselves, so memory grows with hosts x rules, not with the number of findings.
/// </summary>
internal sealed class TargetTally
{
    public TargetTally(string name, int categories) { Name = name; Samples = new FindingSample?[categories]; FactorCounts = new int[categories]; }

    public string Name { get; }
    public Dictionary<(string RuleId, FindingCategory Category), RuleTally> Rules { get; } = new(RuleKeyComparer.Instance);
    public FindingSample?[] Samples { get; }
    public int[] FactorCounts { get; }
    public int FindingCount { get; set; }
    /// <summary>Per cap (policy index): the deterministic representative finding that triggered it, or null.</summary>
    public Finding?[]? CapHits { get; set; }
    public HashSet<string>? Endpoints { get; set; }
    public int HostCount { get; set; } = 1;
}

/// <summary>Counts of one rule's findings on one target, by severity x confidence (findings may override either).</summary>
internal sealed class RuleTally
{
    public RuleTally(string ruleId, FindingCategory category, string title, ScoreCap[] caps, int[] capIndexes)
    { RuleId = ruleId; Category = category; Title = title; Caps = caps; CapIndexes = capIndexes; }

    public string RuleId { get; }
    public FindingCategory Category { get; }
    /// <summary>The ordinal-smallest title seen, so the name shown does not depend on input order.</summary>
    public string Title { get; set; }
    public int[] Counts { get; } = new int[ScoringPolicy.Buckets];
    public int Total { get; set; }
    public ScoreCap[] Caps { get; }
    public int[] CapIndexes { get; }

    public void MergeFrom(RuleTally other)
    {
        for (var i = 0; i < Counts.Length; i++) Counts[i] += other.Counts[i];
        Total += other.Total;
        if (string.CompareOrdinal(other.Title, Title) < 0) Title = other.Title;
    }
}

internal sealed class RuleKeyComparer : IEqualityComparer<(string RuleId, FindingCategory Category)>
{
    public static readonly RuleKeyComparer Instance = new();
    public bool Equals((string RuleId, FindingCategory Category) x, (string RuleId, FindingCategory Category) y) =>
        x.Category == y.Category && string.Equals(x.RuleId, y.RuleId, StringComparison.OrdinalIgnoreCase);
    public int GetHashCode((string RuleId, FindingCategory Category) k) =>
        StringComparer.OrdinalIgnoreCase.GetHashCode(k.RuleId) * 31 + (int)k.Category;
}

/// <summary>
/// The K findings that cost the most points, kept sorted. The order is total (penalty, then rule id, target and
/// evidence), so the sample is the same whatever order the findings arrived in.
/// </summary>
internal sealed class FindingSample
{
    private readonly int _capacity;
    private readonly List<(double Penalty, Finding Finding)> _items;

    public FindingSample(int capacity) { _capacity = capacity; _items = new List<(double, Finding)>(Math.Min(capacity, 8)); }

    public IReadOnlyList<(double Penalty, Finding Finding)> Items => _items;

    public void Offer(double penalty, Finding finding)
    {
        if (_capacity == 0) return;
        if (_items.Count == _capacity && Compare(penalty, finding, _items[^1].Penalty, _items[^1].Finding) >= 0) return;
        var i = _items.Count;
        while (i > 0 && Compare(penalty, finding, _items[i - 1].Penalty, _items[i - 1].Finding) < 0) i--;
        _items.Insert(i, (penalty, finding));
        if (_items.Count > _capacity) _items.RemoveAt(_items.Count - 1);
    }

    /// <summary>Negative when (pa, a) sorts before (pb, b): larger penalty first, then ordinal rule, target, evidence.</summary>
    internal static int Compare(double pa, Finding a, double pb, Finding b)
    {
        var c = pb.CompareTo(pa);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.RuleId, b.RuleId);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Target, b.Target);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Evidence, b.Evidence);
        if (c != 0) return c;
        c = ((int)b.Severity).CompareTo((int)a.Severity);
        return c != 0 ? c : ((int)b.Confidence).CompareTo((int)a.Confidence);
    }
}
