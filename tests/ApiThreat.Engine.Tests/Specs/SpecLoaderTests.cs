using System.Diagnostics;
using System.Text;
using ApiThreat.Engine.Specs;
using ApiThreat.Engine.Tests.Infrastructure;

namespace ApiThreat.Engine.Tests.Specs;

public class SpecLoaderTests
{
    private static string Vampi => RepoPaths.Shared("specs", "vampi-openapi3.yml");

    [Fact]
    public async Task Vampi_reads_every_operation_with_its_declared_security()
    {
        var spec = await SpecLoader.LoadFileAsync(Vampi);
        Assert.Equal("3.0.1", spec.SpecVersion);
        Assert.Equal("yaml", spec.Format);
        Assert.Equal("VAmPI", spec.Title);
        Assert.Equal("0.1", spec.Version);
        Assert.Equal(new[] { "http://localhost:5000" }, spec.Servers);
        var scheme = Assert.Single(spec.SecuritySchemes);
        Assert.Equal(("bearerAuth", "http", "bearer", "JWT"), (scheme.Name, scheme.Type, scheme.Scheme, scheme.BearerFormat));
        Assert.Empty(spec.GlobalSecurity);
        var ops = spec.Operations.Select(o => $"{o.Method} {o.Path}").OrderBy(s => s, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[]
        {
            "DELETE /users/v1/{username}", "GET /", "GET /books/v1", "GET /books/v1/{book_title}", "GET /createdb", "GET /me",
            "GET /users/v1", "GET /users/v1/_debug", "GET /users/v1/{username}", "POST /books/v1", "POST /users/v1/login",
            "POST /users/v1/register", "PUT /users/v1/{username}/email", "PUT /users/v1/{username}/password",
        }, ops);
        var secured = spec.Operations.Where(o => o.Security.Length > 0).Select(o => $"{o.Method} {o.Path}").OrderBy(s => s, StringComparer.Ordinal);
        Assert.Equal(new[]
        {
            "DELETE /users/v1/{username}", "GET /books/v1/{book_title}", "GET /me", "POST /books/v1",
            "PUT /users/v1/{username}/email", "PUT /users/v1/{username}/password",
        }, secured);
        Assert.All(spec.Operations.Where(o => o.Security.Length > 0), o => { Assert.Equal(new[] { "bearerAuth" }, o.Security); Assert.False(o.AllowsAnonymous); });
        Assert.All(spec.Operations.Where(o => o.Security.Length == 0), o => Assert.True(o.AllowsAnonymous));
        Assert.Equal("api_views.main.populate_db", spec.Operations.Single(o => o.Path == "/createdb").OperationId);
    }

    private const string Swagger2 = """
        {
          "swagger": "2.0",
          "info": { "title": "Pets", "version": "1.2" },
          "host": "api.example.test", "basePath": "/v1", "schemes": ["https"],
          "securityDefinitions": {
            "basic": { "type": "basic" },
            "key": { "type": "apiKey", "name": "api_key", "in": "query" },
            "oauth": { "type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://login.example.test/auth", "tokenUrl": "https://login.example.test/token", "scopes": { "read": "r" } }
          },
          "security": [ { "key": [] } ],
          "paths": {
            "/pets": {
              "get": { "operationId": "listPets", "summary": "List", "responses": { "200": { "description": "ok" } } },
              "post": { "operationId": "addPet", "security": [ { "oauth": ["read"] }, { "basic": [] } ], "responses": { "201": { "description": "ok" } } }
            },
            "/health": { "get": { "security": [], "responses": { "200": { "description": "ok" } } } }
          }
        }
        """;

    [Fact]
    public async Task Swagger2_json_applies_global_security_and_honours_explicit_empty()
    {
        var spec = await SpecLoader.LoadAsync(Swagger2);
        Assert.Equal(("2.0", "json", "Pets", "1.2"), (spec.SpecVersion, spec.Format, spec.Title, spec.Version));
        Assert.Equal(new[] { "https://api.example.test/v1" }, spec.Servers);
        Assert.Equal(new[] { "key" }, spec.GlobalSecurity);
        var byId = spec.SecuritySchemes.ToDictionary(s => s.Name);
        Assert.Equal(("http", "basic"), (byId["basic"].Type, byId["basic"].Scheme));
        Assert.Equal(("apiKey", "query", "api_key"), (byId["key"].Type, byId["key"].In, byId["key"].ParameterName));
        Assert.Equal(new[] { "authorizationCode" }, byId["oauth"].Flows);
        Assert.Contains("https://login.example.test/token", byId["oauth"].Urls);
        var list = spec.Operations.Single(o => o.OperationId == "listPets");
        Assert.Equal(new[] { "key" }, list.Security);
        Assert.False(list.AllowsAnonymous);
        Assert.Equal(new[] { "oauth", "basic" }, spec.Operations.Single(o => o.OperationId == "addPet").Security);
        var health = spec.Operations.Single(o => o.Path == "/health");
        Assert.Empty(health.Security);
        Assert.True(health.AllowsAnonymous);
    }

