using System.Reflection;

namespace ApiThreat.Engine.Export;

/// <summary>
/// Everything given to an export, gathered from any ApiThreat objects (findings, objects that carry findings,
/// hosts, certificates, scan results...), de-duplicated and in a stable order so the same input gives the same bytes.
/// </summary>
public sealed class ExportSet
{
    private readonly Dictionary<string, Finding> _findings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DiscoveredHost> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CertificateInfo> _certificates = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IpIntelligence> _ips = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ApiEndpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Technology> _technologies = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, RiskScore> _scores = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, InventoryChange> _changes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DnsIntelligence> _dns = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HttpProbe> _probes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HijackAssessment> _assessments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LookalikeDomain> _lookalikes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ExposedBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuthorizationMatrix> _authorization = new(StringComparer.Ordinal);
    private readonly List<string> _domains = new();
    private readonly List<string> _errors = new();
    private DateTimeOffset? _started;
    private DateTimeOffset? _finished;
    private Snapshot<IReadOnlyList<Finding>>? _sortedFindings;
    private Snapshot<IReadOnlyList<DiscoveredHost>>? _sortedHosts;
    private Snapshot<IReadOnlyList<CertificateInfo>>? _sortedCertificates;
    private Snapshot<IReadOnlyList<IpIntelligence>>? _sortedIps;
    private Snapshot<IReadOnlyList<ApiEndpoint>>? _sortedEndpoints;
    private Snapshot<IReadOnlyList<Technology>>? _sortedTechnologies;
    private Snapshot<IReadOnlyList<RiskScore>>? _sortedScores;
    private Snapshot<IReadOnlyList<InventoryChange>>? _sortedChanges;
    private Snapshot<IReadOnlyList<DnsIntelligence>>? _sortedDns;
    private Snapshot<IReadOnlyList<HttpProbe>>? _sortedProbes;
    private Snapshot<IReadOnlyList<HijackAssessment>>? _sortedAssessments;
    private Snapshot<IReadOnlyList<string>>? _sortedDomains;
    private Snapshot<IReadOnlyList<string>>? _sortedHostNames;

    /// <summary>
    /// Adds one object; returns false when it is not an ApiThreat object an export understands. Unknown ApiThreat types
    /// that carry a Findings array (new capabilities) still contribute their findings.
    /// </summary>
    public bool Add(object? item)
    {
        _version++;
        switch (item)
        {
            case null: return false;
            case Finding f: AddFinding(f); return true;
            case ScanResult s: AddScan(s); return true;
            case DiscoveredHost h: AddHost(h); return true;
            case CertificateInfo c: AddCertificate(c); return true;
            case IpIntelligence ip: _ips.TryAdd(ip.Address, ip); AddFindings(ip.Findings); return true;
            case ApiEndpoint e: _endpoints.TryAdd(e.Url, e); return true;
            case Technology t: _technologies.TryAdd($"{t.HostName}|{t.Name}|{t.Version}|{t.Url}", t); return true;
            case RiskScore r: AddScore(r); return true;
            case InventoryChange ch: _changes.TryAdd($"{ch.ChangeType}|{ch.ItemType}|{ch.Key}|{ch.Property}|{ch.Before}|{ch.After}", ch); return true;
            case DnsIntelligence d: _dns.TryAdd(d.Domain, d); AddFindings(d.Findings); return true;
            case HttpProbe p: _probes.TryAdd(p.Url, p); return true;
            case HijackAssessment a: _assessments.TryAdd(a.Url, a); AddFindings(a.Findings); return true;
            case LookalikeDomain l: _lookalikes.TryAdd($"{l.OriginalDomain}|{l.Domain}", l); AddFindings(l.Findings); return true;
            case ExposedBucket b: _buckets.TryAdd(b.Url, b); AddFindings(b.Findings); return true;
            case AuthorizationMatrix am: _authorization.TryAdd(am.Url, am); AddFindings(am.Findings); return true;
            case TransportAssessment ta:
                AddFindings(ta.Findings);
                if (ta.Certificate is not null) AddCertificate(ta.Certificate);
                return true;
            case System.Collections.IEnumerable list when item is not string:
                var any = false;
                foreach (var x in list) any |= Add(x);
                return any;
            default: return AddByReflection(item);
        }
    }

    private bool AddByReflection(object item)
    {
        var type = item.GetType();
        if (type.Namespace != "ApiThreat" || type.Assembly != typeof(Finding).Assembly) return false;
        var prop = type.GetProperty("Findings", BindingFlags.Public | BindingFlags.Instance);
        if (prop?.GetValue(item) is not IEnumerable<Finding> findings) return false;
        AddFindings(findings);
        return true;
    }

