using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-API-019 (-Active): ../ sequences towards a well-known system file; only its content counts.</summary>
public sealed class PathTraversalCheck : IAsyncCheck<ApiActiveProbe>
{
    private static readonly string[] s_payloads =
    {
        "../../../../../../../../etc/passwd", "....//....//....//....//....//....//etc/passwd",
        "..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "..\\..\\..\\..\\..\\..\\windows\\win.ini",
    };

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.PathTraversal };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiActiveProbe active, CancellationToken cancellationToken)
    {
        var probe = active.Probe;
        var findings = new List<Finding>();
        foreach (var point in InjectionPoints.Of(probe))
        {
            var baseText = (await probe.GetOnceAsync(point.Build(point.BenignValue)).ConfigureAwait(false))?.Text ?? "";
            foreach (var payload in s_payloads)
            {
                var r = await probe.SendAsync(point.Build(payload)).ConfigureAwait(false);
                if (r is null) continue;
                var found = ResponseSignatures.Match(ResponseSignatures.SystemFiles, r.Text).Except(ResponseSignatures.Match(ResponseSignatures.SystemFiles, baseText)).ToList();
                if (found.Count == 0) continue;
                findings.Add(probe.Finding(ApiRules.PathTraversal, point.Description,
                    $"value {InjectionPoints.Show(payload)} returned {string.Join(", ", found)}", Confidence.Confirmed, DetectionMethod.Active));
                break;
            }
        }
        return findings;
    }
}
