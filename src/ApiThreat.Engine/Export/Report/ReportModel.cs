namespace ApiThreat.Engine.Export.Report;

/// <summary>
/// What both report formats show, computed once from the export set in a stable order. Built in one pass over each
/// collection (hosts are looked up in a dictionary, never searched), so its cost grows linearly with hosts and findings.
/// </summary>
public sealed class ReportModel
{
    /// <summary>How many rules the "most frequent rules" chart shows.</summary>
    public const int TopRuleCount = 10;

    /// <summary>How many domain grades the grade chart shows (the worst first).</summary>
    public const int MaxDomainBars = 30;

    public ReportModel(ExportSet set, string title, DateTimeOffset generated)
    {
        Set = set;
        Title = string.IsNullOrWhiteSpace(title) ? DefaultTitle(set) : title.Trim();
        Generated = generated;
        Findings = set.Findings;

        var bySeverity = new int[Enum.GetValues<Severity>().Length];
        var byCategory = new Dictionary<FindingCategory, int>();
        var byRule = new Dictionary<string, (int Count, Severity Worst, string Title)>(StringComparer.Ordinal);
        var hosts = new Dictionary<string, HostSection>(StringComparer.Ordinal);
        foreach (var name in set.HostNames) hosts[name] = new HostSection(name);
        HostSection? Section(string? name) =>
            string.IsNullOrWhiteSpace(name) ? null : hosts.GetValueOrDefault(ExportSet.NormalizeHost(name));

        foreach (var f in Findings)
        {
            bySeverity[(int)f.Severity]++;
            byCategory[f.Category] = byCategory.GetValueOrDefault(f.Category) + 1;
            byRule[f.RuleId] = byRule.TryGetValue(f.RuleId, out var r)
                ? (r.Count + 1, r.Worst > f.Severity ? r.Worst : f.Severity, r.Title)
                : (1, f.Severity, f.Title);
            Section(ExportSet.HostOf(f))?.AddFinding(f);
        }
        foreach (var h in set.Hosts) { if (Section(h.HostName) is { } s) s.Discovered ??= h; }
        foreach (var c in set.Certificates) Section(c.HostName)?.CertificateList.Add(c);
        foreach (var e in set.Endpoints) Section(e.HostName)?.EndpointList.Add(e);
        foreach (var t in set.Technologies) Section(t.HostName)?.TechnologyList.Add(t);
        foreach (var p in set.Probes) Section(p.HostName)?.ProbeList.Add(p);
        foreach (var s in set.Scores) { if (s.Scope == "Host" && Section(s.Target) is { } hs) hs.Score ??= s; }

        BySeverity = Enum.GetValues<Severity>().OrderDescending().Select(s => (s, bySeverity[(int)s])).ToList();
        ByCategory = byCategory.Select(x => (x.Key, x.Value))
            .OrderByDescending(x => x.Value).ThenBy(x => x.Key.ToString(), StringComparer.Ordinal).ToList();
        TopRules = byRule.Select(x => (x.Key, x.Value.Title, x.Value.Count, x.Value.Worst))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Key, StringComparer.Ordinal).Take(TopRuleCount).ToList();
        var byKind = new Dictionary<EndpointKind, int>();
        foreach (var e in set.Endpoints) byKind[e.Kind] = byKind.GetValueOrDefault(e.Kind) + 1;
        ByKind = byKind.Select(x => (x.Key, x.Value))
            .OrderByDescending(x => x.Value).ThenBy(x => x.Key.ToString(), StringComparer.Ordinal).ToList();
        DomainScores = set.Scores.Where(s => s.Scope is "Domain" or "Organization").ToList();
        Hosts = set.HostNames.Select(n => hosts[n]).ToList();
        var grades = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var h in Hosts) if (h.Score is { } s) grades[s.Grade] = grades.GetValueOrDefault(s.Grade) + 1;
        HostsByGrade = grades.Select(x => (x.Key, x.Value)).ToList();
        HostsWithFindings = Hosts.Count(h => h.Findings.Count > 0);
    }

    public ExportSet Set { get; }
    public string Title { get; }
    public DateTimeOffset Generated { get; }
    public IReadOnlyList<Finding> Findings { get; }
    public IReadOnlyList<(Severity Severity, int Count)> BySeverity { get; }
    public IReadOnlyList<(FindingCategory Category, int Count)> ByCategory { get; }
    public IReadOnlyList<(string RuleId, string Title, int Count, Severity Worst)> TopRules { get; }
    public IReadOnlyList<(EndpointKind Kind, int Count)> ByKind { get; }
    public IReadOnlyList<(string Grade, int Count)> HostsByGrade { get; }
    public IReadOnlyList<RiskScore> DomainScores { get; }
    public IReadOnlyList<HostSection> Hosts { get; }
    public int HostsWithFindings { get; }

    private static string DefaultTitle(ExportSet set) =>
        set.Domains.Count > 0 ? "External attack surface: " + string.Join(", ", set.Domains) : "ApiThreat report";

    /// <summary>Stable anchor id of a host section (host names are [a-z0-9.-] after normalisation; anything else is hex).</summary>
    public static string Anchor(string host)
    {
        var safe = host.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-');
        return "host-" + (safe ? host : StableId.Sha256Hex(host)[..16]);
    }
}

/// <summary>Everything the report knows about one host, filled by <see cref="ReportModel"/> in report order.</summary>
public sealed class HostSection
{
    internal HostSection(string host) => Host = host;

    internal readonly List<CertificateInfo> CertificateList = new();
    internal readonly List<ApiEndpoint> EndpointList = new();
    internal readonly List<Technology> TechnologyList = new();
    internal readonly List<HttpProbe> ProbeList = new();
    private readonly List<Finding> _findings = new();

    internal void AddFinding(Finding f)
    {
        _findings.Add(f);
        if (Worst is null || f.Severity > Worst) Worst = f.Severity;
    }

    public string Host { get; }
    public string Anchor => ReportModel.Anchor(Host);
    public DiscoveredHost? Discovered { get; internal set; }
    public IReadOnlyList<CertificateInfo> Certificates => CertificateList;
    public IReadOnlyList<ApiEndpoint> Endpoints => EndpointList;
    public IReadOnlyList<Technology> Technologies => TechnologyList;
    public IReadOnlyList<HttpProbe> Probes => ProbeList;
    /// <summary>Worst first (the order of <see cref="ExportSet.Findings"/>).</summary>
    public IReadOnlyList<Finding> Findings => _findings;
    public RiskScore? Score { get; internal set; }
    public Severity? Worst { get; private set; }
}
