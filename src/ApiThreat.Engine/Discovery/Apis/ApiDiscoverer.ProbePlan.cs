using ApiThreat.Engine.Discovery.Crawl;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// The probe plan of an origin at -Depth Standard, in two waves. Most names an inventory meets are plain websites: the
/// first wave is small and fixed (the root, a not-found baseline, robots.txt, OpenID Connect discovery and the handful
/// of well-known paths where real frameworks serve their API, even behind an HTML home page or a bare 404); the second
/// (framework defaults, the rest of the catalogue, sitemap, gRPC and CORS probes, security.txt, the crawl and its leads)
/// runs only when the first showed a signal: an API answer, a framework, a challenge, a home page that is not a plain
/// HTML page or that links anywhere, an unknown path that does not answer like a website's not-found page.
/// -Depth Deep always runs both waves.
/// </summary>
public sealed partial class ApiDiscoverer
{
    /// <summary>Answers to these paths are judged by their own probes, not as "this path exists" (every site has a robots.txt).</summary>
    private static bool OwnJudgement(string path) =>
        path is "/robots.txt" or "/.well-known/security.txt" or "/.well-known/openid-configuration" or "/sitemap.xml";

    private sealed partial class OriginScan
    {
        /// <summary>Set while the first wave runs: a GET answer unlike the not-found baseline then names a second-wave signal.</summary>
        private volatile bool _inFirstWave;
        private string? _answeredSignal;
        private bool _robotsNamedSitemap;

        /// <summary>Notes a first-wave GET answer that is not what any unknown path gets: the path exists, worth a closer look.</summary>
        private void NoteFirstWaveAnswer(string method, string pathAndQuery, HttpProbeResult r)
        {
            if (!_inFirstWave || _answeredSignal is not null || method != "GET" || OwnJudgement(pathAndQuery) || _calibration is null) return;
            // What every unknown path gets, or the home page again (a server that ignores the query of /?wsdl): no signal.
            if (LooksLikeCalibration(r, pathAndQuery) || LooksLikeRoot(r, pathAndQuery)) return;
            Interlocked.CompareExchange(ref _answeredSignal, $"GET {pathAndQuery} answers {r.StatusCode} {BaseType(r.ContentType)}, unlike an unknown path", null);
        }

        private bool LooksLikeRoot(HttpProbeResult r, string path) =>
            r.StatusCode == _root.StatusCode && BaseType(r.ContentType) == BaseType(_root.ContentType)
            && Math.Abs(r.Body.Length - _root.Body.Length) <= path.Length + 48;

        /// <summary>The first wave at Standard: well-known documents and the first-wave catalogue (a user's path first).</summary>
        private List<Func<Task>> FirstWave(CancellationToken ct)
        {
            var probes = new List<Func<Task>>();
            if (_request.Path is { Length: > 1 } extra) probes.Add(() => ProbePathAsync(extra, ProbeKind.Versioned, ct, new LeadInfo(ApiSource.UserInput, null)));
            probes.Add(() => ProbeWellKnownAsync("/robots.txt", ct));
            probes.Add(() => ProbeWellKnownAsync("/.well-known/openid-configuration", ct));
            if (_request.Depth < DiscoveryDepth.Standard)
            {
                probes.Add(() => ProbeWellKnownAsync("/.well-known/security.txt", ct));
                return probes;
            }
            foreach (var p in ApiPathCatalog.FirstWavePaths)
            {
                if (Network.DebugEnabled) Network.Debug($"{_origin}: will try {p.Path}: a {p.Kind} path of the first wave");
                probes.Add(() => ProbePathAsync(p.Path, p.Kind, ct));
            }
            return probes;
        }

        /// <summary>The second wave: the recognised frameworks' defaults first, then the rest of the depth's catalogue.</summary>
        private List<Func<Task>> SecondWave(List<Func<Task>> frameworkProbes, CancellationToken ct)
        {
            var probes = new List<Func<Task>>(frameworkProbes)
            {
                () => ProbeWellKnownAsync("/.well-known/security.txt", ct),
                () => ProbeWellKnownAsync("/sitemap.xml", ct),
                () => ProbeGrpcAsync(ct),
                () => ProbeCorsAsync(ct),
            };
            foreach (var p in ApiPathCatalog.For(_request.Depth))
            {
                if (Network.DebugEnabled) Network.Debug($"{_origin}: will try {p.Path}: a {p.Kind} path of the catalogue at depth {_request.Depth}");
                probes.Add(() => ProbePathAsync(p.Path, p.Kind, ct));
            }
            return probes;
        }

        /// <summary>Why the origin is worth the second wave; null for a plain website (a 2xx HTML page that links nowhere).</summary>
        private string? SecondWaveReason()
        {
            if (_request.Depth >= DiscoveryDepth.Deep) return "-Depth Deep";
            if (_request.Path is { Length: > 1 }) return $"the path {_request.Path} was given";
            if (_recognised.Count > 0) return $"answers like {string.Join(", ", _recognised)}";
            if (NegotiationReason() is { } negotiated) return negotiated;
            var r = _root;
            if (r.StatusCode is < 200 or >= 300 || !ApiSignals.IsHtml(r)) return $"GET / answers {r.StatusCode} {BaseType(r.ContentType)}";
            if (_calibrationAnswer is not { } c) return "the not-found baseline failed";
            if (c.StatusCode is < 400 or >= 500 || !ApiSignals.IsHtml(c)) return $"an unknown path answers {c.StatusCode} {BaseType(c.ContentType)}";
            if (ApiSignals.Challenges(r).Count > 0 || ApiSignals.Challenges(c).Count > 0) return "authentication is asked for";
            if (ApiSignals.Gateways(r).Count > 0 || ApiSignals.Gateways(c).Count > 0) return "an API gateway answers";
            if (!_specs.IsEmpty || !_graphql.IsEmpty || !_versioned.IsEmpty || _oidc is not null) return "the first wave found an API";
            if (!_docPages.IsEmpty || _viewerWithoutSpec is not null) return "an API documentation page answers";
            if (!_hints.IsEmpty || _robotsNamedSitemap) return "robots.txt names API paths or sitemaps";
            if (_answeredSignal is { } answered) return answered;
            if (r.Redirects.Count > 0 || r.HasHeader("Link")) return "GET / redirects or sends Link headers";
            return LinksAnywhere(r) ? "the home page links to pages, scripts or forms" : null;
        }

        private static bool LinksAnywhere(HttpProbeResult r)
        {
            if (r.Body.Length == 0) return false;
            // A page without any attribute or element that can link is settled without an HTML parse.
            var text = r.Text;
            bool Has(string s) => text.Contains(s, StringComparison.OrdinalIgnoreCase);
            if (!Has("href") && !Has("src") && !Has("action") && !Has("refresh") && !Has("<script")) return false;
            try
            {
                var links = PageReader.Read(text, r.FinalUri);
                return links.Pages.Count > 0 || links.Scripts.Count > 0 || links.InlineScripts.Count > 0 || links.Forms.Count > 0 || links.Descriptions.Count > 0;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException) { return true; }
        }
    }
}
