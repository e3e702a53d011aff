using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Authorization.Checks;

/// <summary>
/// BFLA: an administrative operation (its path, or the specification's words, reserve it for administrators) gave a
/// lower identity, or the anonymous one, the answer it gave the privileged identity. Needs a privileged identity's
/// answer to compare with: without one, nothing says what the lower identities should have been refused.
/// </summary>
public sealed class FunctionOfHigherIdentityCheck : ICheck<AuthorizationEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { AuthorizationRules.FunctionOfHigherIdentity };

    public IEnumerable<Finding> Run(AuthorizationEvidence evidence)
    {
        foreach (var entry in evidence.Entries)
        {
            if (entry.Object is not null || !entry.AdminOperation || entry.Reference is not { } reference) continue;
            var lower = evidence.Identities
                .Where(i => !i.IsPrivileged && entry.Cell(i.Name) is { IsSuccess: true, Verdict: AuthorizationVerdict.Same })
                .ToList();
            if (lower.Count == 0) continue;
            var operation = $"{entry.Operation.Method.ToUpperInvariant()} {entry.Operation.Path}";
            var names = string.Join(", ", lower.Select(i => i.Name));
            var weakest = lower.Min(i => entry.Cell(i.Name)!.Similarity ?? 0);
            yield return AuthorizationRules.FunctionOfHigherIdentity.ToFinding(evidence.Target,
                $"{names} got the answer the privileged identity {reference} got from an administrative operation. {evidence.Row(entry)}",
                weakest >= 0.95 ? Confidence.Confirmed : Confidence.Firm, DetectionMethod.Active,
                title: $"{names} can call an administrative operation of {reference} (BFLA)", location: operation);
        }
    }
}
