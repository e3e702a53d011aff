using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// Ground truth for Test-ApiSecurity: one clean API and, for each passive and active check, the same API with that
/// one flaw. Every host serves the same operations (see <see cref="Operations"/>): tests hand them to the scanner as
/// an ApiEndpoint's Operations. ExpectedFindings is the exact set of a passive run; Expect["ActiveFindings"] the
/// exact set with -Active. Expect["Scheme"] says which listener to scan (https unless stated).
/// GET /api/find?q= is the search with a query parameter, for URL-only scans (no specification).
/// Also a host serving a flawed OpenAPI document for Test-ApiSpecification -Url (Expect["SpecPath"], ["SpecFindings"]).
/// </summary>
[ScenarioSet]
public static class ApiSecurityScenarios
{
    public const string Token = "lab-api-token";

    /// <summary>The operations every Lab API host serves: "METHOD PATH [scheme]" (a scheme = secured).</summary>
    public static readonly string[] Operations =
    {
        "GET /api/users bearer",
        "GET /api/orders/{id} bearer",
        "GET /api/products",
        "GET /api/products/{id}",
        "GET /api/search/{term}",
        "GET /api/session",
        "GET /api/team",
    };

    [Flags]
    public enum Flaw
    {
        None = 0,
        SecuredOpen = 1 << 0, AdminExposed = 1 << 1, VerboseErrors = 1 << 2, Trace = 1 << 3, WriteMethods = 1 << 4,
        GraphQlIntrospection = 1 << 5, GraphQlSuggestions = 1 << 6, GraphQlBatching = 1 << 7, KeyInQuery = 1 << 8,
        PlainHttp = 1 << 9, NoRateLimit = 1 << 10, SequentialIds = 1 << 11, CacheablePii = 1 << 12, TokenNoStore = 1 << 13,
        Sqli = 1 << 14, NoSqli = 1 << 15, CommandInjection = 1 << 16, TemplateInjection = 1 << 17, Traversal = 1 << 18,
        Idor = 1 << 19, Xss = 1 << 20,
    }

    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        LabScenario Api(string name, Flaw flaw, string description, string[] passive, string[] active, string scheme = "https") => new()
        {
            Name = name,
            Area = "Api",
            Description = description,
            Handler = ctx => Handle(ctx, flaw, lab),
            ExpectedFindings = passive,
            Expect = { ["ActiveFindings"] = active, ["Scheme"] = new[] { scheme }, ["Operations"] = Operations },
        };
        string[] R(params int[] ids) => ids.Select(i => $"ATR-API-{i:000}").ToArray();

