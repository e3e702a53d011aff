using ApiThreat.Engine.Discovery.Crawl;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.DigitalRisk.Secrets;

/// <summary>Where a text came from, as a secret found in it will say.</summary>
public sealed record SecretResource(string Url, SecretSource Source, string HostName, string? SourceName = null);

/// <summary>
/// Turns resources (a response, a file, a text) into found secrets: picks how to read them (a source map's original
/// sources one by one, an HTML page with its comments told apart, anything else as text), runs the scanner, joins the
/// halves of pairs (an AWS key ID and the secret access key beside it) and builds the masked output objects.
/// </summary>
public sealed class SecretHarvester
{
    private readonly SecretScanner _scanner;

    public SecretHarvester(SecretScanner scanner) => _scanner = scanner;

    public SecretScanStats Stats { get; } = new();

    public SecretCatalog Catalog => _scanner.Catalog;

    /// <summary>A response fetched by any cmdlet; <paramref name="source"/> says what it was fetched as (a well-known file, an API description), else it is read from its status, type and content.</summary>
    public List<FoundSecret> ScanResponse(HttpProbeResult r, SecretSource? source, CancellationToken cancellationToken)
    {
        if (r.Body.Length == 0) return new List<FoundSecret>();
        var url = TextSafety.RedactUri(r.FinalUri);
        var host = r.FinalUri.IdnHost.Trim('[', ']').ToLowerInvariant();
        var kind = r.StatusCode >= 400 ? SecretSource.ErrorPage : source ?? Classify(r);
        if (kind == SecretSource.SourceMap)
        {
            var found = new List<FoundSecret>();
            foreach (var (name, content) in SourceMaps.Sources(r.Body))
                found.AddRange(ScanText(content, new SecretResource(url, SecretSource.SourceMap, host, TextSafety.Truncate(TextSafety.StripControl(name), 200)), cancellationToken));
            return found;
        }
        return ScanText(r.Text, new SecretResource(url, kind, host), cancellationToken);
    }

    public List<FoundSecret> ScanText(string text, SecretResource resource, CancellationToken cancellationToken)
    {
        using var reader = new StringReader(text);
        var html = resource.Source is SecretSource.Page or SecretSource.ErrorPage && LooksLikeHtml(text);
        return ScanReader(reader, resource, cancellationToken, html ? CommentRanges(text) : null);
    }

    /// <summary>Streams a resource of any size (a 50 MB bundle, a file) through the scanner in flat memory.</summary>
    public List<FoundSecret> ScanReader(TextReader reader, SecretResource resource, CancellationToken cancellationToken, IReadOnlyList<(long Start, long End)>? comments = null)
    {
        var matches = new List<SecretMatch>();
        Stats.Add(_scanner.Scan(reader, matches.Add, cancellationToken));
        return Build(matches, resource, comments);
    }

    private static SecretSource Classify(HttpProbeResult r)
    {
        var type = (r.ContentType ?? "").ToLowerInvariant();
        var path = r.FinalUri.AbsolutePath.ToLowerInvariant();
        if (path.EndsWith(".map", StringComparison.Ordinal) || (type.Contains("json") && IsSourceMap(r.Body))) return SecretSource.SourceMap;
        if (type.Contains("javascript") || type.Contains("ecmascript") || path.EndsWith(".js", StringComparison.Ordinal) || path.EndsWith(".mjs", StringComparison.Ordinal)) return SecretSource.Script;
        if (type.Contains("html")) return SecretSource.Page;
        return SecretSource.Response;
    }

    private static bool IsSourceMap(byte[] body)
    {
        var head = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 1024));
        return head.TrimStart().StartsWith('{') && head.Contains("\"version\"", StringComparison.Ordinal) && head.Contains("\"sources\"", StringComparison.Ordinal);
    }

    private static bool LooksLikeHtml(string text)
    {
        var head = text.AsSpan(0, Math.Min(text.Length, 1024)).TrimStart();
        return head.StartsWith("<", StringComparison.Ordinal);
    }

    /// <summary>Where the page's HTML comments are (character offsets), to tell a secret in a comment from one in a script.</summary>
    public static IReadOnlyList<(long Start, long End)> CommentRanges(string html)
    {
        var ranges = new List<(long, long)>();
        var at = 0;
        while (ranges.Count < 10_000 && (at = html.IndexOf("<!--", at, StringComparison.Ordinal)) >= 0)
        {
            var end = html.IndexOf("-->", at + 4, StringComparison.Ordinal);
            var stop = end < 0 ? html.Length : end + 3;
            ranges.Add((at, stop));
            at = stop;
        }
        return ranges;
    }

    private List<FoundSecret> Build(List<SecretMatch> matches, SecretResource resource, IReadOnlyList<(long Start, long End)>? comments)
    {
        var found = new List<FoundSecret>();
        var paired = new HashSet<SecretMatch>(ReferenceEqualityComparer.Instance);
        foreach (var pair in _scanner.Catalog.Pairs)
        {
            var seconds = matches.Where(m => m.Detector.Id == pair.Second).ToList();
            foreach (var first in matches.Where(m => m.Detector.Id == pair.First))
            {
                var second = seconds.Where(s => !paired.Contains(s) && Math.Abs(s.Offset - first.Offset) <= pair.Distance)
                    .OrderBy(s => Math.Abs(s.Offset - first.Offset)).FirstOrDefault();
                if (second is null) continue;
                paired.Add(first);
                paired.Add(second);
                var secret = Output(first, resource, comments, pair.Id, pair.Name, pair.Rule, pair.Severity, SecretConfidence.ValidatedFormat);
                secret.PairedWith = $"{second.Detector.Name.ToLowerInvariant()} at line {second.Line}, column {second.Column}";
                found.Add(new FoundSecret(secret, pair.Rule, pair.Verify, first, second));
            }
        }
        foreach (var m in matches)
        {
            if (paired.Contains(m)) continue;
            var d = m.Detector;
            found.Add(new FoundSecret(Output(m, resource, comments, d.Id, d.Name, d.Rule, m.Severity, m.Confidence), d.Rule, d.Verify, m, null));
        }
        found.Sort((a, b) => a.Match.Offset.CompareTo(b.Match.Offset));
        return found;
    }

    private static ExposedSecret Output(SecretMatch m, SecretResource resource, IReadOnlyList<(long Start, long End)>? comments,
        string type, string name, ThreatRule rule, Severity severity, SecretConfidence confidence)
    {
        var source = resource.Source;
        if (comments is not null && comments.Any(c => m.Offset >= c.Start && m.Offset < c.End)) source = SecretSource.HtmlComment;
        return new ExposedSecret
        {
            Type = type, Name = name, RuleId = rule.Id, Severity = severity, Confidence = confidence,
            Url = resource.Url, Source = source, SourceName = resource.SourceName, Line = m.Line, Column = m.Column,
            MaskedValue = SecretMask.Mask(m.Value), ValueHash = SecretMask.Hash(m.Value), Detail = m.Detail,
            HostName = resource.HostName,
        };
    }
}
