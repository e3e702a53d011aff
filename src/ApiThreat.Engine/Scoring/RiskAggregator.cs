using System.IO.Hashing;
using System.Runtime.InteropServices;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Scoring;

/// <summary>What became of one input.</summary>
public enum AggregateOutcome { Added, Duplicate, Inventory, MissingRuleId, MissingTarget, Unsupported }

/// <summary>
/// Streams ApiThreat objects into per-host counters (bounded memory: hosts x rules, a fixed sample per factor, and
/// one 128-bit hash per distinct finding for de-duplication), then scores hosts, domains and the organisation with
/// <see cref="RiskCalculator"/>. Not thread-safe: feed it from one thread (the pipeline thread).
/// </summary>
public sealed class RiskAggregator
{
    private readonly ScoringPolicy _policy;
    private readonly string[] _domains;
    private readonly string? _organization;
    private readonly Dictionary<string, TargetTally> _targets = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _learnedDomains = new(StringComparer.Ordinal);
    private readonly HashSet<UInt128> _seen = new();
    private readonly Dictionary<(string, FindingCategory), (ScoreCap[] Caps, int[] Indexes)> _capsByRule = new(RuleKeyComparer.Instance);
    private readonly XxHash128 _hash = new();
    private readonly double[] _unit;
    private string? _lastHostKey;
    private TargetTally? _lastTally;

    public RiskAggregator(ScoringPolicy policy, IEnumerable<string>? domains = null, string? organization = null)
    {
        _policy = policy;
        _domains = domains?.ToArray() ?? Array.Empty<string>();
        _organization = string.IsNullOrWhiteSpace(organization) ? null : organization.Trim();
        _unit = policy.UnitPenalty;
    }

    public ScoringPolicy Policy => _policy;
    public long Added { get; private set; }
    public long Duplicates { get; private set; }

