using System.Text.RegularExpressions;
using ApiThreat.Engine.Export;
using ApiThreat.Engine.Export.Report;
using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Tests.Export;

public class ReportTests
{
    [Fact]
    public void The_HTML_is_self_contained_and_its_CSP_allows_only_its_own_style_and_script()
    {
        var html = HtmlReportWriter.Write(ExportSamples.Set(), null, ExportSamples.Time);
        var csp = Regex.Match(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">").Groups[1].Value.Replace("&#39;", "'");
        Assert.StartsWith("default-src 'none'; ", csp);
        var style = Regex.Match(html, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
        var script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains($"style-src '{HtmlReportWriter.Hash(style)}'", csp);
        Assert.Contains($"script-src '{HtmlReportWriter.Hash(script)}'", csp);
        // One script runs (allowed by its hash); the other is a JSON data block, which browsers never execute.
        Assert.Equal(2, Regex.Matches(html, "<script").Count);
        Assert.Single(Regex.Matches(html, "<script>"));
        Assert.Single(Regex.Matches(html, "<script type=\"application/json\" id=\"report-data\">"));
        Assert.Single(Regex.Matches(html, "<style"));
        Assert.DoesNotMatch(@"\s(src|href)=""(?!#|https?://)", html);       // nothing loads: links only, anchors or http(s)
        Assert.DoesNotMatch(@"<(img|link|iframe|object|embed)\b", html);
        Assert.DoesNotMatch(@"\son[a-z]+=", html);                            // no inline handlers
        Assert.DoesNotMatch(@"\sstyle=", html);                              // no style attributes (the CSP forbids them)
    }

    [Fact]
    public void Target_text_is_escaped_everywhere()
    {
        var html = HtmlReportWriter.Write(ExportSamples.Set(), null, ExportSamples.Time);
        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.DoesNotContain('\u001b', html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("href=\"javascript:", html);
    }

    [Fact]
    public void The_HTML_shows_the_counts_charts_scores_and_host_sections()
    {
        var html = HtmlReportWriter.Write(ExportSamples.Set(), null, ExportSamples.Time);
        Assert.Contains("<span class=\"n\" id=\"count-findings\">4</span>", html);
        Assert.Contains("<span class=\"n\" id=\"count-hosts\">3</span>", html);
        Assert.Contains("<span class=\"n\" id=\"count-critical\">1</span>", html);
        foreach (var id in new[] { "chart-grades", "chart-severity", "chart-category", "chart-certificates", "chart-inventory" })
            Assert.Contains($"<svg id=\"{id}\"", html);
        Assert.Contains("data-label=\"contoso.test\" data-value=\"41\"", html);
        Assert.Contains("<g class=\"cert\" data-days=\"12\">", html);
        Assert.Contains("<a href=\"#host-api.contoso.test\">api.contoso.test</a>", html);
        Assert.Contains("<a href=\"#host-old.contoso.test\">old.contoso.test</a>", html);
        Assert.Contains("<section class=\"host\" id=\"host-detail\" hidden", html);
        Assert.Contains("Domain contoso.test: grade D (41/100, 4 findings)", html);
        Assert.Equal(4, Regex.Matches(html, "<tr data-severity=").Count);
        var data = ReportDataOf(html);
        Assert.Equal(4, ((JArray)data["findings"]!).Count);
        Assert.Equal(3, ((JArray)data["hosts"]!).Count);
        Assert.Equal("old.contoso.test", Decode(data, data["hosts"]![0]![0]!));   // worst host first (a Critical finding)
    }

    [Fact]
    public void Reports_are_deterministic()
    {
        var scan = ExportSamples.Scan();
        var a = HtmlReportWriter.Write(ExportSamples.Set(scan), null, ExportSamples.Time);
        var b = HtmlReportWriter.Write(ExportSamples.Set(scan.Findings.Reverse().Cast<object>().Append(scan).ToArray()), null, ExportSamples.Time);
        Assert.Equal(a, b);
        Assert.Equal(MarkdownReportWriter.Write(ExportSamples.Set(scan), null, ExportSamples.Time), MarkdownReportWriter.Write(ExportSamples.Set(scan), null, ExportSamples.Time));
    }

    [Fact]
    public void Markdown_escapes_target_text_and_keeps_tables_intact()
    {
        var md = MarkdownReportWriter.Write(ExportSamples.Set(), null, ExportSamples.Time);
        // Outside code spans (where Markdown renders nothing), no raw HTML and no link syntax survive.
        var prose = Regex.Replace(md, @"(`+)(?!`).*?(?<!`)\1(?!`)", "CODE");
        Assert.DoesNotContain("<script", prose);
        Assert.DoesNotContain("](javascript:", prose);
        Assert.DoesNotContain('\u001b', md);
        Assert.Contains("&lt;script&gt;alert\\(1\\)&lt;/script&gt;\\|", md); // escaped prose
        foreach (var row in md.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains(" | ")))
        {
            var cells = Regex.Split(row.Trim('|', ' '), @"(?<!\\)\|").Length;
            Assert.InRange(cells, 5, 9);
        }
        Assert.Equal("a \\*b\\* \\[c\\]\\(d\\) &lt;e&gt; \\|", Markdown.Escape("a *b* [c](d) <e> |"));
        Assert.Equal("``a`b``", Markdown.Code("a`b"));
        Assert.Equal("`` `a ``", Markdown.Code("`a"));
        Assert.Equal("[x](https://h.test/%28a%29)", Markdown.Link("x", "https://h.test/(a)"));
        Assert.Equal("javascript\\:alert\\(1\\)".Replace("\\:", ":"), Markdown.Link("javascript:alert(1)", "javascript:alert(1)"));
    }

    [Fact]
    public void The_data_block_is_HTML_safe_and_keeps_hostile_text_as_text()
    {
        var html = HtmlReportWriter.Write(ExportSamples.Set(), null, ExportSamples.Time);
        var block = Regex.Match(html, "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        Assert.DoesNotContain('<', block);
        Assert.DoesNotContain('>', block);
        Assert.DoesNotContain('\u001b', block);
        var data = ReportDataOf(html);
        var titles = ((JArray)data["findings"]!).Select(f => Decode(data, f[2]!)).ToList();
        Assert.Contains("Missing HSTS header", titles);
        var evidence = ((JArray)data["findings"]!).Select(f => Decode(data, f[7]!)).ToList();
        Assert.Contains(evidence, e => e.StartsWith("<script>alert(1)</script>|CEF:0|", StringComparison.Ordinal) && e.Contains('\n') && !e.Contains('\u001b'));
        // References link only http(s): anything else is text with a null URL.
        foreach (var d in (JArray)data["details"]!)
            foreach (var r in (JArray)d[3]!)
                Assert.True(r[1]!.Type == JTokenType.Null || Decode(data, r[1]!).StartsWith("https://", StringComparison.Ordinal));
    }

    [Fact]
    public void A_scan_of_20000_hosts_and_100000_findings_gives_a_report_under_15_MB_with_every_row_in_its_data()
    {
        var set = new ExportSet();
        set.Add(LargeScan(20_000, 100_000));
        var path = Path.Combine(Path.GetTempPath(), $"apithreat-large-{Guid.NewGuid():n}.html");
        try
        {
            using (var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false)))
                HtmlReportWriter.Write(set, null, ExportSamples.Time, writer);
            var size = new FileInfo(path).Length;
            Assert.True(size < 15 * 1024 * 1024, $"The report is {size / 1024 / 1024} MB.");
            var html = File.ReadAllText(path);
            var data = ReportDataOf(html);
            Assert.Equal(100_000, ((JArray)data["findings"]!).Count);
            Assert.Equal(20_000, ((JArray)data["hosts"]!).Count);
            Assert.Equal(HtmlReportWriter.PageSize, Regex.Matches(html, "<tr data-severity=").Count);  // one page as HTML
            Assert.Contains("<span class=\"n\" id=\"count-findings\">100000</span>", html);
        }
        finally { File.Delete(path); }
    }

