using System.Security.Cryptography;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>ATR-HIJACK-029 (-Active): a marker with markup characters in a query parameter, echoed raw in HTML = reflected XSS.</summary>
public sealed class ReflectionCheck : IAsyncCheck<HijackActiveProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { HijackRules.ReflectedInput };

    public async Task<IReadOnlyList<Finding>> RunAsync(HijackActiveProbe active, CancellationToken cancellationToken)
    {
        var url = active.Probe.Url;
        var token = "atx" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        var marker = $"{token}<i>\"'";
        var builder = new UriBuilder(url);
        var q = builder.Query.TrimStart('?');
        builder.Query = (q.Length > 0 ? q + "&" : "") + "apithreat=" + Uri.EscapeDataString(marker);
        HttpProbeResult r;
        try { r = await active.Probe.Network.Http.SendAsync(new HttpProbeRequest { Uri = builder.Uri, FollowRedirects = true }, cancellationToken).ConfigureAwait(false); }
        catch (TargetException) { return Array.Empty<Finding>(); }
        if (!(r.ContentType ?? "").Contains("html", StringComparison.OrdinalIgnoreCase)) return Array.Empty<Finding>();
        var raw = $"{token}<i>";
        var i = r.Text.IndexOf(raw, StringComparison.Ordinal);
        if (i < 0) return Array.Empty<Finding>();
        var context = TextSafety.StripControl(r.Text.Substring(Math.Max(0, i - 40), Math.Min(r.Text.Length - Math.Max(0, i - 40), raw.Length + 80)));
        return new[]
        {
            HijackRules.ReflectedInput.ToFinding(builder.Uri.ToString(), $"parameter apithreat={marker} came back unencoded: …{context}…", Confidence.Firm, DetectionMethod.Active),
        };
    }
}
