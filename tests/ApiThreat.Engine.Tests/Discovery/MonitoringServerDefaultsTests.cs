using System.Text;
using ApiThreat.Engine.Discovery.Apis;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Discovery;

/// <summary>
/// The monitoring servers' defaults (module/data/discovery/frameworks.json): recognised by the page titles the real
/// servers send (tests/Real/apps/realfw7-mon-*), their documented operations of kind Operation, with the methods the
/// documentation names, and never their admin or lifecycle writes for Prometheus (whose routes answer even when off).
/// </summary>
public class MonitoringServerDefaultsTests
{
    [Theory]
    [InlineData("<!DOCTYPE html>\n<html lang=\"en\">\n    <head>\n        <meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n        <title>Prometheus Time Series Collection and Processing Server</title>", "Prometheus")]
    [InlineData("<!DOCTYPE html>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n        <title>Alertmanager</title>\n    </head>", "Prometheus Alertmanager")]
    [InlineData("<!DOCTYPE html>\n\n<html lang=\"en\">\n<head>\n\t<title>Prometheus Pushgateway</title>", "Prometheus Pushgateway")]
    public void Each_server_is_recognised_by_its_page_title(string page, string name)
    {
        var found = FrameworkDefaults.Bundled.Recognise(Answer(200, "text/html; charset=utf-8", page));
        Assert.Contains(found, f => f.Name == name);
    }

    [Fact]
    public void A_page_that_only_mentions_prometheus_is_not_recognised()
    {
        var found = FrameworkDefaults.Bundled.Recognise(Answer(200, "text/html", "<html><head><title>Our Prometheus dashboards</title></head></html>"));
        Assert.DoesNotContain(found, f => f.Name.StartsWith("Prometheus", StringComparison.Ordinal));
    }

    [Fact]
    public void Documented_operations_carry_their_documented_methods()
    {
        var frameworks = FrameworkDefaults.Bundled.Frameworks;
        var alertmanager = frameworks.Single(f => f.Name == "Prometheus Alertmanager");
        Assert.Equal(new[] { "GET", "POST" }, alertmanager.Paths.Single(p => p.Path == "/api/v2/silences").Methods);
        Assert.Equal(new[] { "GET" }, alertmanager.Paths.Single(p => p.Path == "/api/v2/status").Methods);
        var push = frameworks.Single(f => f.Name == "Prometheus Pushgateway").Paths.Single(p => p.Path == "/metrics/job/{job}");
        Assert.Equal(ProbeKind.Operation, push.Kind);
        Assert.Equal(new[] { "PUT", "POST", "DELETE" }, push.Methods);
        var prometheus = frameworks.Single(f => f.Name == "Prometheus");
        Assert.All(prometheus.Paths, p => Assert.Equal(new[] { "GET" }, p.Methods));
        Assert.DoesNotContain(prometheus.Paths, p => p.Path.Contains("/admin/", StringComparison.Ordinal) || p.Path.StartsWith("/-/", StringComparison.Ordinal));
        Assert.DoesNotContain(frameworks.SelectMany(f => f.Paths), p => p.Kind == ProbeKind.Operation && p.Standard);
    }

    [Fact]
    public void A_path_without_methods_defaults_to_get()
    {
        using var json = new MemoryStream(Encoding.UTF8.GetBytes("""{"frameworks":[{"name":"X","source":"https://x.test/","paths":[{"path":"/a","kind":"Operation"},{"path":"/b","kind":"Operation","methods":["put","delete"]}]}]}"""));
        var paths = FrameworkDefaults.Parse(json).Frameworks.Single().Paths;
        Assert.Equal(new[] { "GET" }, paths[0].Methods);
        Assert.Equal(new[] { "PUT", "DELETE" }, paths[1].Methods);
    }

    private static HttpProbeResult Answer(int status, string type, string body)
    {
        var u = new Uri("http://monitor.example.test/");
        return new HttpProbeResult
        {
            RequestedUri = u, FinalUri = u, StatusCode = status, Body = Encoding.UTF8.GetBytes(body),
            Headers = new[] { new KeyValuePair<string, string>("Content-Type", type) },
        };
    }
}
