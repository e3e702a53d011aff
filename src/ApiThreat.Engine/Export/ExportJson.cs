using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Export;

/// <summary>JSON text the same on every OS: LF line ends, two-space indent, properties in the order built.</summary>
public static class ExportJson
{
    public static string Write(JToken token, bool compress = false)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using (var writer = new JsonTextWriter(text)
        {
            Formatting = compress ? Formatting.None : Formatting.Indented,
            Indentation = 2,
            DateFormatHandling = DateFormatHandling.IsoDateFormat,
        })
        {
            token.WriteTo(writer);
        }
        return text.ToString();
    }

    /// <summary>RFC 3339 UTC with milliseconds, as STIX and SARIF want it.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A JObject without the properties whose value is null or an empty array/string.</summary>
    public static JObject Compact(JObject o)
    {
        foreach (var p in o.Properties().ToList())
        {
            if (p.Value.Type == JTokenType.Null
                || (p.Value is JArray { Count: 0 })
                || (p.Value.Type == JTokenType.String && (string?)p.Value == ""))
                p.Remove();
        }
        return o;
    }
}

/// <summary>What exports say about a finding's rule: the catalogue entry, or one made from the finding itself.</summary>
public static class ExportRules
{
    public static ThreatRule RuleFor(Finding f) => Rules.RuleCatalog.Find(f.RuleId) ?? new ThreatRule
    {
        Id = f.RuleId,
        Title = f.Title,
        Severity = f.Severity,
        Category = f.Category,
        Cwe = f.Cwe,
        OwaspApi = f.OwaspApi,
        Rationale = f.Title,
        Remediation = f.Remediation,
        References = f.References,
    };

    /// <summary>CVSS-like 0-10 figure GitHub code scanning and CEF read: Critical >= 9, High 7-8.9, Medium 4-6.9, Low 0.1-3.9.</summary>
    public static double SecurityScore(Severity s) => s switch
    {
        Severity.Critical => 9.5,
        Severity.High => 8.0,
        Severity.Medium => 5.5,
        Severity.Low => 3.0,
        _ => 0.0,
    };

    /// <summary>CEF's 0-10 severity: 0-3 low, 4-6 medium, 7-8 high, 9-10 very high.</summary>
    public static int CefSeverity(Severity s) => s switch
    {
        Severity.Critical => 10,
        Severity.High => 8,
        Severity.Medium => 5,
        Severity.Low => 3,
        _ => 1,
    };

    /// <summary>"CWE-79", "79", "cwe-79" → "79"; null when there is no number.</summary>
    public static string? CweNumber(string? cwe)
    {
        if (string.IsNullOrWhiteSpace(cwe)) return null;
        var digits = new string(cwe.Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 0 ? null : digits.TrimStart('0') is { Length: > 0 } d ? d : "0";
    }

    /// <summary>"API8:2023" style id, or null.</summary>
    public static string? Owasp(string? owasp) => string.IsNullOrWhiteSpace(owasp) ? null : owasp.Trim();
}
