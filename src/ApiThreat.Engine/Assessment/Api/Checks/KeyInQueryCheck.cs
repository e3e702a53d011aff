using System.Text.RegularExpressions;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-API-009: where credentials are demanded, a bogus key in the query string that the API reads and rejects as a
/// key (its answer names an invalid key, or its status changes to 401/403).
/// </summary>
public sealed class KeyInQueryCheck : IAsyncCheck<ApiProbe>
{
    private static readonly Regex s_keyRejected = new(
        @"(invalid|expired|unknown|revoked|bad|wrong|malformed|unrecognized)[\w\s-]{0,20}(api[\s_-]?key|key|token|credential)|(api[\s_-]?key|token|key)[\w\s-]{0,20}(invalid|expired|not valid|unknown|revoked|rejected)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.KeyInQueryAccepted };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        // Where credentials are demanded: the baseline, or the first secured operation that refused us (not a guessed
        // admin page the web server guards, which reads no API key).
        var baseline = probe.Baseline;
        (Uri Url, HttpProbeResult Response)? refused = baseline.StatusCode is 401 or 403 ? (probe.Request.Url, baseline) : null;
        if (refused is null)
            foreach (var (r, auth) in probe.Responses)
                if (!auth && r.StatusCode is 401 or 403 && r.Method == "GET" && !r.RequestedUri.AbsolutePath.StartsWith("/atr-")
                    && !WebServerIdentity.IsAdminPagePath(r.RequestedUri.AbsolutePath)) { refused = (r.RequestedUri, r); break; }
        if (refused is not { } target) return Array.Empty<Finding>();
        var before = target.Response;
        var beforeRejects = ResponseSignatures.IsMatch(s_keyRejected, before.Text);
        foreach (var name in new[] { "api_key", "apikey", "access_token", "token", "key" })
        {
            var r = await probe.SendAsync(ApiProbe.WithQuery(target.Url, name, "atr" + probe.Nonce)).ConfigureAwait(false);
            if (r is null) continue;
            var rejectsKey = !beforeRejects && ResponseSignatures.IsMatch(s_keyRejected, r.Text);
            var statusChanged = r.StatusCode != before.StatusCode && r.StatusCode is 401 or 403;
            if (rejectsKey || statusChanged)
                return new[]
                {
                    probe.Finding(ApiRules.KeyInQueryAccepted, target.Url.AbsolutePath,
                        $"without a key: {before.StatusCode}; with ?{name}=<bogus>: {r.StatusCode}{(rejectsKey ? " \"" + TextSafety.Truncate(TextSafety.StripControl(r.Text), 120) + "\"" : "")}",
                        rejectsKey && statusChanged ? Confidence.Firm : Confidence.Tentative),
                };
        }
        return Array.Empty<Finding>();
    }
}
