using System.Security.Cryptography;
using ApiThreat.Engine.Assessment.Hijack.Cookies;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Hijack.Checks;

/// <summary>ATR-HIJACK-021: sends a session cookie we invented; if the server hands the same value back in Set-Cookie, it adopted it.</summary>
public sealed class SessionFixationCheck : IAsyncCheck<HijackProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { HijackRules.SessionFixation };

    public async Task<IReadOnlyList<Finding>> RunAsync(HijackProbe context, CancellationToken cancellationToken)
    {
        var session = context.Evidence.Cookies.FirstOrDefault(c => c.LooksLikeSession && c.PrefixViolation() is null);
        if (session is null) return Array.Empty<Finding>();
        var url = context.Url;
        var crafted = "apithreatfix" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        context.Network.Log($"session-fixation probe on {url}");
        HttpProbeResult r;
        try
        {
            r = await context.Network.Http.SendAsync(new HttpProbeRequest
            {
                Uri = url, FollowRedirects = false, MaxBodyBytes = 16 * 1024,
                Headers = new[] { new KeyValuePair<string, string>("Cookie", $"{session.Name}={crafted}") },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TargetException) { return Array.Empty<Finding>(); }
        var echoed = r.HeaderValues("Set-Cookie").Select(SetCookie.Parse)
            .FirstOrDefault(c => c is not null && c.Name == session.Name && c.Value.Trim('"') == crafted);
        return echoed is null ? Array.Empty<Finding>() : new[]
        {
            HijackRules.SessionFixation.ToFinding(url.ToString(),
                $"sent Cookie: {session.Name}={crafted}; the response set {session.Name}={crafted} back unchanged", Confidence.Confirmed, DetectionMethod.Active),
        };
    }
}