    private const string OpenApi31 = """
        openapi: 3.1.0
        info: { title: Orders, version: "2025-01" }
        servers:
          - url: https://api.example.test
          - url: http://staging.internal.example.test
        components:
          securitySchemes:
            mtls: { type: mutualTLS }
            oidc: { type: openIdConnect, openIdConnectUrl: "https://id.example.test/.well-known/openid-configuration" }
          schemas:
            Node:
              type: object
              properties:
                next: { $ref: '#/components/schemas/Node' }
        security:
          - oidc: []
        webhooks:
          newOrder:
            post:
              responses: { '200': { description: ok } }
        paths:
          /orders:
            get:
              security: [ {}, { oidc: [] } ]
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Node' }
          /orders/{id}:
            delete:
              security: [ { mtls: [] } ]
              responses: { '204': { description: gone } }
        """;

    [Fact]
    public async Task OpenApi31_yaml_reads_optional_security_and_recursive_schemas()
    {
        var spec = await SpecLoader.LoadAsync(OpenApi31);
        Assert.Equal(("3.1.0", "yaml", "Orders"), (spec.SpecVersion, spec.Format, spec.Title));
        Assert.Equal(new[] { "https://api.example.test", "http://staging.internal.example.test" }, spec.Servers);
        Assert.Equal(new[] { "mutualTLS", "openIdConnect" }, spec.SecuritySchemes.OrderBy(s => s.Name).Select(s => s.Type));
        var get = spec.Operations.Single(o => o.Method == "GET");
        Assert.Equal(new[] { "oidc" }, get.Security);
        Assert.True(get.AllowsAnonymous); // {} among the alternatives
        var delete = spec.Operations.Single(o => o.Method == "DELETE");
        Assert.Equal("/orders/{id}", delete.Path);
        Assert.Equal(new[] { "mtls" }, delete.Security);
        Assert.False(delete.AllowsAnonymous);
        Assert.Equal(2, spec.Operations.Length); // webhooks are not operations of the API
    }

    [Fact]
    public async Task Stream_and_bytes_read_like_text()
    {
        var bytes = Encoding.UTF8.GetBytes(Swagger2);
        using var stream = new MemoryStream(bytes);
        var fromStream = await SpecLoader.LoadAsync(stream);
        var fromBytes = await SpecLoader.LoadAsync(bytes);
        Assert.Equal(3, fromStream.Operations.Length);
        Assert.Equal(3, fromBytes.Operations.Length);
    }

    [Theory]
    [InlineData("{\"hello\": \"world\"}", "NotOpenApi")]
    [InlineData("<html><body>Not found</body></html>", "NotOpenApi")]
    [InlineData("asyncapi: 2.6.0\ninfo: {title: x, version: '1'}\nchannels: {}\n", "NotOpenApi")]
    [InlineData("{\"openapi\": \"3.0.0\", \"info\": ", "SpecMalformed")]
    [InlineData("openapi: 3.0.0\ninfo: [unclosed\n", "SpecMalformed")]
    [InlineData("", "NotOpenApi")]
    public async Task Non_specs_and_broken_documents_give_a_named_error(string text, string errorId)
    {
        var ex = await Assert.ThrowsAsync<SpecLoadException>(() => SpecLoader.LoadAsync(text, new SpecLoadOptions { Source = "input.txt" }));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Contains("input.txt", ex.Message);
    }

