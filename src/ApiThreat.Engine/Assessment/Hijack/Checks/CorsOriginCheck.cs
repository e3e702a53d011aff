using ApiThreat.Engine.Assessment.Hijack.Content;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>
/// ATR-HIJACK-022..026: GET requests with crafted Origin headers (harmless: no state change, no payload), read for
/// whether Access-Control-Allow-Origin trusts them, and with credentials.
/// </summary>
public sealed class CorsOriginCheck : IAsyncCheck<HijackProbe>
{
    public sealed record Probe(string Kind, string Origin);

    public IReadOnlyList<ThreatRule> Rules { get; } = new[]
    {
        HijackRules.CorsArbitraryOrigin, HijackRules.CorsNullOrigin, HijackRules.CorsOriginBypass, HijackRules.CorsSubdomainTrust, HijackRules.CorsInsecureOrigin,
    };

    public static IReadOnlyList<Probe> Probes(Uri url)
    {
        var host = url.IdnHost;
        var site = RegistrableDomain.Of(host) ?? host;
        return new[]
        {
            new Probe("arbitrary", "https://apithreat-cors-probe.example"),
            new Probe("null", "null"),
            new Probe("prefix", $"https://{host}.apithreat-probe.example"),
            new Probe("suffix", $"https://apithreatprobe-{site}"),
            new Probe("substring", $"https://apithreat-{host}.probe.example"),
            new Probe("subdomain", $"https://apithreat-probe.{host}"),
            new Probe("http", $"http://{host}{(url.IsDefaultPort ? "" : ":" + url.Port)}"),
        };
    }

    public async Task<IReadOnlyList<Finding>> RunAsync(HijackProbe context, CancellationToken cancellationToken)
    {
        var url = context.Url;
        var network = context.Network;
        network.Log($"CORS origin probes on {url}");
        var tasks = Probes(url).Select(async p =>
        {
            try
            {
                var r = await network.Http.SendAsync(new HttpProbeRequest
                {
                    Uri = url, FollowRedirects = false, MaxBodyBytes = 16 * 1024,
                    Headers = new[] { new KeyValuePair<string, string>("Origin", p.Origin) },
                }, cancellationToken).ConfigureAwait(false);
                var acao = r.Header("Access-Control-Allow-Origin")?.Trim();
                var creds = string.Equals(r.Header("Access-Control-Allow-Credentials")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
                return (p, trusted: acao is not null && acao == p.Origin, creds);
            }
            catch (TargetException) { return (p, trusted: false, creds: false); }
        }).ToList();
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        var target = url.ToString();
        var findings = new List<Finding>();
        string Ev((Probe p, bool trusted, bool creds) r) => $"Origin: {r.p.Origin} -> Access-Control-Allow-Origin: {r.p.Origin}{(r.creds ? ", Access-Control-Allow-Credentials: true" : "")}";
        Severity Sev(bool creds, Severity withCreds, Severity without) => creds ? withCreds : without;

        var arbitrary = results.First(r => r.p.Kind == "arbitrary");
        if (arbitrary.trusted)
        {
            findings.Add(HijackRules.CorsArbitraryOrigin.ToFinding(target, Ev(arbitrary), Confidence.Confirmed, DetectionMethod.Active,
                Sev(arbitrary.creds, Severity.Critical, Severity.Low)));
        }
        // Origin: null is what sandboxed frames and local files send: trusting it is a flaw of its own, reported even
        // when every origin is reflected (the fix differs: an allow-list must not contain "null").
        var nul = results.First(r => r.p.Kind == "null");
        if (nul.trusted)
            findings.Add(HijackRules.CorsNullOrigin.ToFinding(target, Ev(nul), Confidence.Confirmed, DetectionMethod.Active, Sev(nul.creds, Severity.High, Severity.Low)));
        if (arbitrary.trusted) return findings; // every other origin is trusted too: the arbitrary-origin finding says it all
        var bypass = results.Where(r => r.trusted && r.p.Kind is "prefix" or "suffix" or "substring").ToList();
        if (bypass.Count > 0)
            findings.Add(HijackRules.CorsOriginBypass.ToFinding(target, string.Join(" | ", bypass.Select(b => $"{b.p.Kind}: {Ev(b)}")), Confidence.Confirmed,
                DetectionMethod.Active, Sev(bypass.Any(b => b.creds), Severity.High, Severity.Low)));
        var sub = results.First(r => r.p.Kind == "subdomain");
        if (sub.trusted)
            findings.Add(HijackRules.CorsSubdomainTrust.ToFinding(target, Ev(sub), Confidence.Firm, DetectionMethod.Active, Sev(sub.creds, Severity.Medium, Severity.Info)));
        var http = results.First(r => r.p.Kind == "http");
        if (http.trusted && url.Scheme == "https")
            findings.Add(HijackRules.CorsInsecureOrigin.ToFinding(target, Ev(http), Confidence.Confirmed, DetectionMethod.Active, Sev(http.creds, Severity.Medium, Severity.Low)));
        return findings;
    }
}