    private void AddScan(ScanResult s)
    {
        foreach (var d in s.Domains) if (!_domains.Contains(d, StringComparer.OrdinalIgnoreCase)) _domains.Add(d);
        if (s.Started != default) _started = _started is null || s.Started < _started ? s.Started : _started;
        if (s.Finished != default) _finished = _finished is null || s.Finished > _finished ? s.Finished : _finished;
        foreach (var h in s.Hosts) AddHost(h);
        foreach (var d in s.Dns) Add(d);
        foreach (var c in s.Certificates) AddCertificate(c);
        foreach (var ip in s.Ips) Add(ip);
        foreach (var e in s.Inventory) Add(e);
        foreach (var t in s.Technologies) Add(t);
        foreach (var a in s.Assessments) Add(a);
        AddFindings(s.Findings);
        foreach (var r in s.Scores) AddScore(r);
        foreach (var c in s.Changes) Add(c);
        _errors.AddRange(s.Errors);
    }

    private void AddHost(DiscoveredHost h)
    {
        if (!_hosts.TryGetValue(h.HostName, out var existing)) { _hosts[h.HostName] = h; return; }
        // The same name found under two inputs: keep one object with every address and source.
        _hosts[h.HostName] = new DiscoveredHost
        {
            HostName = existing.HostName,
            Domain = existing.Domain,
            Addresses = existing.Addresses.Union(h.Addresses, StringComparer.OrdinalIgnoreCase).ToArray(),
            CnameChain = existing.CnameChain.Length >= h.CnameChain.Length ? existing.CnameChain : h.CnameChain,
            Sources = existing.Sources.Union(h.Sources, StringComparer.OrdinalIgnoreCase).ToArray(),
            IsWildcard = existing.IsWildcard || h.IsWildcard,
            FirstSeen = existing.FirstSeen < h.FirstSeen ? existing.FirstSeen : h.FirstSeen,
        };
    }

    private void AddCertificate(CertificateInfo c)
    {
        _certificates.TryAdd($"{c.HostName}|{c.Port}|{c.Sha256Fingerprint}|{c.SerialNumber}", c);
        AddFindings(c.Findings);
    }

    private void AddScore(RiskScore r)
    {
        _scores.TryAdd($"{r.Scope}|{r.Target}", r);
        foreach (var f in r.Factors) AddFindings(f.Findings);
    }

    private void AddFindings(IEnumerable<Finding>? findings)
    {
        if (findings is null) return;
        foreach (var f in findings) AddFinding(f);
    }

    private void AddFinding(Finding f)
    {
        if (f is null) return;
        _findings.TryAdd($"{f.RuleId}\n{f.Target.ToLowerInvariant()}\n{f.Evidence}\n{f.Title}", f);
    }

    public bool IsEmpty =>
        _findings.Count + _hosts.Count + _certificates.Count + _ips.Count + _endpoints.Count + _technologies.Count
        + _scores.Count + _changes.Count + _dns.Count + _probes.Count + _assessments.Count + _lookalikes.Count + _buckets.Count + _authorization.Count == 0;

    /// <summary>Worst first, then by rule, target and evidence (ordinal: culture never changes the order).</summary>
    public IReadOnlyList<Finding> Findings => Cached(ref _sortedFindings, () => _findings.Values
        .OrderByDescending(f => f.Severity).ThenBy(f => f.RuleId, StringComparer.Ordinal)
        .ThenBy(f => f.Target, StringComparer.OrdinalIgnoreCase).ThenBy(f => f.Evidence, StringComparer.Ordinal)
        .ThenBy(f => f.Title, StringComparer.Ordinal).ToList());

