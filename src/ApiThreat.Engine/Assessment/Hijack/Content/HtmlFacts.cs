using AngleSharp.Html.Parser;

namespace ApiThreat.Engine.Assessment.Hijack.Content;

/// <summary>A script element with a src: where it loads from and whether it is pinned with SRI.</summary>
public sealed record ScriptReference(string Src, string? Integrity, string? CrossOrigin);

/// <summary>A form: how it submits, and whether it carries a hidden anti-CSRF token.</summary>
public sealed record FormFacts(string Method, string Action, bool HasCsrfToken, IReadOnlyList<string> Fields)
{
    /// <summary>The form has an &lt;input type="password"&gt;.</summary>
    public bool HasPassword { get; init; }
}

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
    /// <summary>The page has an &lt;input type="password"&gt; (in a form or not): a login or sign-up page.</summary>
    public bool HasPasswordInput { get; private init; }

    public static HtmlFacts Parse(string html)
    {
        using var document = s_parser.ParseDocument(html);
        var metaCsp = new List<string>();
        string? referrer = null;
        var scripts = new List<ScriptReference>();
        var scriptCount = 0;
        var formElements = new List<AngleSharp.Dom.IElement>();
        var links = new List<string>();
        var password = false;
        // One walk in document order instead of a selector query per element kind.
        foreach (var element in document.All)
        {
            switch (element.LocalName)
            {
                case "meta":
                    var content = element.GetAttribute("content");
                    if (content is null) break;
                    var equiv = element.GetAttribute("http-equiv");
                    if (equiv is not null)
                    {
                        if (equiv.Trim().Equals("content-security-policy", StringComparison.OrdinalIgnoreCase)) metaCsp.Add(content);
                    }
                    else if ((element.GetAttribute("name") ?? "").Trim().Equals("referrer", StringComparison.OrdinalIgnoreCase)) referrer = content;
                    break;
                case "script":
                    scriptCount++;
                    var src = element.GetAttribute("src");
                    if (!string.IsNullOrEmpty(src) && scripts.Count < 500)
                        scripts.Add(new ScriptReference(src.Trim(), element.GetAttribute("integrity"), element.GetAttribute("crossorigin")));
                    break;
                case "form":
                    if (formElements.Count < 100) formElements.Add(element);
                    AddLink(links, element.GetAttribute("action"));
                    break;
                case "a" or "link":
                    AddLink(links, element.GetAttribute("href"));
                    break;
                case "input":
                    if (string.Equals((element.GetAttribute("type") ?? "").Trim(), "password", StringComparison.OrdinalIgnoreCase)) password = true;
                    break;
                case "iframe" or "img":
                    AddLink(links, element.GetAttribute("src"));
                    break;
            }
        }
        var forms = formElements.Select(f =>
        {
            var fields = f.QuerySelectorAll("input, textarea, select, button")
                .Select(i => (i.GetAttribute("name") ?? "").Trim()).Where(n => n.Length > 0).Take(100).ToList();
            var hidden = f.QuerySelectorAll("input").Where(i => string.Equals(i.GetAttribute("type"), "hidden", StringComparison.OrdinalIgnoreCase))
                .Select(i => (i.GetAttribute("name") ?? "").ToLowerInvariant());
            var hasToken = hidden.Any(n => s_tokenNames.Any(t => n.Contains(t, StringComparison.Ordinal)));
            var hasPassword = f.QuerySelectorAll("input").Any(i => string.Equals((i.GetAttribute("type") ?? "").Trim(), "password", StringComparison.OrdinalIgnoreCase));
            return new FormFacts((f.GetAttribute("method") ?? "get").Trim().ToUpperInvariant(), f.GetAttribute("action") ?? "", hasToken, fields) { HasPassword = hasPassword };
        }).ToList();
        return new HtmlFacts
        {
            MetaCsp = metaCsp, MetaReferrer = referrer, Scripts = scripts, ScriptCount = scriptCount,
            Forms = forms, Links = links, HasPasswordInput = password,
        };
    }

    private static void AddLink(List<string> links, string? url)
    {
        if (!string.IsNullOrEmpty(url) && links.Count < 2000) links.Add(url);
    }
}
