using ApiThreat.Lab.Dns;
using ApiThreat.Lab.Web;
using Microsoft.AspNetCore.Http;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// The fleet Invoke-ApiThreatScan is tested and benchmarked on: scanfleet.&lt;zone&gt; (zone transfer open) holds
/// api-N (JSON APIs with an OpenAPI document), site-N (plain websites), ns1 (the Lab's own address) and dark-N names
/// whose address (127.0.31.x) nothing listens on — the silent majority of a real domain. Sizes: 3 APIs, 3 sites and 30
/// dark names, or APITHREAT_LAB_SCANFLEET="names,live" (e.g. "20000,200") for the end-to-end benchmark.
/// </summary>
[ScenarioSet]
[ZoneSet]
public static class ScanScenarios
{
    public const string Label = "scanfleet";

    /// <summary>(APIs, sites, dark names) of the fleet.</summary>
    public static (int Apis, int Sites, int Dark) Size()
    {
        var spec = Environment.GetEnvironmentVariable("APITHREAT_LAB_SCANFLEET");
        if (spec?.Split(',') is [var n, var l] && int.TryParse(n, out var names) && int.TryParse(l, out var live) && live <= names && live >= 2)
            return (live / 2, live - live / 2, names - live);
        return (3, 3, 30);
    }

    public static IEnumerable<LabZone> Zones(LabContext lab)
    {
        var zone = new LabZone($"{Label}.{lab.Zone}", allowTransfer: true);
        var o = zone.Origin;
        zone.Add(LabRecord.Ns(o, "ns1." + o)).Add(LabRecord.A("ns1." + o, "127.0.0.1"));
        var (apis, sites, dark) = Size();
        for (var i = 1; i <= apis; i++) zone.Add(LabRecord.A($"api-{i}.{o}", "127.0.0.1"));
        for (var i = 1; i <= sites; i++) zone.Add(LabRecord.A($"site-{i}.{o}", "127.0.0.1"));
        for (var i = 1; i <= dark; i++) zone.Add(LabRecord.A($"dark-{i}.{o}", $"127.0.{31 + i / 250}.{1 + i % 250}"));
        yield return zone;
    }

    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        yield return new LabScenario
        {
            Name = "scan-fleet",
            Host = $"*.{Label}.{lab.Zone}",
            Area = "Scan",
            Certificate = CertKind.Wildcard,
            Records = Array.Empty<LabRecord>(), // the names live in the scanfleet zone itself
            Description = "Every live name of the scan fleet: api-N serve a JSON API and its OpenAPI document, any other name a plain page.",
            Handler = ctx => ctx.Request.Host.Host.StartsWith("api-", StringComparison.OrdinalIgnoreCase)
                ? (ctx.Request.Path.Value?.TrimEnd('/') ?? "") switch
                {
                    "/openapi.json" => Json(ctx, 200, Spec(ctx)),
                    "" => Json(ctx, 200, "{\"ok\":true}"),
                    _ => Json(ctx, 404, "{\"error\":\"not found\"}"),
                }
                : ctx.Request.Path == "/"
                    ? FoundationScenarios.Html(ctx, "<html><head><title>Fleet site</title></head><body>plain</body></html>")
                    : NotFound(ctx),
        };
    }

    private static Task NotFound(HttpContext ctx)
    {
        ctx.Response.StatusCode = 404;
        ctx.Response.ContentType = "text/html; charset=utf-8";
        return ctx.Response.WriteAsync("<html><head><title>Not found</title></head><body>no such page</body></html>");
    }

    private static Task Json(HttpContext ctx, int status, string json)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(json);
    }

    private static string Spec(HttpContext ctx) => """
        {"openapi":"3.0.3","info":{"title":"Fleet API","version":"1.0"},
         "servers":[{"url":"ORIGIN"}],
         "components":{"securitySchemes":{"bearer":{"type":"http","scheme":"bearer"}}},
         "security":[{"bearer":[]}],
         "paths":{"/items":{"get":{"operationId":"listItems","responses":{"200":{"description":"items"},"401":{"description":"no token"},"429":{"description":"slow down"}}}}}}
        """.Replace("ORIGIN", $"{ctx.Request.Scheme}://{ctx.Request.Host}");
}
