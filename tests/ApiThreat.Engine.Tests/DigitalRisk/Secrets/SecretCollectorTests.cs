using System.Text;
using ApiThreat.Engine.DigitalRisk.Secrets;
using ApiThreat.Engine.Net;
using ApiThreat.Lab.Scenarios;

namespace ApiThreat.Engine.Tests.DigitalRisk.Secrets;

/// <summary>
/// -IncludeSecrets (answers another cmdlet fetched, handed over one by one) and -Path (local files): each secret once
/// per host, sources told apart by what the answer is, binary files skipped, source maps read source by source.
/// </summary>
public class SecretCollectorTests
{
    private static readonly IReadOnlyDictionary<string, FakeSecret> Fakes = FakeSecrets.All(7713).ToDictionary(f => f.Type);

    private static HttpProbeResult Answer(string url, int status, string contentType, string body) => new()
    {
        RequestedUri = new Uri(url),
        FinalUri = new Uri(url),
        StatusCode = status,
        Headers = new[] { new KeyValuePair<string, string>("Content-Type", contentType) },
        Body = Encoding.UTF8.GetBytes(body),
    };

    [Fact]
    public void The_same_secret_in_many_answers_of_a_host_is_reported_once_and_each_url_is_read_once()
    {
        var collector = new ResponseSecretCollector(SecretCatalog.Bundled, CancellationToken.None);
        var page = $"<html><head><script>{Fakes["stripe-secret-key"].Js}</script></head><body><!-- {Fakes["slack-webhook-url"].Value} --></body></html>";
        collector.Observe(Answer("https://shop.example.test/", 200, "text/html; charset=utf-8", page));
        collector.Observe(Answer("https://shop.example.test/", 200, "text/html; charset=utf-8", page));
        collector.Observe(Answer("https://shop.example.test/en/", 200, "text/html", page));
        collector.Observe(Answer("https://shop.example.test/static/app.js", 200, "application/javascript", Fakes["github-pat"].Js));
        var found = collector.Drain();
        Assert.Equal(new[] { "github-pat|Script", "slack-webhook-url|HtmlComment", "stripe-secret-key|Page" },
            found.Select(s => $"{s.Type}|{s.Source}").Order(StringComparer.Ordinal));
        Assert.All(found, s => Assert.Equal("shop.example.test", s.HostName));
        Assert.Empty(collector.Drain());
        var text = string.Join("\n", found.Select(s => $"{s} {s.Detail} {string.Join(" ", s.Findings.Select(f => f.Evidence + f.Location))}"));
        foreach (var t in new[] { "stripe-secret-key", "slack-webhook-url", "github-pat" }) Assert.DoesNotContain(Fakes[t].Value, text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_api_description_and_an_error_answer_are_read_as_what_they_are()
    {
        var collector = new ResponseSecretCollector(SecretCatalog.Bundled, CancellationToken.None);
        var spec = "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{\"/a\":{\"get\":{\"parameters\":[{\"name\":\"Authorization\",\"in\":\"header\",\"example\":\"Bearer "
            + Fakes["jwt"].Value + "\"}],\"responses\":{\"200\":{\"description\":\"ok\"}}}}}}";
        collector.Observe(Answer("https://api.example.test/openapi.json", 200, "application/json", spec));
        collector.Observe(Answer("https://api.example.test/nope", 500, "text/html", $"<h1>Server Error</h1><pre>SENDGRID_API_KEY = '{Fakes["sendgrid-api-key"].Value}'</pre>"));
        var found = collector.Drain().Select(s => $"{s.Type}|{s.Source}").Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "jwt|ApiDescription", "sendgrid-api-key|ErrorPage" }, found);
    }

    [Fact]
    public void Local_files_binary_skipped_source_maps_read_source_by_source()
    {
        var dir = Directory.CreateTempSubdirectory("apithreat-secretfiles-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "app.js"), "!function(){" + Fakes["github-pat"].Js + "}();\n");
            var map = System.Text.Json.JsonSerializer.Serialize(new { version = 3, sources = new[] { "src/a.ts", "src/b.ts" },
                sourcesContent = new[] { "// a\nexport const x = 1;\n", "// b\n\nexport " + Fakes["twilio-auth-token"].Js + "\n" }, mappings = "AAAA" });
            File.WriteAllText(Path.Combine(dir.FullName, "app.js.map"), map);
            var binary = new byte[64]; binary[3] = 0;
            File.WriteAllBytes(Path.Combine(dir.FullName, "logo.png"), binary.Concat(Encoding.UTF8.GetBytes(Fakes["stripe-secret-key"].Js)).ToArray());
            var harvester = new SecretHarvester(new SecretScanner(SecretCatalog.Bundled));
            var found = SecretFiles.Expand(dir.FullName).SelectMany(f => SecretFiles.Scan(harvester, f, CancellationToken.None)).Select(f => f.Finish()).ToList();
            Assert.Equal(new[] { "github-pat|File|", "twilio-auth-token|SourceMap|src/b.ts" },
                found.Select(s => $"{s.Type}|{s.Source}|{s.SourceName}").Order(StringComparer.Ordinal));
            Assert.Equal(3, found.Single(s => s.Type == "twilio-auth-token").Line);
        }
        finally { dir.Delete(recursive: true); }
    }
}
