using AngleSharp.Html.Parser;

namespace ApiThreat.Engine.Assessment.Hijack.Content;

/// <summary>A script element with a src: where it loads from and whether it is pinned with SRI.</summary>
public sealed record ScriptReference(string Src, string? Integrity, string? CrossOrigin);

/// <summary>A form: how it submits, and whether it carries a hidden anti-CSRF token.</summary>
public sealed record FormFacts(string Method, string Action, bool HasCsrfToken, IReadOnlyList<string> Fields);

/// <summary>
/// What the hijack checks need from an HTML page, read with AngleSharp (an HTML5-conformant parser, so markup
/// tricks parse as a browser parses them): &lt;meta http-equiv&gt; policies, the referrer meta, scripts, forms, links.
/// </summary>
public sealed class HtmlFacts
{
    private static readonly HtmlParser s_parser = new(new HtmlParserOptions { IsScripting = false });
    private static readonly string[] s_tokenNames = { "csrf", "xsrf", "authenticity_token", "__requestverificationtoken", "_token", "nonce", "anti-forgery", "antiforgery" };

    public IReadOnlyList<string> MetaCsp { get; private init; } = Array.Empty<string>();
    /// <summary>The content of the last &lt;meta name="referrer"&gt;, or null.</summary>
    public string? MetaReferrer { get; private init; }
    public IReadOnlyList<ScriptReference> Scripts { get; private init; } = Array.Empty<ScriptReference>();
    public int ScriptCount { get; private init; }
    public IReadOnlyList<FormFacts> Forms { get; private init; } = Array.Empty<FormFacts>();
    /// <summary>href/src/action URLs on the page (capped), for session-id-in-URL checks.</summary>
    public IReadOnlyList<string> Links { get; private init; } = Array.Empty<string>();

    public static HtmlFacts Parse(string html)
    {
        var document = s_parser.ParseDocument(html);
        var metaCsp = new List<string>();
        string? referrer = null;
        foreach (var meta in document.QuerySelectorAll("meta"))
        {
            var content = meta.GetAttribute("content");
            if (content is null) continue;
            var equiv = meta.GetAttribute("http-equiv");
            if (equiv is not null)
            {
                if (equiv.Trim().Equals("content-security-policy", StringComparison.OrdinalIgnoreCase)) metaCsp.Add(content);
            }
            else if ((meta.GetAttribute("name") ?? "").Trim().Equals("referrer", StringComparison.OrdinalIgnoreCase)) referrer = content;
        }
        var scriptElements = document.QuerySelectorAll("script");
        var scripts = scriptElements
            .Where(s => !string.IsNullOrEmpty(s.GetAttribute("src")))
            .Select(s => new ScriptReference(s.GetAttribute("src")!.Trim(), s.GetAttribute("integrity"), s.GetAttribute("crossorigin")))
            .Take(500).ToList();
        var forms = document.QuerySelectorAll("form").Take(100).Select(f =>
        {
            var fields = f.QuerySelectorAll("input, textarea, select, button")
                .Select(i => (i.GetAttribute("name") ?? "").Trim()).Where(n => n.Length > 0).Take(100).ToList();
            var hidden = f.QuerySelectorAll("input").Where(i => string.Equals(i.GetAttribute("type"), "hidden", StringComparison.OrdinalIgnoreCase))
                .Select(i => (i.GetAttribute("name") ?? "").ToLowerInvariant());
            var hasToken = hidden.Any(n => s_tokenNames.Any(t => n.Contains(t, StringComparison.Ordinal)));
            return new FormFacts((f.GetAttribute("method") ?? "get").Trim().ToUpperInvariant(), f.GetAttribute("action") ?? "", hasToken, fields);
        }).ToList();
        var links = document.QuerySelectorAll("a[href], form[action], link[href], iframe[src], img[src]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("action") ?? e.GetAttribute("src") ?? "")
            .Where(u => u.Length > 0).Take(2000).ToList();
        return new HtmlFacts
        {
            MetaCsp = metaCsp, MetaReferrer = referrer, Scripts = scripts, ScriptCount = scriptElements.Length,
            Forms = forms, Links = links,
        };
    }
}
