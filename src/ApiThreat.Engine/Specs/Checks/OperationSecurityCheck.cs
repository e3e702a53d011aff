using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Specs.Checks;

/// <summary>
/// Operations the contract lets anyone call (administrative ones, writes, reads of data), and administrative
/// operations protected only by the schemes that also protect ordinary ones (function-level authorization).
/// </summary>
internal sealed class OperationSecurityCheck : ICheck<SpecEvidence>
{
    private static readonly HashSet<string> s_unsafe = new(StringComparer.OrdinalIgnoreCase) { "POST", "PUT", "PATCH", "DELETE" };

    public IReadOnlyList<ThreatRule> Rules { get; } = new[]
    {
        SpecRules.UnprotectedAdmin, SpecRules.UnprotectedWrite, SpecRules.UnprotectedRead, SpecRules.AdminSharesSecurity,
    };

    public IEnumerable<Finding> Run(SpecEvidence evidence)
    {
        var findings = new LocatedFindings(evidence.Target);
        // Schemes protecting ordinary (non-admin) operations, for the function-level authorization rule.
        var ordinarySchemes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in evidence.Operations)
            if (!SpecNames.IsAdministrative(op.Path)) foreach (var s in SpecLoader.SchemeNames(op.Security)) ordinarySchemes.Add(s);

        foreach (var op in evidence.Operations)
        {
            if (evidence.OutOfTime) break;
            var admin = SpecNames.IsAdministrative(op.Path);
            var anonymous = op.Anonymous;
            if (anonymous && admin) findings.Add(SpecRules.UnprotectedAdmin, op.Location, op.AnonymousReason);
            else if (anonymous && !SpecNames.IsPublicByNature(op.Path))
            {
                if (s_unsafe.Contains(op.Method)) findings.Add(SpecRules.UnprotectedWrite, op.Location, op.AnonymousReason);
                else if (op.Method is "GET" or "HEAD") findings.Add(SpecRules.UnprotectedRead, op.Location, op.AnonymousReason, Confidence.Tentative);
            }
            if (!anonymous && admin)
            {
                var names = SpecLoader.SchemeNames(op.Security);
                if (names.Length > 0 && names.All(ordinarySchemes.Contains))
                    findings.Add(SpecRules.AdminSharesSecurity, op.Location, "schemes " + string.Join(", ", names) + " also protect non-administrative operations");
            }
        }
        return findings.List;
    }
}
