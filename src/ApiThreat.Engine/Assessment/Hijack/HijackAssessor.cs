using ApiThreat.Engine.Assessment.Hijack.Content;
using ApiThreat.Engine.Assessment.Hijack.Cookies;
using ApiThreat.Engine.Assessment.Hijack.Observatory;
using ApiThreat.Engine.Assessment.Hijack.Takeover;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Hijack;

/// <summary>What to run against each target.</summary>
public sealed class HijackRequest
{
    /// <summary>Also send the reflected-input marker (a harmless string with markup characters).</summary>
    public bool Active { get; init; }
    /// <summary>Only the Observatory's own requests: no crafted Origin or session-cookie probes.</summary>
    public bool Passive { get; init; }
    public int? HttpPort { get; init; }
    public int? HttpsPort { get; init; }
    public TakeoverSignatureSet Signatures { get; init; } = TakeoverSignatureSet.Empty;
    /// <summary>The HSTS preload list the Observatory's hsts-preloaded and redirection-all-redirects-preloaded results read.</summary>
    public HstsPreloadList Preload { get; init; } = HstsPreloadList.Empty;
}

/// <summary>
/// Test-HijackSusceptibility's engine: fetches a site the way the HTTP Observatory does (HTTPS and HTTP sessions,
/// a CORS preflight), grades it with the Observatory's algorithm, and adds our own findings: CSP, framing,
/// transport, cookies, CORS bypasses, content handling, CSRF, and subdomain takeover.
/// </summary>
public static class HijackAssessor
{
    public static async Task<HijackAssessment> AssessAsync(NetworkContext network, ScanTarget target, HijackRequest request, CancellationToken cancellationToken)
    {
        var host = target.Host;
        var (httpPort, httpsPort) = Ports(target, request);
        var path = string.IsNullOrEmpty(target.PathAndQuery) ? "/" : target.PathAndQuery;
        var httpsUrl = Build("https", host, httpsPort, path);
        var httpUrl = Build("http", host, httpPort, path);
        var findings = new List<Finding>();

        TakeoverSignature? fingerprintCandidate = null;
        IReadOnlyList<string> chain = Array.Empty<string>();
        if (!target.IsAddress)
        {
            network.Log($"DNS {host} (CNAME, NS)");
            var (takeover, candidate, resolution) = await TakeoverChecker.CheckDnsAsync(network, host, request.Signatures, cancellationToken).ConfigureAwait(false);
            findings.AddRange(takeover);
            fingerprintCandidate = candidate;
            chain = resolution.CnameChain;
            if (resolution.Addresses.Count == 0)
            {
                if (findings.Count > 0) return Ungraded(httpsUrl, host, findings, $"{host} does not resolve ({resolution.Status}); only DNS checks ran.");
                await network.Connector.ResolveAllowedAsync(host, cancellationToken).ConfigureAwait(false); // throws the precise DNS error
            }
        }

        var httpsTask = FetchAsync(network, httpsUrl, null, cancellationToken);
        // The http:// entry usually redirects to the very page the HTTPS session fetches: continue from that response
        // rather than asking for it again (one request and, as both run at once, one TLS connection fewer per site).
        var httpTask = FetchAsync(network, httpUrl, async (uri, _) =>
            uri.AbsoluteUri == httpsUrl.AbsoluteUri ? (await httpsTask.ConfigureAwait(false)).Item1 : null, cancellationToken);
        var (https, httpsError) = await httpsTask.ConfigureAwait(false);
        var (http, httpError) = await httpTask.ConfigureAwait(false);
        if (https is null && http is null)
        {
            if (findings.Count > 0) return Ungraded(httpsUrl, host, findings, $"neither HTTPS nor HTTP answered: {httpsError?.Message}");
            throw httpsError!;
        }

        var auto = https ?? http!;
        HttpProbeResult? cors = null;
        try
        {
            network.Log($"OPTIONS {auto.FinalUri} (CORS preflight)");
            cors = await network.Http.SendAsync(new HttpProbeRequest
            {
                Uri = auto.FinalUri, Method = "OPTIONS", MaxBodyBytes = 16 * 1024,
                Headers = new[] { new KeyValuePair<string, string>("Access-Control-Request-Method", "GET"), new KeyValuePair<string, string>("Origin", ObservatoryGrader.CorsOrigin) },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TargetException) when (!cancellationToken.IsCancellationRequested) { }

        HtmlFacts? html = null;
        var unparseable = false;
        var mime = (auto.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (mime is "" or "text/html" or "application/xhtml+xml")
        {
            try { html = HtmlFacts.Parse(auto.Text); }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException) { unparseable = true; }
        }
        var rawCookies = auto.HeaderValues("Set-Cookie").Take(100).ToList();
        var evidence = new HijackEvidence
        {
            Host = host, HttpsUrl = httpsUrl, HttpUrl = httpUrl,
            Https = https, HttpsError = httpsError?.Message, Http = http, HttpError = httpError?.Message,
            HttpRoute = http is null ? Array.Empty<RouteEntry>() : Route(http),
            Cors = cors, CorsOrigin = ObservatoryGrader.CorsOrigin,
            Html = html, HtmlUnparseable = unparseable,
            Jar = CookieJar.Of(auto), OtherJar = CookieJar.Of(https is null ? null : http),
            RawSetCookies = rawCookies, Preload = request.Preload,
        };

        var (tests, score, grade) = ObservatoryGrader.Grade(evidence);
        findings.AddRange(Checks<HijackEvidence>.Run(evidence));
        if (fingerprintCandidate is not null)
        {
            var hit = new[] { https, http }.Where(r => r is not null)
                .Select(r => TakeoverChecker.CheckResponse(host, chain, fingerprintCandidate, r!)).FirstOrDefault(f => f is not null);
            if (hit is not null) findings.Add(hit);
        }
        if (!request.Passive)
        {
            var probe = new HijackProbe(network, auto.FinalUri, evidence);
            foreach (var check in Checks<HijackProbe>.AllAsync) findings.AddRange(await check.RunAsync(probe, cancellationToken).ConfigureAwait(false));
            if (request.Active)
                foreach (var check in Checks<HijackActiveProbe>.AllAsync)
                    findings.AddRange(await check.RunAsync(new HijackActiveProbe(probe), cancellationToken).ConfigureAwait(false));
        }

        return new HijackAssessment
        {
            Url = (https is not null ? httpsUrl : httpUrl).ToString(),
            HostName = host,
            Score = score,
            Grade = grade,
            AlgorithmVersion = $"MDN HTTP Observatory scoring v{ObservatoryScoring.AlgorithmVersion}",
            StatusCode = auto.StatusCode,
            Tests = tests,
            Findings = findings.ToArray(),
        };
    }

    private static (int Http, int Https) Ports(ScanTarget target, HijackRequest request)
    {
        int http, https;
        if (target.Scheme == "https") { https = target.Port ?? 443; http = 80; }
        else if (target.Scheme == "http") { http = target.Port ?? 80; https = 443; }
        else { http = target.Port ?? 80; https = target.Port ?? 443; } // host:port means the site's port, as the Observatory reads it
        return (request.HttpPort ?? http, request.HttpsPort ?? https);
    }

    private static Uri Build(string scheme, string host, int port, string path)
    {
        var h = host.Contains(':') ? $"[{host}]" : host;
        var defaultPort = scheme == "https" ? 443 : 80;
        return new Uri($"{scheme}://{h}{(port == defaultPort ? "" : ":" + port)}{path}");
    }

    private static async Task<(HttpProbeResult?, TargetException?)> FetchAsync(NetworkContext network, Uri url,
        Func<Uri, CancellationToken, Task<HttpProbeResult?>>? fetched, CancellationToken cancellationToken)
    {
        try
        {
            network.Log($"GET {url}");
            return (await network.Http.SendAsync(new HttpProbeRequest { Uri = url, Fetched = fetched }, cancellationToken).ConfigureAwait(false), null);
        }
        catch (OutOfScopeException) { throw; }
        catch (TargetException ex) { return (null, ex); }
    }

    /// <summary>The HTTP session's route as the Observatory records it; a redirect we did not follow (scope) still names its target.</summary>
    private static List<RouteEntry> Route(HttpProbeResult http)
    {
        var route = http.Redirects.Select(h => new RouteEntry(h.From, h.StatusCode)).ToList();
        route.Add(new RouteEntry(http.FinalUri, http.StatusCode));
        if (http.RedirectStopped is not null && http.StatusCode is >= 300 and < 400 && http.Header("Location") is { } location
            && Uri.TryCreate(http.FinalUri, location, out var next) && next.Scheme is "http" or "https")
            route.Add(new RouteEntry(next, 0));
        return route;
    }

    private static HijackAssessment Ungraded(Uri url, string host, List<Finding> findings, string why) => new()
    {
        Url = url.ToString(), HostName = host, Grade = "", Score = 0,
        AlgorithmVersion = $"MDN HTTP Observatory scoring v{ObservatoryScoring.AlgorithmVersion}",
        GradeError = why, Findings = findings.ToArray(),
    };
}
