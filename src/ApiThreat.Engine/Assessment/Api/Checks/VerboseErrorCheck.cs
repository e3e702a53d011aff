using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-API-003: a response of the passive phase that carries a stack trace, an exception, SQL error text or server paths.</summary>
public sealed class VerboseErrorCheck : ICheck<ApiEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.VerboseError };

    public IEnumerable<Finding> Run(ApiEvidence e)
    {
        foreach (var (r, _) in e.Responses)
        {
            var text = r.Text;
            if (text.Length == 0) continue;
            var names = ResponseSignatures.Match(ResponseSignatures.Errors, text);
            names.AddRange(ResponseSignatures.Match(ResponseSignatures.Sql, text));
            if (r.StatusCode >= 400 && ResponseSignatures.IsMatch(ResponseSignatures.FilePath, text)) names.Add("server file path");
            if (names.Count == 0) continue;
            var excerpt = ResponseSignatures.Excerpt(ResponseSignatures.Errors, text) ?? ResponseSignatures.Excerpt(ResponseSignatures.Sql, text) ?? "";
            yield return e.Probe.Finding(ApiRules.VerboseError, r.RequestedUri.AbsolutePath,
                $"{r.Method} {r.RequestedUri.PathAndQuery} answered {r.StatusCode} with {string.Join(", ", names.Distinct())}{(excerpt.Length > 0 ? ": " + excerpt : "")}");
        }
    }
}
