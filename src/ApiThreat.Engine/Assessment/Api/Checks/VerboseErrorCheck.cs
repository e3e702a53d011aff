using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-API-003: responses of the passive phase that carry a stack trace, an exception, SQL error text or server
/// paths; one finding per host and signature, naming the paths. A framework's debug page is ATR-EXPO-003's.
/// </summary>
public sealed class VerboseErrorCheck : ICheck<ApiEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.VerboseError };

    public IEnumerable<Finding> Run(ApiEvidence e)
    {
        var hits = new Dictionary<string, (List<string> Where, string Excerpt)>(StringComparer.Ordinal);
        foreach (var (r, _) in e.Responses)
        {
            var text = r.Text;
            if (text.Length == 0 || ExposureSignatures.First(ExposureSignatures.DebugPages, text) is not null) continue;
            var names = ResponseSignatures.Match(ResponseSignatures.Errors, text);
            names.AddRange(ResponseSignatures.Match(ResponseSignatures.Sql, text));
            if (r.StatusCode >= 400 && ResponseSignatures.IsMatch(ResponseSignatures.FilePath, text)) names.Add("server file path");
            if (names.Count == 0) continue;
            var key = string.Join(", ", names.Distinct());
            var where = $"{r.Method} {r.RequestedUri.PathAndQuery} ({r.StatusCode})";
            if (hits.TryGetValue(key, out var known)) { if (known.Where.Count < 5) known.Where.Add(where); continue; }
            hits[key] = (new List<string> { where }, ResponseSignatures.Excerpt(ResponseSignatures.Errors, text) ?? ResponseSignatures.Excerpt(ResponseSignatures.Sql, text) ?? "");
        }
        foreach (var (names, (where, excerpt)) in hits)
            yield return e.Probe.Finding(ApiRules.VerboseError, names,
                $"{string.Join(", ", where)} answered with {names}{(excerpt.Length > 0 ? ": " + excerpt : "")}");
    }
}
