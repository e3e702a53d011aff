using System.Text.RegularExpressions;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-033: PHP-FPM's status page answering anyone. Asked only of an origin whose server says nginx or Apache
/// (the web servers that route pm.status_path to a pool): one GET /status?json&amp;full, the documented path and format
/// (https://www.php.net/manual/en/fpm.status.php). The pool's name, its process manager and the number of workers whose
/// request is listed; never a request's URI, query string or user.
/// </summary>
public sealed partial class PhpFpmStatusCheck : IAsyncCheck<ApiProbe>
{
    private const string Path = "/status?json&full";

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { AdminPageRules.PhpFpmStatus };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        if (!WebServerIdentity.IsNginx(probe) && !WebServerIdentity.IsApache(probe)) return Array.Empty<Finding>();
        var r = await probe.SendAsync(new Uri(ApiProbe.Origin(probe.Request.Url), Path), maxBodyBytes: 512 * 1024).ConfigureAwait(false);
        if (r is not { StatusCode: 200 } || Read(r.Text) is not { } status) return Array.Empty<Finding>();
        return new[]
        {
            probe.Finding(AdminPageRules.PhpFpmStatus, "/status",
                $"GET {Path} answered 200 without credentials: PHP-FPM pool {status.Pool} ({status.Manager}), {status.Processes} worker(s), "
                + $"{status.Requests} with its current or last request's method, URI and query string listed", Confidence.Confirmed),
        };
    }

    /// <summary>
    /// The pool, process manager, worker count and listed requests of a status page in JSON; null when the text is not one.
    /// Read by pattern, not by a JSON parser: PHP-FPM before 8.1 wrote request URIs into the JSON unescaped.
    /// </summary>
    public static (string Pool, string Manager, int Processes, int Requests)? Read(string text)
    {
        try { return Parse(text); }
        catch (RegexMatchTimeoutException) { return null; }
    }

    private static (string Pool, string Manager, int Processes, int Requests)? Parse(string text)
    {
        var pool = PoolPattern().Match(text);
        var manager = ManagerPattern().Match(text);
        if (!pool.Success || !manager.Success || !AcceptedPattern().IsMatch(text)) return null;
        var total = TotalPattern().Match(text);
        var processes = total.Success && int.TryParse(total.Groups[1].Value, out var n) ? n : 0;
        return (Clean(pool.Groups[1].Value), Clean(manager.Groups[1].Value), processes, RequestUriPattern().Count(text));
    }

    private static string Clean(string s) => TextSafety.Truncate(TextSafety.StripControl(s), 40);

    [GeneratedRegex(@"^\s*\{\s*""pool""\s*:\s*""([^""\\]{1,64})""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex PoolPattern();

    [GeneratedRegex(@"""process manager""\s*:\s*""(static|dynamic|ondemand)""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex ManagerPattern();

    [GeneratedRegex(@"""accepted conn""\s*:\s*\d+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex AcceptedPattern();

    [GeneratedRegex(@"""total processes""\s*:\s*(\d{1,6})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex TotalPattern();

    [GeneratedRegex(@"""request uri""\s*:", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex RequestUriPattern();
}
