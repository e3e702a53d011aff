using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Discovery;

/// <summary>
/// The httpx-style probe: what a URL (or a bare host: HTTPS first, then HTTP) answers, summarised as an
/// <see cref="HttpProbe"/>.
/// </summary>
public static partial class WebProbe
{

    public static async Task<(HttpProbe Probe, HttpProbeResult Response)> ProbeAsync(NetworkContext network, ScanTarget target, int? port,
        string method, bool followRedirects, CancellationToken cancellationToken)
    {
        var schemes = target.Scheme is not null ? new[] { target.Scheme } : new[] { "https", "http" };
        TargetException? last = null;
        foreach (var scheme in schemes)
        {
            var uri = target.ToUri(scheme, port);
            network.Log($"{method} {uri}");
            try
            {
                var response = await network.Http.SendAsync(new HttpProbeRequest { Uri = uri, Method = method, FollowRedirects = followRedirects }, cancellationToken).ConfigureAwait(false);
                return (Summarise(uri, response), response);
            }
            catch (OutOfScopeException) { throw; }
            catch (TargetException ex) when (schemes.Length > 1 && ex.Kind is TargetErrorKind.ConnectionError or TargetErrorKind.Timeout)
            {
                last = ex; // try the next scheme
            }
        }
        throw last!;
    }

    public static HttpProbe Summarise(Uri requested, HttpProbeResult response)
    {
        var probe = new HttpProbe
        {
            Url = requested.ToString(),
            HostName = requested.IdnHost.Trim('[', ']'),
            Port = requested.Port,
            FinalUrl = response.FinalUri.ToString(),
            StatusCode = response.StatusCode,
            Title = ExtractTitle(response),
            Server = TextSafety.StripControl(response.Header("Server")),
            ContentType = response.ContentType,
            ContentLength = response.Body.Length,
            BodyTruncated = response.BodyTruncated,
            ResponseTimeMs = Math.Round(response.ElapsedMs, 1),
            RedirectChain = response.Redirects.Select(r => $"{r.StatusCode} {r.From} -> {r.Location}").ToArray(),
            RedirectStopped = response.RedirectStopped,
        };
        foreach (var h in response.Headers)
            probe.Headers[h.Key] = probe.Headers.TryGetValue(h.Key, out var existing) ? existing + ", " + h.Value : h.Value;
        if (response.Certificate is { } cert)
        {
            probe.CertificateSubject = cert.Subject;
            probe.CertificateIssuer = cert.Issuer;
            probe.CertificateNotAfter = cert.NotAfter.ToUniversalTime();
            probe.CertificateErrors = response.CertificateErrors.ToString();
        }
        return probe;
    }

    public static string? ExtractTitle(HttpProbeResult response)
    {
        var type = response.ContentType ?? "";
        if (!type.Contains("html", StringComparison.OrdinalIgnoreCase) && !type.Contains("xml", StringComparison.OrdinalIgnoreCase)) return null;
        // A plain scan, not a regex: a loaded machine must not turn a title into a timeout.
        var text = response.Text;
        var open = text.IndexOf("<title", StringComparison.OrdinalIgnoreCase);
        if (open < 0) return null;
        var start = text.IndexOf('>', open);
        if (start < 0) return null;
        var end = text.IndexOf('<', start + 1);
        var raw = text.Substring(start + 1, Math.Min(end < 0 ? text.Length - start - 1 : end - start - 1, 1024));
        var title = System.Net.WebUtility.HtmlDecode(raw);
        title = string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return TextSafety.StripControl(title).Trim();
    }
}
