using System.Text;
using Microsoft.AspNetCore.Http;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// What Get-ApiInventory's crawler and JavaScript mining must find, or must stop at, where no real package plays it: a
/// single-page app whose API calls are only in its source map, a JSON root whose Link header names its description,
/// and (for the crawl benchmark) a site of 10,000 linked pages carrying a 20 MB bundle, which the per-origin budget
/// must cut short. Expect keys as in InventoryScenarios, plus Source = "path=Source" per endpoint.
/// </summary>
[ScenarioSet]
public static class CrawlScenarios
{
    /// <summary>Pages of the benchmark site, each linking the next ten (a tree 10,000 pages wide at depth 4).</summary>
    public const int BigSitePages = 10_000;
    /// <summary>Size of the benchmark site's bundle.</summary>
    public const int BundleBytes = 20 * 1024 * 1024;

    private static readonly Lazy<byte[]> s_bundle = new(BuildBundle);

    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        yield return new LabScenario
        {
            Name = "inv-spa-sourcemap",
            Area = "Inventory",
            Description = "A single-page app: its minified bundle builds URLs from variables; only the source map's original TypeScript names /api/v2/invoices.",
            Handler = ctx => (ctx.Request.Path.Value ?? "/") switch
            {
                "/" => FoundationScenarios.Html(ctx, "<!doctype html><html><head><title>Billing</title><script defer src=\"/static/js/main.3f9a1c.js\"></script></head><body><div id=\"root\"></div></body></html>"),
                "/static/js/main.3f9a1c.js" => Script(ctx, "!function(){var e=window.cfg,t=e.a+e.b;window.x=function(n){return fetch(t+n)}}();\n//# sourceMappingURL=main.3f9a1c.js.map\n"),
                "/static/js/main.3f9a1c.js.map" => Json(ctx, 200, """{"version":3,"file":"main.3f9a1c.js","sources":["webpack/bootstrap","src/api/invoices.ts","node_modules/react/index.js"],"sourcesContent":["(()=>{})()","export const listInvoices = () => http.get<Invoice[]>('/api/v2/invoices');\nexport const invoice = (id: string) => http.get<Invoice>(`/api/v2/invoices/${id}`);\n","module.exports = require('/api/not-ours');"],"mappings":"AAAA"}"""),
                "/api/v2/invoices" => Json(ctx, 200, """[{"id":"inv-1","total":12.5}]"""),
                "/api/v2/invoices/inv-1" => Json(ctx, 200, """{"id":"inv-1","total":12.5}"""),
                _ => NotFound(ctx),
            },
            Expect =
            {
                ["Endpoints"] = new[] { "Rest /api/v2" },
                ["Operations"] = new[] { "/api/v2=2" },
                ["Source"] = new[] { "/api/v2=SourceMap" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-link-header",
            Area = "Inventory",
            Description = "A JSON root whose RFC 8631 Link header (rel=service-desc) names its OpenAPI document at a path no wordlist has.",
            Handler = ctx => (ctx.Request.Path.Value ?? "/") switch
            {
                "/" => LinkedRoot(ctx),
                "/meta/description-v7" => Json(ctx, 200, """{"openapi":"3.0.3","info":{"title":"Linked","version":"7"},"paths":{"/things":{"get":{"responses":{"200":{"description":"ok"}}}}}}"""),
                _ => NotFound(ctx),
            },
            ExpectedFindings = new[] { "ATR-INV-001" },
            Expect =
            {
                ["Endpoints"] = new[] { "OpenApi /" },
                ["Operations"] = new[] { "/=1" },
                ["Source"] = new[] { "/=Header" },
            },
        };
        yield return new LabScenario
        {
            Name = "crawl-big-site",
            Area = "Crawl",
            Description = $"{BigSitePages:N0} linked pages (each links the next ten) and a {BundleBytes / (1024 * 1024)} MB bundle whose only API call is at its end: the crawl budget ends first.",
            Handler = BigSite,
            Expect = { ["Endpoints"] = Array.Empty<string>() },
        };
    }

    private static Task LinkedRoot(HttpContext ctx)
    {
        ctx.Response.Headers["Link"] = "</meta/description-v7>; rel=\"service-desc\"; type=\"application/vnd.oai.openapi+json\"";
        return Json(ctx, 200, """{"status":"ok"}""");
    }

    private static Task BigSite(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        if (path == "/static/bundle.js")
        {
            ctx.Response.ContentType = "application/javascript";
            ctx.Response.ContentLength = s_bundle.Value.Length;
            return ctx.Response.Body.WriteAsync(s_bundle.Value).AsTask();
        }
        if (path == "/api/late") return Json(ctx, 200, """{"late":true}""");
        var n = path == "/" ? 0 : path.StartsWith("/p/", StringComparison.Ordinal) && int.TryParse(path.AsSpan(3), out var i) ? i : -1;
        if (n < 0 || n > BigSitePages) return NotFound(ctx);
        var html = new StringBuilder("<!doctype html><html><head><title>Page ").Append(n).Append("</title>");
        if (n == 0) html.Append("<script src=\"/static/bundle.js\"></script>");
        html.Append("</head><body>");
        for (var k = 1; k <= 10; k++)
        {
            var child = n * 10 + k;
            if (child <= BigSitePages) html.Append("<a href=\"/p/").Append(child).Append("\">page ").Append(child).Append("</a> ");
        }
        return FoundationScenarios.Html(ctx, html.Append("</body></html>").ToString());
    }

    /// <summary>20 MB of minified-looking code with string literals all along, and the one API call at the very end.</summary>
    private static byte[] BuildBundle()
    {
        var sb = new StringBuilder(BundleBytes + 1024);
        var i = 0;
        while (sb.Length < BundleBytes - 64)
            sb.Append("function m").Append(i).Append("(e){var t=\"k").Append(i).Append("\",n=e/2;return t+\"/ui/\"+n}").Append(i++ % 20 == 0 ? "\n" : "");
        sb.Append("\nfetch('/api/late');\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static Task Script(HttpContext ctx, string code)
    {
        ctx.Response.ContentType = "application/javascript";
        return ctx.Response.WriteAsync(code);
    }

    private static Task Json(HttpContext ctx, int status, string json) => ApiSecurityScenarios.Json(ctx, status, json);

    private static Task NotFound(HttpContext ctx)
    {
        ctx.Response.StatusCode = 404;
        return FoundationScenarios.Html(ctx, "<html><head><title>Not found</title></head><body>Not found</body></html>");
    }
}
