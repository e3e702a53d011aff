using System.Reflection;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Scan;

/// <summary>What the one-call scan needs to know about any model object: its host, and the findings it carries.</summary>
public static class ScanTargets
{
    /// <summary>The host an object is about (HostName, else the host of Url/Target, else Address/Domain).</summary>
    public static string HostOf(object item)
    {
        foreach (var name in new[] { "HostName", "Url", "Target", "Address", "Domain" })
        {
            var value = item.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)?.GetValue(item) as string;
            if (!string.IsNullOrEmpty(value)) return TargetName.HostOf(value);
        }
        return "";
    }

    /// <summary>The findings an object is, or carries in a Findings property.</summary>
    public static IEnumerable<Finding> FindingsOf(object item) => item switch
    {
        Finding f => new[] { f },
        ScanResult r => r.Findings,
        _ => item.GetType().GetProperty("Findings", BindingFlags.Public | BindingFlags.Instance)?.GetValue(item) as IEnumerable<Finding>
             ?? Enumerable.Empty<Finding>(),
    };

    /// <summary>Findings deduplicated by rule, target and evidence, in a stable order.</summary>
    public static Finding[] Distinct(IEnumerable<Finding> findings) =>
        findings.GroupBy(f => (f.RuleId, f.Target, f.Evidence)).Select(g => g.First())
            .OrderByDescending(f => f.Severity).ThenBy(f => f.HostName, StringComparer.Ordinal)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal).ThenBy(f => f.Target, StringComparer.Ordinal)
            .ThenBy(f => f.Evidence, StringComparer.Ordinal).ToArray();
}