        yield return Api("api-clean", Flaw.None, "A well-behaved API: authentication enforced, generic errors, rate-limit headers, no-store, GraphQL hardened, input handled as data.", R(), R());
        yield return Api("api-secured-open", Flaw.SecuredOpen, "GET /api/users is declared bearer-secured but answers without a token.", R(1), R(1));
        yield return Api("api-admin-exposed", Flaw.AdminExposed, "Spring Boot Actuator /actuator/env answers without credentials.", R(2), R(2));
        yield return Api("api-verbose-errors", Flaw.VerboseErrors, "Unknown paths answer 404 with a Python traceback and file paths.", R(3), R(3));
        yield return Api("api-trace", Flaw.Trace, "OPTIONS advertises TRACE.", R(4), R(4));
        yield return Api("api-write-methods", Flaw.WriteMethods, "OPTIONS on the public product resources advertises PUT and DELETE, and a DELETE of a missing product answers 404 without credentials (the route is open; tried with -Active only).", R(), R(5));
        yield return Api("api-graphql-introspection", Flaw.GraphQlIntrospection, "GraphQL answers introspection.", R(6), R(6));
        yield return Api("api-graphql-suggestions", Flaw.GraphQlSuggestions, "GraphQL answers unknown fields with \"Did you mean\".", R(7), R(7));
        yield return Api("api-graphql-batching", Flaw.GraphQlBatching, "GraphQL executes arrays of queries.", R(8), R(8));
        yield return Api("api-key-in-query", Flaw.KeyInQuery, "Secured operations read api_key from the query string (a bogus key is rejected as invalid).", R(9), R(9));
        yield return Api("api-plain-http", Flaw.PlainHttp, "The HTTP listener serves the API (no redirect) and asks for bearer tokens; nothing answers https:// on port 443.",
            R(10).Append("ATR-EXPO-013").ToArray(), R(10).Append("ATR-EXPO-013").ToArray(), scheme: "http");
        yield return Api("api-no-rate-limit", Flaw.NoRateLimit, "No rate-limit headers, never 429.", R(11), R(11, 21));
        yield return Api("api-sequential-ids", Flaw.SequentialIds, "The public product list has ids 1, 2, 3.", R(12), R(12));
        yield return Api("api-cacheable-pii", Flaw.CacheablePii, "The team list carries e-mails and phones, to anyone (ATR-EXPO-010), with Cache-Control: public, max-age=600.",
            R(13).Append("ATR-EXPO-010").ToArray(), R(13).Append("ATR-EXPO-010").ToArray());
        yield return Api("api-token-no-store", Flaw.TokenNoStore, "GET /api/session hands out an access token without Cache-Control: no-store.", R(14), R(14));
        yield return Api("api-sqli", Flaw.Sqli, "The search term reaches SQL: a quote gives a MySQL syntax error.", R(), R(15));
        yield return Api("api-nosqli", Flaw.NoSqli, "The search term reaches MongoDB: an operator object gives a MongoServerError.", R(), R(16));
        yield return Api("api-command-injection", Flaw.CommandInjection, "The search term reaches a shell: $(expr a + b) is evaluated.", R(), R(17));
        yield return Api("api-template-injection", Flaw.TemplateInjection, "The search term is rendered as a template: {{a*b}} is evaluated.", R(), R(18));
        yield return Api("api-traversal", Flaw.Traversal, "The search term is used as a file path: ../../etc/passwd is read.", R(), R(19));
        yield return Api("api-idor", Flaw.Idor, "Orders are readable without a token, by sequential id.", R(1), R(1, 20));
        yield return Api("api-xss", Flaw.Xss, "The search page reflects the term unescaped into HTML.", R(), R(22));

