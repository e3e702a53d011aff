using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-010 (API3:2023): a JSON response to a request without credentials that carries personal data, account
/// authority with identities, or secrets. The fields are named, their values masked; High when secrets leak. One
/// finding per host, naming the paths.
/// </summary>
public sealed class ExcessiveDataCheck : ICheck<ApiEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.ExcessiveDataExposure };

    public IEnumerable<Finding> Run(ApiEvidence e)
    {
        var paths = new List<string>();
        var fields = new Dictionary<string, SensitiveField>(StringComparer.Ordinal);
        foreach (var (r, authenticated) in e.Responses)
        {
            if (authenticated || r.Method != "GET" || r.StatusCode is < 200 or >= 300 || !ResponseHeuristics.IsJson(r)) continue;
            var found = SensitiveData.Find(r.Body);
            // Authority flags alone (a role without a person) say little; with personal data or secrets they mark accounts.
            if (found.Count == 0 || found.All(f => f.Kind == DataKind.Authority)) continue;
            paths.Add(r.FinalUri.AbsolutePath);
            foreach (var f in found) fields[f.Name] = fields.TryGetValue(f.Name, out var old) ? old with { Count = old.Count + f.Count } : f;
        }
        if (paths.Count == 0) yield break;
        var secret = fields.Values.Any(f => f.Kind == DataKind.Secret);
        var shown = string.Join(", ", fields.Values.OrderByDescending(f => f.Kind).ThenBy(f => f.Name, StringComparer.Ordinal).Take(12)
            .Select(f => $"{f.Name} ({f.Kind.ToString().ToLowerInvariant()}, e.g. {f.Sample}; {f.Count}x)"));
        yield return e.Probe.Finding(ExposureRules.ExcessiveDataExposure, string.Join(", ", paths.Distinct().Take(3)),
            $"without credentials, {string.Join(", ", paths.Distinct().Take(5))} returned: {shown}", Confidence.Firm,
            severity: secret ? Severity.High : null);
    }
}
