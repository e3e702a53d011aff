using System.Text.RegularExpressions;
using ApiThreat.Engine.Assessment.Hijack.Content;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Assessment.Exposure;

/// <summary>
/// Whether a response to a protected-looking path shows that it is protected: it asked for credentials (401, 403,
/// 407), or its redirects ended on a login form, a login or single-sign-on URL, or another host (an identity
/// provider). Such a path is protected, not exposed.
/// </summary>
public static class LoginPage
{
    private static readonly Regex s_loginPath = new(
        @"(?:^|[/_.-])(?:log-?in|sign-?in|signon|sso|auth|authorize|oauth2?|openid|saml2?|cas|adfs|account/login|accounts)(?:$|[/_.?-])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));

    /// <summary>Why the response counts as protected, or null when it does not.</summary>
    public static string? ProtectedBecause(HttpProbeResult r)
    {
        if (r.StatusCode is 401 or 403 or 407) return $"answered {r.StatusCode}";
        var requestedHost = r.RequestedUri.IdnHost;
        foreach (var hop in r.Redirects)
        {
            if (Uri.TryCreate(hop.From, hop.Location, out var next))
            {
                if (!string.Equals(next.IdnHost, requestedHost, StringComparison.OrdinalIgnoreCase)) return $"redirects to another host ({next.IdnHost}): single sign-on";
                if (IsLoginPath(next)) return $"redirects to {next.AbsolutePath}";
            }
        }
        if (r.RedirectStopped is not null && r.StatusCode is >= 300 and < 400) return "redirects away (not followed)";
        if (IsLoginPath(r.FinalUri) && r.FinalUri.AbsolutePath != r.RequestedUri.AbsolutePath) return $"ends on {r.FinalUri.AbsolutePath}";
        if (HasPasswordForm(r)) return "answers with a password form (a login page)";
        return null;
    }

    public static bool IsLoginPath(Uri uri)
    {
        try { return s_loginPath.IsMatch(uri.AbsolutePath) || s_loginPath.IsMatch(uri.Query); } catch (RegexMatchTimeoutException) { return false; }
    }

    /// <summary>An HTML response with an &lt;input type="password"&gt;.</summary>
    public static bool HasPasswordForm(HttpProbeResult r)
    {
        if (!IsHtml(r)) return false;
        var text = r.Text;
        if (text.IndexOf("password", StringComparison.OrdinalIgnoreCase) < 0) return false;
        try { return HtmlFacts.Parse(text.Length > 512 * 1024 ? text[..(512 * 1024)] : text).HasPasswordInput; }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException) { return false; }
    }

    public static bool IsHtml(HttpProbeResult r)
    {
        var type = (r.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (type is "text/html" or "application/xhtml+xml") return true;
        if (type.Length > 0) return false;
        var t = r.Text.AsSpan().TrimStart();
        return t.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || t.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }
}