    /// <summary>Takes any ApiThreat object: findings, objects that carry findings, and inventory (hosts, endpoints).</summary>
    public AggregateOutcome AddObject(object item)
    {
        switch (item)
        {
            case Finding f: return Add(f);
            case DiscoveredHost h:
                if (DomainGrouper.Normalise(h.Domain) is { } d) _learnedDomains.Add(d);
                return Register(h.HostName);
            case ApiEndpoint e:
                var tally = RegisterTally(string.IsNullOrEmpty(e.HostName) ? TargetName.HostOf(e.Url) : e.HostName);
                if (tally is not null && !string.IsNullOrEmpty(e.Url)) (tally.Endpoints ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(e.Url);
                return tally is null ? AggregateOutcome.MissingTarget : AggregateOutcome.Inventory;
            case DnsIntelligence dns:
                if (DomainGrouper.Normalise(dns.Domain) is { } dd) _learnedDomains.Add(dd);
                Register(dns.Domain);
                return AddAll(dns.Findings);
            case CertificateInfo c: Register(c.HostName); return AddAll(c.Findings);
            case TransportAssessment t:
                Register(t.HostName);
                if (t.Certificate is { } tc) AddAll(tc.Findings);
                return AddAll(t.Findings);
            case HijackAssessment a: Register(string.IsNullOrEmpty(a.HostName) ? TargetName.HostOf(a.Url) : a.HostName); return AddAll(a.Findings);
            case AuthorizationMatrix am: Register(string.IsNullOrEmpty(am.HostName) ? TargetName.HostOf(am.Url) : am.HostName); return AddAll(am.Findings);
            case IpIntelligence ip: Register(ip.Address); return AddAll(ip.Findings);
            case LookalikeDomain l: Register(l.OriginalDomain); return AddAll(l.Findings);
            case ExposedBucket b: return AddAll(b.Findings);
            case ExposedSecret secret: if (secret.HostName.Length > 0) Register(secret.HostName); return AddAll(secret.Findings);
            case Technology tech: return Register(string.IsNullOrEmpty(tech.HostName) ? TargetName.HostOf(tech.Url) : tech.HostName);
            case HttpProbe probe: return Register(string.IsNullOrEmpty(probe.HostName) ? TargetName.HostOf(probe.Url) : probe.HostName);
            case ScanResult scan:
                foreach (var d2 in scan.Domains) if (DomainGrouper.Normalise(d2) is { } nd) _learnedDomains.Add(nd);
                foreach (var x in scan.Hosts) AddObject(x);
                foreach (var x in scan.Dns) AddObject(x);
                foreach (var x in scan.Certificates) AddObject(x);
                foreach (var x in scan.Ips) AddObject(x);
                foreach (var x in scan.Inventory) AddObject(x);
                foreach (var x in scan.Technologies) AddObject(x);
                foreach (var x in scan.Assessments) AddObject(x);
                return AddAll(scan.Findings);
            case string s: return Register(s);
            default: return AggregateOutcome.Unsupported;
        }
    }

    private AggregateOutcome AddAll(Finding[]? findings)
    {
        if (findings is null) return AggregateOutcome.Inventory;
        foreach (var f in findings) if (f is not null) Add(f);
        return AggregateOutcome.Added;
    }

    /// <summary>Makes a host known (it scores 100 until findings say otherwise).</summary>
    public AggregateOutcome Register(string? host) => RegisterTally(host) is null ? AggregateOutcome.MissingTarget : AggregateOutcome.Inventory;

    private TargetTally? RegisterTally(string? host)
    {
        if (string.IsNullOrWhiteSpace(host)) return null;
        return TallyFor(host.Contains("://", StringComparison.Ordinal) ? TargetName.HostOf(host) : host);
    }

    /// <summary>The hot path: one finding into its host's counters. O(1) apart from the bounded sample.</summary>
    public AggregateOutcome Add(Finding f)
    {
        if (string.IsNullOrEmpty(f.RuleId)) return AggregateOutcome.MissingRuleId;
        var hostKey = string.IsNullOrEmpty(f.HostName) ? f.Target : f.HostName;
        if (string.IsNullOrEmpty(hostKey)) return AggregateOutcome.MissingTarget;

        var severity = (int)f.Severity is >= 0 and < ScoringPolicy.SeverityLevels ? f.Severity : Severity.Info;
        var confidence = (int)f.Confidence is >= 0 and < ScoringPolicy.ConfidenceLevels ? f.Confidence : Confidence.Unlikely;
        var category = (int)f.Category >= 0 && (int)f.Category < ScoringPolicy.Categories.Length ? f.Category : FindingCategory.ApplicationSecurity;
        if (!_seen.Add(Key(f, severity, confidence, category))) { Duplicates++; return AggregateOutcome.Duplicate; }

        TargetTally? tally;
        if (ReferenceEquals(hostKey, _lastHostKey) || (_lastHostKey is not null && string.Equals(hostKey, _lastHostKey, StringComparison.Ordinal)))
            tally = _lastTally!;
        else
        {
            tally = TallyFor(string.IsNullOrEmpty(f.HostName) ? TargetName.HostOf(f.Target) : f.HostName);
            if (tally is null) return AggregateOutcome.MissingTarget;
            _lastHostKey = hostKey;
            _lastTally = tally;
        }

        var ruleKey = (f.RuleId, category);
        ref var rule = ref CollectionsMarshal.GetValueRefOrAddDefault(tally.Rules, ruleKey, out var exists);
        if (!exists)
        {
            var caps = CapsFor(f.RuleId, category);
            rule = new RuleTally(f.RuleId, category, f.Title ?? "", caps.Caps, caps.Indexes);
        }
        else if (f.Title is { } t && !ReferenceEquals(t, rule!.Title) && string.CompareOrdinal(t, rule.Title) < 0) rule.Title = t;

        var bucket = ScoringPolicy.Bucket(severity, confidence);
        rule!.Counts[bucket]++;
        rule.Total++;
        tally.FindingCount++;
        tally.FactorCounts[(int)category]++;
        Added++;

        if (rule.Caps.Length > 0)
            for (var i = 0; i < rule.Caps.Length; i++)
            {
                if (!rule.Caps[i].Matches(severity, confidence)) continue;
                tally.CapHits ??= new Finding?[_policy.Caps.Count];
                ref var hit = ref tally.CapHits[rule.CapIndexes[i]];
                if (hit is null || FindingSample.Compare(0, f, 0, hit) < 0) hit = f;
            }

        if (_policy.SampleSize > 0)
            (tally.Samples[(int)category] ??= new FindingSample(_policy.SampleSize)).Offer(_unit[bucket], f);
        return AggregateOutcome.Added;
    }

    private TargetTally? TallyFor(string host)
    {
        var name = host.Trim().TrimEnd('.');
        if (name.Length == 0) return null;
        ref var tally = ref CollectionsMarshal.GetValueRefOrAddDefault(_targets, name, out var exists);
        if (!exists) tally = new TargetTally(name.ToLowerInvariant(), ScoringPolicy.Categories.Length);
        return tally;
    }

    private (ScoreCap[] Caps, int[] Indexes) CapsFor(string ruleId, FindingCategory category)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_capsByRule, (ruleId, category), out var exists);
        if (!exists)
        {
            var caps = new List<ScoreCap>();
            var idx = new List<int>();
            for (var i = 0; i < _policy.Caps.Count; i++)
                if (_policy.Caps[i].MatchesRule(ruleId, category)) { caps.Add(_policy.Caps[i]); idx.Add(i); }
            entry = (caps.ToArray(), idx.ToArray());
        }
        return entry;
    }

    // Same rule + target + evidence is one finding (as counted: with its category, severity and confidence, so that
    // which duplicate arrives first never changes the score). 128 bits: collisions are not a practical concern.
    private UInt128 Key(Finding f, Severity s, Confidence c, FindingCategory cat)
    {
        _hash.Reset();
        Append(f.RuleId);
        Append(f.Target);
        Append(f.Evidence);
        Span<byte> tail = stackalloc byte[3] { (byte)s, (byte)c, (byte)cat };
        _hash.Append(tail);
        return _hash.GetCurrentHashAsUInt128();
    }

    private void Append(string? s)
    {
        var text = (s ?? "").AsSpan();
        Span<byte> len = stackalloc byte[4];
        BitConverter.TryWriteBytes(len, text.Length);
        _hash.Append(len);
        _hash.Append(MemoryMarshal.AsBytes(text));
    }

    /// <summary>Scores every host (sorted), every domain (sorted), then the organisation when one was named.</summary>
    public IReadOnlyList<RiskScore> Compute(bool explain = false)
    {
        var calc = new RiskCalculator(_policy);
        var grouper = new DomainGrouper(_domains, _learnedDomains);
        var hosts = _targets.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var results = new List<RiskScore>(hosts.Count + 8);
        var byDomain = new SortedDictionary<string, List<TargetTally>>(StringComparer.Ordinal);
        foreach (var host in hosts)
        {
            var domain = grouper.DomainOf(host.Name);
            var score = calc.Score(host, "Host", explain);
            score.Domain = domain;
            results.Add(score);
            if (domain is null) continue;
            if (!byDomain.TryGetValue(domain, out var list)) byDomain[domain] = list = new List<TargetTally>();
            list.Add(host);
        }
        foreach (var (domain, members) in byDomain)
            results.Add(calc.Score(Merge(domain, members, c => c.AppliesToDomain), "Domain", explain));
        if (_organization is not null)
            results.Add(calc.Score(Merge(_organization, hosts, c => c.AppliesToOrganization), "Organization", explain));
        return results;
    }

    private TargetTally Merge(string name, IReadOnlyList<TargetTally> members, Func<ScoreCap, bool> capApplies)
    {
        var merged = new TargetTally(name, ScoringPolicy.Categories.Length) { HostCount = members.Count };
        foreach (var m in members)
        {
            merged.FindingCount += m.FindingCount;
            for (var i = 0; i < m.FactorCounts.Length; i++) merged.FactorCounts[i] += m.FactorCounts[i];
            foreach (var (key, rule) in m.Rules)
            {
                if (!merged.Rules.TryGetValue(key, out var into))
                    merged.Rules[key] = into = new RuleTally(rule.RuleId, rule.Category, rule.Title, rule.Caps, rule.CapIndexes);
                into.MergeFrom(rule);
            }
            for (var c = 0; c < m.Samples.Length; c++)
                if (m.Samples[c] is { } sample)
                    foreach (var (p, f) in sample.Items)
                        (merged.Samples[c] ??= new FindingSample(_policy.SampleSize)).Offer(p, f);
            if (m.CapHits is not null)
                for (var i = 0; i < m.CapHits.Length; i++)
                {
                    if (m.CapHits[i] is not { } hit || !capApplies(_policy.Caps[i])) continue;
                    merged.CapHits ??= new Finding?[_policy.Caps.Count];
                    if (merged.CapHits[i] is not { } cur || FindingSample.Compare(0, hit, 0, cur) < 0) merged.CapHits[i] = hit;
                }
            if (m.Endpoints is not null) (merged.Endpoints ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).UnionWith(m.Endpoints);
        }
        return merged;
    }
}
