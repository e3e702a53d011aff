using System.Globalization;
using Newtonsoft.Json;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Export.Report;

/// <summary>
/// The report's findings, hosts and changes as one compact JSON document that the page's own script pages, sorts and
/// filters (a table of 100,000 rows would make the page unusable). Rows are arrays, not objects; a string used more
/// than once is written once into "strings" and referred to by its index (most used first, so frequent strings get
/// short indexes); a string used once stays inline. What is the same for most findings of a rule (remediation, CWE,
/// OWASP, references) is kept once in "details". Built in two linear passes: one counts strings, one writes.
/// The JSON is HTML-safe (&lt; &gt; &amp; ' " escaped as \u00XX), so it can sit in a script data block.
/// </summary>
internal sealed class ReportData
{
    /// <summary>Evidence longer than this is cut in the report (the objects keep it whole).</summary>
    public const int MaxEvidence = 2000;

    private readonly ReportModel _m;
    private readonly IReadOnlyList<HostSection> _hostOrder;
    private readonly Dictionary<string, int> _hostIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _detailIndex = new(StringComparer.Ordinal);
    private readonly List<Finding> _detailSamples = new();
    private readonly int[] _findingDetail;

    public ReportData(ReportModel m)
    {
        _m = m;
        // Hosts in display order: worst first, then most findings, then name.
        _hostOrder = m.Hosts.OrderByDescending(h => h.Worst.HasValue ? (int)h.Worst.Value : -1)
            .ThenByDescending(h => h.Findings.Count).ThenBy(h => h.Host, StringComparer.Ordinal).ToList();
        for (var i = 0; i < _hostOrder.Count; i++) _hostIndex[_hostOrder[i].Host] = i;
        _findingDetail = new int[m.Findings.Count];
        for (var i = 0; i < m.Findings.Count; i++)
        {
            var f = m.Findings[i];
            var key = string.Join("\u0001", f.Remediation, f.Cwe, f.OwaspApi, string.Join("\u0002", f.References),
                string.Join("\u0002", f.VulnerabilityIds), f.Method.ToString());
            if (!_detailIndex.TryGetValue(key, out var d))
            {
                d = _detailSamples.Count;
                _detailIndex[key] = d;
                _detailSamples.Add(f);
            }
            _findingDetail[i] = d;
        }
    }

    /// <summary>The host rows in the order the data lists them.</summary>
    public IReadOnlyList<HostSection> HostOrder => _hostOrder;

    public int HostIndex(string host) => _hostIndex.TryGetValue(host, out var i) ? i : -1;

    public void Write(TextWriter output)
    {
        var counter = new Emitter(null, null);
        Visit(counter);
        var table = counter.BuildTable();
        using var json = new JsonTextWriter(output)
        {
            CloseOutput = false,
            Formatting = Formatting.None,
            StringEscapeHandling = StringEscapeHandling.EscapeHtml,
            Culture = CultureInfo.InvariantCulture,
        };
        json.WriteStartObject();
        json.WritePropertyName("v"); json.WriteValue(1);
        json.WritePropertyName("strings");
        json.WriteStartArray();
        foreach (var s in table.Strings) json.WriteValue(s);
        json.WriteEndArray();
        json.WritePropertyName("severities"); WriteNames<Severity>(json);
        json.WritePropertyName("confidences"); WriteNames<Confidence>(json);
        json.WritePropertyName("categories"); WriteNames<FindingCategory>(json);
        Visit(new Emitter(json, table.Index));
        json.WriteEndObject();
        json.Flush();
    }

    private static void WriteNames<T>(JsonWriter json) where T : struct, Enum
    {
        json.WriteStartArray();
        foreach (var v in Enum.GetValues<T>()) json.WriteValue(v.ToString());
        json.WriteEndArray();
    }

