using System.Text.Json;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-043: a Verdaccio registry whose packages anyone can read. Asked only of an origin that said it is Verdaccio
/// (its web page loads /-/static/ui-options.js, or its /-/verdaccio/data/packages is in the inventory), with GETs: the
/// UI options for the version, then the web API's package list (https://verdaccio.org/docs/web), which holds only what
/// the anonymous user may access: [] with access: $authenticated. Reported with a count, never a package's name or
/// content. Whether anyone can register (max_users) shows only by registering, which is never done.
/// </summary>
public sealed class VerdaccioOpenCheck : IAsyncCheck<ApiProbe>
{
    private const string PackagesPath = "/-/verdaccio/data/packages";
    private static readonly Regex s_version = new(@"__VERDACCIO_BASENAME_UI_OPTIONS\s*=\s*\{.{0,400}?""version""\s*:\s*""(\d{1,3}\.\d{1,3}\.\d{1,3})""",
        RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromMilliseconds(100));

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { NodeToolRules.OpenPackageRegistry };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var known = probe.Request.Operations.Any(o => o.Path == PackagesPath);
        var seen = new[] { probe.Baseline, probe.Soft404 }.Concat(probe.Responses.Select(x => x.Response));
        if (!known && !seen.Any(IsPage)) return Array.Empty<Finding>();
        var origin = ApiProbe.Origin(probe.Request.Url);
        var packages = await probe.SendAsync(new Uri(origin, PackagesPath), followRedirects: false, maxBodyBytes: 4 * 1024 * 1024).ConfigureAwait(false);
        if (packages is not { StatusCode: 200 } || packages.BodyTruncated || PackageCount(packages.Body) is not ( > 0 and var count)) return Array.Empty<Finding>();
        var options = await probe.SendAsync(new Uri(origin, "/-/static/ui-options.js"), followRedirects: false, maxBodyBytes: 16 * 1024).ConfigureAwait(false);
        var version = options is { StatusCode: 200 } ? Version(options.Text) : null;
        var evidence = $"GET {PackagesPath} answered 200 without credentials with {count} package(s) that anyone can list and download"
            + (version is null ? "" : $"; Verdaccio {version}")
            + "; whether anyone may also register (npm adduser, max_users) shows only by registering: not tried";
        return new[] { probe.Finding(NodeToolRules.OpenPackageRegistry, PackagesPath, evidence, Confidence.Confirmed) };
    }

    /// <summary>Its web page: the UI theme's template loads its options script from /-/static/ (@verdaccio/ui-theme).</summary>
    public static bool IsPage(HttpProbeResult? r) => r is { StatusCode: 200 } && r.Body.Length < 64 * 1024 && LoginPage.IsHtml(r)
        && r.Text.Contains("/-/static/ui-options.js\"", StringComparison.Ordinal) && r.Text.Contains("<div id=\"root\">", StringComparison.Ordinal);

    /// <summary>How many packages a /-/verdaccio/data/packages answer lists (an array of manifests with a name); null when it is not one.</summary>
    public static int? PackageCount(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return null;
            var count = 0;
            foreach (var p in doc.RootElement.EnumerateArray())
            {
                if (p.ValueKind != JsonValueKind.Object || !p.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String) return null;
                count++;
            }
            return count;
        }
        catch (JsonException) { return null; }
    }

    /// <summary>The version its ui-options.js names; null when none.</summary>
    public static string? Version(string script)
    {
        try { return s_version.Match(script) is { Success: true } m ? m.Groups[1].Value : null; }
        catch (RegexMatchTimeoutException) { return null; }
    }
}
