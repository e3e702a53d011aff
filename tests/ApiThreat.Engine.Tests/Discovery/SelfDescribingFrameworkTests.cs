using System.Text;
using ApiThreat.Engine.Assessment.Api.Checks;
using ApiThreat.Engine.Discovery.Apis;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Discovery;

/// <summary>
/// Frameworks that describe themselves where no spec path is: hug's not-found documentation, Mojolicious::Plugin::OpenAPI's
/// HTML rendering beside its JSON route, a container registry's catalog, and the defaults of Hono, Mojolicious and the
/// registry recognised from their answers (bodies shaped as the real servers send them: tests/Real/apps/realfw6-*).
/// </summary>
public class SelfDescribingFrameworkTests
{
    private const string HugNotFound = """
        {
            "404": "The API call you tried to make was not defined. Here's a definition of the API to help you get going :)",
            "documentation": {
                "handlers": {
                    "/happy_birthday": { "GET": { "usage": "Says happy birthday to a user", "inputs": { "name": { "type": "Basic text / string value" } } } },
                    "/notes": { "GET": { "usage": "Lists the notes" }, "POST": { "inputs": { "text": { "type": "Basic text / string value" } } } },
                    "/notes/{note_id}": { "GET": { "usage": "Shows one note" } }
                }
            }
        }
        """;

    [Fact]
    public void Hug_not_found_documentation_gives_every_route_and_method()
    {
        var body = Encoding.UTF8.GetBytes(HugNotFound);
        Assert.True(HugDocumentation.Looks(body));
        Assert.Equal(new[] { "GET /happy_birthday", "GET /notes", "POST /notes", "GET /notes/{note_id}" },
            HugDocumentation.Operations(body).Select(o => $"{o.Method} {o.Path}"));
    }

    [Fact]
    public void Hug_versioned_documentation_puts_routes_below_their_version()
    {
        var body = Encoding.UTF8.GetBytes("""{"documentation":{"version":2,"versions":[1,2],"handlers":{"/echo":{"GET":{}}}}}""");
        Assert.Equal(new[] { "GET /v2/echo" }, HugDocumentation.Operations(body).Select(o => $"{o.Method} {o.Path}"));
    }

    [Theory]
    [InlineData("""{"detail":"Not Found"}""")]
    [InlineData("""{"documentation":"https://example.test/docs","handlers":[]}""")]
    [InlineData("""{"documentation":{"handlers":{"relative":{"GET":{}},"/x y":{"GET":{}},"/ok":{"FETCH":{}}}}}""")]
    [InlineData("not json \"documentation\" \"handlers\"")]
    public void Other_not_found_answers_give_no_hug_route(string body)
    {
        Assert.Empty(HugDocumentation.Operations(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Mojolicious_spec_renderer_is_a_documentation_page_whose_spec_is_its_route_as_json()
    {
        const string html = """
            <!doctype html><html lang="en"><head><title>Swagger Petstore</title></head>
            <body><div id="top" class="container openapi-container"><header class="openapi-header"><h1 id="title">Swagger Petstore</h1></header>
            <nav class="openapi-nav"><a href="#top" class="openapi-logo"><img alt="OpenAPI Logo" src="/mojolicious/plugin/openapi/logo.png"></a></nav></div></body></html>
            """;
        Assert.Equal("Mojolicious::Plugin::OpenAPI documentation", DocumentationPages.Viewer(html));
        Assert.Equal(new[] { "http://pets.test/api.json" }, DocumentationPages.SpecUrls(html, new Uri("http://pets.test/api.html")).Select(u => u.ToString()));
        Assert.Empty(DocumentationPages.SpecUrls(html, new Uri("http://pets.test/api")));
        Assert.Null(DocumentationPages.Viewer("<html><body><div class=\"container\">OpenAPI is a format</div></body></html>"));
    }

    [Fact]
    public void Hono_and_Mojolicious_are_recognised_by_their_answers_and_their_doc_routes_probed_first()
    {
        var defaults = FrameworkDefaults.Bundled;
        var hono = Answer(404, "text/plain; charset=UTF-8", "404 Not Found");
        var hono1 = Assert.Single(defaults.Recognise(hono));
        Assert.StartsWith("Hono", hono1.Name);
        Assert.Equal(new[] { "/doc", "/ui" }, defaults.PathsFor(DiscoveryDepth.Standard, new[] { hono1 }).Take(2).Select(p => p.Path.Path));

        var mojo = Answer(404, "text/html;charset=UTF-8", "<!DOCTYPE html><html><head><title>Page Not Found</title></head></html>", ("Server", "Mojolicious (Perl)"));
        var mojo1 = Assert.Single(defaults.Recognise(mojo));
        Assert.Contains(mojo1.Paths, p => p.Path == "/api.html" && p.Kind == ProbeKind.DocPage);
        Assert.Contains(mojo1.Paths, p => p.Path == "/api" && p.Kind == ProbeKind.Spec);

        // nginx's HTML not-found page carries the same words, in HTML: not Hono.
        Assert.Empty(defaults.Recognise(Answer(404, "text/html", "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center></body></html>", ("Server", "nginx"))));
    }

    [Fact]
    public void A_registry_catalog_lists_each_repository_tag_list_and_a_registry_is_recognised_by_its_header()
    {
        var catalog = Encoding.UTF8.GetBytes("""{"repositories":["team/app","base","../escape","UPPER","a//b"]}""");
        var (paths, convention) = ApiRoots.Resources(catalog, new Uri("http://registry.test:5000/v2/_catalog"));
        Assert.Equal("registry catalog", convention);
        Assert.Equal(new[] { "/v2/team/app/tags/list", "/v2/base/tags/list" }, paths);
        // The same shape anywhere else is not a catalog.
        Assert.Empty(ApiRoots.Resources(catalog, new Uri("http://registry.test:5000/v2/repositories")).Paths);

        var notFound = Answer(404, "text/plain; charset=utf-8", "404 page not found", ("Docker-Distribution-Api-Version", "registry/2.0"));
        var registry = Assert.Single(FrameworkDefaults.Bundled.Recognise(notFound), f => f.Name.StartsWith("Docker Registry", StringComparison.Ordinal));
        Assert.Contains(registry.Paths, p => p.Path == "/v2/_catalog" && p.Kind == ProbeKind.ApiRoot);
    }

    [Fact]
    public void A_registry_catalog_answer_names_its_repositories_for_the_exposure_finding()
    {
        Assert.Equal(new[] { "team/app" }, ContainerRegistryCheck.Repositories(Answer(200, "application/json; charset=utf-8", """{"repositories":["team/app"]}""")));
        Assert.Null(ContainerRegistryCheck.Repositories(Answer(200, "application/json", """{"errors":[]}""")));
        Assert.Null(ContainerRegistryCheck.Repositories(Answer(200, "text/html", "<html></html>")));
    }

    private static HttpProbeResult Answer(int status, string type, string body, params (string Name, string Value)[] headers)
    {
        var u = new Uri("http://site.example.test/");
        return new HttpProbeResult
        {
            RequestedUri = u, FinalUri = u, StatusCode = status, Body = Encoding.UTF8.GetBytes(body),
            Headers = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).Append(new KeyValuePair<string, string>("Content-Type", type)).ToArray(),
        };
    }
}
