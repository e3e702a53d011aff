using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-API-005 (-Active, after the cmdlet's ShouldProcess): a resource readable without credentials that advertises
/// PUT, DELETE or PATCH (<see cref="OptionsCheck"/>) is sent the write that cannot change anything, a DELETE of a
/// child that does not exist: 401, 403, 405, 407, 501, a redirect, a login page or an "unrouted method" answer mean
/// writes are refused (no finding); any other answer means the write route exists and asks for no credentials.
/// </summary>
public sealed class WriteRouteCheck : IAsyncCheck<ApiActiveProbe>
{
    private static readonly System.Text.RegularExpressions.Regex s_unrouted = new(@"Cannot DELETE |method not allowed|method is not allowed|not supported for this|no route",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.WriteMethodsOnOpenResource };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiActiveProbe active, CancellationToken cancellationToken)
    {
        var probe = active.Probe;
        foreach (var (uri, advertised) in probe.AdvertisedWrites)
        {
            var (refused, evidence) = await WriteRefusalAsync(probe, uri).ConfigureAwait(false);
            if (refused) { probe.Network.Log($"Test-ApiSecurity: {uri.AbsolutePath} advertises writes but {evidence}"); continue; }
            return new[]
            {
                probe.Finding(ApiRules.WriteMethodsOnOpenResource, uri.AbsolutePath,
                    $"GET without credentials answered 200; {advertised}; {evidence}", Confidence.Firm, DetectionMethod.Active),
            };
        }
        return Array.Empty<Finding>();
    }

    private static async Task<(bool Refused, string Evidence)> WriteRefusalAsync(ApiProbe probe, Uri resource)
    {
        var child = new Uri(resource.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/atr-missing-" + probe.Nonce);
        var r = await probe.SendAsync(child, "DELETE", followRedirects: false, maxBodyBytes: 16 * 1024).ConfigureAwait(false);
        if (r is null) return (true, "a DELETE of a missing child did not answer");
        var what = $"DELETE {child.AbsolutePath} (a child that does not exist) answered {r.StatusCode} without credentials";
        // Frameworks answer an unrouted method with 404 too ("Cannot DELETE /x" from Express): that is a refusal.
        var unrouted = ResponseSignatures.IsMatch(s_unrouted, r.Text);
        var refused = r.StatusCode is 401 or 403 or 405 or 501 or 407 || r.StatusCode is >= 300 and < 400 || unrouted || Exposure.LoginPage.ProtectedBecause(r) is not null;
        return (refused, refused ? what + ": writes are refused" : what + ": the write route exists and asks for none");
    }
}
