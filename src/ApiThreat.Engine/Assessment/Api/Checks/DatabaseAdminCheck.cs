using System.Text.RegularExpressions;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-036: a database administration UI that serves its login page to anyone. GET /adminer/ and GET /phpmyadmin/,
/// the aliases of Debian's adminer and phpmyadmin packages (/etc/apache2/conf-available/adminer.conf,
/// /etc/phpmyadmin/apache.conf; https://docs.phpmyadmin.net/en/latest/setup.html), asked of an origin whose server says
/// Apache or whose answers say PHP, and /phpmyadmin/ alone of one that says nginx: at most two requests per origin, none
/// elsewhere. The product and version are read from the login page; nothing is ever submitted to it.
/// </summary>
public sealed partial class DatabaseAdminCheck : IAsyncCheck<ApiProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { AdminPageRules.DatabaseAdmin };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var apacheOrPhp = WebServerIdentity.IsApache(probe) || WebServerIdentity.IsPhp(probe);
        if (!apacheOrPhp && !WebServerIdentity.IsNginx(probe)) return Array.Empty<Finding>();
        var origin = ApiProbe.Origin(probe.Request.Url);
        var findings = new List<Finding>();
        // Debian ships Adminer's alias for Apache only; phpMyAdmin is set up by hand behind nginx as often as not.
        foreach (var path in apacheOrPhp ? new[] { "/adminer/", "/phpmyadmin/" } : new[] { "/phpmyadmin/" })
        {
            var r = await probe.SendAsync(new Uri(origin, path), maxBodyBytes: 512 * 1024).ConfigureAwait(false);
            // 401/403 (the web server's restriction or authentication) and redirects elsewhere are not the UI.
            if (r is not { StatusCode: 200 } || LoginPage(r.Text) is not { } ui) continue;
            findings.Add(probe.Finding(AdminPageRules.DatabaseAdmin, path,
                $"GET {path} answered 200 without credentials with the login page of {ui.Product} {ui.Version}", Confidence.Confirmed));
        }
        return findings;
    }

    /// <summary>The product and version of an Adminer or phpMyAdmin login page; null when the text is neither.</summary>
    public static (string Product, string Version)? LoginPage(string text)
    {
        try { return Read(text); }
        catch (RegexMatchTimeoutException) { return null; }
    }

    private static (string Product, string Version)? Read(string text)
    {
        // Adminer 4.x: <title>Login - Adminer</title> and its assets "?file=default.css&amp;version=4.8.1".
        if (AdminerTitlePattern().IsMatch(text))
            return ("Adminer", AdminerVersionPattern().Match(text) is { Success: true } a ? Clean(a.Groups[1].Value) : "of unknown version");
        // phpMyAdmin 5.x: <title>phpMyAdmin</title>, its login form, and CommonParams' version:"5.2.1deb1+deb12u1".
        if (PmaTitlePattern().IsMatch(text) && PmaLoginPattern().IsMatch(text))
            return ("phpMyAdmin", PmaVersionPattern().Match(text) is { Success: true } p ? Clean(p.Groups[1].Value) : "of unknown version");
        return null;
    }

    private static string Clean(string s) => TextSafety.Truncate(TextSafety.StripControl(s), 40);

    [GeneratedRegex(@"<title>[^<]{0,80}\bAdminer</title>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex AdminerTitlePattern();

    [GeneratedRegex(@"\?file=[\w.]{1,40}&(?:amp;)?version=(\d{1,3}\.\d{1,3}\.\d{1,3}[\w.+-]{0,20})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex AdminerVersionPattern();

    [GeneratedRegex(@"<title>phpMyAdmin\s*</title>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex PmaTitlePattern();

    [GeneratedRegex(@"name=""pma_username""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex PmaLoginPattern();

    [GeneratedRegex(@"\bversion:""(\d{1,3}\.\d{1,3}\.\d{1,3}[\w.+-]{0,30})""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex PmaVersionPattern();
}