    /// <summary>
    /// A scan shaped like a large real one: most hosts have no findings, the rest a few each from a few dozen rules;
    /// targets are the hosts' URLs, evidence is partly shared (header values) and partly unique.
    /// </summary>
    internal static ScanResult LargeScan(int hostCount, int findingCount)
    {
        var hosts = new DiscoveredHost[hostCount];
        for (var i = 0; i < hostCount; i++)
            hosts[i] = new DiscoveredHost { HostName = $"h{i}.bench.example", Domain = "bench.example", Addresses = new[] { $"198.51.{i / 256 % 256}.{i % 256}" }, Sources = new[] { "Wordlist" } };
        var withFindings = Math.Max(1, hostCount / 4);
        var findings = new Finding[findingCount];
        for (var n = 0; n < findingCount; n++)
        {
            var host = n % withFindings;
            var rule = n / withFindings % 40;
            findings[n] = new Finding
            {
                RuleId = $"ATR-BENCH-{rule:000}", Title = $"Bench rule {rule}", Severity = (Severity)(rule % 5), Category = (FindingCategory)(rule % 8),
                Target = $"https://h{host}.bench.example/", HostName = $"h{host}.bench.example",
                Evidence = n % 2 == 0 ? "Strict-Transport-Security: max-age=0" : $"GET /api/v{n % 7}/items/{n} answered 200",
                Remediation = $"Remediation of rule {rule}.", Cwe = "CWE-319", OwaspApi = "API8:2023",
                References = new[] { "https://owasp.org/API-Security/" }, Timestamp = ExportSamples.Time,
            };
        }
        return new ScanResult { Domains = new[] { "bench.example" }, Hosts = hosts, Findings = findings };
    }

    /// <summary>The data block as the page's script parses it (a script element's text is raw: no entity decoding).</summary>
    private static JObject ReportDataOf(string html) =>
        JObject.Parse(Regex.Match(html, "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value);

    /// <summary>A string of the data: inline, or an index into "strings".</summary>
    private static string Decode(JObject data, JToken value) =>
        value.Type == JTokenType.Integer ? (string)data["strings"]![(int)value]! : (string?)value ?? "";

    [Fact]
    public void An_empty_report_still_renders()
    {
        var html = HtmlReportWriter.Write(new ExportSet(), null, ExportSamples.Time);
        Assert.Contains("<span class=\"n\" id=\"count-findings\">0</span>", html);
        Assert.Contains("No findings.", html);
        Assert.Contains("No findings.", MarkdownReportWriter.Write(new ExportSet(), null, ExportSamples.Time));
    }
}
