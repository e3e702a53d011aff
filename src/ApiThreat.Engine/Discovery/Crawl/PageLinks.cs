using AngleSharp.Html.Parser;

namespace ApiThreat.Engine.Discovery.Crawl;

/// <summary>A form a page carries: where it sends and with which method. Forms are never submitted, only read.</summary>
public sealed record PageForm(Uri Action, string Method);

/// <summary>What one HTML page links to on its own origin: pages, scripts (and inline code), forms, refreshes.</summary>
public sealed class PageLinks
{
    public List<Uri> Pages { get; } = new();
    public List<Uri> Scripts { get; } = new();
    public List<string> InlineScripts { get; } = new();
    public List<PageForm> Forms { get; } = new();
    /// <summary>Link relations that name an API description or its documentation (service-desc, service-doc, describedby).</summary>
    public List<(Uri Url, string Rel)> Descriptions { get; } = new();
}

/// <summary>
/// Reads the links of an HTML page with AngleSharp (the HTML5 parsing algorithm, scripting off): a/area/iframe/frame,
/// &lt;link&gt; (not styles or icons), &lt;base href&gt;, form action and method, script src and inline scripts (JSON
/// data blocks too), meta refresh. Only the page's own origin is kept, fragments dropped, at most a few hundred of each.
/// </summary>
public static class PageReader
{
    private const int MaxEach = 500;
    private const int MaxInlineChars = 2 * 1024 * 1024;
    private static readonly HtmlParser s_parser = new(new HtmlParserOptions { IsScripting = false });

    public static PageLinks Read(string html, Uri page)
    {
        var links = new PageLinks();
        using var document = s_parser.ParseDocument(html);
        var baseUri = page;
        if (document.QuerySelector("base[href]")?.GetAttribute("href") is { } b && Uri.TryCreate(page, b.Trim(), out var bu) && SameOrigin(bu, page)) baseUri = bu;

        foreach (var a in document.QuerySelectorAll("a[href], area[href], iframe[src], frame[src], link[href]"))
        {
            if (links.Pages.Count >= MaxEach) break;
            var rel = (a.GetAttribute("rel") ?? "").ToLowerInvariant();
            var raw = a.LocalName is "iframe" or "frame" ? a.GetAttribute("src") : a.GetAttribute("href");
            if (Resolve(raw, baseUri, page) is not { } u) continue;
            if (a.LocalName == "link")
            {
                if (rel.Contains("service-desc") || rel.Contains("service-doc") || rel.Contains("describedby")) { links.Descriptions.Add((u, rel)); continue; }
                if (rel.Contains("modulepreload") || (rel.Contains("preload") && a.GetAttribute("as") == "script")) { AddOnce(links.Scripts, u); continue; }
                if (rel.Contains("stylesheet") || rel.Contains("icon") || rel.Contains("preload") || rel.Contains("preconnect") || rel.Contains("dns-prefetch") || rel.Contains("manifest")) continue;
            }
            AddOnce(links.Pages, u);
        }
        foreach (var f in document.QuerySelectorAll("form"))
        {
            if (links.Forms.Count >= MaxEach) break;
            var action = f.GetAttribute("action");
            var target = string.IsNullOrWhiteSpace(action) ? null : Resolve(action, baseUri, page);
            if (target is null) continue;
            var method = (f.GetAttribute("method") ?? "GET").Trim().ToUpperInvariant();
            links.Forms.Add(new PageForm(target, method is "POST" or "PUT" or "PATCH" or "DELETE" ? method : "GET"));
        }
        var inline = 0;
        foreach (var s in document.QuerySelectorAll("script"))
        {
            if (s.GetAttribute("src") is { } src)
            {
                if (links.Scripts.Count < MaxEach && Resolve(src, baseUri, page) is { } u) AddOnce(links.Scripts, u);
                continue;
            }
            var type = (s.GetAttribute("type") ?? "").Trim().ToLowerInvariant();
            if (type.Length > 0 && !(type.Contains("javascript") || type.Contains("json") || type == "module")) continue;
            var text = s.TextContent;
            if (text.Length == 0 || inline + text.Length > MaxInlineChars) continue;
            inline += text.Length;
            links.InlineScripts.Add(text);
        }
        foreach (var m in document.QuerySelectorAll("meta[http-equiv]"))
        {
            if (!string.Equals(m.GetAttribute("http-equiv"), "refresh", StringComparison.OrdinalIgnoreCase)) continue;
            var content = m.GetAttribute("content") ?? "";
            var at = content.IndexOf("url=", StringComparison.OrdinalIgnoreCase);
            if (at >= 0 && Resolve(content[(at + 4)..].Trim().Trim('\'', '"'), baseUri, page) is { } u) AddOnce(links.Pages, u);
        }
        return links;
    }

    /// <summary>An http(s) URL on the page's own origin, without its fragment; null otherwise.</summary>
    public static Uri? Resolve(string? raw, Uri baseUri, Uri page)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var text = raw.Trim();
        if (text.Length > 2048 || text.StartsWith('#') || text.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) return null;
        if (!Uri.TryCreate(baseUri, text, out var u) || !SameOrigin(u, page)) return null;
        return u.Fragment.Length > 0 ? new UriBuilder(u) { Fragment = "" }.Uri : u;
    }

    public static bool SameOrigin(Uri u, Uri origin) =>
        u.Scheme is "http" or "https" && string.Equals(u.Scheme, origin.Scheme, StringComparison.Ordinal) && u.Port == origin.Port
        && string.Equals(u.IdnHost, origin.IdnHost, StringComparison.OrdinalIgnoreCase);

    private static void AddOnce(List<Uri> list, Uri u)
    {
        if (!list.Contains(u)) list.Add(u);
    }
}
