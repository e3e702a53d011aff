using ApiThreat.Lab.Dns;
using System.Text;
using ApiThreat.Lab.Web;
using Microsoft.AspNetCore.Http;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// API discovery and inventory (Get-ApiInventory, Compare-ApiInventory): REST APIs with OpenAPI 2, 3.0 and 3.1 at
/// different well-known paths (JSON and YAML), a Swagger UI page naming a spec, GraphQL with and without
/// introspection, SOAP with WSDL, WADL, AsyncAPI, a Postman collection, gRPC-web, OIDC discovery, APIs behind Basic,
/// Bearer and API-key authentication, a non-production host serving two versions, plain websites (nothing to
/// report), a host that changes between runs (inv-drift, flipped through /__lab/state) and a wildcard subtree of
/// 2,000+ mostly plain hosts for the benchmark.
/// Expect keys read by the inventory tests, at -Depth Standard (Deep for keys ending in ":Deep"):
/// Endpoints = "Kind path" per endpoint; Auth = "path=A,B" (empty after = none recorded); Operations = "path=count".
/// </summary>
[ScenarioSet]
public static class InventoryScenarios
{
    /// <summary>The subtree the inventory benchmark scans: api-N.invbench... serve an API, every other name a plain page.</summary>
    public const string BenchSubdomain = "invbench";

    /// <summary>The domain Get-ApiInventory -Domain is tested on (below the Lab zone).</summary>
    public const string DomainUnderTest = "invdomain";

