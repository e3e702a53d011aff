using System.Text;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Fingerprints;

/// <summary>
/// Matches a response against the fingerprint database: headers, cookies, meta tags, script sources, the body,
/// the title, the URL, the TLS issuer, robots.txt, the favicon hash and the default error page; then applies
/// implies (transitively, recording ImpliedBy), requires and excludes. Thread-safe: one detector serves a whole
/// scan. Input is hostile: the body is scanned up to <see cref="MaxBodyChars"/>, every regex has a timeout.
/// </summary>
public sealed partial class TechnologyDetector
{
    public const int MaxBodyChars = 512 * 1024;
    private const int MaxScripts = 200;
    private const int MaxMetas = 200;
    private const int MaxTagChars = 4096;
    // Applied to one tag's attribute text at a time (HtmlTagScanner finds the tags in linear time).
    // Source-generated (no Reflection.Emit or JIT in a new process; precompiled with the engine), 1 s timeout each.
    private static readonly Regex s_src = SrcAttribute();
    private static readonly Regex s_attribute = AnyAttribute();
    private static readonly Regex s_title = TitleElement();

    [GeneratedRegex(@"\bsrc\s*=\s*(?:""([^""]{1,2048})""|'([^']{1,2048})'|([^\s>""']{1,2048}))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex SrcAttribute();

    [GeneratedRegex(@"([a-z][a-z0-9:_-]{0,40})\s*=\s*(?:""([^""]*)""|'([^']*)'|([^\s""'>]+))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AnyAttribute();

    [GeneratedRegex(@"<title\b[^>]{0,512}>([^<]{0,2048})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex TitleElement();

    /// <summary>Pattern matching one response may take in all: a user's catastrophic patterns cost this, not a second each.</summary>
    public static readonly TimeSpan InputBudget = TimeSpan.FromSeconds(2);

    public TechnologyDetector(FingerprintDatabase database) => Database = database;

    public FingerprintDatabase Database { get; }

    /// <summary>
    /// Detections for one response (and its deep evidence), sorted by name. Matching stops when it has taken
    /// <see cref="InputBudget"/>; <paramref name="warn"/> is told then, and when a pattern times out (named, with its
    /// technology and file) or is disabled for timing out again.
    /// </summary>
    public IReadOnlyList<Technology> Detect(ResponseEvidence response, Action<string>? warn = null)
    {
        var run = new Run(response.Url, warn);
        var hits = new Dictionary<Fingerprint, Hit>();
        var found = new bool[Database.LiteralRules.Length];
        Scan(response, hits, found, "", run);
        if (response.ErrorPage is { } errorPage)
        {
            Array.Clear(found);
            Scan(errorPage, hits, found, "error page ", run);
        }
        if (response.FaviconHash is int hash && Database.Favicons.TryGetValue(hash, out var icons))
            foreach (var tech in icons) Record(hits, tech, 100, null, $"favicon hash {hash}", $"favicon:{hash}");
        if (run.Skipped > 0)
            run.Warn($"Technology detection of {TextSafety.StripControl(response.Url)} stopped after {InputBudget.TotalSeconds:0} s of pattern matching: " +
                     $"{run.Skipped} pattern(s) were not run, so the result may be incomplete.");
        return Resolve(response.Url, hits);
    }

    /// <summary>One Detect call: its clock, what it skipped, where its warnings go.</summary>
    private sealed class Run
    {
        private readonly long _started = Environment.TickCount64;
        private readonly string _url;
        private readonly Action<string>? _warn;

        public Run(string url, Action<string>? warn)
        {
            _url = url;
            _warn = warn;
        }

        public int Skipped;
        public bool OutOfTime => Environment.TickCount64 - _started > InputBudget.TotalMilliseconds;
        public void Warn(string message) => _warn?.Invoke(message);

        public void TimedOut(PatternRule rule)
        {
            var what = $"The fingerprint pattern '{TextSafety.Truncate(rule.Pattern.Source, 120)}' of {rule.Technology.Name}" +
                       (rule.Technology.SourceFile is { Length: > 0 } file ? $" ({Path.GetFileName(file)})" : "");
            Warn(rule.Pattern.Disabled
                ? $"{what} timed out {FingerprintPattern.TimeoutsBeforeDisabled} times and is disabled for the rest of this session."
                : $"{what} took over {FingerprintPattern.MatchTimeout.TotalSeconds:0.#} s on {TextSafety.StripControl(_url)} and was stopped (a catastrophic pattern, or a hostile page).");
        }
    }

    private sealed class Hit
    {
        public int Confidence;
        public readonly List<(string Version, int Confidence)> Versions = new();
        public readonly List<string> Evidence = new();
        public readonly HashSet<string> Seen = new(StringComparer.Ordinal);
    }

    private void Scan(ResponseEvidence response, Dictionary<Fingerprint, Hit> hits, bool[] found, string prefix, Run run)
    {
        var db = Database;
        // Headers (Set-Cookie gives cookies).
        var cookies = new List<KeyValuePair<string, string>>(response.Cookies);
        foreach (var (name, value) in response.Headers)
        {
            if (name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase)) { AddCookie(cookies, value); }
            if (db.HeaderRules.TryGetValue(name, out var rules))
                foreach (var rule in rules) Try(hits, rule, value, $"{prefix}header {name}: {value}", null, run);
        }
        foreach (var (name, value) in cookies)
        {
            if (db.CookieRules.TryGetValue(name, out var rules))
                foreach (var rule in rules) Try(hits, rule, value, $"{prefix}cookie {name}", null, run);
            foreach (var rule in db.CookiePrefixRules)
                if (name.StartsWith(rule.Key.AsSpan(0, rule.Key!.Length - 1), StringComparison.OrdinalIgnoreCase))
                    Try(hits, rule, value, $"{prefix}cookie {name}", null, run);
        }

        var body = response.Body.Length > MaxBodyChars ? response.Body[..MaxBodyChars] : response.Body;
        var looksMarkup = body.Contains('<');
        List<string>? scripts = null;
        string? title = null;
        if (looksMarkup)
        {
            scripts = Scripts(body);
            title = Title(body);
            if (db.MetaRules.Count > 0)
                foreach (var (name, content) in Metas(body))
                    if (db.MetaRules.TryGetValue(name, out var rules))
                        foreach (var rule in rules) Try(hits, rule, content, $"{prefix}meta {name}: {content}", null, run);
        }

        title ??= response.Title;
        // Text kinds: prefilter once per text, then run the candidate regexes.
        var channels = new (EvidenceKind Kind, string? Text)[]
        {
            (EvidenceKind.Html, body),
            (EvidenceKind.ScriptSrc, scripts is { Count: > 0 } ? string.Join("\n", scripts) : null),
            (EvidenceKind.Title, title),
            (EvidenceKind.Url, response.Url),
            (EvidenceKind.CertIssuer, response.CertificateIssuer),
            (EvidenceKind.Robots, response.Robots),
        };
        string? visibleText = null;
        foreach (var (kind, text) in channels)
        {
            if (string.IsNullOrEmpty(text)) continue;
            Array.Clear(found);
            db.Prefilter.Scan(text, found);
            for (var id = 0; id < found.Length; id++)
            {
                if (!found[id]) continue;
                foreach (var rule in db.LiteralRules[id])
                {
                    if (rule.Kind == kind) RunOn(hits, rule, kind, text, scripts, prefix, run);
                    else if (kind == EvidenceKind.Html && rule.Kind == EvidenceKind.Text)
                        RunOn(hits, rule, EvidenceKind.Text, visibleText ??= VisibleText(body), null, prefix, run);
                }
            }
            if (db.Unfiltered.TryGetValue(kind, out var always))
                foreach (var rule in always) RunOn(hits, rule, kind, text, scripts, prefix, run);
            if (kind == EvidenceKind.Html && db.Unfiltered.TryGetValue(EvidenceKind.Text, out var textRules))
                foreach (var rule in textRules) RunOn(hits, rule, EvidenceKind.Text, visibleText ??= VisibleText(body), null, prefix, run);
        }
    }

    private void RunOn(Dictionary<Fingerprint, Hit> hits, PatternRule rule, EvidenceKind kind, string text, List<string>? scripts, string prefix, Run run)
    {
        if (kind == EvidenceKind.ScriptSrc && scripts is not null)
        {
            foreach (var src in scripts) Try(hits, rule, src, $"{prefix}script {src}", null, run);
            return;
        }
        var label = kind switch
        {
            EvidenceKind.Html => "html",
            EvidenceKind.Text => "text",
            EvidenceKind.Title => "title",
            EvidenceKind.Url => "url",
            EvidenceKind.CertIssuer => "certificate issuer",
            EvidenceKind.Robots => "robots.txt",
            _ => kind.ToString(),
        };
        Try(hits, rule, text, null, $"{prefix}{label}", run);
    }

    /// <summary>
    /// Runs one rule, unless the input's matching budget is spent (then it is counted as skipped); on a match records
    /// confidence, version and evidence (the matched text when <paramref name="label"/> is given).
    /// </summary>
    private static void Try(Dictionary<Fingerprint, Hit> hits, PatternRule rule, string value, string? evidence, string? label, Run run)
    {
        if (run.OutOfTime) { run.Skipped++; return; }
        if (!rule.Pattern.TryMatch(value, out var match, out var timedOut))
        {
            if (timedOut) run.TimedOut(rule);
            return;
        }
        var version = rule.Pattern.VersionOf(match!);
        evidence ??= $"{label}: {Snippet(value, match!)}";
        Record(hits, rule.Technology, rule.Pattern.Confidence, version, evidence, "r" + rule.Id);
    }

    private static void Record(Dictionary<Fingerprint, Hit> hits, Fingerprint tech, int confidence, string? version, string evidence, string ruleKey)
    {
        if (!hits.TryGetValue(tech, out var hit)) hits[tech] = hit = new Hit();
        // Each rule counts once towards confidence, however often it matches.
        if (hit.Seen.Add(ruleKey)) hit.Confidence = Math.Min(100, hit.Confidence + confidence);
        if (version is not null) hit.Versions.Add((version, confidence));
        var clean = TextSafety.Truncate(TextSafety.StripControl(evidence), 240);
        if (hit.Evidence.Count < 8 && !hit.Evidence.Contains(clean)) hit.Evidence.Add(clean);
    }

    private static string Snippet(string text, Match match)
    {
        var start = Math.Max(0, match.Index - 20);
        var end = Math.Min(text.Length, match.Index + Math.Min(match.Length, 120) + 20);
        return Regex.Replace(text[start..end], @"\s+", " ").Trim();
    }

    private static void AddCookie(List<KeyValuePair<string, string>> cookies, string setCookie)
    {
        var first = setCookie.Split(';', 2)[0];
        var eq = first.IndexOf('=');
        if (eq <= 0) return;
        cookies.Add(new(first[..eq].Trim(), first[(eq + 1)..].Trim()));
    }

    internal static List<string> Scripts(string body)
    {
        var list = new List<string>();
        try
        {
            foreach (var tag in HtmlTagScanner.OpeningTags(body, "<script", MaxTagChars))
            {
                if (list.Count >= MaxScripts) break;
                var m = s_src.Match(tag);
                if (!m.Success) continue;
                var src = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value;
                list.Add(System.Net.WebUtility.HtmlDecode(src).Trim());
            }
        }
        catch (RegexMatchTimeoutException) { }
        return list;
    }

    internal static List<KeyValuePair<string, string>> Metas(string body)
    {
        var list = new List<KeyValuePair<string, string>>();
        try
        {
            foreach (var tag in HtmlTagScanner.OpeningTags(body, "<meta", MaxTagChars))
            {
                if (list.Count >= MaxMetas) break;
                string? name = null, content = null;
                for (var a = s_attribute.Match(tag); a.Success; a = a.NextMatch())
                {
                    var value = a.Groups[2].Success ? a.Groups[2].Value : a.Groups[3].Success ? a.Groups[3].Value : a.Groups[4].Value;
                    switch (a.Groups[1].Value.ToLowerInvariant())
                    {
                        case "name" or "property" or "http-equiv" or "itemprop": name ??= value.Trim().ToLowerInvariant(); break;
                        case "content": content = System.Net.WebUtility.HtmlDecode(value); break;
                    }
                }
                if (name is not null && content is not null) list.Add(new(name, content));
            }
        }
        catch (RegexMatchTimeoutException) { }
        return list;
    }

    internal static string? Title(string body)
    {
        try
        {
            var m = s_title.Match(body);
            return m.Success ? Regex.Replace(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), @"\s+", " ").Trim() : null;
        }
        catch (RegexMatchTimeoutException) { return null; }
    }

    private static string VisibleText(string body) => System.Net.WebUtility.HtmlDecode(HtmlTagScanner.WithoutTags(body));

    /// <summary>Turns raw hits into technologies: implies (transitive), requires, excludes, versions, CPE.</summary>
    private IReadOnlyList<Technology> Resolve(string url, Dictionary<Fingerprint, Hit> hits)
    {
        var detected = new Dictionary<string, Technology>(StringComparer.OrdinalIgnoreCase);
        foreach (var (tech, hit) in hits)
            detected[tech.Name] = Make(url, tech, hit.Confidence, BestVersion(hit.Versions), hit.Evidence.ToArray(), Array.Empty<string>());

        // Implies, to a fixed point: an implied technology's confidence is the lower of its implier's and the tag's.
        var queue = new Queue<string>(detected.Keys);
        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            var source = detected[name];
            var tech = Database.Find(name);
            if (tech is null) continue;
            foreach (var implied in tech.Implies)
            {
                var target = Database.Find(implied.Name);
                if (target is null) continue;
                var confidence = Math.Min(source.Confidence, implied.Confidence);
                if (detected.TryGetValue(target.Name, out var existing))
                {
                    if (existing.ImpliedBy.Length == 0 || existing.ImpliedBy.Contains(source.Name, StringComparer.OrdinalIgnoreCase)) continue;
                    existing.ImpliedBy = existing.ImpliedBy.Append(source.Name).ToArray();
                    if (confidence > existing.Confidence) { existing.Confidence = confidence; queue.Enqueue(target.Name); }
                    continue;
                }
                detected[target.Name] = Make(url, target, confidence, null, new[] { $"implied by {source.Name}" }, new[] { source.Name });
                queue.Enqueue(target.Name);
            }
        }

        // Requires: drop what lacks its prerequisite (repeat: a drop may orphan another).
        bool changed;
        do
        {
            changed = false;
            foreach (var t in detected.Values.ToList())
            {
                var tech = Database.Find(t.Name);
                if (tech is not null && tech.Requires.Any(r => !detected.ContainsKey(r))) { detected.Remove(t.Name); changed = true; }
            }
        } while (changed);

        // Excludes: a technology seen rules out the ones it excludes.
        foreach (var t in detected.Values.ToList())
            foreach (var excluded in Database.Find(t.Name)?.Excludes ?? Array.Empty<string>())
                if (!excluded.Equals(t.Name, StringComparison.OrdinalIgnoreCase)) detected.Remove(excluded);

        return detected.Values.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static string? BestVersion(List<(string Version, int Confidence)> versions)
    {
        if (versions.Count == 0) return null;
        return versions
            .OrderByDescending(v => v.Confidence)
            .ThenByDescending(v => v.Version.Count(c => c == '.'))
            .ThenByDescending(v => v.Version, VersionComparer.Instance)
            .First().Version;
    }

    private static Technology Make(string url, Fingerprint tech, int confidence, string? version, string[] evidence, string[] impliedBy) => new()
    {
        Url = url,
        HostName = Rules.TargetName.HostOf(url),
        Name = tech.Name,
        Version = version,
        Categories = tech.Categories,
        Confidence = confidence,
        Evidence = evidence,
        Cpe = CpeName.WithVersion(tech.Cpe, version),
        ImpliedBy = impliedBy,
        Website = tech.Website,
    };
}

/// <summary>CPE 2.3 formatted-string helpers.</summary>
public static class CpeName
{
    /// <summary>Puts the version into the CPE's version field (index 5) when the template leaves it open.</summary>
    public static string? WithVersion(string? cpe, string? version)
    {
        if (cpe is null || version is null) return cpe;
        var parts = cpe.Split(':');
        if (parts.Length != 13 || parts[5] is not ("*" or "-" or "")) return cpe;
        parts[5] = Escape(version);
        return string.Join(':', parts);
    }

    /// <summary>Quotes what CPE 2.3 formatted strings require: every character but letters, digits, '_', '.', '-'.</summary>
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length + 4);
        foreach (var c in value.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') sb.Append(c);
            else if (c < 128 && !char.IsControl(c)) sb.Append('\\').Append(c);
        }
        return sb.ToString();
    }
}
