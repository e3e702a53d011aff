using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Fingerprints;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Discovery;

/// <summary>
/// Fetches what the detector needs through the engine's network stack: the page itself, and with -Depth Deep the
/// favicon (the page's icon link on the same host, else /favicon.ico), /robots.txt and a random missing path (the
/// server's default error page). Extra requests are capped small and their failures ignored.
/// </summary>
public static partial class WebProbe
{
    private const long FaviconCap = 256 * 1024;
    private const long RobotsCap = 64 * 1024;
    private const long ErrorPageCap = 128 * 1024;
    private static readonly Regex s_link = new(@"<link\b([^>]{0,2048})>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex s_attribute = new(@"([a-z][a-z0-9:_-]{0,40})\s*=\s*(?:""([^""]*)""|'([^']*)'|([^\s""'>]+))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>
    /// Fetches a target's page for detection: its own scheme when it names one, else HTTPS and, when nothing answers
    /// there (connection refused, timeout), plain HTTP; any other failure is the target's answer and is not retried.
    /// </summary>
    public static async Task<ResponseEvidence> FetchEvidenceAsync(NetworkContext network, ScanTarget target, bool deep, CancellationToken cancellationToken)
    {
        var schemes = target.Scheme is not null ? new[] { target.Scheme } : new[] { "https", "http" };
        for (var i = 0; ; i++)
        {
            try { return await FetchEvidenceAsync(network, target.ToUri(schemes[i]), deep, cancellationToken).ConfigureAwait(false); }
            catch (TargetException ex) when (i + 1 < schemes.Length && ex is not OutOfScopeException && ex.Kind is TargetErrorKind.ConnectionError or TargetErrorKind.Timeout)
            {
                network.Log($"{target.ToUri(schemes[i])}: {ex.Message}; trying {schemes[i + 1]}");
            }
        }
    }

    public static async Task<ResponseEvidence> FetchEvidenceAsync(NetworkContext network, Uri uri, bool deep, CancellationToken cancellationToken)
    {
        network.Log($"GET {uri}");
        var page = await network.Http.SendAsync(new HttpProbeRequest { Uri = uri }, cancellationToken).ConfigureAwait(false);
        if (!deep) return FromResponse(uri, page);

        var origin = page.FinalUri;
        var icon = FaviconUri(origin, page.Text) ?? new Uri(origin, "/favicon.ico");
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var faviconTask = TryGetAsync(network, icon, FaviconCap, cancellationToken);
        var robotsTask = TryGetAsync(network, new Uri(origin, "/robots.txt"), RobotsCap, cancellationToken);
        var missingTask = TryGetAsync(network, new Uri(origin, $"/apithreat-{token}-missing"), ErrorPageCap, cancellationToken);
        var favicon = await faviconTask.ConfigureAwait(false);
        var robots = await robotsTask.ConfigureAwait(false);
        var missing = await missingTask.ConfigureAwait(false);

        int? hash = favicon is { StatusCode: 200, Body.Length: > 0 } && !LooksLikeHtml(favicon) ? FaviconHash.Compute(favicon.Body) : null;
        var robotsText = robots is { StatusCode: 200 } && !LooksLikeHtml(robots) ? robots.Text : null;
        var errorPage = missing is { StatusCode: >= 400 } ? FromResponse(missing.FinalUri, missing) : null;
        return FromResponse(uri, page, hash, robotsText, errorPage);
    }

    public static ResponseEvidence FromResponse(Uri requested, HttpProbeResult response, int? faviconHash = null, string? robots = null, ResponseEvidence? errorPage = null) => new()
    {
        Url = requested.ToString(),
        StatusCode = response.StatusCode,
        Headers = response.Headers,
        Body = response.Text,
        CertificateIssuer = response.Certificate?.Issuer,
        FaviconHash = faviconHash,
        Robots = robots,
        ErrorPage = errorPage,
    };

    private static async Task<HttpProbeResult?> TryGetAsync(NetworkContext network, Uri uri, long cap, CancellationToken cancellationToken)
    {
        try
        {
            network.Log($"GET {uri} (deep)");
            return await network.Http.SendAsync(new HttpProbeRequest { Uri = uri, MaxBodyBytes = cap }, cancellationToken).ConfigureAwait(false);
        }
        catch (TargetException ex)
        {
            network.Log($"{uri}: {ex.Message}");
            return null;
        }
    }

    private static bool LooksLikeHtml(HttpProbeResult r) => r.ContentType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The first icon link of the page on the same host and scheme (a favicon elsewhere is not this server's).</summary>
    internal static Uri? FaviconUri(Uri page, string html)
    {
        if (!html.Contains("<link", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var head = html.Length > 128 * 1024 ? html[..(128 * 1024)] : html;
            for (var m = s_link.Match(head); m.Success; m = m.NextMatch())
            {
                string? rel = null, href = null;
                for (var a = s_attribute.Match(m.Groups[1].Value); a.Success; a = a.NextMatch())
                {
                    var value = a.Groups[2].Success ? a.Groups[2].Value : a.Groups[3].Success ? a.Groups[3].Value : a.Groups[4].Value;
                    switch (a.Groups[1].Value.ToLowerInvariant())
                    {
                        case "rel": rel = value.ToLowerInvariant(); break;
                        case "href": href = System.Net.WebUtility.HtmlDecode(value).Trim(); break;
                    }
                }
                if (rel is null || href is null || !rel.Split(' ').Contains("icon") && rel != "shortcut icon") continue;
                if (Uri.TryCreate(page, href, out var uri) && uri.Scheme == page.Scheme &&
                    string.Equals(uri.IdnHost, page.IdnHost, StringComparison.OrdinalIgnoreCase) && uri.Port == page.Port)
                    return uri;
            }
        }
        catch (RegexMatchTimeoutException) { }
        return null;
    }
}
