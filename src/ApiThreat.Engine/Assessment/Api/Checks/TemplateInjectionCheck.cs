using System.Globalization;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-API-018 (-Active): arithmetic in common template syntaxes; the product appears only if a template engine evaluated it.</summary>
public sealed class TemplateInjectionCheck : IAsyncCheck<ApiActiveProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.TemplateInjection };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiActiveProbe active, CancellationToken cancellationToken)
    {
        var probe = active.Probe;
        var findings = new List<Finding>();
        foreach (var point in InjectionPoints.Of(probe))
        {
            var baseText = (await probe.GetOnceAsync(point.Build(point.BenignValue)).ConfigureAwait(false))?.Text ?? "";
            var x = Random.Shared.Next(1000, 9999); var y = Random.Shared.Next(1000, 9999);
            var product = ((long)x * y).ToString(CultureInfo.InvariantCulture);
            if (baseText.Contains(product, StringComparison.Ordinal)) continue;
            foreach (var payload in new[] { $"{{{{{x}*{y}}}}}", $"${{{x}*{y}}}", $"<%= {x}*{y} %>", $"#{{{x}*{y}}}" })
            {
                var r = await probe.SendAsync(point.Build(payload)).ConfigureAwait(false);
                if (r is null || !r.Text.Contains(product, StringComparison.Ordinal)) continue;
                findings.Add(probe.Finding(ApiRules.TemplateInjection, point.Description,
                    $"value {InjectionPoints.Show(payload)} came back evaluated as {product}", Confidence.Confirmed, DetectionMethod.Active));
                break;
            }
        }
        return findings;
    }
}
