using System.Text.RegularExpressions;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// Links to API descriptions in what a host serves for people and crawlers: Swagger UI and ReDoc pages (the spec URL
/// they load), robots.txt and sitemap.xml (paths that look like APIs or their documentation), security.txt.
/// Everything returned is a URL on the same host; the caller still passes each through the scope guard.
/// </summary>
public static class DocumentationPages
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(200);
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private static readonly Regex s_swaggerUi = new(@"swagger-ui|SwaggerUIBundle|SwaggerUIStandalonePreset", Options, s_timeout);
    private static readonly Regex s_redoc = new(@"<redoc\b|Redoc\.init|redoc\.standalone", Options, s_timeout);
    private static readonly Regex s_rapidoc = new(@"<rapi-doc\b|<elements-api\b|@stoplight/elements|scalar-api-reference|id=""api-reference""|<title>Scalar API Reference</title>|Scalar\.createApiReference", Options, s_timeout);
    // Mojolicious::Plugin::OpenAPI's SpecRenderer: the specification rendered as HTML at its own route with .html
    // (GET /api.html beside /api and /api.json), its layout marked by these classes and the plugin's logo.
    private static readonly Regex s_mojoRenderer = new(@"class=""[^""]{0,100}\bopenapi-container\b|/mojolicious/plugin/openapi/logo\.png", Options, s_timeout);
    private static readonly Regex[] s_specUrls =
    {
        new(@"\burl\s*:\s*[""'`](?<u>[^""'`\s]{1,512})[""'`]", Options, s_timeout),                      // SwaggerUIBundle({ url: "..." })
        new(@"""url""\s*:\s*""(?<u>[^""\s]{1,512})""", Options, s_timeout),                              // urls: [{"url": "..."}]
        new(@"\bconfigUrl\s*:\s*[""'`](?<u>[^""'`\s]{1,512})[""'`]", Options, s_timeout),
        new(@"\bspec-url\s*=\s*[""'](?<u>[^""'\s]{1,512})[""']", Options, s_timeout),                    // <redoc spec-url="...">
        new(@"Redoc\.init\(\s*[""'`](?<u>[^""'`\s]{1,512})[""'`]", Options, s_timeout),
        new(@"<(?:rapi-doc|elements-api)\b[^>]{0,1024}?\b(?:spec-url|apiDescriptionUrl)\s*=\s*[""'](?<u>[^""'\s]{1,512})[""']", Options, s_timeout),
        new(@"\bdata-url\s*=\s*[""'](?<u>[^""'\s]{1,512})[""']", Options, s_timeout),                    // Scalar
    };
    private static readonly Regex s_apiPath = new(@"(?:^|/)(?:api|apis|rest|graphql|gql|swagger|openapi|api-docs|redoc|soap|wsdl|wadl|asyncapi|v\d{1,2})(?:[/._-]|$)", Options, s_timeout);
    private static readonly Regex s_loc = new(@"<loc>\s*(?<u>[^<\s]{1,2048})\s*</loc>", Options, s_timeout);

    /// <summary>Swagger UI, ReDoc, RapiDoc, Stoplight Elements or Scalar, when the page is one of them.</summary>
    public static string? Viewer(string html)
    {
        // A viewer is an HTML page; a text answer that merely echoes the path it was asked (Webdis' "-ERR unknown command
        // 'swagger-ui'") names no viewer.
        if (!html.Contains('<')) return null;
        try
        {
            if (s_swaggerUi.IsMatch(html)) return "Swagger UI";
            if (s_redoc.IsMatch(html)) return "ReDoc";
            if (s_rapidoc.IsMatch(html)) return "API documentation viewer";
            if (s_mojoRenderer.IsMatch(html)) return "Mojolicious::Plugin::OpenAPI documentation";
        }
        catch (RegexMatchTimeoutException) { }
        return null;
    }

    /// <summary>The spec URLs a documentation page names, resolved against the page, same host only, at most 4.</summary>
    public static IReadOnlyList<Uri> SpecUrls(string html, Uri page)
    {
        var found = new List<Uri>();
        var text = html.Length > 512 * 1024 ? html[..(512 * 1024)] : html;
        try
        {
            // The renderer names no URL: the same route answers JSON without the .html suffix.
            if (page.AbsolutePath.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && s_mojoRenderer.IsMatch(text))
                found.Add(new Uri(page, page.AbsolutePath[..^5] + ".json"));
        }
        catch (RegexMatchTimeoutException) { }
        foreach (var regex in s_specUrls)
        {
            try
            {
                foreach (Match m in regex.Matches(text))
                {
                    var raw = System.Net.WebUtility.HtmlDecode(m.Groups["u"].Value);
                    if (raw.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)) continue;
                    if (!Uri.TryCreate(page, raw, out var u) || u.Scheme is not ("http" or "https")) continue;
                    if (!string.Equals(u.IdnHost, page.IdnHost, StringComparison.OrdinalIgnoreCase)) continue;
                    if (u.AbsolutePath.EndsWith(".js", StringComparison.OrdinalIgnoreCase) || u.AbsolutePath.EndsWith(".css", StringComparison.OrdinalIgnoreCase)) continue;
                    if (!found.Contains(u)) found.Add(u);
                    // A relative URL ("openapi/v1.json") some viewers resolve against the site rather than the page
                    // (Scalar for ASP.NET Core at /scalar/v1): the site-rooted reading is tried second.
                    if (!raw.StartsWith('/') && !raw.Contains("://", StringComparison.Ordinal) && !raw.StartsWith('.')
                        && Uri.TryCreate(new Uri(page, "/"), raw, out var rooted) && !found.Contains(rooted)) found.Add(rooted);
                    if (found.Count >= 4) return found;
                }
            }
            catch (RegexMatchTimeoutException) { }
        }
        return found;
    }

    /// <summary>Paths of robots.txt Allow/Disallow lines (and Sitemap URLs) that look like APIs or their docs, at most 8.</summary>
    public static (IReadOnlyList<string> Paths, IReadOnlyList<Uri> Sitemaps) RobotsHints(string text, Uri robots)
    {
        var paths = new List<string>();
        var sitemaps = new List<Uri>();
        foreach (var rawLine in text.Split('\n').Take(2000))
        {
            var line = rawLine.Split('#')[0].Trim();
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var field = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (field == "sitemap" && Uri.TryCreate(value, UriKind.Absolute, out var sm) && string.Equals(sm.IdnHost, robots.IdnHost, StringComparison.OrdinalIgnoreCase))
            {
                if (sitemaps.Count < 2) sitemaps.Add(sm);
                continue;
            }
            if (field is not ("allow" or "disallow") || value.Length < 2 || !value.StartsWith('/')) continue;
            var cut = value.IndexOfAny(new[] { '*', '$', '?' });
            var path = (cut >= 0 ? value[..cut] : value).TrimEnd('/');
            if (path.Length < 2 || !LooksLikeApi(path) || paths.Contains(path, StringComparer.Ordinal)) continue;
            paths.Add(path);
            if (paths.Count >= 8) break;
        }
        return (paths, sitemaps);
    }

    /// <summary>Same-host sitemap locations whose path looks like an API or its docs, at most 8.</summary>
    public static IReadOnlyList<string> SitemapHints(string xml, Uri sitemap)
    {
        var paths = new List<string>();
        try
        {
            foreach (Match m in s_loc.Matches(xml.Length > 1024 * 1024 ? xml[..(1024 * 1024)] : xml))
            {
                if (!Uri.TryCreate(m.Groups["u"].Value, UriKind.Absolute, out var u) || !string.Equals(u.IdnHost, sitemap.IdnHost, StringComparison.OrdinalIgnoreCase)) continue;
                var path = u.AbsolutePath.TrimEnd('/');
                if (path.Length < 2 || !LooksLikeApi(path) || paths.Contains(path, StringComparer.Ordinal)) continue;
                paths.Add(path);
                if (paths.Count >= 8) break;
            }
        }
        catch (RegexMatchTimeoutException) { }
        return paths;
    }

    /// <summary>An RFC 9116 security.txt: plain text with a Contact field.</summary>
    public static bool IsSecurityTxt(HttpProbeResult r) =>
        r.StatusCode == 200 && !ApiSignals.IsHtml(r) && r.Body.Length is > 0 and < 64 * 1024
        && r.Text.Split('\n').Any(l => l.TrimStart().StartsWith("Contact:", StringComparison.OrdinalIgnoreCase));

    public static bool LooksLikeApi(string path)
    {
        try { return s_apiPath.IsMatch(path); } catch (RegexMatchTimeoutException) { return false; }
    }
}
