using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-API-016 (-Active): query operator objects where a scalar is expected; only new document-database errors count.</summary>
public sealed class NoSqlInjectionCheck : IAsyncCheck<ApiActiveProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.NoSqlInjection };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiActiveProbe active, CancellationToken cancellationToken)
    {
        var probe = active.Probe;
        var findings = new List<Finding>();
        foreach (var point in InjectionPoints.Of(probe))
        {
            var baseText = (await probe.GetOnceAsync(point.Build(point.BenignValue)).ConfigureAwait(false))?.Text ?? "";
            foreach (var payload in new[] { "{\"$gt\":\"\"}", "{\"$where\":\"1\"}", "[$ne]" })
            {
                var r = await probe.SendAsync(point.Build(payload)).ConfigureAwait(false);
                if (r is null) continue;
                var found = ResponseSignatures.Match(ResponseSignatures.NoSql, r.Text).Except(ResponseSignatures.Match(ResponseSignatures.NoSql, baseText)).ToList();
                if (found.Count == 0) continue;
                findings.Add(probe.Finding(ApiRules.NoSqlInjection, point.Description,
                    $"value {InjectionPoints.Show(payload)} gave {r.StatusCode} with {string.Join(", ", found)}", Confidence.Firm, DetectionMethod.Active));
                break;
            }
        }
        return findings;
    }
}
