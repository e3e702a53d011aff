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

    /// <summary>
    /// Removes C0/C1 control characters (ANSI escapes, NUL, bell) except tab, and the bidirectional controls that
    /// make text read otherwise than it is stored; newlines become spaces (one line for messages).
    /// </summary>
    public static string StripControl(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var first = FirstBeyondPrintableAscii(value);
        if (first < 0) return value;
        var needs = false;
        foreach (var c in value.AsSpan(first)) if ((char.IsControl(c) && c != '\t') || IsBidiControl(c)) { needs = true; break; }
        if (!needs) return value;
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\r' or '\n') sb.Append(' ');
            else if ((!char.IsControl(c) || c == '\t') && !IsBidiControl(c)) sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>
    /// For values kept as data (properties of results): removes what can drive a terminal or disguise text, C0/C1
    /// controls but tab, CR and LF, and the bidirectional controls; keeps everything else, line breaks included.
    /// Returns the same instance when there is nothing to remove.
    /// </summary>
    public static string WithoutTerminalControl(string value)
    {
        var first = FirstBeyondPrintableAscii(value);
        if (first < 0) return value;
        var needs = false;
        foreach (var c in value.AsSpan(first)) if (IsRemovedFromData(c)) { needs = true; break; }
        if (!needs) return value;
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\u001b' && i + 1 < value.Length)
            {
                // An escape sequence goes whole, not just its ESC: CSI (ESC [ ... final byte), OSC (ESC ] ... BEL or ESC \), or ESC and one character.
                var next = value[i + 1];
                i++;
                if (next == '[') { while (i + 1 < value.Length && value[i + 1] is < '@' or > '~') i++; i++; }
                else if (next == ']') { while (i + 1 < value.Length && value[i + 1] is not ('\u0007' or '\u001b')) i++; i++; if (i < value.Length && value[i] == '\u001b') i++; }
                continue;
            }
            if (!IsRemovedFromData(c)) sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Where the first character other than printable ASCII is, or -1. Every character either helper removes
    /// lies outside that range, and most text (names, base64, JSON) has none: one vectorized scan answers for it.</summary>
    private static int FirstBeyondPrintableAscii(string value) => value.AsSpan().IndexOfAnyExceptInRange(' ', '~');

    private static bool IsRemovedFromData(char c) => (char.IsControl(c) && c is not ('\t' or '\r' or '\n')) || IsBidiControl(c);

    /// <summary>Embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069) and the Arabic letter mark (U+061C).</summary>
    public static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u061C';

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
