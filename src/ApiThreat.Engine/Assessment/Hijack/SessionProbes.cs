using System.Security.Cryptography;
using ApiThreat.Engine.Assessment.Hijack.Cookies;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack;

/// <summary>Probes that send something crafted but harmless: a made-up session id, a marker in a query string.</summary>
public static class SessionProbes
{
    /// <summary>Sends a session cookie we invented; if the server hands the same value back in Set-Cookie, it adopted it.</summary>
    public static async Task<Finding?> FixationAsync(NetworkContext network, Uri url, IReadOnlyList<SetCookie> cookies, CancellationToken cancellationToken)
    {
        var session = cookies.FirstOrDefault(c => c.LooksLikeSession && c.PrefixViolation() is null);
        if (session is null) return null;
        var crafted = "apithreatfix" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        HttpProbeResult r;
        try
        {
            r = await network.Http.SendAsync(new HttpProbeRequest
            {
                Uri = url, FollowRedirects = false, MaxBodyBytes = 16 * 1024,
                Headers = new[] { new KeyValuePair<string, string>("Cookie", $"{session.Name}={crafted}") },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TargetException) { return null; }
        var echoed = r.HeaderValues("Set-Cookie").Select(SetCookie.Parse)
            .FirstOrDefault(c => c is not null && c.Name == session.Name && c.Value.Trim('"') == crafted);
        return echoed is null ? null : HijackRules.SessionFixation.ToFinding(url.ToString(),
            $"sent Cookie: {session.Name}={crafted}; the response set {session.Name}={crafted} back unchanged", Confidence.Confirmed, DetectionMethod.Active);
    }

    /// <summary>With -Active: a marker with markup characters in a query parameter, echoed raw in HTML = reflected XSS.</summary>
    public static async Task<Finding?> ReflectionAsync(NetworkContext network, Uri url, CancellationToken cancellationToken)
    {
        var token = "atx" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        var marker = $"{token}<i>\"'";
        var builder = new UriBuilder(url);
        var q = builder.Query.TrimStart('?');
        builder.Query = (q.Length > 0 ? q + "&" : "") + "apithreat=" + Uri.EscapeDataString(marker);
        HttpProbeResult r;
        try { r = await network.Http.SendAsync(new HttpProbeRequest { Uri = builder.Uri, FollowRedirects = true }, cancellationToken).ConfigureAwait(false); }
        catch (TargetException) { return null; }
        var type = r.ContentType ?? "";
        if (!type.Contains("html", StringComparison.OrdinalIgnoreCase)) return null;
        var raw = $"{token}<i>";
        var i = r.Text.IndexOf(raw, StringComparison.Ordinal);
        if (i < 0) return null;
        var context = TextSafety.StripControl(r.Text.Substring(Math.Max(0, i - 40), Math.Min(r.Text.Length - Math.Max(0, i - 40), raw.Length + 80)));
        return HijackRules.ReflectedInput.ToFinding(builder.Uri.ToString(), $"parameter apithreat={marker} came back unencoded: …{context}…", Confidence.Firm, DetectionMethod.Active);
    }
}
