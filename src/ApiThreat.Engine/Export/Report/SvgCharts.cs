using System.Globalization;
using System.Net;
using System.Text;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Export.Report;

/// <summary>
/// The report's charts as inline SVG we draw ourselves: no script, no external font or image, colours from CSS classes
/// (no style attributes, which the page's CSP forbids). Labels are HTML-escaped like everything else.
/// </summary>
public static class SvgCharts
{
    private const int Width = 520;
    private const int LabelWidth = 190;
    private const int RowHeight = 24;

    public sealed record Bar(string Label, double Value, string CssClass, string? ValueText = null);

    /// <summary>Horizontal bars scaled to <paramref name="max"/> (default: the largest value).</summary>
    public static string Bars(string id, string title, IReadOnlyList<Bar> bars, double? max = null)
    {
        var sb = new StringBuilder();
        var height = Math.Max(1, bars.Count) * RowHeight + 8;
        var scale = max ?? Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        sb.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{Html(title)}</title>");
        if (bars.Count == 0)
            sb.Append("<text x=\"4\" y=\"20\" class=\"axis\">nothing to show</text>");
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = 4 + i * RowHeight;
            var w = Math.Max(b.Value > 0 ? 2 : 0, (Width - LabelWidth - 60) * Math.Clamp(b.Value / scale, 0, 1));
            sb.Append(CultureInfo.InvariantCulture, $"<g class=\"bar\" data-label=\"{Html(b.Label)}\" data-value=\"{b.Value.ToString("0.##", CultureInfo.InvariantCulture)}\">");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 6}\" y=\"{y + 15}\" text-anchor=\"end\" class=\"label\">{Html(Shorten(b.Label, 30))}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y + 3}\" width=\"{w:0.#}\" height=\"{RowHeight - 8}\" class=\"{b.CssClass}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + w + 6:0.#}\" y=\"{y + 15}\" class=\"value\">{Html(b.ValueText ?? b.Value.ToString("0.##", CultureInfo.InvariantCulture))}</text>");
            sb.Append("</g>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>
    /// Certificate expiry timeline: one row per certificate, a bar from today to its expiry (left of the today line when
    /// already expired), coloured expired / under 30 days / fine. At most <paramref name="maxRows"/> rows, soonest first.
    /// </summary>
    public static string CertificateTimeline(string id, IReadOnlyList<CertificateInfo> certificates, DateTimeOffset now, int maxRows = 30)
    {
        var rows = certificates.Where(c => c.NotAfter != default)
            .Select(c => (Label: $"{c.HostName}:{c.Port.ToString(CultureInfo.InvariantCulture)}", Days: (int)Math.Floor((c.NotAfter - now).TotalDays), Cert: c))
            .OrderBy(r => r.Days).ThenBy(r => r.Label, StringComparer.Ordinal).Take(maxRows).ToList();
        var min = Math.Min(-30, rows.Count == 0 ? 0 : rows.Min(r => r.Days));
        var max = Math.Max(90, rows.Count == 0 ? 0 : Math.Min(400, rows.Max(r => r.Days)));
        min = Math.Max(min, -400);
        var plot = Width - LabelWidth - 60;
        double X(int days) => LabelWidth + plot * (Math.Clamp(days, min, max) - min) / (double)(max - min);
        var height = Math.Max(1, rows.Count) * RowHeight + 30;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">Certificate expiry, days from the report date</title>");
        if (rows.Count == 0) sb.Append("<text x=\"4\" y=\"20\" class=\"axis\">no certificates</text>");
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, days, _) = rows[i];
            var y = 4 + i * RowHeight;
            var cls = days < 0 ? "cert-expired" : days < 30 ? "cert-soon" : "cert-ok";
            var x0 = Math.Min(X(0), X(days));
            var w = Math.Max(2, Math.Abs(X(days) - X(0)));
            sb.Append(CultureInfo.InvariantCulture, $"<g class=\"cert\" data-days=\"{days}\">");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 6}\" y=\"{y + 15}\" text-anchor=\"end\" class=\"label\">{Html(Shorten(label, 30))}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x0:0.#}\" y=\"{y + 3}\" width=\"{w:0.#}\" height=\"{RowHeight - 8}\" class=\"{cls}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Math.Max(X(0), X(days)) + 6:0.#}\" y=\"{y + 15}\" class=\"value\">{(days < 0 ? $"expired {-days} d ago" : $"{days} d")}</text>");
            sb.Append("</g>");
        }
        var axisY = rows.Count * RowHeight + 12;
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(0):0.#}\" y1=\"0\" x2=\"{X(0):0.#}\" y2=\"{axisY}\" class=\"today\"/>");
        foreach (var tick in new[] { min, 0, 30, max }.Distinct())
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(tick):0.#}\" y=\"{axisY + 14}\" text-anchor=\"middle\" class=\"axis\">{tick}</text>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    public static string Html(string? s) => WebUtility.HtmlEncode(TextSafety.StripControl(s ?? ""));
}
