using System.Text.RegularExpressions;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-034: nginx's stub_status page answering anyone. Asked only of an origin whose server says nginx: one
/// GET /nginx_status, the location most configurations and scanners use for it
/// (https://nginx.org/en/docs/http/ngx_http_stub_status_module.html). Counted by the page's fixed format.
/// </summary>
public sealed partial class NginxStubStatusCheck : IAsyncCheck<ApiProbe>
{
    private const string Path = "/nginx_status";

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { AdminPageRules.NginxStubStatus };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        if (!WebServerIdentity.IsNginx(probe)) return Array.Empty<Finding>();
        var r = await probe.SendAsync(new Uri(ApiProbe.Origin(probe.Request.Url), Path), maxBodyBytes: 4096).ConfigureAwait(false);
        if (r is not { StatusCode: 200 } || Read(r.Text) is not { } status) return Array.Empty<Finding>();
        return new[]
        {
            probe.Finding(AdminPageRules.NginxStubStatus, Path,
                $"GET {Path} answered 200 without credentials: nginx stub_status, {status.Active} active connection(s), {status.Requests} request(s) served since start",
                Confidence.Confirmed),
        };
    }

    /// <summary>The active connections and requests of a stub_status page; null when the text is not one.</summary>
    public static (long Active, long Requests)? Read(string text)
    {
        Match m;
        try { m = StubStatusPattern().Match(text); }
        catch (RegexMatchTimeoutException) { return null; }
        if (!m.Success || !long.TryParse(m.Groups[1].Value, out var active) || !long.TryParse(m.Groups[2].Value, out var requests)) return null;
        return (active, requests);
    }

    // "Active connections: 1 \nserver accepts handled requests\n 6 6 6 \nReading: 0 Writing: 1 Waiting: 0 \n"
    [GeneratedRegex(@"\AActive connections:\s*(\d{1,18})\s*\r?\nserver accepts handled requests\s*\r?\n\s*\d{1,18}\s+\d{1,18}\s+(\d{1,18})\s*\r?\nReading:\s*\d+\s+Writing:\s*\d+\s+Waiting:\s*\d+",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex StubStatusPattern();
}
