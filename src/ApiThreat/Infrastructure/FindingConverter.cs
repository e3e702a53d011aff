using System.Management.Automation;

namespace ApiThreat.Infrastructure;

/// <summary>
/// Findings that went through ConvertTo-Json/ConvertFrom-Json, Export-Csv/Import-Csv or Import-Clixml arrive as
/// property bags. Rebuild the fields scoring needs (enums accept names or numbers); anything else is left out.
/// </summary>
internal static class FindingConverter
{
    public static bool TryConvert(PSObject o, out Finding? finding)
    {
        finding = null;
        if (Text(o, "RuleId") is not { Length: > 0 } ruleId) return false;
        try
        {
            finding = new Finding
            {
                RuleId = ruleId,
                Title = Text(o, "Title") ?? "",
                Severity = EnumOf(o, "Severity", Severity.Info),
                Confidence = EnumOf(o, "Confidence", Confidence.Firm),
                Category = EnumOf(o, "Category", FindingCategory.ApplicationSecurity),
                Target = Text(o, "Target") ?? "",
                HostName = Text(o, "HostName") ?? "",
                Evidence = Text(o, "Evidence") ?? "",
                Remediation = Text(o, "Remediation") ?? "",
                Cwe = Text(o, "Cwe"),
                OwaspApi = Text(o, "OwaspApi"),
            };
            return true;
        }
        catch (PSInvalidCastException) { return false; }
    }

    private static string? Text(PSObject o, string name) => o.Properties[name]?.Value switch
    {
        null => null,
        PSObject p => p.BaseObject?.ToString(),
        var v => v.ToString(),
    };

    private static T EnumOf<T>(PSObject o, string name, T fallback) where T : struct, Enum
    {
        var v = o.Properties[name]?.Value;
        if (v is PSObject p) v = p.BaseObject;
        if (v is null || (v is string s && s.Length == 0)) return fallback;
        return LanguagePrimitives.ConvertTo<T>(v);
    }
}
