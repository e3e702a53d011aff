using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-003 and ATR-API-003 (-Active): one malformed JSON body per write operation of the specification (or to
/// the API's URL without one), which parsers reject before any handler runs: their error pages show whether debug
/// output reaches clients. Nothing is written: the body cannot be parsed.
/// </summary>
public sealed class MalformedBodyCheck : IAsyncCheck<ApiActiveProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.DebugPage, ApiRules.VerboseError };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiActiveProbe active, CancellationToken cancellationToken)
    {
        var probe = active.Probe;
        var targets = probe.Request.Operations.Where(o => o.Method is "POST" or "PUT" or "PATCH")
            .Select(o => (o.Method, Url: probe.OperationUri(o.Path))).DistinctBy(t => t.Method + t.Url.AbsoluteUri).Take(10).ToList();
        if (targets.Count == 0) targets.Add(("POST", probe.Request.Url));
        var findings = new List<Finding>();
        foreach (var (method, url) in targets)
        {
            var r = await probe.SendAsync(url, method, body: "{\"apithreat\": ", contentType: "application/json", followRedirects: false).ConfigureAwait(false);
            if (r is null || r.Body.Length == 0) continue;
            if (ExposureSignatures.First(ExposureSignatures.DebugPages, r.Text) is { } debug)
                findings.Add(probe.Finding(ExposureRules.DebugPage, debug.Name, $"{debug.Name}: a malformed JSON body to {method} {url.AbsolutePath} answered {r.StatusCode}: {debug.Excerpt}",
                    Confidence.Confirmed, DetectionMethod.Active));
            else if (ResponseSignatures.Match(ResponseSignatures.Errors, r.Text) is { Count: > 0 } names)
                findings.Add(probe.Finding(ApiRules.VerboseError, string.Join(", ", names),
                    $"a malformed JSON body to {method} {url.AbsolutePath} answered {r.StatusCode} with {string.Join(", ", names)}: {ResponseSignatures.Excerpt(ResponseSignatures.Errors, r.Text)}",
                    Confidence.Firm, DetectionMethod.Active));
        }
        return findings;
    }
}
