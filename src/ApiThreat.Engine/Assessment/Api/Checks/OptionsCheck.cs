using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-API-004 and ATR-API-005: what the API's URL and up to four resources that answered GET without credentials
/// advertise: TRACE in Allow; PUT, DELETE or PATCH in Allow or in a CORS preflight's Access-Control-Allow-Methods
/// (unless the preflight merely echoes the method asked for).
/// Advertised writes on an open resource are then tried the way that cannot change anything, a DELETE of a child
/// that does not exist: 401, 403, 405 or 501 mean writes are refused (no finding); any other answer means the write
/// route exists and asks for no credentials.
/// </summary>
public sealed class OptionsCheck : IAsyncCheck<ApiProbe>
{
    private static readonly string[] s_unsafeMethods = { "PUT", "DELETE", "PATCH" };
    private static readonly System.Text.RegularExpressions.Regex s_unrouted = new(@"Cannot DELETE |method not allowed|method is not allowed|not supported for this|no route",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.TraceAdvertised, ApiRules.WriteMethodsOnOpenResource };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var url = probe.Request.Url;
        var targets = new List<(Uri Url, bool OpenRead)> { (url, ApiProbe.IsSuccess(probe.Baseline)) };
        targets.AddRange(probe.OpenReads.Where(o => o.Url != url).Take(4).Select(o => (o.Url, true)));
        var writeReported = false;
        foreach (var (uri, openRead) in targets)
        {
            var r = await probe.SendAsync(uri, "OPTIONS").ConfigureAwait(false);
            var allow = r is null || r.StatusCode >= 400 ? "" : string.Join(",", r.HeaderValues("Allow")).ToUpperInvariant();
            var methods = Methods(allow);
            if (methods.Contains("TRACE") || methods.Contains("TRACK"))
                findings.Add(probe.Finding(ApiRules.TraceAdvertised, uri.AbsolutePath, $"OPTIONS {uri.AbsolutePath}: Allow: {TextSafety.Truncate(allow, 200)}"));
            if (!openRead || writeReported) continue;
            var advertised = new List<string>();
            var writes = methods.Where(m => s_unsafeMethods.Contains(m)).ToList();
            if (writes.Count > 0) advertised.Add($"Allow: {TextSafety.Truncate(allow, 200)}");
            if (writes.Count == 0)
            {
                var allowed = await PreflightAsync(probe, uri, "DELETE").ConfigureAwait(false);
                // A CORS layer that echoes whatever method is asked for (GraphQL Yoga's default, some gateways) says
                // nothing about the routes behind it: asked for PUT, it answers PUT.
                if (allowed == "DELETE" && await PreflightAsync(probe, uri, "PUT").ConfigureAwait(false) == "PUT")
                {
                    probe.Network.Log($"Test-ApiSecurity: {uri.AbsolutePath}: the CORS preflight echoes the method asked for, which advertises nothing");
                    allowed = "";
                }
                writes = Methods(allowed).Where(m => s_unsafeMethods.Contains(m)).ToList();
                if (writes.Count > 0) advertised.Add($"CORS preflight Access-Control-Allow-Methods: {TextSafety.Truncate(allowed, 200)}");
            }
            if (writes.Count == 0) continue;
            var refusal = await WriteRefusalAsync(probe, uri).ConfigureAwait(false);
            if (refusal.Refused) { probe.Network.Log($"Test-ApiSecurity: {uri.AbsolutePath} advertises {string.Join(", ", writes)} but {refusal.Evidence}"); continue; }
            findings.Add(probe.Finding(ApiRules.WriteMethodsOnOpenResource, uri.AbsolutePath,
                $"GET without credentials answered 200; {string.Join("; ", advertised)}; {refusal.Evidence}", Confidence.Firm));
            writeReported = true;
        }
        return findings;
    }

    private static async Task<string> PreflightAsync(ApiProbe probe, Uri uri, string method)
    {
        var preflight = await probe.SendAsync(uri, "OPTIONS", headers: new[]
        {
            new KeyValuePair<string, string>("Origin", "https://apithreat-cors-probe.example"),
            new KeyValuePair<string, string>("Access-Control-Request-Method", method),
        }).ConfigureAwait(false);
        return preflight is null || preflight.StatusCode >= 400 ? "" : string.Join(",", preflight.HeaderValues("Access-Control-Allow-Methods")).ToUpperInvariant().Trim();
    }

    private static string[] Methods(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>DELETE of a child that cannot exist: how the server treats a write without credentials, with nothing to change.</summary>
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
