
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

    /// <summary>Runs every synchronous check over the evidence.</summary>
    public static List<Finding> Run(TEvidence evidence)
    {
        var findings = new List<Finding>();
        foreach (var check in All) findings.AddRange(check.Run(evidence));
        return findings;
    }

    private static IReadOnlyList<T> Discover<T>() =>
        typeof(Checks<>).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(T).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToArray();
}
