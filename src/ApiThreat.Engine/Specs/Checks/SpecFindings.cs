using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Specs.Checks;

/// <summary>A check's findings, one per rule and place ("POST /users", "#/servers/0"): a second report of the same pair is dropped.</summary>
internal sealed class LocatedFindings
{
    private readonly string _target;
    private readonly HashSet<(string Rule, string Location)> _seen = new();

    public LocatedFindings(string target) => _target = target;

    public List<Finding> List { get; } = new();

    public void Add(ThreatRule rule, string location, string evidence, Confidence confidence = Confidence.Firm)
    {
        if (!_seen.Add((rule.Id, location))) return;
        List.Add(rule.ToFinding(_target, $"{location}: {evidence}", confidence, location: location));
    }
}

/// <summary>
/// Schema findings grouped per rule and owner (an operation or a component schema): one finding lists the places
/// (the first few, then a count), so a model with forty unbounded strings gives one finding, not forty.
/// </summary>
internal sealed class ListedFindings
{
    public const int MaxListed = 8;
    private readonly string _target;
    private readonly Dictionary<(string Rule, string Owner), (Finding Finding, List<string> Places)> _grouped = new();

    public ListedFindings(string target) => _target = target;

    public List<Finding> List { get; } = new();

    public void Add(ThreatRule rule, string owner, string place)
    {
        if (_grouped.TryGetValue((rule.Id, owner), out var entry))
        {
            if (!entry.Places.Contains(place)) entry.Places.Add(place);
            entry.Finding.Evidence = Evidence(owner, entry.Places);
            return;
        }
        var places = new List<string> { place };
        var finding = rule.ToFinding(_target, Evidence(owner, places), location: owner);
        _grouped[(rule.Id, owner)] = (finding, places);
        List.Add(finding);
    }

    private static string Evidence(string owner, List<string> places) =>
        places.Count <= MaxListed
            ? $"{owner}: {string.Join(", ", places)}"
            : $"{owner}: {string.Join(", ", places.Take(MaxListed))} and {places.Count - MaxListed} more";
}