    /// <summary>Everything after the string table, walked identically by the counting and the writing pass.</summary>
    private void Visit(Emitter e)
    {
        // findings: [severity, rule, title, host, target, category, confidence, evidence, detail, location]
        e.Property("findings");
        e.Begin();
        for (var i = 0; i < _m.Findings.Count; i++)
        {
            var f = _m.Findings[i];
            e.Begin();
            e.Int((int)f.Severity);
            e.Str(f.RuleId);
            e.Str(f.Title);
            e.Int(HostIndex(ExportSet.HostOf(f)));
            e.Str(f.Target);
            e.Int((int)f.Category);
            e.Int((int)f.Confidence);
            e.Multiline(TextSafety.Truncate(f.Evidence, MaxEvidence));
            e.Int(_findingDetail[i]);
            if (!string.IsNullOrEmpty(f.Location)) e.Str(f.Location);
            e.End();
        }
        e.End();

        // details: [remediation, cwe, owasp, [[reference text, http(s) url or null]...], [vulnerability ids], method]
        e.Property("details");
        e.Begin();
        foreach (var f in _detailSamples)
        {
            e.Begin();
            e.Str(f.Remediation);
            e.Str(ExportRules.CweNumber(f.Cwe) is { } cwe ? "CWE-" + cwe : "");
            e.Str(ExportRules.Owasp(f.OwaspApi) ?? "");
            e.Begin();
            if (ExportRules.CweNumber(f.Cwe) is { } n) Link(e, "CWE-" + n, $"https://cwe.mitre.org/data/definitions/{n}.html");
            foreach (var v in f.VulnerabilityIds)
                Link(e, v, v.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase) ? "https://www.cve.org/CVERecord?id=" + Uri.EscapeDataString(v) : null);
            foreach (var r in f.References) Link(e, r, r);
            e.End();
            e.Str(f.Method.ToString());
            e.End();
        }
        e.End();

        // hosts: [name, worst (-1: none), findings, grade, score (-1: none), anchor (null: "host-" + name), addresses, cname chain,
        //         sources, wildcard, endpoints, certificates, probes, technologies, factors, caps, explanation]
        e.Property("hosts");
        e.Begin();
        foreach (var h in _hostOrder)
        {
            e.Begin();
            e.Str(h.Host);
            e.Int(h.Worst.HasValue ? (int)h.Worst.Value : -1);
            e.Int(h.Findings.Count);
            e.Str(h.Score?.Grade ?? "");
            if (h.Score is { } score) e.Num(Math.Round(score.Score, 1)); else e.Int(-1);
            var anchor = h.Anchor;
            if (anchor == "host-" + h.Host) e.Null(); else e.Str(anchor);
            var d = h.Discovered;
            e.Strings(d?.Addresses);
            e.Strings(d?.CnameChain);
            e.Strings(d?.Sources);
            e.Int(d is { IsWildcard: true } ? 1 : 0);
            e.Begin();
            foreach (var x in h.Endpoints)
            {
                e.Begin(); e.Str(x.Url); e.Str(x.Kind.ToString()); e.Int(x.StatusCode); e.Str(x.Title);
                e.Str(string.Join(", ", x.Authentication)); e.Int(x.Operations.Length); e.End();
            }
            e.End();
            e.Begin();
            foreach (var c in h.Certificates)
            {
                e.Begin(); e.Int(c.Port); e.Str(c.Subject); e.Str(c.Issuer);
                e.Str(c.NotAfter == default ? "" : c.NotAfter.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                e.Int(c.NotAfter == default ? 0 : (int)Math.Floor((c.NotAfter - _m.Generated).TotalDays));
                e.Str(c.ChainStatus); e.Int(c.HostnameMatches ? 1 : 0); e.End();
            }
            e.End();
            e.Begin();
            foreach (var p in h.Probes) { e.Begin(); e.Str(p.Url); e.Int(p.StatusCode); e.Str(p.Title); e.Str(p.Server); e.End(); }
            e.End();
            e.Strings(h.Technologies.Select(t => t.ToString()).Distinct(StringComparer.Ordinal).ToList());
            e.Begin();
            if (h.Score is { } s)
                foreach (var f in s.Factors.Where(f => f.FindingCount > 0 || f.PointsLost > 0)
                             .OrderByDescending(f => f.PointsLost).ThenBy(f => f.Category.ToString(), StringComparer.Ordinal))
                {
                    e.Begin(); e.Int((int)f.Category); e.Num(Math.Round(f.Score, 1)); e.Num(Math.Round(f.Weight, 2)); e.Int(f.FindingCount); e.End();
                }
            e.End();
            e.Strings(h.Score?.Caps);
            e.Strings(h.Score?.Explanation);
            e.End();
        }
        e.End();

        // changes: [change type, item type, key, property, before, after, severity]
        e.Property("changes");
        e.Begin();
        foreach (var c in _m.Set.Changes)
        {
            e.Begin(); e.Str(c.ChangeType.ToString()); e.Str(c.ItemType); e.Str(c.Key); e.Str(c.Property);
            e.Str(c.Before); e.Str(c.After); e.Int((int)c.Severity); e.End();
        }
        e.End();
    }

