using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Fingerprints;

/// <summary>One row of the table: a version range of a technology that is end-of-life or has known vulnerabilities.</summary>
public sealed class VulnerableVersionEntry
{
    public required string Technology { get; init; }
    /// <summary>Inclusive lower bound, or null (every version below <see cref="Below"/>).</summary>
    public string? From { get; init; }
    /// <summary>Exclusive upper bound: the first version not concerned.</summary>
    public string? Below { get; init; }
    /// <summary>Vulnerable or EndOfLife.</summary>
    public required string Status { get; init; }
    public Severity Severity { get; init; }
    public string[] Ids { get; init; } = Array.Empty<string>();
    public string Summary { get; init; } = "";
    /// <summary>For end-of-life rows: the date support ended.</summary>
    public string? EndOfLife { get; init; }
    public string[] References { get; init; } = Array.Empty<string>();
}

/// <summary>
/// The bundled, dated table of end-of-life and known-vulnerable versions (data/fingerprints/vulnerable-versions.json).
/// A detected version inside a row's range gives an ATR-TECH-001 (vulnerable: every matching row's ids gathered in
/// one finding, at the highest severity) or ATR-TECH-002 (end of life) finding.
/// </summary>
public sealed class VulnerableVersionTable
{
    private readonly Dictionary<string, List<VulnerableVersionEntry>> _byTechnology = new(StringComparer.OrdinalIgnoreCase);

    public string Updated { get; private set; } = "";
    public IReadOnlyList<VulnerableVersionEntry> Entries => _byTechnology.Values.SelectMany(v => v).ToList();

    public static VulnerableVersionTable Empty { get; } = new();

    public static VulnerableVersionTable Load(string file)
    {
        var table = new VulnerableVersionTable();
        JObject root;
        try
        {
            using var reader = new JsonTextReader(new StreamReader(file)) { DateParseHandling = DateParseHandling.None };
            root = JObject.Load(reader);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"The vulnerable-versions table '{file}' could not be read: {ex.Message}", ex);
        }
        table.Updated = (string?)root["updated"] ?? "";
        foreach (var (row, i) in (root["entries"] as JArray ?? new JArray()).Select((r, i) => (r, i)))
        {
            var technology = (string?)row["technology"];
            var status = (string?)row["status"];
            if (string.IsNullOrEmpty(technology) || status is not ("Vulnerable" or "EndOfLife"))
                throw new FormatException($"The vulnerable-versions table '{file}', entry {i}: needs 'technology' and a 'status' of Vulnerable or EndOfLife.");
            if (!Enum.TryParse<Severity>((string?)row["severity"] ?? (status == "Vulnerable" ? "High" : "Medium"), true, out var severity))
                throw new FormatException($"The vulnerable-versions table '{file}', entry {i} ({technology}): unknown severity '{row["severity"]}'.");
            var entry = new VulnerableVersionEntry
            {
                Technology = technology,
                From = (string?)row["from"],
                Below = (string?)row["below"],
                Status = status,
                Severity = severity,
                Ids = row["ids"]?.Values<string>().OfType<string>().ToArray() ?? Array.Empty<string>(),
                Summary = (string?)row["summary"] ?? "",
                EndOfLife = (string?)row["endOfLife"],
                References = row["references"]?.Values<string>().OfType<string>().ToArray() ?? Array.Empty<string>(),
            };
            if (!table._byTechnology.TryGetValue(technology, out var list)) table._byTechnology[technology] = list = new();
            list.Add(entry);
        }
        return table;
    }

    /// <summary>Rows whose range holds the technology's version.</summary>
    public IEnumerable<VulnerableVersionEntry> Match(string technology, string? version)
    {
        if (version is null || !char.IsAsciiDigit(version.TrimStart('v', 'V').FirstOrDefault())) yield break;
        if (!_byTechnology.TryGetValue(technology, out var rows)) yield break;
        foreach (var row in rows)
            if (VersionComparer.InRange(version, row.From, row.Below)) yield return row;
    }

    /// <summary>The findings for one detected technology (none when its version is unknown or fine).</summary>
    public Finding[] Evaluate(Technology technology)
    {
        var rows = Match(technology.Name, technology.Version).ToList();
        if (rows.Count == 0) return Array.Empty<Finding>();
        var findings = new List<Finding>();
        var evidence = $"{technology.Name} {technology.Version} ({string.Join("; ", technology.Evidence.Take(2))})";
        var vulnerable = rows.Where(r => r.Status == "Vulnerable").ToList();
        if (vulnerable.Count > 0)
        {
            var ids = vulnerable.SelectMany(r => r.Ids).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            var fixedIn = vulnerable.Select(r => r.Below).Where(b => b is not null).OrderByDescending(b => b, VersionComparer.Instance).FirstOrDefault();
            var finding = FingerprintRules.KnownVulnerableVersion.ToFinding(technology.Url,
                $"{evidence}: {string.Join(" ", vulnerable.Select(r => r.Summary).Distinct())}",
                technology.Confidence >= 100 ? Confidence.Firm : Confidence.Tentative,
                severity: vulnerable.Max(r => r.Severity),
                title: $"{technology.Name} {technology.Version} has known vulnerabilities ({string.Join(", ", ids.Take(4))}{(ids.Length > 4 ? ", ..." : "")})" +
                    (fixedIn is null ? "" : $"; fixed in {fixedIn}"),
                vulnerabilityIds: ids);
            finding.References = finding.References.Concat(vulnerable.SelectMany(r => r.References)).Distinct().ToArray();
            findings.Add(finding);
        }
        foreach (var row in rows.Where(r => r.Status == "EndOfLife").Take(1))
        {
            var finding = FingerprintRules.EndOfLifeVersion.ToFinding(technology.Url,
                $"{evidence}: {row.Summary}",
                technology.Confidence >= 100 ? Confidence.Firm : Confidence.Tentative,
                severity: row.Severity,
                title: $"{technology.Name} {technology.Version} is past its end of life" + (row.EndOfLife is null ? "" : $" ({row.EndOfLife})"));
            finding.References = finding.References.Concat(row.References).Distinct().ToArray();
            findings.Add(finding);
        }
        return findings.ToArray();
    }
}
