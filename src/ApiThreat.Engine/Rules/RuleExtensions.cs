using ApiThreat.Engine.Text;
namespace ApiThreat.Engine.Rules;

public static class RuleExtensions
{
    /// <summary>Makes a finding of this rule about one target. The evidence is kept as sent; output layers escape it.</summary>
    public static Finding ToFinding(this ThreatRule rule, string target, string evidence,
        Confidence confidence = Confidence.Firm, DetectionMethod method = DetectionMethod.Passive,
        Severity? severity = null, string? title = null, string[]? vulnerabilityIds = null, string? location = null)
    {
        return new Finding
        {
            RuleId = rule.Id,
            Title = title ?? rule.Title,
            Severity = severity ?? rule.Severity,
            Confidence = confidence,
            Category = rule.Category,
            Target = target,
            HostName = TargetName.HostOf(target),
            Location = location,
            Evidence = TextSafety.Truncate(evidence, 4096),
            Remediation = rule.Remediation,
            Cwe = rule.Cwe,
            OwaspApi = rule.OwaspApi,
            References = rule.References,
            Method = method,
            VulnerabilityIds = vulnerabilityIds ?? Array.Empty<string>(),
        };
    }
}

public static class TargetName
{
    /// <summary>The host of a URL, "host:port" or plain name; lower-cased.</summary>
    public static string HostOf(string target)
    {
        if (string.IsNullOrEmpty(target)) return "";
        if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host) && target.Contains("://"))
            return uri.IdnHost.Trim('[', ']').ToLowerInvariant();
        var t = target;
        if (t.StartsWith('[')) { var end = t.IndexOf(']'); return end > 0 ? t[1..end].ToLowerInvariant() : t; }
        var colon = t.IndexOf(':');
        if (colon > 0 && t.IndexOf(':', colon + 1) < 0) t = t[..colon];
        return t.TrimEnd('.').ToLowerInvariant();
    }
}