    [Fact]
    public async Task Fifty_megabytes_is_refused_before_parsing()
    {
        var sb = new StringBuilder("{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"big\",\"version\":\"1\"},\"paths\":{},\"x-pad\":\"");
        sb.Append('a', 50 * 1024 * 1024);
        sb.Append("\"}");
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<SpecLoadException>(() => SpecLoader.LoadAsync(sb.ToString()));
        Assert.Equal("SpecTooLarge", ex.ErrorId);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString()));
        ex = await Assert.ThrowsAsync<SpecLoadException>(() => SpecLoader.LoadAsync(stream));
        Assert.Equal("SpecTooLarge", ex.ErrorId);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Deep_json_nesting_is_an_error_not_a_crash()
    {
        var depth = 100_000;
        var text = "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{},\"x-deep\":" +
                   new string('[', depth) + new string(']', depth) + "}";
        var ex = await Assert.ThrowsAsync<SpecLoadException>(() => SpecLoader.LoadAsync(text));
        Assert.Equal("SpecMalformed", ex.ErrorId);
    }

    [Fact]
    public async Task Deep_yaml_nesting_is_an_error_not_a_crash()
    {
        var sb = new StringBuilder("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-deep: ");
        sb.Append('[', 50_000).Append(']', 50_000).Append('\n');
        var ex = await Assert.ThrowsAsync<SpecLoadException>(() => SpecLoader.LoadAsync(sb.ToString()));
        Assert.Equal("SpecMalformed", ex.ErrorId);
    }

    [Fact]
    public async Task Deep_schema_nesting_within_limits_reads()
    {
        // 150 levels of nested object schemas: deep but legal, under the 200 cap.
        var sb = new StringBuilder("{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{},\"components\":{\"schemas\":{\"Deep\":");
        for (var i = 0; i < 45; i++) sb.Append("{\"type\":\"object\",\"properties\":{\"p\":");
        sb.Append("{\"type\":\"string\"}");
        for (var i = 0; i < 45; i++) sb.Append("}}");
        sb.Append("}}}");
        var spec = await SpecLoader.LoadAsync(sb.ToString());
        Assert.Equal("t", spec.Title);
    }

    [Fact]
    public async Task Yaml_alias_bomb_is_refused()
    {
        var sb = new StringBuilder("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
        sb.Append("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
            sb.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<SpecLoadException>(() => SpecLoader.LoadAsync(sb.ToString()));
        Assert.Equal("SpecMalformed", ex.ErrorId);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Reference_cycles_read_without_hanging()
    {
        const string text = """
            openapi: 3.0.0
            info: { title: cycles, version: '1' }
            paths:
              /a:
                $ref: '#/paths/~1b'
              /b:
                $ref: '#/paths/~1a'
              /c:
                get:
                  parameters:
                    - $ref: '#/components/parameters/P1'
                  responses:
                    '200':
                      $ref: '#/components/responses/R1'
            components:
              parameters:
                P1: { $ref: '#/components/parameters/P2' }
                P2: { $ref: '#/components/parameters/P1' }
              responses:
                R1: { $ref: '#/components/responses/R2' }
                R2: { $ref: '#/components/responses/R1' }
              schemas:
                A: { $ref: '#/components/schemas/B' }
                B: { $ref: '#/components/schemas/A' }
                Self: { type: object, properties: { me: { $ref: '#/components/schemas/Self' } } }
            """;
        var spec = await SpecLoader.LoadAsync(text, new SpecLoadOptions { Timeout = TimeSpan.FromSeconds(20) });
        Assert.Contains(spec.Operations, o => o.Path == "/c" && o.Method == "GET");
    }

    [Fact]
    public async Task Missing_file_is_a_named_error()
    {
        var ex = await Assert.ThrowsAsync<SpecLoadException>(() => SpecLoader.LoadFileAsync("/no/such/spec.yaml"));
        Assert.Equal("SpecFileNotFound", ex.ErrorId);
    }

    [Fact]
    public async Task Timeout_is_enforced()
    {
        var sb = new StringBuilder("{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{");
        for (var i = 0; i < 20000; i++) sb.Append($"\"/p{i}\":{{\"get\":{{\"responses\":{{\"200\":{{\"description\":\"ok\"}}}}}}}},");
        sb.Append("\"/z\":{}}}");
        var ex = await Assert.ThrowsAsync<SpecLoadException>(() => SpecLoader.LoadAsync(sb.ToString(), new SpecLoadOptions { Timeout = TimeSpan.FromMilliseconds(1) }));
        Assert.Equal("SpecTimeout", ex.ErrorId);
    }
}
