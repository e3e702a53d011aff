using System.Globalization;
using System.Text;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Export.Report;

/// <summary>
/// The report as Markdown for tickets and pull requests (GitHub, Azure DevOps, Jira, GitLab). Target text is escaped
/// (Markdown punctuation backslash-escaped, &lt; &gt; &amp; as entities, control characters removed) or put in code spans
/// sized to their content, so a hostile title cannot add links, images, HTML or table cells.
/// </summary>
public static class MarkdownReportWriter
{
    public static string Write(ExportSet set, string? title, DateTimeOffset generated)
    {
        var m = new ReportModel(set, title ?? "", generated);
        var md = new StringBuilder(16 * 1024);
        string E(string? s) => Markdown.Escape(s);
        string C(string? s) => Markdown.Code(s);
        string T(string? s) => Markdown.Code(s, inTable: true);
        string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

        md.Append("# ").Append(E(m.Title)).Append("\n\n");
        md.Append("Generated ").Append(Stamp(m.Generated)).Append(" by ApiThreat ").Append(EngineInfo.Version);
        if (m.Set.Domains.Count > 0) md.Append(" · domains: ").Append(string.Join(", ", m.Set.Domains.Select(d => C(d))));
        md.Append("\n\n");

        md.Append("| Hosts | API endpoints | Certificates | Findings | ").Append(string.Join(" | ", m.BySeverity.Select(x => x.Severity.ToString()))).Append(" |\n");
        md.Append("|---:|---:|---:|---:|").Append(string.Concat(m.BySeverity.Select(_ => "---:|"))).Append('\n');
        md.Append(CultureInfo.InvariantCulture, $"| {m.Hosts.Count} | {m.Set.Endpoints.Count} | {m.Set.Certificates.Count} | {m.Findings.Count} | ")
          .Append(string.Join(" | ", m.BySeverity.Select(x => x.Count.ToString(CultureInfo.InvariantCulture)))).Append(" |\n\n");

        if (m.DomainScores.Count > 0)
        {
            md.Append("## Risk grades\n\n| Target | Scope | Grade | Score | Findings |\n|---|---|:-:|---:|---:|\n");
            foreach (var s in m.DomainScores)
                md.Append(CultureInfo.InvariantCulture, $"| {T(s.Target)} | {s.Scope} | **{E(s.Grade)}** | {s.Score.ToString("0.#", CultureInfo.InvariantCulture)} | {s.FindingCount} |\n");
            md.Append('\n');
        }

        md.Append("## Findings\n\n");
        if (m.Findings.Count == 0) md.Append("No findings.\n\n");
        else
        {
            md.Append("| Severity | Rule | Title | Target | Category |\n|---|---|---|---|---|\n");
            foreach (var f in m.Findings)
                md.Append(CultureInfo.InvariantCulture, $"| {f.Severity} | {T(f.RuleId)} | {E(f.Title)} | {T(f.Target)} | {f.Category} |\n");
            md.Append('\n');
        }

        if (m.Set.Scores.Count > 0)
        {
            md.Append("## Score explanation\n\n");
            foreach (var s in m.Set.Scores)
            {
                md.Append(CultureInfo.InvariantCulture, $"### {E(s.Scope)} {E(s.Target)}: {E(s.Grade)} ({s.Score.ToString("0.#", CultureInfo.InvariantCulture)}/100)\n\n");
                if (s.Factors.Length > 0)
                {
                    md.Append("| Category | Score | Weight | Findings |\n|---|---:|---:|---:|\n");
                    foreach (var f in s.Factors.OrderByDescending(f => f.Weight).ThenBy(f => f.Category.ToString(), StringComparer.Ordinal))
                        md.Append(CultureInfo.InvariantCulture, $"| {f.Category} | {f.Score.ToString("0.#", CultureInfo.InvariantCulture)} | {f.Weight.ToString("0.##", CultureInfo.InvariantCulture)} | {f.FindingCount} |\n");
                    md.Append('\n');
                }
                foreach (var c in s.Caps) md.Append("- Cap: ").Append(E(c)).Append('\n');
                foreach (var e in s.Explanation) md.Append("- ").Append(E(e)).Append('\n');
                md.Append('\n');
            }
        }

        if (m.Hosts.Count > 0)
        {
            md.Append("## Hosts\n\n");
            foreach (var h in m.Hosts)
            {
                md.Append("### ").Append(E(h.Host));
                if (h.Score is { } score) md.Append(" (grade ").Append(E(score.Grade)).Append(')');
                md.Append("\n\n");
                if (h.Discovered is { Addresses.Length: > 0 } d) md.Append("- Addresses: ").Append(string.Join(", ", d.Addresses.Select(a => C(a)))).Append('\n');
                if (h.Discovered is { CnameChain.Length: > 0 } dc) md.Append("- CNAME: ").Append(string.Join(" → ", dc.CnameChain.Select(a => C(a)))).Append('\n');
                foreach (var c in h.Certificates)
                    md.Append(CultureInfo.InvariantCulture, $"- Certificate on {c.Port}: {C(c.Subject)}, issuer {C(c.Issuer)}, expires {Stamp(c.NotAfter)} ({(int)Math.Floor((c.NotAfter - m.Generated).TotalDays)} d), {E(c.ChainStatus)}\n");
                foreach (var e in h.Endpoints) md.Append("- API ").Append(e.Kind).Append(": ").Append(C(e.Url)).Append('\n');
                if (h.Technologies.Count > 0) md.Append("- Technologies: ").Append(string.Join(", ", h.Technologies.Select(t => C(t.ToString())).Distinct())).Append('\n');
                md.Append('\n');
                foreach (var f in h.Findings)
                {
                    md.Append(CultureInfo.InvariantCulture, $"#### {f.Severity}: {E(f.Title)} ({C(f.RuleId)})\n\n");
                    md.Append("- Target: ").Append(C(f.Target)).Append('\n');
                    if (!string.IsNullOrEmpty(f.Evidence)) md.Append("- Evidence: ").Append(C(f.Evidence)).Append('\n');
                    if (!string.IsNullOrEmpty(f.Remediation)) md.Append("- Remediation: ").Append(E(f.Remediation)).Append('\n');
                    var refs = new List<string>();
                    if (ExportRules.CweNumber(f.Cwe) is { } cwe) refs.Add(Markdown.Link("CWE-" + cwe, $"https://cwe.mitre.org/data/definitions/{cwe}.html"));
                    if (ExportRules.Owasp(f.OwaspApi) is { } owasp) refs.Add("OWASP " + E(owasp));
                    foreach (var v in f.VulnerabilityIds) refs.Add(E(v));
                    refs.AddRange(f.References.Select(r => Markdown.Link(r, r)));
                    if (refs.Count > 0) md.Append("- References: ").Append(string.Join(", ", refs)).Append('\n');
                    md.Append('\n');
                }
            }
        }

        if (m.Set.Changes.Count > 0)
        {
            md.Append("## Changes since the baseline\n\n| Change | Item | Key | Property | Before | After | Severity |\n|---|---|---|---|---|---|---|\n");
            foreach (var c in m.Set.Changes)
                md.Append(CultureInfo.InvariantCulture, $"| {c.ChangeType} | {E(c.ItemType)} | {T(c.Key)} | {E(c.Property)} | {T(c.Before)} | {T(c.After)} | {c.Severity} |\n");
            md.Append('\n');
        }
        if (m.Set.Errors.Count > 0)
        {
            md.Append("## Targets that could not be assessed\n\n");
            foreach (var e in m.Set.Errors) md.Append("- ").Append(E(e)).Append('\n');
            md.Append('\n');
        }
        return md.ToString().TrimEnd('\n') + "\n";
    }
}