    /// <summary>[text, url] where url is an absolute http(s) URL, else [text, null]: the page never links anything else.</summary>
    private static void Link(Emitter e, string text, string? url)
    {
        e.Begin();
        e.Str(text);
        if (url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") e.Str(uri.AbsoluteUri);
        else e.Null();
        e.End();
    }

    /// <summary>
    /// Writes (or, without a writer, counts) values. Strings lose their control characters (evidence keeps line
    /// breaks and tabs) before they are counted, so both passes see the same text.
    /// </summary>
    private sealed class Emitter(JsonWriter? json, IReadOnlyDictionary<string, int>? index)
    {
        private readonly Dictionary<string, (int Count, int First)> _counts = new(StringComparer.Ordinal);

        public void Property(string name) => json?.WritePropertyName(name);
        public void Begin() => json?.WriteStartArray();
        public void End() => json?.WriteEndArray();
        public void Int(long n) => json?.WriteValue(n);
        public void Num(double n) => json?.WriteValue(n);
        public void Null() => json?.WriteNull();

        public void Str(string? s) => Value(TextSafety.StripControl(s));

        public void Multiline(string? s)
        {
            if (string.IsNullOrEmpty(s)) { Value(""); return; }
            var needs = false;
            foreach (var c in s) if (char.IsControl(c) && c is not ('\n' or '\t')) { needs = true; break; }
            if (!needs) { Value(s); return; }
            var sb = new System.Text.StringBuilder(s.Length);
            foreach (var c in s.Replace("\r\n", "\n")) if (c is '\n' or '\t' || !char.IsControl(c)) sb.Append(c);
            Value(sb.ToString());
        }

        public void Strings(IEnumerable<string>? values)
        {
            Begin();
            if (values is not null) foreach (var v in values) Str(v);
            End();
        }

        private void Value(string s)
        {
            if (json is null)
            {
                _counts[s] = _counts.TryGetValue(s, out var c) ? (c.Count + 1, c.First) : (1, _counts.Count);
                return;
            }
            if (index is not null && index.TryGetValue(s, out var i)) json.WriteValue(i);
            else json.WriteValue(s);
        }

        /// <summary>Strings worth an index: used more than once and longer than an index would be; most used first.</summary>
        public (List<string> Strings, Dictionary<string, int> Index) BuildTable()
        {
            var strings = _counts.Where(x => x.Value.Count > 1 && x.Key.Length > 3)
                .OrderByDescending(x => x.Value.Count).ThenBy(x => x.Value.First).Select(x => x.Key).ToList();
            var map = new Dictionary<string, int>(strings.Count, StringComparer.Ordinal);
            for (var i = 0; i < strings.Count; i++) map[strings[i]] = i;
            return (strings, map);
        }
    }
}