    /// <summary>State of inv-drift: 1 = baseline (Bearer, two operations, CA-issued certificate), 2 = drifted.</summary>
    private static int s_driftState = 1;

    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        yield return new LabScenario
        {
            Name = "inv-openapi31",
            Area = "Inventory",
            Description = "OpenAPI 3.1 JSON at /openapi.json whose server is /api/v1; the API root asks for a Bearer token.",
            Handler = ctx => Route(ctx, path => path switch
            {
                "/openapi.json" => Json(ctx, OpenApi31(Origin(ctx))),
                "/api/v1" => Challenge(ctx, "Bearer realm=\"pets\""),
                _ => NotFoundHtml(ctx),
            }),
            ExpectedFindings = new[] { "ATR-INV-001" },
            Expect =
            {
                ["Endpoints"] = new[] { "OpenApi /api/v1" },
                ["Auth"] = new[] { "/api/v1=Bearer" },
                ["Operations"] = new[] { "/api/v1=3" },
                ["SpecVersion"] = new[] { "3.1.0" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-swagger2",
            Area = "Inventory",
            Description = "Swagger 2.0 JSON at /v2/api-docs (Springfox); the whole host asks for Basic credentials except the docs.",
            Handler = ctx => Route(ctx, path => path switch
            {
                "/v2/api-docs" => Json(ctx, Swagger2(ctx.Request.Host.ToString())),
                _ => Challenge(ctx, "Basic realm=\"orders\""),
            }),
            ExpectedFindings = new[] { "ATR-INV-001" },
            Expect =
            {
                ["Endpoints"] = new[] { "OpenApi /" },
                ["Auth"] = new[] { "/=Basic" },
                ["Operations"] = new[] { "/=2" },
                ["SpecVersion"] = new[] { "2.0" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-openapi30-yaml",
            Area = "Inventory",
            Description = "OpenAPI 3.0 YAML at /openapi.yaml with an API-key scheme; the API answers 401 JSON naming the missing key.",
            Handler = ctx => Route(ctx, path => path switch
            {
                "/openapi.yaml" => Text(ctx, OpenApi30Yaml(Origin(ctx)), "application/yaml"),
                "/" => JsonStatus(ctx, 401, "{\"error\":\"missing API key: send X-Inventory-Key\"}"),
                _ => JsonStatus(ctx, 404, "{\"error\":\"not found\"}"),
            }),
            ExpectedFindings = new[] { "ATR-INV-001" },
            Expect =
            {
                ["Endpoints"] = new[] { "OpenApi /" },
                ["Auth"] = new[] { "/=ApiKey" },
                ["ApiKey"] = new[] { "/=header:X-Inventory-Key" },
                ["Operations"] = new[] { "/=2" },
                ["SpecVersion"] = new[] { "3.0.3" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-swagger-ui",
            Area = "Inventory",
            Description = "A website whose Swagger UI page (/swagger/index.html) loads a spec from a path no wordlist has.",
            Handler = ctx => Route(ctx, path => path switch
            {
                "/" => FoundationScenarios.Html(ctx, "<html><head><title>Catalog portal</title></head><body>Welcome</body></html>"),
                "/swagger/index.html" => FoundationScenarios.Html(ctx, SwaggerUiPage("/specs/catalog-v3.json")),
                "/specs/catalog-v3.json" => Json(ctx, CatalogSpec()),
                _ => NotFoundHtml(ctx),
            }),
            ExpectedFindings = new[] { "ATR-INV-001" },
            Expect =
            {
                ["Endpoints"] = new[] { "OpenApi /" },
                ["Auth"] = new[] { "/=None" },
                ["Operations"] = new[] { "/=1" },
                ["Technologies"] = new[] { "Swagger UI" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-graphql-open",
            Area = "Inventory",
            Description = "GraphQL at /graphql with introspection enabled: two queries and one mutation.",
            Handler = ctx => Route(ctx, path => path switch
            {
                "/graphql" => GraphQl(ctx, introspection: true),
                _ => NotFoundHtml(ctx),
            }),
            Expect =
            {
                ["Endpoints"] = new[] { "GraphQL /graphql" },
                ["Auth"] = new[] { "/graphql=None" },
                ["Operations"] = new[] { "/graphql=3" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-graphql-closed",
            Area = "Inventory",
            Description = "GraphQL at /api/graphql with introspection disabled.",
            Handler = ctx => Route(ctx, path => path switch
            {
                "/api/graphql" => GraphQl(ctx, introspection: false),
                _ => NotFoundHtml(ctx),
            }),
            Expect =
            {
                ["Endpoints"] = new[] { "GraphQL /api/graphql" },
                ["Auth"] = new[] { "/api/graphql=None" },
                ["Operations"] = new[] { "/api/graphql=0" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-soap",
            Area = "Inventory",
            Description = "A SOAP service whose WSDL answers at /?wsdl and names the service address /StockQuote.",
            Handler = ctx => Route(ctx, path => path switch
            {
                "/" when ctx.Request.QueryString.Value?.Equals("?wsdl", StringComparison.OrdinalIgnoreCase) == true => Text(ctx, Wsdl(Origin(ctx)), "text/xml; charset=utf-8"),
                "/" => FoundationScenarios.Html(ctx, "<html><head><title>Quotes</title></head><body>Stock quotes</body></html>"),
                "/StockQuote" => Status(ctx, 405),
                _ => NotFoundHtml(ctx),
            }),
            ExpectedFindings = new[] { "ATR-INV-001" },
            Expect =
            {
                ["Endpoints"] = new[] { "Soap /StockQuote" },
                ["Auth"] = new[] { "/StockQuote=" },
                ["Operations"] = new[] { "/StockQuote=2" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-wadl",
            Area = "Inventory",
            Description = "A JAX-RS service publishing /application.wadl; its root answers JSON.",
            Handler = ctx => Route(ctx, path => path switch
            {
                "/application.wadl" => Text(ctx, Wadl(Origin(ctx)), "application/vnd.sun.wadl+xml"),
                "/" => Json(ctx, "{\"service\":\"inventory\"}"),
                _ => JsonStatus(ctx, 404, "{\"error\":\"not found\"}"),
            }),
            ExpectedFindings = new[] { "ATR-INV-001" },
            Expect =
            {
                ["Endpoints"] = new[] { "Rest /" },
                ["Auth"] = new[] { "/=None" },
                ["Operations"] = new[] { "/=3" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-asyncapi",
            Area = "Inventory",
            Description = "An event API describing its channels in /asyncapi.json (AsyncAPI 2.6).",
            Handler = ctx => Route(ctx, path => path switch
            {
                "/asyncapi.json" => Json(ctx, AsyncApi()),
                _ => NotFoundHtml(ctx),
            }),
            ExpectedFindings = new[] { "ATR-INV-001" },
            Expect =
            {
                ["Endpoints"] = new[] { "AsyncApi /" },
                ["Operations"] = new[] { "/=2" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-asyncapi-yaml",
            Area = "Inventory",
            Description = "An event API describing itself in /asyncapi.yaml (AsyncAPI 3.0, YAML with an anchor and alias): three operations.",
            Handler = ctx => Route(ctx, path => path switch
            {
                "/asyncapi.yaml" => Text(ctx, AsyncApi3Yaml(), "application/yaml"),
                _ => NotFoundHtml(ctx),
            }),
            ExpectedFindings = new[] { "ATR-INV-001" },
            Expect =
            {
                ["Endpoints"] = new[] { "AsyncApi /" },
                ["Operations"] = new[] { "/=3" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-postman",
            Area = "Inventory",
            Description = "A Postman collection left at /postman_collection.json (found at -Depth Deep only).",
            Handler = ctx => Route(ctx, path => path switch
            {
                "/postman_collection.json" => Json(ctx, Postman()),
                _ => NotFoundHtml(ctx),
            }),
            ExpectedFindings = new[] { "ATR-INV-001" },
            Expect =
            {
                ["Endpoints"] = Array.Empty<string>(),
                ["Findings"] = Array.Empty<string>(),
                ["Endpoints:Deep"] = new[] { "Postman /" },
                ["Operations:Deep"] = new[] { "/=3" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-grpc",
            Area = "Inventory",
            Description = "A gRPC-web service answering the standard health check.",
            Handler = ctx => Route(ctx, path => path switch
            {
                "/grpc.health.v1.Health/Check" when ctx.Request.Method == "POST" => GrpcHealth(ctx),
                _ => NotFoundHtml(ctx),
            }),
            Expect =
            {
                ["Endpoints"] = new[] { "Grpc /" },
                ["Operations"] = new[] { "/=1" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-oidc",
            Area = "Inventory",
            Description = "An identity provider: OpenID Connect discovery document and a security.txt.",
            Handler = ctx => Route(ctx, path => path switch
            {
                "/.well-known/openid-configuration" => Json(ctx, OpenIdConfiguration(Origin(ctx))),
                "/.well-known/security.txt" => Text(ctx, "Contact: mailto:security@lab.apithreat.test\nExpires: 2030-01-01T00:00:00Z\n", "text/plain"),
                "/" => FoundationScenarios.Html(ctx, "<html><head><title>Sign in</title></head><body>Sign in</body></html>"),
                _ => NotFoundHtml(ctx),
            }),
            Expect =
            {
                ["Endpoints"] = new[] { "OpenIdConnect /.well-known/openid-configuration" },
                ["Operations"] = new[] { "/.well-known/openid-configuration=4" },
                ["SecurityTxt"] = new[] { "/.well-known/security.txt" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-bearer-api",
            Area = "Inventory",
            Description = "A JSON API behind Kong asking for a Bearer token on every path; no spec published.",
            Handler = ctx =>
            {
                ctx.Response.Headers["Via"] = "1.1 kong/3.4.2";
                ctx.Response.Headers["X-Kong-Request-Id"] = "5b0f6d8e9c1a4f2e";
                return Route(ctx, _ => Challenge(ctx, "Bearer realm=\"orders\", error=\"invalid_token\""));
            },
            Expect =
            {
                ["Endpoints"] = new[] { "Rest /" },
                ["Auth"] = new[] { "/=Bearer" },
                ["Technologies"] = new[] { "Kong" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-staging-api",
            Area = "Inventory",
            Description = "A staging JSON API serving /v1 and /v2 side by side, without authentication.",
            Handler = ctx => Route(ctx, path => path switch
            {
                "/" => Json(ctx, "{\"name\":\"orders\",\"versions\":[\"v1\",\"v2\"]}"),
                "/v1" => Json(ctx, "{\"version\":1}"),
                "/v2" => Json(ctx, "{\"version\":2}"),
                _ => JsonStatus(ctx, 404, "{\"error\":\"not found\"}"),
            }),
            ExpectedFindings = new[] { "ATR-INV-002", "ATR-INV-003" },
            Expect =
            {
                ["Endpoints"] = new[] { "Rest /" },
                ["Auth"] = new[] { "/=None" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-versions",
            Area = "Inventory",
            Description = "A website with two API versions under /api/v1 and /api/v2 (JSON); the root is HTML.",
            Handler = ctx => Route(ctx, path => path switch
            {
                "/" => FoundationScenarios.Html(ctx, "<html><head><title>Shop</title></head><body>Shop</body></html>"),
                "/api/v1" => Json(ctx, "{\"version\":1}"),
                "/api/v2" => Json(ctx, "{\"version\":2}"),
                _ => NotFoundHtml(ctx),
            }),
            ExpectedFindings = new[] { "ATR-INV-003" },
            Expect =
            {
                ["Endpoints"] = new[] { "Rest /api/v1", "Rest /api/v2" },
                ["Auth"] = new[] { "/api/v1=None", "/api/v2=None" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-website",
            Area = "Inventory",
            Description = "A plain website (HTML pages, robots.txt, sitemap, 404 pages): not an API, nothing to report.",
            Handler = ctx => Route(ctx, path => path switch
            {
                "/" => FoundationScenarios.Html(ctx, "<html><head><title>Contoso</title></head><body><a href=\"/about\">About</a></body></html>"),
                "/about" => FoundationScenarios.Html(ctx, "<html><head><title>About</title></head><body>About us</body></html>"),
                "/robots.txt" => Text(ctx, "User-agent: *\nDisallow: /admin/\nSitemap: " + Origin(ctx) + "/sitemap.xml\n", "text/plain"),
                "/sitemap.xml" => Text(ctx, $"<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>{Origin(ctx)}/about</loc></url></urlset>", "application/xml"),
                _ => NotFoundHtml(ctx),
            }),
            Expect = { ["Endpoints"] = Array.Empty<string>() },
        };
        yield return new LabScenario
        {
            Name = "inv-mtls-required",
            Area = "Inventory",
            Description = "Mutual TLS enforced in the handshake: the server asks for a client certificate and aborts without one (TLS 1.2 alert, or TLS 1.3 alert after the client's Finished).",
            Tls = o => ClientCertificate(o, required: true),
            Handler = ctx => Json(ctx, "{\"service\":\"payments\"}"),
            Expect = { ["Endpoints"] = new[] { "Rest /" }, ["Auth"] = new[] { "/=Mtls" } },
        };
        yield return new LabScenario
        {
            Name = "inv-mtls-nginx",
            Area = "Inventory",
            Description = "Mutual TLS as nginx's ssl_verify_client on does it: the handshake asks for a certificate and completes, then every request without one gets 400 \"No required SSL certificate was sent\".",
            Tls = o => ClientCertificate(o, required: false),
            Handler = ctx =>
            {
                ctx.Response.StatusCode = 400;
                return FoundationScenarios.Html(ctx, "<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL certificate was sent</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
            },
            Expect = { ["Endpoints"] = new[] { "Rest /" }, ["Auth"] = new[] { "/=Mtls" } },
        };
        yield return new LabScenario
        {
            Name = "inv-mtls-optional",
            Area = "Inventory",
            Description = "A JSON API whose handshake asks for a client certificate but which answers without one (ssl_verify_client optional): no authentication needed, mutual TLS offered.",
            Tls = o => ClientCertificate(o, required: false),
            Handler = ctx => Json(ctx, "{\"service\":\"ledger\"}"),
            Expect = { ["Endpoints"] = new[] { "Rest /" }, ["Auth"] = new[] { "/=None,Mtls" } },
        };
        yield return new LabScenario
        {
            Name = "inv-drift",
            Area = "Inventory",
            Description = "A host that changes between runs: GET/POST /__lab/state?set=2 adds an unauthenticated operation, drops the Bearer requirement and swaps its CA-issued certificate for a self-signed one; set=1 restores it.",
            CertificateSelector = () => Volatile.Read(ref s_driftState) == 1 ? CertKind.Valid : CertKind.SelfSigned,
            Handler = ctx => Route(ctx, path =>
            {
                var state = Volatile.Read(ref s_driftState);
                switch (path)
                {
                    case "/__lab/state":
                        if (int.TryParse(ctx.Request.Query["set"], out var set) && set is 1 or 2) Interlocked.Exchange(ref s_driftState, set);
                        return Json(ctx, $"{{\"state\":{Volatile.Read(ref s_driftState)}}}");
                    case "/openapi.json":
                        return Json(ctx, DriftSpec(Origin(ctx), state));
                    case "/":
                        return state == 1 ? Challenge(ctx, "Bearer realm=\"items\"") : Json(ctx, "{\"items\":\"/items\"}");
                    default:
                        return JsonStatus(ctx, 404, "{\"error\":\"not found\"}");
                }
            }),
            ExpectedFindings = new[] { "ATR-INV-001" },
            Expect =
            {
                ["Endpoints"] = new[] { "OpenApi /" },
                ["Auth"] = new[] { "/=Bearer" },
                ["Operations"] = new[] { "/=2" },
                ["DriftChanges"] = new[]
                {
                    "Added Operation POST /items Medium ATR-INV-006",
                    "Modified Authentication Authentication High ATR-INV-005",
                    "Modified Certificate Issuer Medium ATR-INV-007",
                    "Modified Certificate Fingerprint Info",
                    "Modified Endpoint StatusCode Info",
                },
            },
        };
        // -Domain: the inventory tries the usual API labels under a domain (api.invdomain... answers; www is not tried).
        yield return new LabScenario
        {
            Name = "inv-domain-api",
            Host = $"api.{DomainUnderTest}.{lab.Zone}",
            Area = "Inventory",
            Description = "api.<domain>: a JSON API found by Get-ApiInventory -Domain through its host label.",
            Handler = ctx => Route(ctx, path => path == "/" ? Json(ctx, "{\"service\":\"domain\"}") : JsonStatus(ctx, 404, "{\"error\":\"not found\"}")),
            Expect =
            {
                ["Endpoints"] = new[] { "Rest /" },
                ["Auth"] = new[] { "/=None" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-domain-www",
            Host = $"www.{DomainUnderTest}.{lab.Zone}",
            Area = "Inventory",
            Description = "www.<domain>: also a JSON API, but www is no API host label, so -Domain alone does not reach it.",
            Handler = ctx => Json(ctx, "{\"service\":\"www\"}"),
            Expect =
            {
                ["Endpoints"] = new[] { "Rest /" },
                ["Auth"] = new[] { "/=None" },
            },
        };
        yield return new LabScenario
        {
            Name = "inv-bench",
            Host = $"*.{BenchSubdomain}.{lab.Zone}",
            Area = "Inventory",
            Certificate = CertKind.Wildcard,
            // The parent name must exist for the wildcard to answer (RFC 4592 closest encloser): without it, NXDOMAIN.
            Records = new[] { LabRecord.A($"*.{BenchSubdomain}.{lab.Zone}", "127.0.0.1") },
            ExtraRecords = new[] { LabRecord.A($"{BenchSubdomain}.{lab.Zone}", "127.0.0.1") },
            Description = "Every name under invbench.<zone>: api-N.invbench... are JSON APIs with an OpenAPI document, any other name a plain website (the inventory benchmark).",
            Handler = ctx => ctx.Request.Host.Host.StartsWith("api-", StringComparison.OrdinalIgnoreCase)
                ? Route(ctx, path => path switch
                {
                    "/openapi.json" => Json(ctx, CatalogSpec()),
                    "/" => Json(ctx, "{\"ok\":true}"),
                    _ => JsonStatus(ctx, 404, "{\"error\":\"not found\"}"),
                })
                : Route(ctx, path => path == "/"
                    ? FoundationScenarios.Html(ctx, "<html><head><title>Bench site</title></head><body>plain</body></html>")
                    : NotFoundHtml(ctx)),
        };
    }

    /// <summary>Dispatch on the request path (trailing slash ignored).</summary>
    private static Task Route(HttpContext ctx, Func<string, Task> byPath)
    {
        var path = ctx.Request.Path.Value ?? "/";
        if (path.Length > 1) path = path.TrimEnd('/');
        return byPath(path);
    }

    private static string Origin(HttpContext ctx) => $"{ctx.Request.Scheme}://{ctx.Request.Host}";

    /// <summary>Sends a CertificateRequest in the handshake; without a certificate the handshake fails only when required.</summary>
    private static void ClientCertificate(System.Net.Security.SslServerAuthenticationOptions options, bool required)
    {
        options.ClientCertificateRequired = true;
        options.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null || !required;
    }

    private static Task Json(HttpContext ctx, string json) => JsonStatus(ctx, 200, json);

    private static Task JsonStatus(HttpContext ctx, int status, string json)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(json);
    }

    private static Task Text(HttpContext ctx, string text, string type)
    {
        ctx.Response.ContentType = type;
        return ctx.Response.WriteAsync(text);
    }

    private static Task Status(HttpContext ctx, int status)
    {
        ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static Task NotFoundHtml(HttpContext ctx)
    {
        ctx.Response.StatusCode = 404;
        return FoundationScenarios.Html(ctx, "<html><head><title>Not found</title></head><body>Not found</body></html>");
    }

    private static Task Challenge(HttpContext ctx, string challenge)
    {
        ctx.Response.StatusCode = 401;
        ctx.Response.Headers.WWWAuthenticate = challenge;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync("{\"error\":\"unauthorized\"}");
    }

    private static async Task GraphQl(HttpContext ctx, bool introspection)
    {
        if (ctx.Request.Method != "POST")
        {
            await JsonStatus(ctx, 405, "{\"errors\":[{\"message\":\"Use POST\"}]}");
            return;
        }
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        if (body.Contains("__schema", StringComparison.Ordinal))
        {
            await Json(ctx, introspection
                ? "{\"data\":{\"__schema\":{\"queryType\":{\"fields\":[{\"name\":\"users\"},{\"name\":\"orders\"}]},\"mutationType\":{\"fields\":[{\"name\":\"createOrder\"}]},\"subscriptionType\":null}}}"
                : "{\"errors\":[{\"message\":\"GraphQL introspection is not allowed\"}]}");
            return;
        }
        if (body.Contains("__typename", StringComparison.Ordinal))
        {
            await Json(ctx, "{\"data\":{\"__typename\":\"Query\"}}");
            return;
        }
        await JsonStatus(ctx, 400, "{\"errors\":[{\"message\":\"Syntax Error\"}]}");
    }

    private static Task GrpcHealth(HttpContext ctx)
    {
        ctx.Response.ContentType = "application/grpc-web+proto";
        ctx.Response.Headers["grpc-status"] = "0";
        // One message frame: flag 0, length 2, field 1 (status) = SERVING (1).
        return ctx.Response.Body.WriteAsync(new byte[] { 0, 0, 0, 0, 2, 0x08, 0x01 }).AsTask();
    }

    private static string OpenApi31(string origin) => """
        {"openapi":"3.1.0","info":{"title":"Pets","version":"1.4.0"},"servers":[{"url":"@ORIGIN@/api/v1"}],
         "components":{"securitySchemes":{"bearer":{"type":"http","scheme":"bearer","bearerFormat":"JWT"}}},
         "security":[{"bearer":[]}],
         "paths":{"/pets":{"get":{"operationId":"listPets","responses":{"200":{"description":"ok"}}},
                           "post":{"operationId":"createPet","responses":{"201":{"description":"created"}}}},
                  "/pets/{id}":{"get":{"operationId":"getPet","parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],"responses":{"200":{"description":"ok"}}}}}}
        """.Replace("@ORIGIN@", origin);

    private static string Swagger2(string host) => """
        {"swagger":"2.0","info":{"title":"Orders","version":"2.1"},"host":"@HOST@","basePath":"/","schemes":["https","http"],
         "securityDefinitions":{"basic":{"type":"basic"}},"security":[{"basic":[]}],
         "paths":{"/orders":{"get":{"operationId":"listOrders","responses":{"200":{"description":"ok"}}},
                             "post":{"operationId":"createOrder","responses":{"201":{"description":"created"}}}}}}
        """.Replace("@HOST@", host);

    private static string OpenApi30Yaml(string origin) => $"""
        openapi: 3.0.3
        info:
          title: Inventory
          version: "3.0"
        servers:
          - url: {origin}/
        components:
          securitySchemes:
            key:
              type: apiKey
              in: header
              name: X-Inventory-Key
        security:
          - key: []
        paths:
          /stock:
            get:
              operationId: listStock
              responses:
                "200":
                  description: ok
          /stock/{"{sku}"}:
            put:
              operationId: setStock
              parameters:
                - name: sku
                  in: path
                  required: true
                  schema:
                    type: string
              responses:
                "204":
                  description: updated
        """;

    private static string CatalogSpec() => """
        {"openapi":"3.0.1","info":{"title":"Catalog","version":"3"},
         "paths":{"/products":{"get":{"operationId":"listProducts","security":[],"responses":{"200":{"description":"ok"}}}}}}
        """;

    private static string SwaggerUiPage(string specUrl) => $$"""
        <!DOCTYPE html><html><head><title>Swagger UI</title><link rel="stylesheet" href="swagger-ui.css"></head>
        <body><div id="swagger-ui"></div><script src="swagger-ui-bundle.js"></script>
        <script>window.onload = function () { window.ui = SwaggerUIBundle({ url: "{{specUrl}}", dom_id: '#swagger-ui' }); };</script></body></html>
        """;

    private static string Wsdl(string origin) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <definitions name="StockQuote" xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="urn:quotes" targetNamespace="urn:quotes">
          <portType name="StockQuotePortType">
            <operation name="GetQuote"><input message="tns:GetQuoteIn"/><output message="tns:GetQuoteOut"/></operation>
            <operation name="GetHistory"><input message="tns:GetHistoryIn"/><output message="tns:GetHistoryOut"/></operation>
          </portType>
          <service name="StockQuoteService">
            <port name="StockQuotePort" binding="tns:StockQuoteBinding"><soap:address location="{origin}/StockQuote"/></port>
          </service>
        </definitions>
        """;

    private static string Wadl(string origin) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <application xmlns="http://wadl.dev.java.net/2009/02">
          <resources base="{origin}/">
            <resource path="items">
              <method name="GET" id="listItems"/>
              <method name="POST" id="addItem"/>
              <resource path="{"{id}"}"><method name="DELETE" id="deleteItem"/></resource>
            </resource>
          </resources>
        </application>
        """;

    private static string AsyncApi() => """
        {"asyncapi":"2.6.0","info":{"title":"Order events","version":"1.0"},
         "channels":{"orders/created":{"subscribe":{"operationId":"onOrderCreated"}},"orders/cancel":{"publish":{"operationId":"cancelOrder"}}}}
        """;

    private static string AsyncApi3Yaml() => """
        asyncapi: 3.0.0
        info:
          title: Shipment events
          version: 1.2.0
        channels:
          shipmentCreated:
            address: shipments/created
            messages:
              created: &shipment
                payload:
                  type: object
          shipmentDelivered:
            address: shipments/delivered
            messages:
              delivered: *shipment
        operations:
          onShipmentCreated:
            action: receive
            channel:
              $ref: '#/channels/shipmentCreated'
          onShipmentDelivered:
            action: receive
            channel:
              $ref: '#/channels/shipmentDelivered'
          announceShipment:
            action: send
            channel:
              $ref: '#/channels/shipmentCreated'
        """;

    private static string Postman() => """
        {"info":{"_postman_id":"3f1c","name":"Billing","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
         "item":[{"name":"Invoices","item":[{"name":"List","request":{"method":"GET","url":{"raw":"{{base}}/invoices","path":["invoices"]}}},
                                            {"name":"Create","request":{"method":"POST","url":"{{base}}/invoices"}}]},
                 {"name":"Refund","request":{"method":"POST","url":{"raw":"{{base}}/invoices/:id/refund","path":["invoices",":id","refund"]}}}]}
        """;

    private static string OpenIdConfiguration(string origin) => $$"""
        {"issuer":"{{origin}}","authorization_endpoint":"{{origin}}/authorize","token_endpoint":"{{origin}}/token",
         "userinfo_endpoint":"{{origin}}/userinfo","jwks_uri":"{{origin}}/jwks","response_types_supported":["code"],
         "subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"]}
        """;

    private static string DriftSpec(string origin, int state) => """
        {"openapi":"3.0.3","info":{"title":"Items","version":"@STATE@.0"},"servers":[{"url":"@ORIGIN@/"}],
         "components":{"securitySchemes":{"bearer":{"type":"http","scheme":"bearer"}}},
         "paths":{"/items":{"get":{"operationId":"listItems","security":[{"bearer":[]}],"responses":{"200":{"description":"ok"}}}@POST@},
                  "/items/{id}":{"get":{"operationId":"getItem","security":[{"bearer":[]}],"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],"responses":{"200":{"description":"ok"}}}}}}
        """.Replace("@ORIGIN@", origin).Replace("@STATE@", state.ToString()).Replace("@POST@", state == 2 ? ",\"post\":{\"operationId\":\"addItem\",\"responses\":{\"201\":{\"description\":\"created\"}}}" : "");
}
