using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-API-015 (-Active): quote characters at each injection point; only SQL errors the benign value did not give count.</summary>
public sealed class SqlInjectionCheck : IAsyncCheck<ApiActiveProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.SqlInjection };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiActiveProbe active, CancellationToken cancellationToken)
    {
        var probe = active.Probe;
        var findings = new List<Finding>();
        foreach (var point in InjectionPoints.Of(probe))
        {
            var baseText = (await probe.GetOnceAsync(point.Build(point.BenignValue)).ConfigureAwait(false))?.Text ?? "";
            foreach (var payload in new[] { point.BenignValue + "'", point.BenignValue + "\"", point.BenignValue + "')" })
            {
                var r = await probe.SendAsync(point.Build(payload)).ConfigureAwait(false);
                if (r is null) continue;
                var found = ResponseSignatures.Match(ResponseSignatures.Sql, r.Text).Except(ResponseSignatures.Match(ResponseSignatures.Sql, baseText)).ToList();
                if (found.Count == 0) continue;
                findings.Add(probe.Finding(ApiRules.SqlInjection, point.Description,
                    $"value {InjectionPoints.Show(payload)} gave {r.StatusCode} with {string.Join(", ", found)}: {ResponseSignatures.Excerpt(ResponseSignatures.Sql, r.Text)}",
                    Confidence.Firm, DetectionMethod.Active));
                break;
            }
        }
        return findings;
    }
}
