using Microsoft.AspNetCore.Http;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// Technology-marker hosts for Get-TechnologyStack. Expect["Technologies"] is the exact set a Standard scan finds,
/// Expect["DeepTechnologies"] the exact set with -Depth Deep (favicon, robots.txt, error page), "Versions" holds
/// name=version pairs, ExpectedFindings the ATR-TECH rules.
/// </summary>
[ScenarioSet]
public static class TechnologyScenarios
{
    /// <summary>Bytes standing in for a vendor favicon; its Shodan-style hash (-96777732) is in the Pester test's user fingerprint.</summary>
    public static readonly byte[] Favicon = "APITHREAT-LAB-ICON-0001"u8.ToArray();

    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        yield return new LabScenario
        {
            Name = "tech-plain",
            Area = "Technology",
            Description = "A plain HTML page with no technology markers: nothing may be detected, even deep.",
            Handler = ctx => Page(ctx, 200, "text/html; charset=utf-8",
                "<!doctype html><html><head><title>Plain</title><script src=\"/js/app.js\"></script></head><body><p>plain</p></body></html>"),
            Expect = { ["Technologies"] = Array.Empty<string>(), ["DeepTechnologies"] = Array.Empty<string>() },
        };
        yield return new LabScenario
        {
            Name = "tech-wordpress",
            Area = "Technology",
            Description = "A WordPress 6.4.2 page on Apache/PHP 7.4 with jQuery 3.4.1 (known-vulnerable) and an end-of-life PHP.",
            Handler = ctx =>
            {
                ctx.Response.Headers["Server"] = "Apache/2.4.62 (Debian)";
                ctx.Response.Headers["X-Powered-By"] = "PHP/7.4.33";
                ctx.Response.Headers["Link"] = $"<https://{ctx.Request.Host}/wp-json/>; rel=\"https://api.w.org/\"";
                return Page(ctx, 200, "text/html; charset=UTF-8",
                    "<!DOCTYPE html><html lang=\"en-US\"><head><meta charset=\"UTF-8\"><title>Lab Blog &#8211; Just another WordPress site</title>" +
                    "<meta name=\"generator\" content=\"WordPress 6.4.2\" />" +
                    "<link rel='stylesheet' id='wp-block-library-css' href='/wp-includes/css/dist/block-library/style.min.css?ver=6.4.2' media='all' />" +
                    "<script src=\"/wp-includes/js/jquery/jquery.min.js?ver=3.4.1\" id=\"jquery-core-js\"></script></head><body class=\"home blog\"></body></html>");
            },
            ExpectedFindings = new[] { "ATR-TECH-001", "ATR-TECH-002" },
            Expect =
            {
                ["Technologies"] = new[] { "Apache HTTP Server", "Debian", "jQuery", "MySQL", "PHP", "WordPress" },
                ["Versions"] = new[] { "Apache HTTP Server=2.4.62", "jQuery=3.4.1", "PHP=7.4.33", "WordPress=6.4.2" },
            },
        };
        yield return new LabScenario
        {
            Name = "tech-express-api",
            Area = "Technology",
            Description = "An Express JSON API behind nginx: headers at once; deep adds the Express 404 page, robots.txt and the favicon.",
            Handler = ctx =>
            {
                ctx.Response.Headers["Server"] = "nginx";
                ctx.Response.Headers["X-Powered-By"] = "Express";
                switch (ctx.Request.Path.Value)
                {
                    case "/":
                        return Page(ctx, 200, "application/json; charset=utf-8", "{\"name\":\"orders\",\"version\":\"2.3.0\"}");
                    case "/favicon.ico":
                        ctx.Response.ContentType = "image/x-icon";
                        return ctx.Response.Body.WriteAsync(Favicon).AsTask();
                    case "/robots.txt":
                        return Page(ctx, 200, "text/plain", "User-agent: *\nDisallow: /internal/\n");
                    default:
                        return Page(ctx, 404, "text/html; charset=utf-8",
                            $"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot GET {System.Net.WebUtility.HtmlEncode(ctx.Request.Path.Value)}</pre>\n</body>\n</html>\n");
                }
            },
            Expect =
            {
                ["Technologies"] = new[] { "Express", "Nginx", "Node.js" },
                ["DeepTechnologies"] = new[] { "Express", "Nginx", "Node.js" },
            },
        };
        yield return new LabScenario
        {
            Name = "tech-keycloak",
            Area = "Technology",
            Description = "A Keycloak login page (cookies and theme resources).",
            Handler = ctx =>
            {
                ctx.Response.Headers.Append("Set-Cookie", "AUTH_SESSION_ID=8c1d2e3f.lab-kc; Path=/realms/lab/; Secure; HttpOnly; SameSite=None");
                ctx.Response.Headers.Append("Set-Cookie", "KC_RESTART=eyJhbGciOiJIUzI1NiJ9.e30.x; Path=/realms/lab/; Secure; HttpOnly");
                return Page(ctx, 200, "text/html;charset=utf-8",
                    "<!DOCTYPE html><html><head><title>Sign in to Lab</title>" +
                    "<link href=\"/resources/x1y2z/login/keycloak.v2/css/styles.css\" rel=\"stylesheet\" /></head><body id=\"keycloak-bg\"></body></html>");
            },
            Expect = { ["Technologies"] = new[] { "Java", "Keycloak" } },
        };
    }

    private static Task Page(HttpContext ctx, int status, string contentType, string body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        return ctx.Response.WriteAsync(body);
    }
}
