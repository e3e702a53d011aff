using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Authorization.Checks;

/// <summary>
/// BOLA: a second authenticated identity (not a privileged one: administrators may read everything) requested an
/// object of its owner and was given it. The same content as the owner's is Confirmed (Firm when ownership is only
/// inferred from who could see it); other content that still carries the object's identifier is Tentative. When the
/// anonymous identity is given the object too, it is public or unauthenticated (ATR-AUTHZ-002), not this.
/// </summary>
public sealed class ObjectOfAnotherIdentityCheck : ICheck<AuthorizationEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { AuthorizationRules.ObjectOfAnotherIdentity };

    public IEnumerable<Finding> Run(AuthorizationEvidence evidence)
    {
        var reported = new HashSet<(string, string, string)>();
        foreach (var entry in evidence.Entries)
        {
            if (entry.Object is not { } obj || entry.Cell(obj.Owner) is not { IsSuccess: true }) continue;
            if (entry.Cell(AuthIdentity.AnonymousName) is { IsSuccess: true, Verdict: AuthorizationVerdict.Same }) continue; // public, or ATR-AUTHZ-002
            foreach (var intruder in evidence.Identities)
            {
                if (intruder.IsAnonymous || intruder.IsPrivileged || intruder.Name == obj.Owner) continue;
                if (entry.Cell(intruder.Name) is not { IsSuccess: true } cell) continue;
                Confidence confidence;
                if (cell.Verdict == AuthorizationVerdict.Same)
                    confidence = cell.Similarity >= 0.95 && obj.Basis != Ownership.Visibility ? Confidence.Confirmed : Confidence.Firm;
                else if (cell.Verdict == AuthorizationVerdict.Different && cell.HasObjectValue && cell.Similarity >= 0.5)
                    confidence = Confidence.Tentative;
                else continue;
                var operation = $"{entry.Operation.Method.ToUpperInvariant()} {entry.Operation.Path}";
                if (!reported.Add((operation, obj.Owner, intruder.Name))) continue;
                yield return AuthorizationRules.ObjectOfAnotherIdentity.ToFinding(evidence.Target,
                    $"{intruder.Name} was given {obj.Owner}'s object ({obj.Property} {obj.Value}; {Basis(obj)}). {evidence.Row(entry)}",
                    confidence, DetectionMethod.Active, title: $"{intruder.Name} can read {obj.Owner}'s objects (BOLA)", location: operation);
            }
        }
    }

    internal static string Basis(ObjectCandidate obj) => obj.Basis switch
    {
        Ownership.Created => $"{obj.Owner} created it",
        Ownership.OwnerField => $"its owner field names {obj.Owner}",
        _ => $"only {obj.Owner} was shown it in {obj.Object.SourcePath}",
    };
}
