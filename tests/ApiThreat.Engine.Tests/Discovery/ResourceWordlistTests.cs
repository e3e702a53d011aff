using System.Text;
using ApiThreat.Engine.Discovery.Apis;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Discovery;

/// <summary>
/// The API resource wordlist (module/data/discovery/api-resources.json) and what it is asked with: which paths each depth
/// asks, the names under API roots, the refusal of a malformed file, the frameworks recognised by their not-found answers
/// (bodies and headers as the Debian servers send them, tests/Real/apps/realfw8-py-*), and the sample ids of the lists
/// the tutorials return.
/// </summary>
public class ResourceWordlistTests
{
    [Fact]
    public void Bundled_list_is_ranked_and_bounded()
    {
        var w = ResourceWordlist.Bundled;
        Assert.Equal(36, w.StandardCount);
        Assert.Equal(8, w.StandardNames);
        Assert.InRange(w.Paths.Count, w.StandardCount, 128);
        Assert.Equal(new[] { "/users", "/todos", "/items", "/health" }, w.Paths.Take(4));
        Assert.Equal(w.Paths.Count, w.Paths.Distinct().Count());
        // Nothing a website serves to browsers or feed readers: the list is for API resources.
        Assert.DoesNotContain(w.Paths, p => p.Contains("feed") || p.Contains("sitemap") || p.Contains("login") || p.Contains("admin"));
    }

    [Fact]
    public void Standard_asks_the_head_of_the_list_and_Deep_all_of_it()
    {
        var w = ResourceWordlist.Bundled;
        Assert.Empty(w.For(DiscoveryDepth.Passive, Array.Empty<string>()));
        var standard = w.For(DiscoveryDepth.Standard, Array.Empty<string>());
        Assert.Equal(w.Paths.Take(36), standard);
        Assert.Equal(w.Paths, w.For(DiscoveryDepth.Deep, Array.Empty<string>()));
    }

    [Fact]
    public void Names_are_asked_under_the_API_roots_that_answered_once_each_and_not_twice()
    {
        var w = ResourceWordlist.Bundled;
        var paths = w.For(DiscoveryDepth.Standard, new[] { "/api/v1/", "/api/v1", "/v2" }, asked: p => p == "/todos");
        Assert.DoesNotContain("/todos", paths);
        Assert.Contains("/api/v1/users", paths);
        Assert.Contains("/v2/items", paths);
        Assert.Equal(paths.Count, paths.Distinct().Count());
        // 36 at the root less the one asked already, 8 names under each of two roots, /api/v1/users once.
        Assert.Equal(35 + 2 * 8 - 1, paths.Count);
        // At most four roots, whatever the origin answered on.
        var many = w.For(DiscoveryDepth.Deep, Enumerable.Range(1, 9).Select(i => $"/r{i}"));
        Assert.Equal(4, many.Where(p => System.Text.RegularExpressions.Regex.IsMatch(p, "^/r[0-9]/")).Select(p => p.Split('/')[1]).Distinct().Count());
        // A root that is not a plain path is ignored.
        Assert.DoesNotContain(w.For(DiscoveryDepth.Standard, new[] { "/x/../y", "/a b" }), p => p.Contains("..") || p.Contains(' '));
    }

    [Theory]
    [InlineData("""{"standard":1,"paths":["users"]}""")]
    [InlineData("""{"standard":1,"paths":["/a/../b"]}""")]
    [InlineData("""{"standard":1,"paths":["/a"],"names":["a/b"]}""")]
    public void A_malformed_list_is_refused(string json) =>
        Assert.Throws<FormatException>(() => ResourceWordlist.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json))));

    [Fact]
    public void Counts_are_clamped_to_the_lists()
    {
        var w = ResourceWordlist.Parse(new MemoryStream(Encoding.UTF8.GetBytes("""{"standard":99,"paths":["/a","/b","/a"],"standardNames":5,"names":["x"]}""")));
        Assert.Equal(new[] { "/a", "/b" }, w.Paths);
        Assert.Equal(2, w.StandardCount);
        Assert.Equal(1, w.StandardNames);
        Assert.Equal(new[] { "/a", "/b", "/api/x" }, w.For(DiscoveryDepth.Standard, new[] { "/api" }));
    }

    [Theory]
    [InlineData("Tornado", "/nope", 404, "text/html; charset=UTF-8", "<html><title>404: Not Found</title><body>404: Not Found</body></html>", "Server", "TornadoServer/6.2")]
    [InlineData("CherryPy", "/", 200, "text/html", "Hello world!", "Server", "CherryPy/18.8.0")]
    [InlineData("Bottle", "/nope", 404, "text/html; charset=UTF-8", "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head><title>Error: 404 Not Found</title><style>x</style></head><body><h1>Error: 404 Not Found</h1><p>Sorry, the requested URL <tt>&#039;http://h/nope&#039;</tt> caused an error:</p>", null, null)]
    [InlineData("Pyramid", "/nope", 404, "application/json", "{\"message\": \"The resource could not be found.\\n\\n\\n/nope\\n\\n\", \"code\": \"404 Not Found\", \"title\": \"Not Found\"}", null, null)]
    [InlineData("Pecan", "/nope", 404, "application/json", "{\"code\": 404, \"title\": \"Not Found\", \"description\": null}", null, null)]
    [InlineData("Slim", "/nope", 404, "application/json", "{\"message\":\"Not found\"}", null, null)]
    public void Frameworks_are_recognised_by_their_own_answers(string name, string path, int status, string type, string body, string? header, string? value)
    {
        var headers = header is null ? Array.Empty<(string, string)>() : new[] { (header, value!) };
        var found = FrameworkDefaults.Bundled.Recognise(Answer(path, status, type, body, headers)).Select(f => f.Name).ToList();
        Assert.Contains(name, found);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><head><title>Bakery</title></head><body><h1>Fresh bread</h1></body></html>")]
    [InlineData("<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx/1.22.1</center></body></html>")]
    public void A_plain_page_is_none_of_them(string body)
    {
        var found = FrameworkDefaults.Bundled.Recognise(Answer("/nope", 404, "text/html", body)).Select(f => f.Name).ToList();
        Assert.DoesNotContain(found, n => n is "Tornado" or "CherryPy" or "Bottle" or "Pyramid" or "Pecan" or "Slim");
    }

    [Theory]
    [InlineData("""{"users":[{"id":1,"name":"ada"}]}""", "1")]
    [InlineData("""{"todo1":{"task":"build an API"},"todo2":{"task":"?????"}}""", "todo1")]
    [InlineData("""{"todo1":{"task":"x"},"count":2}""", null)]
    [InlineData("""{"only":{"task":"x"}}""", null)]
    public void Tutorial_lists_give_one_sample_id(string json, string? id) =>
        Assert.Equal(id, ApiRoots.SampleId(Encoding.UTF8.GetBytes(json)));

    private static HttpProbeResult Answer(string path, int status, string type, string body, params (string Name, string Value)[] headers)
    {
        var u = new Uri("http://py.example.test" + path);
        return new HttpProbeResult
        {
            RequestedUri = u, FinalUri = u, StatusCode = status, Body = Encoding.UTF8.GetBytes(body),
            Headers = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).Append(new KeyValuePair<string, string>("Content-Type", type)).ToArray(),
        };
    }
}
