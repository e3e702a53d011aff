using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-013: an http:// API that does not redirect to HTTPS, on a host where https:// (port 443) does not answer
/// at all. Whether it also asks for credentials is ATR-API-010's concern.
/// </summary>
public sealed class PlainHttpCheck : IAsyncCheck<ApiProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.PlainHttpOnly };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var url = probe.Request.Url;
        var baseline = probe.Baseline;
        if (url.Scheme != "http") return Array.Empty<Finding>();
        if (baseline.StatusCode is >= 300 and < 400 && (baseline.Header("Location") ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return Array.Empty<Finding>();
        var https = new UriBuilder(url) { Scheme = "https", Port = 443, Path = "/", Query = "" }.Uri;
        var answer = await probe.SendAsync(https, followRedirects: false, maxBodyBytes: 16 * 1024).ConfigureAwait(false);
        if (answer is not null) return Array.Empty<Finding>();
        return new[]
        {
            probe.Finding(ExposureRules.PlainHttpOnly, url.IdnHost,
                $"{url.GetLeftPart(UriPartial.Authority)} answered {baseline.StatusCode} over plain HTTP without redirecting to HTTPS, and {https.GetLeftPart(UriPartial.Authority)} did not answer",
                Confidence.Firm),
        };
    }
}
