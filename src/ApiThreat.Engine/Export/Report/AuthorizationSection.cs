using System.Globalization;
using System.Text;

namespace ApiThreat.Engine.Export.Report;

/// <summary>
/// The report's "Authorization matrices" section: one table per tested API, a row per request and a column per
/// identity. An answer with the reference's content given to another identity is marked with the badge of the worst
/// finding on that operation, so a BOLA or BFLA row stands out. Everything from the target is escaped.
/// </summary>
public static class AuthorizationSection
{
    private const int MaxRows = 500;

    /// <summary>The section onto the report's stream (the matrices are few and small: built in memory, then written).</summary>
    public static void Write(TextWriter output, IReadOnlyList<AuthorizationMatrix> matrices)
    {
        if (matrices.Count == 0) return;
        var h = new StringBuilder(4096);
        Write(h, matrices);
        output.Write(h);
    }

    public static void Write(StringBuilder h, IReadOnlyList<AuthorizationMatrix> matrices)
    {
        if (matrices.Count == 0) return;
        var E = HtmlReportWriter.E;
        h.Append("<h2 id=\"authorization\">Authorization matrices</h2>\n");
        foreach (var m in matrices)
        {
            h.Append(CultureInfo.InvariantCulture,
                $"<section class=\"authz\"><h3>{E(m.Url)} <span class=\"muted\">({m.Rows.Length} requests × {m.Identities.Length} identities, {m.RequestCount} sent, {m.Findings.Length} findings)</span></h3>\n");
            if (m.PrivilegedIdentities.Length > 0) h.Append("<p>Privileged: ").Append(E(string.Join(", ", m.PrivilegedIdentities))).Append("</p>\n");
            h.Append("<table><thead><tr><th scope=\"col\">Request</th><th scope=\"col\">Object</th>");
            foreach (var identity in m.Identities) h.Append("<th scope=\"col\">").Append(E(identity)).Append("</th>");
            h.Append("</tr></thead><tbody>\n");
            foreach (var row in m.Rows.Take(MaxRows))
            {
                var worst = m.Findings.Where(f => f.Location == row.Operation).Select(f => (Severity?)f.Severity).Max();
                h.Append("<tr><td>").Append(E(row.Operation)).Append("</td><td>")
                 .Append(E(row.ObjectId is null ? "" : row.Owner is null ? row.ObjectId : $"{row.ObjectId} ({row.Owner})")).Append("</td>");
                foreach (var identity in m.Identities)
                {
                    var cell = row.Cells.FirstOrDefault(c => c.Identity == identity);
                    var text = E(cell?.ToString() ?? "—");
                    var exposed = cell?.Verdict == AuthorizationVerdict.Same && worst is { } sev;
                    h.Append("<td>").Append(exposed ? $"<span class=\"badge sev-{worst!.Value.ToString().ToLowerInvariant()}\">{text}</span>" : text).Append("</td>");
                }
                h.Append("</tr>\n");
            }
            h.Append("</tbody></table>\n");
            if (m.Rows.Length > MaxRows) h.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{m.Rows.Length - MaxRows} more rows not shown.</p>\n");
            h.Append("<p class=\"muted\">ref: the answer the others are compared with (the object's owner, or the privileged identity); =: its content; ≠: other content; a bare status: refused.</p>\n");
            if (m.Notes.Length > 0)
            {
                h.Append("<ul class=\"explanation\">");
                foreach (var note in m.Notes) h.Append("<li>").Append(E(note)).Append("</li>");
                h.Append("</ul>\n");
            }
            h.Append("</section>\n");
        }
    }
}
