namespace ApiThreat.Engine.Export.Report;

/// <summary>What both report formats show, computed once from the export set in a stable order.</summary>
public sealed class ReportModel
{
    public ReportModel(ExportSet set, string title, DateTimeOffset generated)
    {
        Set = set;
        Title = string.IsNullOrWhiteSpace(title) ? DefaultTitle(set) : title.Trim();
        Generated = generated;
        Findings = set.Findings;
        BySeverity = Enum.GetValues<Severity>().OrderDescending().Select(s => (s, Findings.Count(f => f.Severity == s))).ToList();
        ByCategory = Enum.GetValues<FindingCategory>().Select(c => (c, Findings.Count(f => f.Category == c)))
            .Where(x => x.Item2 > 0).OrderByDescending(x => x.Item2).ThenBy(x => x.c.ToString(), StringComparer.Ordinal).ToList();
        ByKind = set.Endpoints.GroupBy(e => e.Kind).Select(g => (g.Key, g.Count()))
            .OrderByDescending(x => x.Item2).ThenBy(x => x.Key.ToString(), StringComparer.Ordinal).ToList();
        DomainScores = set.Scores.Where(s => s.Scope is "Domain" or "Organization").ToList();
        Hosts = set.HostNames.Select(h => new HostSection(h, set)).ToList();
    }

    public ExportSet Set { get; }
    public string Title { get; }
    public DateTimeOffset Generated { get; }
    public IReadOnlyList<Finding> Findings { get; }
    public IReadOnlyList<(Severity Severity, int Count)> BySeverity { get; }
    public IReadOnlyList<(FindingCategory Category, int Count)> ByCategory { get; }
    public IReadOnlyList<(EndpointKind Kind, int Count)> ByKind { get; }
    public IReadOnlyList<RiskScore> DomainScores { get; }
    public IReadOnlyList<HostSection> Hosts { get; }

    private static string DefaultTitle(ExportSet set) =>
        set.Domains.Count > 0 ? "External attack surface: " + string.Join(", ", set.Domains) : "ApiThreat report";

    /// <summary>Stable anchor id of a host section (host names are [a-z0-9.-] after normalisation; anything else is hex).</summary>
    public static string Anchor(string host)
    {
        var safe = host.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-');
        return "host-" + (safe ? host : StableId.Sha256Hex(host)[..16]);
    }
}

/// <summary>Everything the report knows about one host.</summary>
public sealed class HostSection
{
    public HostSection(string host, ExportSet set)
    {
        Host = host;
        bool Is(string? h) => string.Equals(h?.Trim().TrimEnd('.'), host, StringComparison.OrdinalIgnoreCase);
        Discovered = set.Hosts.FirstOrDefault(h => Is(h.HostName));
        Certificates = set.Certificates.Where(c => Is(c.HostName)).ToList();
        Endpoints = set.Endpoints.Where(e => Is(e.HostName)).ToList();
        Technologies = set.Technologies.Where(t => Is(t.HostName)).ToList();
        Probes = set.Probes.Where(p => Is(p.HostName)).ToList();
        Findings = set.Findings.Where(f => ExportSet.HostOf(f) == host).ToList();
        Score = set.Scores.FirstOrDefault(s => s.Scope == "Host" && Is(s.Target));
    }

    public string Host { get; }
    public string Anchor => ReportModel.Anchor(Host);
    public DiscoveredHost? Discovered { get; }
    public IReadOnlyList<CertificateInfo> Certificates { get; }
    public IReadOnlyList<ApiEndpoint> Endpoints { get; }
    public IReadOnlyList<Technology> Technologies { get; }
    public IReadOnlyList<HttpProbe> Probes { get; }
    public IReadOnlyList<Finding> Findings { get; }
    public RiskScore? Score { get; }
    public Severity? Worst => Findings.Count == 0 ? null : Findings.Max(f => f.Severity);
}
