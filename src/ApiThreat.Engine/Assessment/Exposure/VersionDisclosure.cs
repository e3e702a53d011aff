using System.Text.RegularExpressions;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Exposure;

/// <summary>
/// Products with a version number that a response names: headers (Server, X-Powered-By, X-AspNet-Version,
/// X-AspNetMvc-Version, X-Generator, Via (Varnish: '1.1 varnish (Varnish/7.1)'), X-Drupal-Cache's generator...; 'Product/1.2' or Jetty's 'Jetty(9.4.57)') and the footers of server error and default
/// pages (Apache's &lt;address&gt;, nginx's &lt;center&gt;, Tomcat's &lt;h3&gt;, Jetty's 'Powered by', generator meta tags). A product
/// without a version is not a disclosure worth a finding.
/// </summary>
public static class VersionDisclosure
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(200);
    private static readonly Regex s_productVersion = new(@"([A-Za-z][A-Za-z0-9_.+-]{0,40}(?: [A-Z][A-Za-z]+){0,2})[/ (]v?(\d+(?:\.\d+){1,3}[a-z0-9.-]{0,12})",
        RegexOptions.CultureInvariant, s_timeout);
    private static readonly (string Where, Regex Pattern)[] s_bodies =
    {
        ("error page footer", new Regex(@"<address>([^<]{1,120}?/\d+(?:\.\d+)+[^<]{0,60}?) Server at ", RegexOptions.CultureInvariant, s_timeout)),
        ("error page footer", new Regex(@"<hr\s*/?>\s*<center>([a-zA-Z][\w.-]{1,30}/\d+(?:\.\d+)+[^<]{0,40})</center>", RegexOptions.CultureInvariant, s_timeout)),
        ("error page footer", new Regex(@"<h3>(Apache Tomcat/\d+(?:\.\d+)+[^<]{0,40})</h3>", RegexOptions.CultureInvariant, s_timeout)),
        ("error page footer", new Regex(@">Powered by ((?:Eclipse )?Jetty:// \d+(?:\.\d+)+[^<]{0,40})</a>", RegexOptions.CultureInvariant, s_timeout)),
        ("generator meta tag", new Regex(@"<meta\s+name=[""']generator[""']\s+content=[""']([^""']{1,80}?\d+(?:\.\d+)+[^""']{0,20})[""']", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, s_timeout)),
    };
    private static readonly string[] s_headers = { "Server", "X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version", "X-Generator", "X-Powered-CMS", "X-Runtime-Version", "X-Server", "Via" };

    /// <summary>"where: product/version" items the response discloses.</summary>
    public static IEnumerable<(string Where, string Product)> Read(HttpProbeResult r)
    {
        foreach (var name in s_headers)
        {
            foreach (var value in r.HeaderValues(name))
            {
                var v = TextSafety.StripControl(value.Trim());
                if (v.Length == 0 || v.Length > 300) continue;
                if (name is "X-AspNet-Version" or "X-AspNetMvc-Version")
                {
                    if (Regex.IsMatch(v, @"^\d+(\.\d+)+$", RegexOptions.None, s_timeout))
                        yield return (name, $"{(name == "X-AspNet-Version" ? "ASP.NET" : "ASP.NET MVC")} {v}");
                    continue;
                }
                MatchCollection matches;
                try { matches = s_productVersion.Matches(v); } catch (RegexMatchTimeoutException) { continue; }
                // "HTTP/1.1" is a protocol, not a product (Via names the protocol of each hop: "HTTP/1.1 proxy").
                if (matches.Any(m => !m.Groups[1].Value.Equals("HTTP", StringComparison.OrdinalIgnoreCase)))
                    yield return (name, TextSafety.Truncate(v, 120));
            }
        }
        foreach (var stated in ServerVersions.Read(r)) yield return stated;
        if (r.Body.Length == 0) yield break;
        var text = ExposureSignatures.Prefix(r.Text);
        foreach (var (where, pattern) in s_bodies)
        {
            Match m;
            try { m = pattern.Match(text); } catch (RegexMatchTimeoutException) { continue; }
            if (m.Success) yield return (where, TextSafety.Truncate(TextSafety.StripControl(m.Groups[1].Value.Trim()), 120));
        }
    }
}
