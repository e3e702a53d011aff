using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-042: express-status-monitor's dashboard answering anyone. Asked only of an origin that said it runs Express
/// (X-Powered-By: Express, Express' default), with one GET of /status, the middleware's default path
/// (https://github.com/RafalWilinski/express-status-monitor#options); the page is recognised by its own script (the
/// socket.io events esm_start and esm_stats and its cpuChart canvas), so any other /status page is not taken for it.
/// </summary>
public sealed class StatusMonitorOpenCheck : IAsyncCheck<ApiProbe>
{
    private const string PagePath = "/status";

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { NodeToolRules.OpenStatusMonitor };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var seen = new[] { probe.Baseline, probe.Soft404 }.Concat(probe.Responses.Select(x => x.Response)).ToArray();
        if (!seen.Any(r => r?.Header("X-Powered-By") is "Express")) return Array.Empty<Finding>();
        var page = seen.FirstOrDefault(r => r?.FinalUri.AbsolutePath == PagePath && IsPage(r))
            ?? await probe.SendAsync(new Uri(ApiProbe.Origin(probe.Request.Url), PagePath), followRedirects: false, maxBodyBytes: 256 * 1024).ConfigureAwait(false);
        if (!IsPage(page)) return Array.Empty<Finding>();
        return new[]
        {
            probe.Finding(NodeToolRules.OpenStatusMonitor, PagePath,
                $"GET {PagePath} answered 200 without credentials with express-status-monitor's dashboard: the application's live CPU, memory, heap, load, event-loop, response-time, request-rate and status-code charts (its socket.io stream)",
                Confidence.Confirmed),
        };
    }

    /// <summary>Whether <paramref name="path"/> is the page this check asks for by guess (not part of the API under test).</summary>
    internal static bool IsGuessedPath(string path) => path == PagePath;

    /// <summary>The dashboard as the middleware renders it (src/public/index.html and javascripts/app.js).</summary>
    public static bool IsPage(HttpProbeResult? r) => r is { StatusCode: 200 } && !r.BodyTruncated && LoginPage.IsHtml(r)
        && r.Text.Contains("socket.on('esm_start'", StringComparison.Ordinal) && r.Text.Contains("id=\"cpuChart\"", StringComparison.Ordinal);
}