    public IReadOnlyList<DiscoveredHost> Hosts => Cached(ref _sortedHosts, () => _hosts.Values.OrderBy(h => h.HostName, StringComparer.OrdinalIgnoreCase).ToList());
    public IReadOnlyList<CertificateInfo> Certificates => Cached(ref _sortedCertificates, () => _certificates.Values
        .OrderBy(c => c.HostName, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Port).ThenBy(c => c.Sha256Fingerprint, StringComparer.Ordinal).ToList());
    public IReadOnlyList<IpIntelligence> Ips => Cached(ref _sortedIps, () => _ips.Values.OrderBy(i => i.Address, StringComparer.OrdinalIgnoreCase).ToList());
    public IReadOnlyList<ApiEndpoint> Endpoints => Cached(ref _sortedEndpoints, () => _endpoints.Values.OrderBy(e => e.Url, StringComparer.Ordinal).ToList());
    public IReadOnlyList<Technology> Technologies => Cached(ref _sortedTechnologies, () => _technologies.Values
        .OrderBy(t => t.HostName, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
        .ThenBy(t => t.Version, StringComparer.Ordinal).ThenBy(t => t.Url, StringComparer.Ordinal).ToList());
    public IReadOnlyList<RiskScore> Scores => Cached(ref _sortedScores, () => _scores.Values
        .OrderBy(r => ScopeRank(r.Scope)).ThenBy(r => r.Target, StringComparer.OrdinalIgnoreCase).ToList());
    public IReadOnlyList<InventoryChange> Changes => Cached(ref _sortedChanges, () => _changes.Values
        .OrderByDescending(c => c.Severity).ThenBy(c => c.ItemType, StringComparer.Ordinal).ThenBy(c => c.Key, StringComparer.Ordinal)
        .ThenBy(c => c.ChangeType).ThenBy(c => c.Property, StringComparer.Ordinal).ToList());
    public IReadOnlyList<DnsIntelligence> Dns => Cached(ref _sortedDns, () => _dns.Values.OrderBy(d => d.Domain, StringComparer.OrdinalIgnoreCase).ToList());
    public IReadOnlyList<HttpProbe> Probes => Cached(ref _sortedProbes, () => _probes.Values.OrderBy(p => p.Url, StringComparer.Ordinal).ToList());
    public IReadOnlyList<HijackAssessment> Assessments => Cached(ref _sortedAssessments, () => _assessments.Values.OrderBy(a => a.Url, StringComparer.Ordinal).ToList());
    /// <summary>Lookalike domains (registered ones become STIX indicators), by original then lookalike.</summary>
    public IReadOnlyList<LookalikeDomain> Lookalikes => _lookalikes.Values
        .OrderBy(l => l.OriginalDomain, StringComparer.OrdinalIgnoreCase).ThenBy(l => l.Domain, StringComparer.Ordinal).ToList();
    public IReadOnlyList<ExposedBucket> Buckets => _buckets.Values.OrderBy(b => b.Url, StringComparer.Ordinal).ToList();
    public IReadOnlyList<AuthorizationMatrix> AuthorizationMatrices => _authorization.Values.OrderBy(a => a.Url, StringComparer.Ordinal).ToList();
    public IReadOnlyList<string> Errors => _errors;
    public DateTimeOffset? Started => _started;
    public DateTimeOffset? Finished => _finished;

    /// <summary>The domains of the scan, or those seen on hosts, DNS and scores.</summary>
    public IReadOnlyList<string> Domains => Cached(ref _sortedDomains, () =>
    {
        var set = new SortedSet<string>(_domains.Select(d => d.ToLowerInvariant()), StringComparer.Ordinal);
        foreach (var h in _hosts.Values) if (!string.IsNullOrEmpty(h.Domain)) set.Add(h.Domain.ToLowerInvariant());
        foreach (var d in _dns.Values) set.Add(d.Domain.ToLowerInvariant());
        foreach (var r in _scores.Values) if (r.Scope == "Domain") set.Add(r.Target.ToLowerInvariant());
        return set.ToList();
    });

    /// <summary>Every host name any object is about, sorted: the report's per-host sections.</summary>
    public IReadOnlyList<string> HostNames => Cached(ref _sortedHostNames, () =>
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        void Add(string? h) { if (!string.IsNullOrWhiteSpace(h)) set.Add(NormalizeHost(h)); }
        foreach (var f in _findings.Values) Add(string.IsNullOrEmpty(f.HostName) ? Rules.TargetName.HostOf(f.Target) : f.HostName);
        foreach (var h in _hosts.Values) Add(h.HostName);
        foreach (var c in _certificates.Values) Add(c.HostName);
        foreach (var e in _endpoints.Values) Add(e.HostName);
        foreach (var t in _technologies.Values) Add(t.HostName);
        foreach (var p in _probes.Values) Add(p.HostName);
        foreach (var a in _assessments.Values) Add(a.HostName);
        foreach (var a in _authorization.Values) Add(a.HostName);
        return set.ToList();
    });

    private static int ScopeRank(string scope) => scope switch { "Organization" => 0, "Domain" => 1, "Host" => 2, _ => 3 };

    /// <summary>The host a finding belongs to (its HostName, else the host of its target).</summary>
    public static string HostOf(Finding f) => NormalizeHost(string.IsNullOrEmpty(f.HostName) ? Rules.TargetName.HostOf(f.Target) : f.HostName);

    /// <summary>The form host names are grouped under: trimmed, without the root dot, lower case.</summary>
    public static string NormalizeHost(string? host) => (host ?? "").Trim().TrimEnd('.').ToLowerInvariant();

    // Sorted views are built once and reused until the next Add: a report reads them many times, and re-sorting the
    // whole collection on every read made report time grow with hosts x findings.
    private int _version;
    private sealed class Snapshot<T>(int version, T value) { public int Version { get; } = version; public T Value { get; } = value; }

    private T Cached<T>(ref Snapshot<T>? slot, Func<T> build)
    {
        if (slot is null || slot.Version != _version) slot = new Snapshot<T>(_version, build());
        return slot.Value;
    }
}
