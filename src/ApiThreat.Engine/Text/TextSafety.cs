using System.Text;

namespace ApiThreat.Engine.Text;

/// <summary>Helpers for text a target sent: bound it and strip what could drive a terminal.</summary>
public static class TextSafety
{
    public static string Truncate(string? value, int max)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value.Length <= max ? value : value[..max] + "…";
    }

    /// <summary>Removes C0/C1 control characters (ANSI escapes, NUL, bell) except tab; newlines become spaces.</summary>
    public static string StripControl(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var needs = false;
        foreach (var c in value) if (char.IsControl(c) && c != '\t') { needs = true; break; }
        if (!needs) return value;
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\r' or '\n') sb.Append(' ');
            else if (!char.IsControl(c) || c == '\t') sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>
    /// A URI for messages and logs: without user info, and with every query value replaced by "…" (services take
    /// their API keys there). Parameter names stay, so the message still says what was asked.
    /// </summary>
    public static string RedactUri(Uri uri)
    {
        if (!uri.IsAbsoluteUri) return "(relative URI)";
        // Host keeps an IPv6 literal's brackets.
        var sb = new StringBuilder(uri.Scheme).Append("://").Append(uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}");
        sb.Append(uri.AbsolutePath);
        var query = uri.Query.TrimStart('?');
        if (query.Length > 0)
        {
            sb.Append('?');
            var first = true;
            foreach (var pair in query.Split('&'))
            {
                if (!first) sb.Append('&');
                first = false;
                var eq = pair.IndexOf('=');
                sb.Append(eq < 0 ? pair : pair[..eq] + "=…");
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// Text a server sent with every copy of a secret we sent it replaced: a hostile or careless server echoes the
    /// Authorization header into its error body, and that body must not carry the token into messages and logs.
    /// </summary>
    public static string WithoutSecret(string text, string? secret) =>
        string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(text) ? text : text.Replace(secret, "[redacted]", StringComparison.Ordinal);
}
