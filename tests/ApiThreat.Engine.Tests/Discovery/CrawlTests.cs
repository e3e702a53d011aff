using System.Text;
using ApiThreat.Engine.Discovery.Apis;
using ApiThreat.Engine.Discovery.Crawl;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Discovery;

/// <summary>The crawl's pure parts: JavaScript mining, HTML links, source maps, API roots, framework defaults, budgets.</summary>
public class CrawlTests
{
    private static readonly Uri Page = new("https://app.example.test/notes/index.html");

    private static List<string> Leads(string code, LeadKind? kind = null) =>
        JavaScriptMiner.Mine(code, Page, "https://app.example.test/app.js").Leads
            .Where(l => kind is null || l.Kind == kind).Select(l => $"{l.Kind} {l.Method} {l.Path}".Replace("  ", " ")).ToList();

    [Fact]
    public void Fetch_axios_and_xhr_calls_give_their_paths_and_methods()
    {
        var code = """
            fetch('/api/v1/orders').then(r => r.json());
            axios.post("/api/v1/orders", body);
            const xhr = new XMLHttpRequest(); xhr.open("DELETE", "/api/v1/orders/7");
            $.getJSON('/rest/status');
            fetch('db');
            """;
        Assert.Equal(new[] { "ApiPath /api/v1/orders", "ApiPath POST /api/v1/orders", "ApiPath DELETE /api/v1/orders/7", "ApiPath /rest/status", "ApiPath /notes/db" }, Leads(code));
    }

    [Fact]
    public void Constants_feed_template_literals_and_concatenations_and_fetch_options_name_the_method()
    {
        var code = """
            const API = '/api';
            async function show(id) { return fetch(`${API}/notes/${id}`); }
            await fetch(API + '/notes', { method: 'POST', headers: { 'Content-Type': 'application/json' } });
            """;
        Assert.Equal(new[] { "ApiPath /api", "ApiPath /api/notes/{id}", "ApiPath POST /api/notes" }, Leads(code));
    }

    [Fact]
    public void GraphQL_endpoints_and_spec_urls_are_told_apart()
    {
        var code = """
            const client = new ApolloClient({ uri: '/graphql', cache });
            SwaggerUIBundle({ url: "/static/openapi.yaml", dom_id: '#swagger-ui' });
            """;
        Assert.Equal(new[] { "GraphQl /graphql", "Spec /static/openapi.yaml" }, Leads(code));
    }

    [Fact]
    public void Assets_other_origins_comments_and_regular_expressions_are_not_leads()
    {
        var code = """
            // fetch('/api/commented-out')
            /* axios.get('/api/also-commented') */
            var slides = ["/images/a.svg", "/css/site.css", "/js/app.js"];
            fetch('https://other.example.test/api/v1/x');
            var re = /"\/api\/in-a-regex"/g; var half = total / 2; var s = "/api/after-division";
            var label = { path: '/menu/' };
            """;
        Assert.Equal(new[] { "ApiPath /api/after-division" }, Leads(code));
    }

    [Fact]
    public void Embedded_specs_and_the_source_map_comment_are_found()
    {
        var code = "var options = {\n  \"swaggerDoc\": {\"openapi\":\"3.0.0\",\"info\":{\"title\":\"T}{\",\"version\":\"1\"},\"paths\":{}},\n  \"customOptions\": {}\n};\n//# sourceMappingURL=app.js.map\n";
        var findings = JavaScriptMiner.Mine(code, Page, "https://app.example.test/static/app.js");
        var spec = Assert.Single(findings.InlineSpecs);
        Assert.StartsWith("{\"openapi\":\"3.0.0\"", spec);
        Assert.EndsWith("\"paths\":{}}", spec);
        Assert.Equal("https://app.example.test/static/app.js.map", findings.SourceMap?.ToString());
    }

