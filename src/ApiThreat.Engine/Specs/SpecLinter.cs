using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Specs.Checks;

namespace ApiThreat.Engine.Specs;

/// <summary>What linting one document gave: its findings, and whether the deadline cut the checks short.</summary>
public sealed class SpecLintResult
{
    public required IReadOnlyList<Finding> Findings { get; init; }
    /// <summary>Set when the lint deadline stopped the checks: the findings are then those found in time.</summary>
    public string? Warning { get; init; }
}

/// <summary>
/// Lints a parsed OpenAPI/Swagger document for security design flaws: runs every spec check
/// (<see cref="ICheck{SpecEvidence}"/> in Specs/Checks, one small class per rule family, <see cref="SpecRules"/>) over
/// the document, within a deadline. A document the checks cannot follow (a $ref that leads back to itself, a value
/// the reader left empty) is a <see cref="SpecLoadException"/> SpecMalformed, never an unexplained crash.
/// </summary>
public static class SpecLinter
{
    /// <summary>How long the checks of one document may take by default.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static SpecLintResult Lint(SpecDocument spec, string target, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        var evidence = new SpecEvidence(spec, target, limit, cancellationToken);
        var findings = new List<Finding>();
        foreach (var check in Checks<SpecEvidence>.All)
        {
            if (evidence.OutOfTime) break;
            try { findings.AddRange(check.Run(evidence)); }
            catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException or InvalidCastException or KeyNotFoundException
                                           or ArgumentException or IndexOutOfRangeException or FormatException)
            {
                throw SpecLoadException.Malformed(target, "checked", ex);
            }
        }
        return new SpecLintResult
        {
            Findings = findings,
            Warning = evidence.Stopped
                ? $"Linting {target} stopped at its {limit.TotalSeconds:0.#} s deadline ({spec.Operations.Length} operations): the findings are those found in time."
                : null,
        };
    }
}
