using System.Reflection;

namespace ApiThreat.Engine.Rules;

/// <summary>Every rule that can produce a finding, gathered once from the [RuleSet] classes.</summary>
public static class RuleCatalog
{
    private static readonly Lazy<Catalogue> s_rules = new(Load);

    /// <summary>Every rule, in id order.</summary>
    public static IReadOnlyCollection<ThreatRule> All => s_rules.Value.Ordered;

    public static ThreatRule? Find(string id) => s_rules.Value.ById.TryGetValue(id, out var rule) ? rule : null;

    public static ThreatRule Get(string id) =>
        Find(id) ?? throw new KeyNotFoundException($"Rule '{id}' is not in the catalogue.");

    // A Dictionary and a sorted array, not a SortedDictionary: its tree over KeyValuePair<string, ThreatRule> is code no
    // precompiled image holds, JIT-compiled in every new process for one lookup table.
    private sealed record Catalogue(Dictionary<string, ThreatRule> ById, ThreatRule[] Ordered);

    private static Catalogue Load()
    {
        var rules = new Dictionary<string, ThreatRule>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in EngineTypes.RuleSets)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (field.GetValue(null) is not ThreatRule rule) continue;
                if (!RuleId.IsValid(rule.Id))
                    throw new InvalidOperationException($"{type.Name}.{field.Name}: rule id '{rule.Id}' is not of the form ATR-AREA-NNN.");
                if (!rules.TryAdd(rule.Id, rule))
                    throw new InvalidOperationException($"{type.Name}.{field.Name}: rule id '{rule.Id}' is defined twice.");
            }
        }
        return new Catalogue(rules, rules.Values.OrderBy(r => r.Id, StringComparer.OrdinalIgnoreCase).ToArray());
    }
}

public static class RuleId
{
    private static readonly System.Text.RegularExpressions.Regex s_pattern =
        new(@"^ATR-[A-Z]{2,10}-\d{3}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static bool IsValid(string id) => s_pattern.IsMatch(id);
}
