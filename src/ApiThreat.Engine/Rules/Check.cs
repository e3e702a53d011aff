
namespace ApiThreat.Engine.Rules;

/// <summary>
/// The one shape of a check, in every assessment area (hijack, API, spec, DNS, certificate, transport, ...): a small
/// class, one file, that is given the evidence one target produced and returns the findings of the rules it declares.
/// An area gathers its evidence once, then runs <see cref="Checks{TEvidence}.All"/>; adding a rule is adding its
/// catalogue entry and one check class. Checks hold no state between targets (one instance serves every target).
/// </summary>
public interface ICheck<in TEvidence>
{
    /// <summary>The catalogue entries this check can raise.</summary>
    IReadOnlyList<ThreatRule> Rules { get; }

    IEnumerable<Finding> Run(TEvidence evidence);
}

/// <summary>
/// A check that must ask the target more than the shared evidence holds (an error probe, a preflight, a payload): it
/// sends its requests through the context it is given, which carries the network, the scope and the budget.
/// </summary>
public interface IAsyncCheck<in TContext>
{
    IReadOnlyList<ThreatRule> Rules { get; }

    Task<IReadOnlyList<Finding>> RunAsync(TContext context, CancellationToken cancellationToken);
}

/// <summary>Every check of the engine for one evidence type, found once by reflection, in a stable order (type name).</summary>
public static class Checks<TEvidence>
{
    public static IReadOnlyList<ICheck<TEvidence>> All { get; } = Discover<ICheck<TEvidence>>();

    public static IReadOnlyList<IAsyncCheck<TEvidence>> AllAsync { get; } = Discover<IAsyncCheck<TEvidence>>();

    /// <summary>
    /// Runs every synchronous check over the evidence. With a <paramref name="debug"/> listener (-Debug), each check
    /// says what it raised and on what evidence, or that it raised nothing.
    /// </summary>
    public static List<Finding> Run(TEvidence evidence, Action<string>? debug = null)
    {
        var findings = new List<Finding>();
        foreach (var check in All)
        {
            var raised = check.Run(evidence).ToList();
            findings.AddRange(raised);
            if (debug is not null) Explain(debug, check.GetType().Name, check.Rules, raised);
        }
        return findings;
    }

    /// <summary>One debug line per finding a check raised (rule, target, evidence excerpt), or one saying it raised none.</summary>
    public static void Explain(Action<string> debug, string check, IReadOnlyList<ThreatRule> rules, IReadOnlyCollection<Finding> raised)
    {
        if (raised.Count == 0)
        {
            debug($"{check}: nothing raised ({string.Join(", ", rules.Select(r => r.Id))}: conditions not met)");
            return;
        }
        foreach (var f in raised)
            debug($"{check}: {f.RuleId} {f.Severity} on {f.Target}: {Text.TextSafety.Truncate(Text.TextSafety.StripControl(f.Evidence), 160)}");
    }

    private static IReadOnlyList<T> Discover<T>() =>
        EngineTypes.Checks
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(T).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToArray();
}
