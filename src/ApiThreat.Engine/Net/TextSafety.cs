using System.Text;

namespace ApiThreat.Engine.Net;

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
}
