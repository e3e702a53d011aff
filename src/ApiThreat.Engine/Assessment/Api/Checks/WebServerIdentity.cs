using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// Which web server an origin said it is, from the answers every assessment already has (the baseline and the
/// not-found probe): the Server header, or the server's own error page. The admin-page checks ask their product's
/// path only of an origin where that product is plausible, so a scan of other servers sends none of them.
/// </summary>
internal static class WebServerIdentity
{
    public static bool IsNginx(ApiProbe probe) => Seen(probe).Any(r =>
        r.Header("Server") is { } s && s.StartsWith("nginx", StringComparison.OrdinalIgnoreCase)
        || r.StatusCode >= 400 && r.Body.Length < 4096 && r.Text.Contains("<hr><center>nginx", StringComparison.Ordinal));

    public static bool IsApache(ApiProbe probe) => Seen(probe).Any(r =>
        r.Header("Server") is { } s && s.StartsWith("Apache", StringComparison.OrdinalIgnoreCase) && !s.StartsWith("Apache-Coyote", StringComparison.OrdinalIgnoreCase)
        || r.StatusCode >= 400 && r.Body.Length < 4096 && r.Text.Contains("<address>Apache", StringComparison.Ordinal));

    /// <summary>A PHP origin: PHP named in X-Powered-By or its session cookie.</summary>
    public static bool IsPhp(ApiProbe probe) => Seen(probe).Any(r =>
        r.Header("X-Powered-By") is { } p && p.StartsWith("PHP", StringComparison.OrdinalIgnoreCase)
        || r.HeaderValues("Set-Cookie").Any(c => c.StartsWith("PHPSESSID=", StringComparison.Ordinal)));

    private static IEnumerable<HttpProbeResult> Seen(ApiProbe probe) =>
        new[] { probe.Baseline, probe.Soft404 }.Where(r => r is not null)!;
}
