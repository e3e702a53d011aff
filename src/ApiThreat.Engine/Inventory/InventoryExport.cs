using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using Newtonsoft.Json;

namespace ApiThreat.Engine.Inventory;

/// <summary>JSON Lines and CSV renderings of inventory objects (one object per line / row).</summary>
public static class InventoryExport
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_columns = new();

    /// <summary>One JSON object on one line (enums as names, ISO dates); the line never contains a raw newline.</summary>
    public static string ToJsonLine(object value) => JsonConvert.SerializeObject(value, Formatting.None, InventoryItem.JsonSettings);

    /// <summary>The columns of a CSV of <paramref name="type"/>: its public scalar, string and array properties, in declaration order.</summary>
    public static PropertyInfo[] Columns(Type type) => s_columns.GetOrAdd(type, t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray());

    public static string CsvHeader(Type type) => string.Join(",", Columns(type).Select(p => CsvCell(p.Name, escapeFormula: false)));

    public static string CsvRow(object value) =>
        string.Join(",", Columns(value.GetType()).Select(p => Cell(p.GetValue(value))));

    private static string Cell(object? value) => value switch
    {
        null => "",
        string s => CsvCell(s, escapeFormula: true),
        DateTimeOffset d => CsvCell(d.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture), escapeFormula: false),
        DateTime d => CsvCell(d.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture), escapeFormula: false),
        bool b => b ? "True" : "False",
        Enum e => e.ToString(),
        IFormattable f when value.GetType().IsPrimitive || value is decimal => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary dict => CsvCell(string.Join("; ", dict.Keys.Cast<object>().Select(k => $"{k}={dict[k]}")), escapeFormula: true),
        IEnumerable list => CsvCell(string.Join("; ", list.Cast<object?>().Select(o => Convert.ToString(o, CultureInfo.InvariantCulture))), escapeFormula: true),
        _ => CsvCell(Convert.ToString(value, CultureInfo.InvariantCulture), escapeFormula: true),
    };

    /// <summary>
    /// One CSV cell (RFC 4180 quoting). Text a target sent can start with = + - @ (or tab/CR), which spreadsheets run
    /// as a formula: such cells get a leading apostrophe (OWASP CSV-injection advice), so they read as text.
    /// </summary>
    public static string CsvCell(string? text, bool escapeFormula)
    {
        var s = text ?? "";
        if (escapeFormula && s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '|' or '%') s = "'" + s;
        if (s.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0 || (s.Length > 0 && (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1]))))
            s = "\"" + s.Replace("\"", "\"\"") + "\"";
        return s;
    }
}
