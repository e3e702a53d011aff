using System.Text.RegularExpressions;
using ApiThreat.Engine.Export;
using ApiThreat.Engine.Export.Report;

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
        Assert.Single(Regex.Matches(html, "<script"));
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
        Assert.Contains("<section class=\"host\" id=\"host-api.contoso.test\">", html);
        Assert.Contains("<section class=\"host\" id=\"host-old.contoso.test\">", html);
        Assert.Contains("Domain contoso.test: grade D (41/100, 4 findings)", html);
        Assert.Equal(4, Regex.Matches(html, "<tr data-severity=").Count);
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
    public void An_empty_report_still_renders()
    {
        var html = HtmlReportWriter.Write(new ExportSet(), null, ExportSamples.Time);
        Assert.Contains("<span class=\"n\" id=\"count-findings\">0</span>", html);
        Assert.Contains("No findings.", html);
        Assert.Contains("No findings.", MarkdownReportWriter.Write(new ExportSet(), null, ExportSamples.Time));
    }
}
