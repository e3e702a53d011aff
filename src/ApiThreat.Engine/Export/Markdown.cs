using System.Text;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Export;

/// <summary>
/// Text a target sent, made inert for Markdown renderers (GitHub, Jira, Azure DevOps): control characters removed,
/// line breaks flattened, Markdown punctuation backslash-escaped, and &lt; &gt; &amp; written as entities so no
/// raw HTML survives.
/// </summary>
public static class Markdown
{
    // Characters that start emphasis, code, links, images, headings, tables or strikethrough anywhere in a line.
    private const string Specials = "\\`*_{}[]()#!|~";

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '\r': break;
                case '\n': sb.Append(' '); break;
                case '\t': sb.Append(' '); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u200B' or '\u202E' or '\u202D') break;
                    if (Specials.IndexOf(c) >= 0) sb.Append('\\');
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Inline code for hostile text: a fence longer than any backtick run inside, control characters removed.</summary>
    public static string Code(string? text, bool inTable = false)
    {
        var t = TextSafety.StripControl(text ?? "").Replace('\t', ' ');
        if (t.Length == 0) return "";
        var longest = 0;
        var run = 0;
        foreach (var c in t) { run = c == '`' ? run + 1 : 0; longest = Math.Max(longest, run); }
        var fence = new string('`', longest + 1);
        var pad = t.StartsWith('`') || t.EndsWith('`') ? " " : "";
        // '<' is inert inside a code span; in a GFM table a '|' would still end the cell unless escaped.
        return fence + pad + (inTable ? t.Replace("|", "\\|") : t) + pad + fence;
    }

    /// <summary>A link only for http(s) URLs; anything else is escaped text (no javascript: or data: links).</summary>
    public static string Link(string text, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return Escape(text);
        var safe = uri.AbsoluteUri.Replace("(", "%28").Replace(")", "%29").Replace(" ", "%20").Replace("<", "%3C").Replace(">", "%3E");
        return $"[{Escape(text)}]({safe})";
    }
}