        yield return new LabScenario
        {
            Name = "api-spec-host",
            Area = "Api",
            Description = "Serves a flawed Swagger 2.0 document at /swagger.json and a clean-enough one at /empty.json.",
            Handler = ctx => ctx.Request.Path.Value switch
            {
                "/swagger.json" => Json(ctx, 200, FlawedSwagger),
                "/not-a-spec.json" => Json(ctx, 200, "{\"hello\":\"world\"}"),
                _ => Json(ctx, 404, "{\"error\":\"not found\"}"),
            },
            Expect =
            {
                ["SpecPath"] = new[] { "/swagger.json" },
                ["SpecFindings"] = new[] { "ATR-SPEC-001", "ATR-SPEC-003", "ATR-SPEC-004", "ATR-SPEC-010", "ATR-SPEC-011", "ATR-SPEC-012", "ATR-SPEC-013", "ATR-SPEC-014", "ATR-SPEC-016", "ATR-SPEC-017", "ATR-SPEC-018", "ATR-SPEC-019", "ATR-SPEC-020", "ATR-SPEC-021", "ATR-SPEC-022", "ATR-SPEC-025", "ATR-SPEC-026", "ATR-SPEC-027", "ATR-SPEC-028" },
                ["NotSpecPath"] = new[] { "/not-a-spec.json" },
            },
        };
    }

    // ------------------------------------------------------------------ the Lab API

    private static async Task Handle(HttpContext ctx, Flaw flaw, LabContext lab)
    {
        var req = ctx.Request;
        var res = ctx.Response;
        var path = req.Path.Value ?? "/";
        if (!flaw.HasFlag(Flaw.NoRateLimit))
        {
            res.Headers["RateLimit-Limit"] = "100";
            res.Headers["RateLimit-Remaining"] = "99";
            res.Headers["RateLimit-Reset"] = "60";
        }
        // A clean HTTP listener only redirects.
        if (!req.IsHttps && !flaw.HasFlag(Flaw.PlainHttp))
        {
            res.StatusCode = 301;
            res.Headers.Location = $"https://{req.Host.Host}:{lab.HttpsPort}{path}{req.QueryString}";
            return;
        }
        res.Headers.CacheControl = "no-store";

        if (req.Method == "OPTIONS")
        {
            var allow = "GET, HEAD, OPTIONS";
            if (flaw.HasFlag(Flaw.WriteMethods) && path.StartsWith("/api/products")) allow += ", PUT, DELETE";
            if (flaw.HasFlag(Flaw.Trace)) allow += ", TRACE";
            res.Headers.Allow = allow;
            res.StatusCode = 204;
            return;
        }
        if (path == "/graphql" && req.Method == "POST") { await GraphQl(ctx, flaw); return; }
        // GraphQL over HTTP: a query may come by GET too (graphql-http, express-graphql, Apollo with a preflight header).
        if (path == "/graphql" && req.Method == "GET" && req.Query.TryGetValue("query", out var getQuery))
        {
            using var request = JsonDocument.Parse(JsonSerializer.Serialize(new { query = getQuery.ToString() }));
            await Json(ctx, 200, Execute(request.RootElement, flaw));
            return;
        }
        if (flaw.HasFlag(Flaw.WriteMethods) && req.Method is "PUT" or "DELETE" && path.StartsWith("/api/products/", StringComparison.Ordinal))
        {
            await Json(ctx, 404, "{\"error\":\"no such product\"}"); // routed, and asks for no credentials
            return;
        }
        if (req.Method is not ("GET" or "HEAD")) { await Json(ctx, 405, "{\"error\":\"method not allowed\"}"); return; }

        switch (path)
        {
            case "/":
                await Json(ctx, 200, "{\"name\":\"lab api\",\"docs\":\"/docs\"}");
                return;
            case "/actuator/env" when flaw.HasFlag(Flaw.AdminExposed):
                await Json(ctx, 200, "{\"activeProfiles\":[\"prod\"],\"propertySources\":[{\"name\":\"systemEnvironment\",\"properties\":{\"DB_PASSWORD\":{\"value\":\"******\"}}}]}");
                return;
            case "/api/users":
                if (!Authorized(ctx, flaw.HasFlag(Flaw.SecuredOpen))) { await Unauthorized(ctx, flaw); return; }
                await Json(ctx, 200, "[{\"id\":\"5b0c6f7e-2d7a-4f5e-9a51-0c1f3b1d2e01\",\"name\":\"Ann\"},{\"id\":\"a3e1f2c4-8b9d-4e6f-8a7b-1c2d3e4f5a6b\",\"name\":\"Bob\"}]");
                return;
            case "/api/products":
                await Json(ctx, 200, flaw.HasFlag(Flaw.SequentialIds)
                    ? "[{\"id\":1,\"name\":\"Widget\"},{\"id\":2,\"name\":\"Gadget\"},{\"id\":3,\"name\":\"Gizmo\"}]"
                    : "[{\"sku\":\"W-1\",\"name\":\"Widget\"},{\"sku\":\"G-2\",\"name\":\"Gadget\"},{\"sku\":\"Z-3\",\"name\":\"Gizmo\"}]");
                return;
            case "/api/session":
                if (!flaw.HasFlag(Flaw.TokenNoStore)) res.Headers.CacheControl = "no-store";
                else res.Headers.CacheControl = "max-age=0";
                await Json(ctx, 200, "{\"access_token\":\"eyJhbGciOiJub25lIn0.eyJzdWIiOiJndWVzdCJ9.\",\"token_type\":\"Bearer\",\"expires_in\":300}");
                return;
            case "/api/find":
                await Search(ctx, flaw, req.Query["q"].ToString());
                return;
            case "/api/team":
                if (flaw.HasFlag(Flaw.CacheablePii)) res.Headers.CacheControl = "public, max-age=600";
                // The clean API lists its team by name and title only; the flawed one adds contact data.
                await Json(ctx, 200, flaw.HasFlag(Flaw.CacheablePii)
                    ? "[{\"name\":\"Ann Example\",\"email\":\"ann@contoso.example\",\"phone\":\"+1 555 0100\"}]"
                    : "[{\"name\":\"Ann Example\",\"title\":\"Engineer\"}]");
                return;
        }
        if (path.StartsWith("/api/products/", StringComparison.Ordinal))
        {
            var id = path["/api/products/".Length..];
            await Json(ctx, 200, JsonSerializer.Serialize(new { sku = "W-" + id, name = "Widget" }));
            return;
        }
        if (path.StartsWith("/api/orders/", StringComparison.Ordinal))
        {
            if (!Authorized(ctx, flaw.HasFlag(Flaw.Idor))) { await Unauthorized(ctx, flaw); return; }
            var id = path["/api/orders/".Length..];
            await Json(ctx, 200, JsonSerializer.Serialize(new { order = id, total = 10 + id.Length, status = "shipped" }));
            return;
        }
        if (path.StartsWith("/api/search/", StringComparison.Ordinal))
        {
            await Search(ctx, flaw, Uri.UnescapeDataString(path["/api/search/".Length..]));
            return;
        }
        if (flaw.HasFlag(Flaw.VerboseErrors))
        {
            res.StatusCode = 404;
            res.ContentType = "text/plain";
            await res.WriteAsync("Traceback (most recent call last):\n  File \"/usr/src/app/api/views.py\", line 41, in dispatch\n    return handler(request)\nKeyError: 'route'\n");
            return;
        }
        await Json(ctx, 404, "{\"error\":\"not found\"}");
    }

    private static bool Authorized(HttpContext ctx, bool open) =>
        open || ctx.Request.Headers.Authorization.ToString() == "Bearer " + Token;

    private static Task Unauthorized(HttpContext ctx, Flaw flaw)
    {
        ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"lab\"";
        var key = ctx.Request.Query["api_key"].ToString();
        if (flaw.HasFlag(Flaw.KeyInQuery) && key.Length > 0) return Json(ctx, 401, "{\"error\":\"invalid api key\"}");
        return Json(ctx, 401, "{\"error\":\"authentication required\"}");
    }

    private static async Task Search(HttpContext ctx, Flaw flaw, string term)
    {
        if (flaw.HasFlag(Flaw.Sqli) && (term.Contains('\'') || term.Contains('"')))
        {
            await Json(ctx, 500, "{\"error\":\"You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near ''' at line 1\"}");
            return;
        }
        if (flaw.HasFlag(Flaw.NoSqli) && term.Contains('$'))
        {
            await Json(ctx, 500, "{\"error\":\"MongoServerError: unknown operator: $gt\"}");
            return;
        }
        var shown = term;
        if (flaw.HasFlag(Flaw.CommandInjection))
            shown = Regex.Replace(shown, @"\$\(expr (\d+) \+ (\d+)\)", m => (long.Parse(m.Groups[1].Value) + long.Parse(m.Groups[2].Value)).ToString());
        if (flaw.HasFlag(Flaw.TemplateInjection))
            shown = Regex.Replace(shown, @"\{\{(\d+)\*(\d+)\}\}", m => (long.Parse(m.Groups[1].Value) * long.Parse(m.Groups[2].Value)).ToString());
        if (flaw.HasFlag(Flaw.Traversal) && term.Contains("../") && term.EndsWith("etc/passwd"))
        {
            ctx.Response.ContentType = "text/plain";
            await ctx.Response.WriteAsync("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n");
            return;
        }
        if (flaw.HasFlag(Flaw.Xss))
        {
            ctx.Response.ContentType = "text/html; charset=utf-8";
            await ctx.Response.WriteAsync($"<html><body><p>No results for {shown}</p></body></html>");
            return;
        }
        await Json(ctx, 200, JsonSerializer.Serialize(new { query = shown, results = Array.Empty<string>() }));
    }

    private static async Task GraphQl(HttpContext ctx, Flaw flaw)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        var body = await reader.ReadToEndAsync();
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body); }
        catch (JsonException) { await Json(ctx, 400, "{\"errors\":[{\"message\":\"invalid JSON\"}]}"); return; }
        using (doc)
        {
            if (doc.RootElement.ValueKind == JsonValueKind.Array)
            {
                if (!flaw.HasFlag(Flaw.GraphQlBatching)) { await Json(ctx, 400, "{\"errors\":[{\"message\":\"batched operations are not supported\"}]}"); return; }
                var results = doc.RootElement.EnumerateArray().Select(q => Execute(q, flaw)).ToArray();
                await Json(ctx, 200, "[" + string.Join(",", results) + "]");
                return;
            }
            await Json(ctx, 200, Execute(doc.RootElement, flaw));
        }
    }

    private static string Execute(JsonElement request, Flaw flaw)
    {
        var query = request.ValueKind == JsonValueKind.Object && request.TryGetProperty("query", out var q) ? q.GetString() ?? "" : "";
        if (query.Contains("__schema"))
            return flaw.HasFlag(Flaw.GraphQlIntrospection)
                ? "{\"data\":{\"__schema\":{\"queryType\":{\"name\":\"Query\",\"fields\":[{\"name\":\"products\"},{\"name\":\"users\"}]},\"mutationType\":{\"name\":\"Mutation\"},\"types\":[{\"name\":\"Query\"},{\"name\":\"Mutation\"},{\"name\":\"Product\"},{\"name\":\"User\"}]}}}"
                : "{\"errors\":[{\"message\":\"GraphQL introspection is not allowed\"}]}";
        var fields = Regex.Matches(query, @"[A-Za-z_]\w*").Select(m => m.Value).Where(f => f is not ("query" or "__typename")).ToList();
        var unknown = fields.FirstOrDefault(f => f is not ("products" or "users" or "name"));
        if (unknown is not null)
        {
            var hint = flaw.HasFlag(Flaw.GraphQlSuggestions) ? " Did you mean \\\"products\\\"?" : "";
            return "{\"errors\":[{\"message\":\"Cannot query field \\\"" + unknown + "\\\" on type \\\"Query\\\"." + hint + "\"}]}";
        }
        return "{\"data\":{\"__typename\":\"Query\"}}";
    }

    internal static Task Json(HttpContext ctx, int status, string json)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        return ctx.Response.WriteAsync(json);
    }

    private const string FlawedSwagger = """
        {
          "swagger": "2.0",
          "info": { "title": "Legacy pets (Swagger 2.0)", "version": "0.9" },
          "host": "dev.pets.contoso.example.com",
          "basePath": "/api",
          "schemes": ["http"],
          "securityDefinitions": { "basic": { "type": "basic" }, "key": { "type": "apiKey", "in": "query", "name": "key" } },
          "security": [ { "key": [] } ],
          "paths": {
            "/pets": {
              "get": { "parameters": [ { "name": "limit", "in": "query", "type": "integer" } ],
                       "responses": { "200": { "description": "ok", "schema": { "type": "array", "items": { "$ref": "#/definitions/Pet" } } } } },
              "post": { "security": [], "parameters": [ { "name": "body", "in": "body", "schema": { "$ref": "#/definitions/Pet" } } ],
                        "responses": { "201": { "description": "created" } } }
            },
            "/pets/{petId}": {
              "get": { "security": [ { "basic": [] } ],
                       "parameters": [ { "name": "petId", "in": "path", "required": true, "type": "integer", "format": "int64" } ],
                       "responses": { "200": { "description": "ok", "schema": { "$ref": "#/definitions/Pet" } } } }
            }
          },
          "definitions": {
            "Pet": { "type": "object", "properties": { "id": { "type": "integer", "format": "int64" }, "name": { "type": "string" }, "photoUrls": { "type": "array", "items": { "type": "string" } } } }
          }
        }
        """;
}
