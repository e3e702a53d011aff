using ApiThreat.Engine.Assessment.Hijack.Content;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Exposure;

/// <summary>Password fields that travel in clear text: on a page served over http://, or in a form whose action is an http:// URL.</summary>
public static class PasswordForms
{
    /// <summary>Why the page's password form is sent in clear, or null.</summary>
    public static string? Insecure(HttpProbeResult page) => Insecure(page.FinalUri, Parse(page));

    public static string? Insecure(Uri pageUrl, HtmlFacts? html)
    {
        if (html is null || !html.HasPasswordInput) return null;
        var form = html.Forms.FirstOrDefault(f => f.HasPassword);
        var action = form?.Action ?? "";
        Uri? target = null;
        if (action.Length > 0) Uri.TryCreate(pageUrl, action.Trim(), out target);
        target ??= pageUrl;
        if (pageUrl.Scheme == "http")
            return $"the page {pageUrl.GetLeftPart(UriPartial.Path)} with a password field is served over plain HTTP" +
                (form is null ? "" : $" (form {form.Method} to {TextSafety.Truncate(target.GetLeftPart(UriPartial.Path), 200)})");
        if (target.Scheme == "http")
            return $"the password form of {pageUrl.GetLeftPart(UriPartial.Path)} posts to {TextSafety.Truncate(target.GetLeftPart(UriPartial.Path), 200)} over plain HTTP";
        return null;
    }

    private static HtmlFacts? Parse(HttpProbeResult page)
    {
        var text = page.Text;
        try { return HtmlFacts.Parse(text.Length > 512 * 1024 ? text[..(512 * 1024)] : text); }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException) { return null; }
    }
}
