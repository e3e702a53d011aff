using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-API-022 (-Active): an inert tag at each injection point that comes back unescaped in an HTML response.</summary>
public sealed class ReflectedMarkupCheck : IAsyncCheck<ApiActiveProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.ReflectedMarkup };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiActiveProbe active, CancellationToken cancellationToken)
    {
        var probe = active.Probe;
        var findings = new List<Finding>();
        var marker = $"<atrx{probe.Nonce}>";
        foreach (var point in InjectionPoints.Of(probe))
        {
            var r = await probe.SendAsync(point.Build(marker)).ConfigureAwait(false);
            if (r is not null && (r.ContentType ?? "").Contains("html", StringComparison.OrdinalIgnoreCase) && r.Text.Contains(marker, StringComparison.Ordinal))
                findings.Add(probe.Finding(ApiRules.ReflectedMarkup, point.Description,
                    $"value {InjectionPoints.Show(marker)} reflected unescaped in a {r.ContentType} response", Confidence.Firm, DetectionMethod.Active));
        }
        return findings;
    }
}
