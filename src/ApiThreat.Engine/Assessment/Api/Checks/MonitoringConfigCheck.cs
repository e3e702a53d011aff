using System.Text.Json;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-018: the running configuration of a Prometheus (/api/v1/status/config) or Alertmanager (/api/v2/status,
/// config.original) served without credentials. Evidence counts what it reveals (scrape jobs, receivers, values the
/// server masked as &lt;secret&gt;); a credential in clear makes it High, and its value is never repeated.
/// </summary>
public sealed class MonitoringConfigCheck : IAsyncCheck<ApiProbe>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(500);
    private static readonly Regex s_jobs = new(@"(?m)^\s*-\s*job_name:", RegexOptions.CultureInvariant, s_timeout);
    private static readonly Regex s_receivers = new(@"(?ms)^receivers:[ \t]*\n(?<list>.*?)(?=^[^\s-]|\z)", RegexOptions.CultureInvariant, s_timeout);
    private static readonly Regex s_names = new(@"(?m)^-\s*name:", RegexOptions.CultureInvariant, s_timeout);
    private static readonly Regex s_masked = new("<secret>", RegexOptions.CultureInvariant, s_timeout);
    /// <summary>Credential settings of Prometheus and Alertmanager with a value that is neither masked nor empty.</summary>
    private static readonly Regex s_clear = new(
        @"(?m)^[ \t]*(?:-[ \t]*)?(?:[a-z]+_)*(?:password|secret|token|key|credentials):[ \t]*(?!<secret>|""""|''|[ \t]*$)\S",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, s_timeout);
    private static readonly Regex s_userInfo = new(@"[a-z][a-z0-9+.-]*://[^/\s:@]+:(?!xxxxx@)[^/\s@<]+@", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, s_timeout);

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.MonitoringConfigDisclosed };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        foreach (var server in await MonitoringServer.IdentifyAsync(probe).ConfigureAwait(false))
        {
            string path, yaml;
            if (server.Product == MonitoringProduct.Prometheus && MonitoringServer.Concerns(probe, "/api/v1"))
            {
                path = "/api/v1/status/config";
                var r = await probe.GetOnceAsync(new Uri(ApiProbe.Origin(probe.Request.Url), path)).ConfigureAwait(false);
                if (MonitoringServer.Data(r) is not { ValueKind: JsonValueKind.Object } d || !d.TryGetProperty("yaml", out var y) || y.ValueKind != JsonValueKind.String) continue;
                yaml = y.GetString()!;
            }
            else if (server.Product == MonitoringProduct.Alertmanager && MonitoringServer.Concerns(probe, "/api/v2"))
            {
                path = "/api/v2/status";
                if (MonitoringServer.Json(server.Response) is not { } s || !s.TryGetProperty("config", out var c) || c.ValueKind != JsonValueKind.Object
                    || !c.TryGetProperty("original", out var o) || o.ValueKind != JsonValueKind.String) continue;
                yaml = o.GetString()!;
            }
            else continue;
            if (string.IsNullOrWhiteSpace(yaml)) continue;
            var (summary, clear) = Summarise(server.Product, yaml);
            findings.Add(probe.Finding(ExposureRules.MonitoringConfigDisclosed, path,
                $"GET {path} answered 200 without credentials with {server.Name}'s running configuration ({yaml.Length} characters of YAML): {summary}",
                Confidence.Confirmed, severity: clear > 0 ? Severity.High : null));
        }
        return findings;
    }

    /// <summary>What a configuration reveals, counted (never quoted), and how many credential values it holds in clear.</summary>
    internal static (string Summary, int Clear) Summarise(MonitoringProduct product, string yaml)
    {
        var parts = new List<string>();
        if (product == MonitoringProduct.Prometheus) parts.Add($"{Count(s_jobs, yaml)} scrape job(s)");
        else if (First(s_receivers, yaml) is { } receivers) parts.Add($"{Count(s_names, receivers)} receiver(s)");
        parts.Add($"{Count(s_masked, yaml)} value(s) masked as <secret>");
        var clear = Count(s_clear, yaml) + Count(s_userInfo, yaml);
        if (clear > 0) parts.Add($"{clear} credential value(s) in clear (withheld here)");
        return (string.Join(", ", parts), clear);
    }

    private static int Count(Regex regex, string text)
    {
        try { return regex.Matches(text).Count; } catch (RegexMatchTimeoutException) { return 0; }
    }

    private static string? First(Regex regex, string text)
    {
        try { return regex.Match(text) is { Success: true } m ? m.Groups["list"].Value : null; } catch (RegexMatchTimeoutException) { return null; }
    }
}
