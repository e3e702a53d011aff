using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// Which web server an origin said it is, from the answers every assessment already has (the baseline and the
/// not-found probe): the Server header, or the server's own error page. The admin-page checks ask their product's
/// path only of an origin where that product is plausible, so a scan of other servers sends none of them.
/// </summary>
internal static class WebServerIdentity
{
    /// <summary>The paths the admin-page checks ask by guess (PhpFpmStatus, NginxStubStatus, ApacheServerInfo, DatabaseAdmin).</summary>
    private static readonly string[] s_adminPagePaths = { "/status", "/nginx_status", "/server-info", "/adminer/", "/phpmyadmin/" };

    /// <summary>
    /// Whether a path is one of those guessed admin pages: their 401 or 403 is the web server guarding its own page,
    /// not the API asking for credentials, so the credential checks leave them alone.
    /// </summary>
    public static bool IsAdminPagePath(string path) => s_adminPagePaths.Any(p => string.Equals(p, path, StringComparison.OrdinalIgnoreCase));

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
