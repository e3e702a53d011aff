using System.Text.RegularExpressions;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-035: Apache's mod_info page answering anyone. Asked only of an origin whose server says Apache: one
/// GET /server-info, the location of Debian's mods-available/info.conf and of mod_info's documentation
/// (https://httpd.apache.org/docs/2.4/mod/mod_info.html). The number of modules it describes, nothing of their directives.
/// </summary>
public sealed partial class ApacheServerInfoCheck : IAsyncCheck<ApiProbe>
{
    private const string Path = "/server-info";

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { AdminPageRules.ApacheServerInfo };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        if (!WebServerIdentity.IsApache(probe)) return Array.Empty<Finding>();
        var r = await probe.SendAsync(new Uri(ApiProbe.Origin(probe.Request.Url), Path), maxBodyBytes: 2 * 1024 * 1024).ConfigureAwait(false);
        if (r is not { StatusCode: 200 } || Modules(r.Text) is not { } modules) return Array.Empty<Finding>();
        return new[]
        {
            probe.Finding(AdminPageRules.ApacheServerInfo, Path,
                $"GET {Path} answered 200 without credentials: Apache Server Information describing {modules} loaded module(s) with their directives and the configuration files they come from",
                Confidence.Confirmed),
        };
    }

    /// <summary>The number of modules a mod_info page describes; null when the text is not one.</summary>
    public static int? Modules(string text)
    {
        try
        {
            if (!TitlePattern().IsMatch(text)) return null;
            // The "Loaded Modules" list links each module's section: <a href="#mod_alias.c">mod_alias.c</a>.
            return ModuleLinkPattern().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).Count();
        }
        catch (RegexMatchTimeoutException) { return null; }
    }

    [GeneratedRegex(@"<h1[^>]*>Apache Server Information</h1>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex TitlePattern();

    [GeneratedRegex(@"<a href=""#([\w.]{1,64}\.c)"">", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex ModuleLinkPattern();
}
