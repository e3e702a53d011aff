using ApiThreat.Engine.Net;
using Newtonsoft.Json.Linq;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Export.Sarif;

/// <summary>
/// SARIF 2.1.0 log of the findings: one run, the catalogue rules that fired as tool.driver.rules, one result per
/// finding located at its URL or host, with a partial fingerprint that stays the same across runs so code-scanning
/// platforms track a finding instead of opening a new one each time.
/// </summary>
public static class SarifWriter
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    public const string FingerprintName = "apiThreatFinding/v1";
    private const string InformationUri = "https://github.com/apithreat/apithreat";

    public static string Write(ExportSet set, DateTimeOffset timestamp, bool compress = false) =>
        ExportJson.Write(Build(set, timestamp), compress);

    public static JObject Build(ExportSet set, DateTimeOffset timestamp)
    {
        var findings = set.Findings;
        var rules = findings.Select(ExportRules.RuleFor)
            .GroupBy(r => r.Id, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
            .OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.OrdinalIgnoreCase);
        var version = EngineInfo.Version;

        var results = new JArray();
        foreach (var f in findings) results.Add(Result(f, ruleIndex[f.RuleId]));

        return new JObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new JArray
            {
                new JObject
                {
                    ["tool"] = new JObject
                    {
                        ["driver"] = new JObject
                        {
                            ["name"] = "ApiThreat",
                            ["fullName"] = "ApiThreat external attack-surface management for APIs",
                            ["version"] = version,
                            ["semanticVersion"] = version,
                            ["informationUri"] = InformationUri,
                            ["rules"] = new JArray(rules.Select(Rule)),
                        },
                    },
                    ["invocations"] = new JArray
                    {
                        new JObject { ["executionSuccessful"] = true, ["endTimeUtc"] = ExportJson.Timestamp(timestamp) },
                    },
                    ["automationDetails"] = new JObject { ["id"] = "apithreat/" + string.Join(",", set.Domains) },
                    ["results"] = results,
                },
            },
        };
    }

    private static JObject Rule(ThreatRule rule)
    {
        var tags = new JArray { "security", "external-attack-surface", rule.Category.ToString() };
        if (ExportRules.Owasp(rule.OwaspApi) is { } owasp) tags.Add("owasp-api-2023/" + owasp);
        if (ExportRules.CweNumber(rule.Cwe) is { } cwe) tags.Add("external/cwe/cwe-" + cwe);
        var help = rule.Remediation;
        var markdown = $"**{Markdown.Escape(rule.Title)}**\n\n{Markdown.Escape(rule.Rationale)}\n\n**Remediation:** {Markdown.Escape(rule.Remediation)}";
        if (rule.References.Length > 0)
        {
            help += "\nReferences: " + string.Join(" ", rule.References);
            markdown += "\n\n" + string.Join("\n", rule.References.Select(r => "- " + Markdown.Link(r, r)));
        }
        var o = new JObject
        {
            ["id"] = rule.Id,
            ["name"] = PascalName(rule.Title),
            ["shortDescription"] = new JObject { ["text"] = rule.Title },
            ["fullDescription"] = new JObject { ["text"] = string.IsNullOrWhiteSpace(rule.Rationale) ? rule.Title : rule.Rationale },
            ["help"] = new JObject { ["text"] = string.IsNullOrWhiteSpace(help) ? rule.Title : help, ["markdown"] = markdown },
            ["defaultConfiguration"] = new JObject { ["level"] = Level(rule.Severity) },
            ["properties"] = new JObject
            {
                ["security-severity"] = ExportRules.SecurityScore(rule.Severity).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
                ["precision"] = "high",
                ["problem.severity"] = rule.Severity >= Severity.High ? "error" : rule.Severity == Severity.Medium ? "warning" : "recommendation",
                ["tags"] = tags,
            },
        };
        var helpUri = rule.References.FirstOrDefault(r => Uri.TryCreate(r, UriKind.Absolute, out var u) && u.Scheme is "https" or "http");
        if (helpUri is not null) o.Property("help")!.AddBeforeSelf(new JProperty("helpUri", helpUri));
        return o;
    }

    private static JObject Result(Finding f, int ruleIndex)
    {
        var message = string.IsNullOrWhiteSpace(f.Evidence) ? $"{f.Title} ({f.Target})" : $"{f.Title} ({f.Target}): {f.Evidence}";
        var properties = new JObject
        {
            ["target"] = f.Target,
            ["hostName"] = ExportSet.HostOf(f),
            ["category"] = f.Category.ToString(),
            ["severity"] = f.Severity.ToString(),
            ["confidence"] = f.Confidence.ToString(),
            ["method"] = f.Method.ToString(),
            ["evidence"] = f.Evidence,
            ["remediation"] = f.Remediation,
        };
        if (f.VulnerabilityIds.Length > 0) properties["vulnerabilityIds"] = new JArray(f.VulnerabilityIds.Order(StringComparer.Ordinal));
        return new JObject
        {
            ["ruleId"] = f.RuleId,
            ["ruleIndex"] = ruleIndex,
            ["level"] = Level(f.Severity),
            ["message"] = new JObject { ["text"] = message },
            ["locations"] = new JArray
            {
                new JObject
                {
                    ["physicalLocation"] = new JObject { ["artifactLocation"] = new JObject { ["uri"] = LocationUri(f.Target) } },
                    ["logicalLocations"] = new JArray { new JObject { ["name"] = ExportSet.HostOf(f), ["kind"] = "host" } },
                },
            },
            ["partialFingerprints"] = new JObject { [FingerprintName] = StableId.FindingFingerprint(f) },
            ["properties"] = ExportJson.Compact(properties),
        };
    }

    /// <summary>SARIF levels: High and Critical are errors, Medium a warning, Low and Info notes.</summary>
    public static string Level(Severity s) => s switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>
    /// A URL stays as it is (normalised); a host name is a relative reference; "host:port" becomes "//host:port"
    /// because a bare "host:port" would read as a URI whose scheme is the host.
    /// </summary>
    public static string LocationUri(string target)
    {
        var t = (target ?? "").Trim();
        if (t.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(t, UriKind.Absolute, out var uri)) return uri.AbsoluteUri;
        if (t.Length == 0) return "unknown";
        var host = Rules.TargetName.HostOf(t);
        var rest = t.Length > host.Length && t.StartsWith(host, StringComparison.OrdinalIgnoreCase) ? t[host.Length..] : "";
        if (rest.StartsWith(':') || t.StartsWith('[')) return "//" + Uri.EscapeDataString(t).Replace("%3A", ":").Replace("%5B", "[").Replace("%5D", "]");
        return Uri.EscapeDataString(host.Length > 0 ? host : t);
    }

    /// <summary>"Missing HSTS header" → "MissingHstsHeader" (SARIF's rule name: an identifier, not prose).</summary>
    public static string PascalName(string title)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var word in System.Text.RegularExpressions.Regex.Split(title, "[^A-Za-z0-9]+"))
        {
            if (word.Length == 0) continue;
            sb.Append(char.ToUpperInvariant(word[0]));
            sb.Append(word.Length > 1 && word.All(char.IsUpper) ? word[1..].ToLowerInvariant() : word[1..]);
        }
        return sb.Length == 0 ? "Finding" : sb.ToString();
    }
}
