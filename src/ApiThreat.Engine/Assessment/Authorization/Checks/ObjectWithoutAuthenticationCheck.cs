using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Authorization.Checks;

/// <summary>
/// An object of one identity returned, with its owner's content, to a request without credentials, where the API
/// treats such objects as private: the specification secures the operation, the listing the object came from refused
/// anonymous callers, or only the owner was shown it. Public objects (a blog post readable by anyone) stay silent.
/// </summary>
public sealed class ObjectWithoutAuthenticationCheck : ICheck<AuthorizationEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { AuthorizationRules.ObjectWithoutAuthentication };

    public IEnumerable<Finding> Run(AuthorizationEvidence evidence)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in evidence.Entries)
        {
            if (entry.Object is not { } obj || entry.Cell(obj.Owner) is not { IsSuccess: true }) continue;
            if (entry.Cell(AuthIdentity.AnonymousName) is not { IsSuccess: true, Verdict: AuthorizationVerdict.Same } cell) continue;
            var why = entry.SecuredBySpecification ? "the specification requires credentials for this operation"
                : entry.ListingRefusesAnonymous ? $"the listing {obj.Object.SourcePath} refuses anonymous callers"
                : obj.Basis == Ownership.Visibility ? $"only {obj.Owner} was shown it"
                : null;
            if (why is null) continue;
            var operation = $"{entry.Operation.Method.ToUpperInvariant()} {entry.Operation.Path}";
            if (!reported.Add(operation)) continue;
            yield return AuthorizationRules.ObjectWithoutAuthentication.ToFinding(evidence.Target,
                $"A request without credentials was given {obj.Owner}'s object ({obj.Property} {obj.Value}), although {why}. {evidence.Row(entry)}",
                cell.Similarity >= 0.95 ? Confidence.Confirmed : Confidence.Firm, DetectionMethod.Active, location: operation);
        }
    }
}
