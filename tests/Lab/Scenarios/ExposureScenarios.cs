using System.Text;
using Microsoft.AspNetCore.Http;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// Ground truth for the exposure rules no installable package plays here (tests/Real covers the servers and
/// frameworks): a GraphQL IDE, WordPress's REST user listing, a deployed source map, macOS and editor leftovers. Each
/// host is the clean Lab API (api-clean is the negative twin) plus that one exposure. Area "Api": Test-ApiSecurity's
/// exact-set tests run them.
/// </summary>
[ScenarioSet]
public static class ExposureScenarios
{
    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        LabScenario S(string name, string description, Func<HttpContext, string, Task<bool>> serve, params string[] findings) => new()
        {
            Name = name, Area = "Api", Description = description,
            Handler = ctx => Handle(ctx, lab, serve),
            ExpectedFindings = findings,
            Expect = { ["ActiveFindings"] = findings, ["Scheme"] = new[] { "https" } },
        };

        yield return S("expo-graphql-ide", "GraphiQL (as graphql-http's examples and express-graphql serve it) answers GET /graphql for browsers; introspection is off.",
            async (ctx, path) =>
            {
                if (path != "/graphql") return false;
                if (ctx.Request.Method == "POST") { await ApiSecurityScenarios.Json(ctx, 200, "{\"data\":{\"__typename\":\"Query\"}}"); return true; }
                ctx.Response.ContentType = "text/html; charset=utf-8";
                await ctx.Response.WriteAsync("<!doctype html><html><head><title>GraphiQL</title><link rel=\"stylesheet\" href=\"https://unpkg.com/graphiql/graphiql.min.css\" /></head>"
                    + "<body><div id=\"graphiql\">Loading...</div><script src=\"https://unpkg.com/graphiql/graphiql.min.js\"></script>"
                    + "<script>ReactDOM.render(React.createElement(GraphiQL, { fetcher: GraphiQL.createFetcher({ url: '/graphql' }) }), document.getElementById('graphiql'));</script></body></html>");
                return true;
            }, "ATR-EXPO-009");

        yield return S("expo-wordpress-users", "WordPress's REST API lists its users (the shape of /wp-json/wp/v2/users: id, name, slug, avatar_urls, _links).",
            async (ctx, path) =>
            {
                if (path != "/wp-json/wp/v2/users") return false;
                await ApiSecurityScenarios.Json(ctx, 200, "[{\"id\":1,\"name\":\"admin\",\"url\":\"\",\"description\":\"\",\"link\":\"https://blog.example/author/admin/\",\"slug\":\"admin\","
                    + "\"avatar_urls\":{\"24\":\"https://secure.gravatar.com/avatar/0?s=24\"},\"meta\":[],\"_links\":{\"self\":[{\"href\":\"https://blog.example/wp-json/wp/v2/users/1\"}],"
                    + "\"collection\":[{\"href\":\"https://blog.example/wp-json/wp/v2/users\"}]}}]");
                return true;
            }, "ATR-EXPO-011");

        yield return S("expo-source-map", "The home page loads /static/app.min.js, whose sourceMappingURL points at a deployed version-3 source map.",
            async (ctx, path) =>
            {
                switch (path)
                {
                    case "/":
                        ctx.Response.ContentType = "text/html; charset=utf-8";
                        await ctx.Response.WriteAsync("<!doctype html><html><head><title>Shop</title><script src=\"/static/app.min.js\"></script></head><body><h1>Shop</h1></body></html>");
                        return true;
                    case "/static/app.min.js":
                        ctx.Response.ContentType = "text/javascript";
                        await ctx.Response.WriteAsync("console.log(\"shop\");\n//# sourceMappingURL=app.min.js.map\n");
                        return true;
                    case "/static/app.min.js.map":
                        await ApiSecurityScenarios.Json(ctx, 200, "{\"version\":3,\"file\":\"app.min.js\",\"sources\":[\"../src/app.ts\",\"../src/secret-admin-routes.ts\"],\"names\":[],\"mappings\":\"AAAA\"}");
                        return true;
                }
                return false;
            }, "ATR-EXPO-008");

        yield return S("expo-leftovers", "A macOS .DS_Store and a Vim swap file of index.php left in the web root.",
            async (ctx, path) =>
            {
                byte[]? body = path switch
                {
                    "/.DS_Store" => new byte[] { 0, 0, 0, 1, (byte)'B', (byte)'u', (byte)'d', (byte)'1', 0, 0, 16, 0, 0, 0, 8, 0 },
                    "/.index.php.swp" => Encoding.ASCII.GetBytes("b0VIM 8.2\0\0\0\0\x10\0\0root\0\0\0\0lab\0\0/var/www/html/index.php\0"),
                    _ => null,
                };
                if (body is null) return false;
                ctx.Response.ContentType = "application/octet-stream";
                await ctx.Response.Body.WriteAsync(body);
                return true;
            }, "ATR-EXPO-005", "ATR-EXPO-007");
    }

    /// <summary>The clean Lab API's manners (HTTPS only, rate-limit headers, no-store, JSON 404s) around the scenario's own paths.</summary>
    private static async Task Handle(HttpContext ctx, LabContext lab, Func<HttpContext, string, Task<bool>> serve)
    {
        var req = ctx.Request;
        var res = ctx.Response;
        var path = req.Path.Value ?? "/";
        res.Headers["RateLimit-Limit"] = "100";
        res.Headers["RateLimit-Remaining"] = "99";
        res.Headers["RateLimit-Reset"] = "60";
        if (!req.IsHttps)
        {
            res.StatusCode = 301;
            res.Headers.Location = $"https://{req.Host.Host}:{lab.HttpsPort}{path}{req.QueryString}";
            return;
        }
        res.Headers.CacheControl = "no-store";
        if (req.Method == "OPTIONS") { res.Headers.Allow = "GET, HEAD, OPTIONS"; res.StatusCode = 204; return; }
        if (await serve(ctx, path)) return;
        if (req.Method is not ("GET" or "HEAD")) { await ApiSecurityScenarios.Json(ctx, 405, "{\"error\":\"method not allowed\"}"); return; }
        if (path == "/") { await ApiSecurityScenarios.Json(ctx, 200, "{\"name\":\"lab api\"}"); return; }
        await ApiSecurityScenarios.Json(ctx, 404, "{\"error\":\"not found\"}");
    }
}