    [Fact]
    public void A_large_bundle_is_mined_in_one_pass_and_leads_are_capped()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 50_000; i++) sb.Append("function f").Append(i).Append("(a){return a.map(function(x){return \"k").Append(i).Append("\"+x/2})}\n");
        sb.Append("fetch('/api/late');");
        var findings = JavaScriptMiner.Mine(sb.ToString(), Page, "https://app.example.test/big.js");
        Assert.Contains(findings.Leads, l => l.Path == "/api/late");
        var many = string.Concat(Enumerable.Range(0, 5000).Select(i => $"fetch('/api/r{i}');"));
        Assert.Equal(256, JavaScriptMiner.Mine(many, Page, "x").Leads.Count);
    }

    [Fact]
    public void Pages_give_same_origin_links_forms_scripts_and_refreshes()
    {
        var html = """
            <html><head><link rel="stylesheet" href="/site.css"><link rel="service-desc" href="/openapi.json">
            <meta http-equiv="refresh" content="5; url=/next.html"><script src="/app.js"></script><script>fetch('/api/inline')</script>
            <script type="text/template">not code</script></head>
            <body><a href="about.html#team">About</a><a href="https://elsewhere.test/x">Out</a><a href="mailto:a@b.c">Mail</a>
            <form action="/api/contact" method="post"></form><form action="/search"></form></body></html>
            """;
        var links = PageReader.Read(html, Page);
        Assert.Equal(new[] { "/notes/about.html", "/next.html" }, links.Pages.Select(u => u.PathAndQuery));
        Assert.Equal(new[] { "/app.js" }, links.Scripts.Select(u => u.AbsolutePath));
        Assert.Equal("fetch('/api/inline')", Assert.Single(links.InlineScripts));
        Assert.Equal(new[] { "POST /api/contact", "GET /search" }, links.Forms.Select(f => $"{f.Method} {f.Action.AbsolutePath}"));
        Assert.Equal("/openapi.json", Assert.Single(links.Descriptions).Url.AbsolutePath);
    }

    [Fact]
    public void Source_maps_give_the_application_sources_not_third_party_ones()
    {
        var map = """{"version":3,"sources":["webpack/bootstrap","src/api.ts","node_modules/react/index.js"],"sourcesContent":["x","export const get = () => http.get<User[]>('/api/users');","y"],"mappings":""}""";
        var sources = SourceMaps.Sources(Encoding.UTF8.GetBytes(map));
        var (name, content) = Assert.Single(sources);
        Assert.Equal("src/api.ts", name);
        Assert.Contains("/api/users", content);
    }

    [Theory]
    [InlineData("""{"snippets":"http://h.test/snippets/","authors":"http://h.test/authors/"}""", "http://h.test/", "resource index", "/snippets/,/authors/")]
    [InlineData("""{"_links":{"orders":{"href":"http://h.test/api/orders{?page,size,sort}","templated":true},"profile":{"href":"http://h.test/api/profile"}}}""", "http://h.test/api", "HAL", "/api/orders")]
    [InlineData("""{"@odata.context":"$metadata","value":[{"name":"People","url":"People"}]}""", "http://h.test/odata", "OData", "/odata/People")]
    [InlineData("""{"posts":[{"id":1}],"profile":{"name":"x"}}""", "http://h.test/db", "json-server database", "/posts,/profile")]
    [InlineData("""{"name":"plain","version":"1.2"}""", "http://h.test/", null, "")]
    [InlineData("""{"home":"http://other.test/x"}""", "http://h.test/", "resource index", "")]
    [InlineData("""{"resources":{"users":"/api/users/view","tags":"http://h.test/api/tags"}}""", "http://h.test/api", "resource index", "/api/users/view,/api/tags")]
    [InlineData("""{"name":"x","meta":{"count":"3","owner":"/nobody"}}""", "http://h.test/api", "resource index", "")]
    [InlineData("""{"resources":{"away":"http://other.test/users"}}""", "http://h.test/api", "resource index", "")]
    public void Api_roots_list_their_resources(string json, string at, string? convention, string expected)
    {
        var (paths, conv) = ApiRoots.Resources(Encoding.UTF8.GetBytes(json), new Uri(at));
        Assert.Equal(expected, string.Join(",", paths));
        if (paths.Count > 0) Assert.Equal(convention, conv);
    }

    [Theory]
    [InlineData("""[{"id":7,"t":"a"},{"id":8}]""", "7")]
    [InlineData("""{"count":1,"results":[{"id":"ab-1"}]}""", "ab-1")]
    [InlineData("""{"_embedded":{"orders":[{"uuid":"u1"}]}}""", "u1")]
    [InlineData("""[{"name":"no id"}]""", null)]
    [InlineData("""[{"username":"tom","name":"Tom"}]""", "tom")]
    [InlineData("""[{"name":"lamp","id":3}]""", "3")]
    [InlineData("""[{"id":"../../etc"}]""", null)]
    public void A_list_gives_one_sample_id(string json, string? id) =>
        Assert.Equal(id, ApiRoots.SampleId(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData(@"/wp/v2/posts/(?P<id>[\d]+)", "/wp/v2/posts/{id}")]
    [InlineData(@"/wp/v2/posts/(?P<parent>[\d]+)/revisions/(?P<id>[\d]+)", "/wp/v2/posts/{parent}/revisions/{id}")]
    [InlineData(@"/wp/v2/templates/(?P<id>([^\/:<>\*\?""\|]+(?:\/[^\/:<>\*\?""\|]+)?)[\/\w-]+)", "/wp/v2/templates/{id}")]
    [InlineData(@"/wp/v2/plugins/(?P<plugin>[^.\/]+(?:\/[^.\/]+)?)", "/wp/v2/plugins/{plugin}")]
    [InlineData("/wp/v2", "/wp/v2")]
    [InlineData(@"/wp/v2/(?:posts)", null)]
    [InlineData(@"/wp/v2/posts/(?P<id>[\d]+", null)]
    public void WordPress_route_patterns_become_path_templates(string pattern, string? template) =>
        Assert.Equal(template, WordPressRoutes.Template(pattern));

    [Fact]
    public void A_WordPress_route_index_gives_its_routes_below_the_index_in_either_permalink_form()
    {
        var index = Encoding.UTF8.GetBytes("""
            {"name":"Site","namespaces":["wp/v2"],"routes":{
              "/":{"namespace":"","methods":["GET"]},
              "/wp/v2/posts":{"namespace":"wp/v2","methods":["GET","POST"]},
              "/wp/v2/posts/(?P<id>[\\d]+)":{"namespace":"wp/v2","methods":["GET","POST","PUT","PATCH","DELETE"]},
              "/wp/v2/odd":{"methods":["TRACE","GET"]}},
             "_links":{"help":[{"href":"https://developer.wordpress.org/rest-api/"}]}}
            """);
        var pretty = WordPressRoutes.Operations(index, new Uri("http://blog.test/wp-json/")).Select(o => $"{o.Method} {o.Path}").ToList();
        Assert.Equal(new[] { "GET /wp-json/", "GET /wp-json/wp/v2/posts", "POST /wp-json/wp/v2/posts", "GET /wp-json/wp/v2/posts/{id}", "POST /wp-json/wp/v2/posts/{id}",
            "PUT /wp-json/wp/v2/posts/{id}", "PATCH /wp-json/wp/v2/posts/{id}", "DELETE /wp-json/wp/v2/posts/{id}", "GET /wp-json/wp/v2/odd" }, pretty);
        var plain = WordPressRoutes.Operations(index, new Uri("http://blog.test/index.php?rest_route=/")).Select(o => o.Path).Distinct().ToList();
        Assert.Contains("/index.php?rest_route=/wp/v2/posts/{id}", plain);
        Assert.Empty(WordPressRoutes.Operations(Encoding.UTF8.GetBytes("""{"routes":{"/a":{"methods":["GET"]}}}"""), new Uri("http://blog.test/wp-json/")));
        Assert.Empty(WordPressRoutes.Operations(Encoding.UTF8.GetBytes("not json"), new Uri("http://blog.test/wp-json/")));
    }

    [Theory]
    [InlineData("/books(.:format)", "/books")]
    [InlineData("/books/:id(.:format)", "/books/{id}")]
    [InlineData("/books/:book_id/reviews/new(.:format)", "/books/{book_id}/reviews/new")]
    [InlineData("/", "/")]
    [InlineData("/rails/active_storage/blobs/:signed_id/*filename(.:format)", null)]
    [InlineData("/rails/info/routes(.:format)", null)]
    [InlineData("/files/*path", null)]
    [InlineData("/books/:id(.:format", null)]
    [InlineData("books", null)]
    public void Rails_route_paths_become_path_templates(string route, string? template) =>
        Assert.Equal(template, RailsRoutes.Template(route));

    [Fact]
    public void The_Rails_development_route_table_gives_each_route_with_its_verbs()
    {
        // The rows of /rails/info/routes as Rails 6.1 prints them (actionpack's routes/_table and _route templates).
        const string page = """
            <table id='route_table' class='route_table'><thead><tr><th>Helper</th><th>HTTP Verb</th><th>Path</th><th>Controller#Action</th></tr></thead>
            <tbody>
            <tr class='route_row' data-helper='path'><td data-route-name='books'>books<span class='helper'>_path</span></td><td>GET</td>
              <td data-route-path='/books(.:format)'>/books(.:format)</td><td><p>books#index</p></td></tr>
            <tr class='route_row' data-helper='path'><td data-route-name=''></td><td>POST</td>
              <td data-route-path='/books(.:format)'>/books(.:format)</td><td><p>books#create</p></td></tr>
            <tr class='route_row' data-helper='path'><td data-route-name='book'>book<span class='helper'>_path</span></td><td>
                PATCH
              </td><td data-route-path='/books/:id(.:format)'>/books/:id(.:format)</td><td><p>books#update</p></td></tr>
            <tr class='route_row' data-helper='path'><td data-route-name='search'></td><td>GET|POST</td>
              <td data-route-path='/search(.:format)'>/search(.:format)</td><td><p>search#index</p></td></tr>
            <tr class='route_row' data-helper='path'><td data-route-name='rails_blob'></td><td>GET</td>
              <td data-route-path='/rails/active_storage/blobs/:signed_id/*filename(.:format)'>x</td><td><p>active_storage/blobs#show</p></td></tr>
            </tbody></table>
            """;
        Assert.Equal(new[] { "GET /books", "POST /books", "PATCH /books/{id}", "GET /search", "POST /search" },
            RailsRoutes.Operations(page).Select(o => $"{o.Method} {o.Path}"));
        Assert.Empty(RailsRoutes.Operations("<html><body><h1>Routing Error</h1></body></html>"));
        Assert.Contains(FrameworkDefaults.Bundled.Frameworks, f => f.Paths.Any(p => p.Path == "/rails/info/routes" && p.Kind == ProbeKind.RouteTable));
    }

    [Fact]
    public void Framework_defaults_are_data_with_a_source_for_each_and_recognise_frameworks_by_their_answers()
    {
        var defaults = FrameworkDefaults.Bundled;
        Assert.True(defaults.Frameworks.Count >= 25);
        Assert.All(defaults.Frameworks, f => Assert.StartsWith("https://", f.Source));
        foreach (var name in new[] { "FastAPI", "NestJS", "Fastify", "Express (swagger-ui-express)", "springdoc-openapi", "Springfox", "Swashbuckle (ASP.NET Core)",
                     "NSwag (ASP.NET Core)", "Django REST framework", "graphene-django", "Strawberry", "Ariadne", "Apollo Server", "Hasura", "PostGraphile",
                     "Hot Chocolate", "json-server", "Ruby on Rails (rswag)", "Laravel (L5-Swagger, Scribe, Scramble)", "Flask-RESTX", "Flasgger", "Spring Data REST", "OData", "JSON:API" })
            Assert.Contains(defaults.Frameworks, f => f.Name == name);

        var fastify = Answer(404, "application/json", """{"message":"Route GET:/x not found","error":"Not Found","statusCode":404}""");
        Assert.Equal(new[] { "Fastify" }, defaults.Recognise(fastify).Select(f => f.Name));
        var uvicorn = Answer(404, "application/json", """{"detail":"Not Found"}""", ("server", "uvicorn"));
        Assert.Contains("FastAPI", defaults.Recognise(uvicorn).Select(f => f.Name));
        var aiohttp = Answer(404, "text/plain", "404: Not Found", ("Server", "Python/3.11 aiohttp/3.8.4"));
        Assert.Equal(new[] { "aiohttp (aiohttp-apispec)" }, defaults.Recognise(aiohttp).Select(f => f.Name));
        var plain = Answer(404, "text/html", "<html><body>Not found</body></html>", ("Server", "nginx/1.22.1"));
        Assert.Empty(defaults.Recognise(plain));
        // Standard: the recognised framework's paths first, then only the few marked standard; Deep: all.
        var standard = defaults.PathsFor(DiscoveryDepth.Standard, defaults.Recognise(fastify)).ToList();
        Assert.Equal("/documentation/json", standard[0].Path.Path);
        Assert.True(standard.Count < 10);
        Assert.True(defaults.PathsFor(DiscoveryDepth.Deep, Array.Empty<Framework>()).Count() > 60);
    }

    [Fact]
    public async Task The_crawl_stays_on_its_origin_and_within_its_page_byte_and_depth_budget()
    {
        // A site of 10,000 pages, each linking the next ten and one page elsewhere: the budget, not the site, ends the crawl.
        var origin = new Uri("http://site.example.test/");
        var asked = new List<Uri>();
        Task<HttpProbeResult?> Fetch(Uri u, long cap, CancellationToken ct)
        {
            lock (asked) asked.Add(u);
            var n = int.TryParse(u.AbsolutePath.Trim('/').Replace("p", ""), out var i) ? i : 0;
            var links = string.Concat(Enumerable.Range(1, 10).Select(k => $"<a href=\"/p{Math.Min(9999, n * 10 + k)}\">x</a>")) + "<a href=\"http://evil.test/\">e</a>";
            return Task.FromResult<HttpProbeResult?>(Answer(200, "text/html", $"<html><body>{links}</body></html>", uri: u));
        }
        var budget = new CrawlBudget { MaxPages = 25, MaxDepth = 3, MaxBytes = 1024 * 1024, MaxTime = TimeSpan.FromSeconds(30) };
        var crawler = new SiteCrawler(Fetch, budget, 4, _ => { });
        var result = await crawler.CrawlAsync((await Fetch(origin, 0, default))!, Array.Empty<Uri>(), default);
        Assert.Equal(26, asked.Count); // the root, then 25 pages
        Assert.All(asked, u => Assert.Equal("site.example.test", u.Host));
        Assert.Equal("pages", result.StoppedBy);

        asked.Clear();
        var small = new SiteCrawler(Fetch, budget with { MaxBytes = 2000 }, 1, _ => { });
        var r2 = await small.CrawlAsync((await Fetch(origin, 0, default))!, Array.Empty<Uri>(), default);
        Assert.True(r2.Bytes <= 2000 + 400, $"read {r2.Bytes} bytes");
        Assert.Equal("bytes", r2.StoppedBy);
    }

    [Fact]
    public async Task A_root_with_nothing_to_follow_costs_no_request()
    {
        var asked = 0;
        var crawler = new SiteCrawler((u, c, t) => { asked++; return Task.FromResult<HttpProbeResult?>(null); }, CrawlBudget.Standard, 4, _ => { });
        var json = Answer(200, "application/json", "{\"ok\":true}");
        Assert.False(SiteCrawler.WorthCrawling(json));
        var page = Answer(200, "text/html", "<html><body><h1>Hello</h1></body></html>");
        var result = await crawler.CrawlAsync(page, Array.Empty<Uri>(), default);
        Assert.Equal(0, asked);
        Assert.Empty(result.Leads);
    }

    private static HttpProbeResult Answer(int status, string type, string body, params (string, string)[] headers) => Answer(status, type, body, null, headers);

    private static HttpProbeResult Answer(int status, string type, string body, Uri? uri, params (string Name, string Value)[] headers)
    {
        var u = uri ?? new Uri("http://site.example.test/");
        return new HttpProbeResult
        {
            RequestedUri = u, FinalUri = u, StatusCode = status, Body = Encoding.UTF8.GetBytes(body),
            Headers = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).Append(new KeyValuePair<string, string>("Content-Type", type)).ToArray(),
        };
    }
}
