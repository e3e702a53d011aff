using System.Globalization;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-API-017 (-Active): shell arithmetic at each injection point; the sum appears only if a shell evaluated it.</summary>
public sealed class CommandInjectionCheck : IAsyncCheck<ApiActiveProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.CommandInjection };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiActiveProbe active, CancellationToken cancellationToken)
    {
        var probe = active.Probe;
        var findings = new List<Finding>();
        foreach (var point in InjectionPoints.Of(probe))
        {
            var baseText = (await probe.GetOnceAsync(point.Build(point.BenignValue)).ConfigureAwait(false))?.Text ?? "";
            var a = Random.Shared.Next(100_000, 900_000); var b = Random.Shared.Next(100_000, 900_000);
            var sum = (a + b).ToString(CultureInfo.InvariantCulture);
            if (baseText.Contains(sum, StringComparison.Ordinal)) continue;
            foreach (var payload in new[] { $"$(expr {a} + {b})", $"`expr {a} + {b}`", $";expr {a} + {b};", $"|expr {a} + {b}" })
            {
                var r = await probe.SendAsync(point.Build(point.BenignValue + payload)).ConfigureAwait(false);
                if (r is null || !r.Text.Contains(sum, StringComparison.Ordinal)) continue;
                findings.Add(probe.Finding(ApiRules.CommandInjection, point.Description,
                    $"value {InjectionPoints.Show(point.BenignValue + payload)} came back evaluated as {sum}", Confidence.Confirmed, DetectionMethod.Active));
                break;
            }
        }
        return findings;
    }
}
