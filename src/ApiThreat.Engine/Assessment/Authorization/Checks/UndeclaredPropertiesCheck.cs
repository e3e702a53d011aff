using System.Text.RegularExpressions;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Authorization.Checks;

/// <summary>
/// Excessive data exposure against the contract: the properties of an operation's successful JSON answer that its
/// specification's response schema does not declare (the schema declares some, and allows no extra ones by a schema
/// of its own). Low; Medium when an undeclared name is sensitive (password, hash, secret, token, key, role...).
/// Nothing without a specification: then nothing says what the answer should hold.
/// </summary>
public sealed class UndeclaredPropertiesCheck : ICheck<AuthorizationEvidence>
{
    private static readonly Regex s_sensitive = new(
        @"pass(word|wd)?$|^pwd$|hash|salt|secret|token|api_?key|private|ssn|social_?security|credit_?card|card_?number|cvv|^pin$|otp|mfa|recovery|session|^role|is_?admin|is_?staff|superuser|permission",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { AuthorizationRules.UndeclaredProperties };

    public IEnumerable<Finding> Run(AuthorizationEvidence evidence)
    {
        if (evidence.Specification is not { } spec) yield break;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in evidence.Entries)
        {
            var operation = $"{entry.Operation.Method.ToUpperInvariant()} {entry.Operation.Path}";
            if (entry.ObservedProperties.Count == 0 || !seen.Add(operation)) continue;
            var schema = RequestBodies.ResponseSchema(spec, entry.Operation);
            if (schema is null || schema.AdditionalProperties is not null) continue;
            var declared = RequestBodies.Properties(schema);
            if (declared.Count == 0) continue;
            var undeclared = entry.ObservedProperties.Where(p => !declared.ContainsKey(p)).ToList();
            if (undeclared.Count == 0) continue;
            var sensitive = undeclared.Where(p => s_sensitive.IsMatch(p)).ToList();
            var who = string.Join(", ", entry.Cells.Values.Where(c => c.IsSuccess && c.Identity != AuthIdentity.AnonymousName).Select(c => c.Identity));
            yield return AuthorizationRules.UndeclaredProperties.ToFinding(evidence.Target,
                $"{operation} answered ({who}) with {undeclared.Count} properties its response schema does not declare: {string.Join(", ", undeclared.Take(20))}{(undeclared.Count > 20 ? ", …" : "")}" +
                (sensitive.Count > 0 ? $"; sensitive: {string.Join(", ", sensitive.Take(10))}" : "") + $" (declared: {string.Join(", ", declared.Keys.Take(20))}).",
                Confidence.Firm, DetectionMethod.Active, severity: sensitive.Count > 0 ? Severity.Medium : null, location: operation);
        }
    }
}
