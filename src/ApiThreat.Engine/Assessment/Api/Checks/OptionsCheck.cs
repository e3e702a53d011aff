using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-API-004, and the evidence of ATR-API-005: what the API's URL and up to four resources that answered GET
/// without credentials advertise, asked with OPTIONS only: TRACE in Allow is reported here; PUT, DELETE or PATCH in
/// Allow or in a CORS preflight's Access-Control-Allow-Methods is kept on the probe for <see cref="WriteRouteCheck"/>,
/// which tells under -Active whether the write route asks for credentials. An advertisement alone proves nothing
/// (Django REST Framework and the cors middleware list every method whatever the permissions), and without -Active
/// nothing but GET, HEAD, OPTIONS and read-only GraphQL queries is sent.
/// </summary>
public sealed class OptionsCheck : IAsyncCheck<ApiProbe>
{
    private static readonly string[] s_unsafeMethods = { "PUT", "DELETE", "PATCH" };

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.TraceAdvertised };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var url = probe.Request.Url;
        var targets = new List<(Uri Url, bool OpenRead)> { (url, ApiProbe.IsSuccess(probe.Baseline)) };
        targets.AddRange(probe.OpenReads.Where(o => o.Url != url).Take(4).Select(o => (o.Url, true)));
        foreach (var (uri, openRead) in targets)
        {
            var r = await probe.SendAsync(uri, "OPTIONS").ConfigureAwait(false);
            var allow = r is null || r.StatusCode >= 400 ? "" : string.Join(",", r.HeaderValues("Allow")).ToUpperInvariant();
            var methods = Methods(allow);
            if (methods.Contains("TRACE") || methods.Contains("TRACK"))
                findings.Add(probe.Finding(ApiRules.TraceAdvertised, uri.AbsolutePath, $"OPTIONS {uri.AbsolutePath}: Allow: {TextSafety.Truncate(allow, 200)}"));
            if (!openRead) continue;
            var advertised = methods.Any(m => s_unsafeMethods.Contains(m)) ? $"Allow: {TextSafety.Truncate(allow, 200)}" : null;
            if (advertised is null)
            {
                var allowed = await PreflightAsync(probe, uri, "DELETE").ConfigureAwait(false);
                // A CORS layer that echoes whatever method is asked for (GraphQL Yoga's default, some gateways) says
                // nothing about the routes behind it: asked for PUT, it answers PUT.
                if (allowed == "DELETE" && await PreflightAsync(probe, uri, "PUT").ConfigureAwait(false) == "PUT")
                {
                    probe.Network.Log($"Test-ApiSecurity: {uri.AbsolutePath}: the CORS preflight echoes the method asked for, which advertises nothing");
                    allowed = "";
                }
                if (Methods(allowed).Any(m => s_unsafeMethods.Contains(m)))
                    advertised = $"CORS preflight Access-Control-Allow-Methods: {TextSafety.Truncate(allowed, 200)}";
            }
            if (advertised is null) continue;
            probe.AdvertisedWrites.Add((uri, advertised));
            if (!probe.Request.Active)
                probe.Network.Log($"Test-ApiSecurity: {uri.AbsolutePath} advertises writes ({advertised}); whether they ask for credentials is tried only with -Active");
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
}
