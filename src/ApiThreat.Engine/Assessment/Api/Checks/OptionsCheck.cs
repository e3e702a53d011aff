using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-API-004 and ATR-API-005: what OPTIONS advertises on the API's URL and on up to four resources that answered
/// GET without credentials (TRACE; PUT, DELETE, PATCH on an open resource).
/// </summary>
public sealed class OptionsCheck : IAsyncCheck<ApiProbe>
{
    private static readonly string[] s_unsafeMethods = { "PUT", "DELETE", "PATCH" };

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.TraceAdvertised, ApiRules.WriteMethodsOnOpenResource };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var url = probe.Request.Url;
        var targets = new List<(Uri Url, bool OpenRead)> { (url, ApiProbe.IsSuccess(probe.Baseline)) };
        targets.AddRange(probe.OpenReads.Where(o => o.Url != url).Take(4).Select(o => (o.Url, true)));
        foreach (var (uri, openRead) in targets)
        {
            var r = await probe.SendAsync(uri, "OPTIONS").ConfigureAwait(false);
            if (r is null || r.StatusCode >= 400) continue;
            var allow = string.Join(",", r.HeaderValues("Allow")).ToUpperInvariant();
            var methods = allow.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (methods.Contains("TRACE") || methods.Contains("TRACK"))
                findings.Add(probe.Finding(ApiRules.TraceAdvertised, uri.AbsolutePath, $"OPTIONS {uri.AbsolutePath}: Allow: {TextSafety.Truncate(allow, 200)}"));
            var writes = methods.Where(m => s_unsafeMethods.Contains(m)).ToList();
            if (openRead && writes.Count > 0)
                findings.Add(probe.Finding(ApiRules.WriteMethodsOnOpenResource, uri.AbsolutePath,
                    $"GET without credentials answered 200 and OPTIONS advertises {string.Join(", ", writes)} (Allow: {TextSafety.Truncate(allow, 200)})",
                    Confidence.Tentative));
        }
        return findings;
    }
}
