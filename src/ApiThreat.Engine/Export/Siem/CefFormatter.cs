using System.Text;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Export.Siem;

/// <summary>
/// ArcSight Common Event Format: CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|Extension. Everything that
/// came from a target is escaped so it cannot forge fields or events: in the header \ and | are escaped; in extension
/// values \ and = are escaped and CR/LF become the two-character sequences \r and \n; other control characters are
/// dropped everywhere. A line of CEF therefore never contains a raw line break (no log injection).
/// </summary>
public static class CefFormatter
{
    public static string Format(SiemEvent e)
    {
        var sb = new StringBuilder(512);
        sb.Append("CEF:0|ApiThreat|ApiThreat|").Append(Header(EngineInfo.Version)).Append('|')
          .Append(Header(e.SignatureId)).Append('|').Append(Header(e.Name)).Append('|')
          .Append(ExportRules.CefSeverity(e.Severity)).Append('|');
        var first = true;
        foreach (var (key, value) in e.Extensions)
        {
            if (!IsValidKey(key)) continue;
            if (!first) sb.Append(' ');
            first = false;
            sb.Append(key).Append('=').Append(Extension(value));
        }
        return sb.ToString();
    }

    /// <summary>Header fields: \ → \\, | → \|, line breaks → space, other control characters removed.</summary>
    public static string Header(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '|': sb.Append("\\|"); break;
                case '\r' or '\n': sb.Append(' '); break;
                default: if (!IsDropped(c)) sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Extension values: \ → \\, = → \=, CR → \r, LF → \n, other control characters removed.</summary>
    public static string Extension(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '=': sb.Append("\\="); break;
                case '\r': sb.Append("\\r"); break;
                case '\n': sb.Append("\\n"); break;
                default: if (!IsDropped(c)) sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    private static bool IsDropped(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085';

    private static bool IsValidKey(string key) => key.Length > 0 && key.All(char.IsAsciiLetterOrDigit);
}
