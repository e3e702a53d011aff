using System.Globalization;
using ApiThreat.Engine.Rules;
using Newtonsoft.Json;

namespace ApiThreat.Engine.Inventory;

/// <summary>
/// Compares a baseline inventory with the current one and says what changed: hosts, endpoints and operations
/// added or removed; DNS answers, certificates, IP owners, technology versions and authentication changed. Every
/// change carries before/after and a severity; the risky ones name their ATR-INV rule.
/// </summary>
public static class InventoryDiff
{
    /// <param name="onlyCurrentTypes">
    /// Compare only the item types present in <paramref name="current"/> (pipeline input holds what one run
    /// gathered: endpoints only must not report every stored certificate as removed).
    /// </param>
    public static List<InventoryChange> Compare(IEnumerable<InventoryItem> baseline, IEnumerable<InventoryItem> current,
        DateTimeOffset baselineTime, bool onlyCurrentTypes)
    {
        var now = DateTimeOffset.UtcNow;
        var after = Index(current);
        var before = Index(baseline);
        if (onlyCurrentTypes)
            foreach (var type in before.Keys.Where(t => !after.ContainsKey(t)).ToList()) before.Remove(type);
        var changes = new List<InventoryChange>();
        void Add(ChangeType kind, string itemType, string key, string host, string? property, string? b, string? a, Severity severity, ThreatRule? rule = null) =>
            changes.Add(new InventoryChange
            {
                ChangeType = kind, ItemType = itemType, Key = key, HostName = host, Property = property, Before = b, After = a,
                Severity = severity, RuleId = rule?.Id, BaselineTime = baselineTime, DetectedAt = now,
            });

        // Hosts: every host any compared item belongs to.
        var hostsBefore = before.Values.SelectMany(d => d.Values).Select(i => i.HostName).Where(h => h.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var hostsAfter = after.Values.SelectMany(d => d.Values).Select(i => i.HostName).Where(h => h.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var h in hostsAfter.Except(hostsBefore, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal))
            Add(ChangeType.Added, "Host", h, h, null, null, h, Severity.Low);
        foreach (var h in hostsBefore.Except(hostsAfter, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal))
            Add(ChangeType.Removed, "Host", h, h, null, h, null, Severity.Info);

        foreach (var type in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            before.TryGetValue(type, out var b);
            after.TryGetValue(type, out var a);
            b ??= new(StringComparer.Ordinal);
            a ??= new(StringComparer.Ordinal);
            foreach (var key in a.Keys.Except(b.Keys).Order(StringComparer.Ordinal))
            {
                var item = a[key];
                var (itemType, severity, rule) = item.Value switch
                {
                    ApiEndpoint => ("Endpoint", Severity.Medium, InventoryRules.NewEndpoint),
                    Finding f => ("Finding", f.Severity, (ThreatRule?)null),
                    LookalikeDomain l => ("Lookalike", l.Status == LookalikeStatus.Registered ? Severity.Medium : Severity.Info,
                        l.Status == LookalikeStatus.Registered ? NewLookalike : null),
                    ExposedBucket bk => ("Bucket", bk.Findings.Length > 0 ? Severity.High : Severity.Low,
                        bk.Findings.Length > 0 ? NewLookalike : (ThreatRule?)null),
                    _ => (ItemTypeName(type), Severity.Info, (ThreatRule?)null),
                };
                Add(ChangeType.Added, itemType, key, item.HostName, null, null, Describe(item.Value), severity, rule);
            }
            foreach (var key in b.Keys.Except(a.Keys).Order(StringComparer.Ordinal))
            {
                var item = b[key];
                Add(ChangeType.Removed, item.Value is ApiEndpoint ? "Endpoint" : ItemTypeName(type), key, item.HostName, null, Describe(item.Value), null, Severity.Info);
            }
            foreach (var key in a.Keys.Intersect(b.Keys).Order(StringComparer.Ordinal))
            {
                var (old, now2) = (b[key], a[key]);
                switch (old.Value, now2.Value)
                {
                    case (ApiEndpoint x, ApiEndpoint y): CompareEndpoint(key, old.HostName, x, y, Add); break;
                    case (CertificateInfo x, CertificateInfo y): CompareCertificate(key, old.HostName, x.Issuer, y.Issuer, x.Sha256Fingerprint, y.Sha256Fingerprint,
                        $"{x.KeyAlgorithm} {x.KeySize}".Trim(), $"{y.KeyAlgorithm} {y.KeySize}".Trim(), x.NotAfter, y.NotAfter, Add); break;
                    case (DiscoveredHost x, DiscoveredHost y):
                        Property(Add, "Dns", key, old.HostName, "Addresses", Set(x.Addresses), Set(y.Addresses), Severity.Low);
                        Property(Add, "Dns", key, old.HostName, "CnameChain", string.Join(" -> ", x.CnameChain), string.Join(" -> ", y.CnameChain), Severity.Medium);
                        break;
                    case (DnsIntelligence x, DnsIntelligence y):
                        Property(Add, "Dns", key, old.HostName, "NameServers", Set(x.NameServers), Set(y.NameServers), Severity.Medium);
                        Property(Add, "Dns", key, old.HostName, "Mx", Set(x.Mx), Set(y.Mx), Severity.Low);
                        Property(Add, "Dns", key, old.HostName, "Spf", x.Spf?.Raw, y.Spf?.Raw, Severity.Low);
                        Property(Add, "Dns", key, old.HostName, "Dmarc", x.Dmarc?.Raw, y.Dmarc?.Raw, Severity.Low);
                        Property(Add, "Dns", key, old.HostName, "Caa", Set(x.Caa), Set(y.Caa), Severity.Low);
                        Property(Add, "Dns", key, old.HostName, "Dnssec", x.Dnssec, y.Dnssec, Severity.Medium);
                        break;
                    case (IpIntelligence x, IpIntelligence y):
                        Property(Add, "Ip", key, old.HostName, "Asn", x.Asn?.ToString(CultureInfo.InvariantCulture), y.Asn?.ToString(CultureInfo.InvariantCulture), Severity.Medium);
                        Property(Add, "Ip", key, old.HostName, "Organization", x.Organization, y.Organization, Severity.Medium);
                        Property(Add, "Ip", key, old.HostName, "CloudProvider", x.CloudProvider, y.CloudProvider, Severity.Medium);
                        Property(Add, "Ip", key, old.HostName, "CloudService", x.CloudService, y.CloudService, Severity.Low);
                        Property(Add, "Ip", key, old.HostName, "Country", x.Country, y.Country, Severity.Low);
                        break;
                    case (Technology x, Technology y):
                        Property(Add, "Technology", key, old.HostName, "Version", x.Version, y.Version, Severity.Low);
                        break;
                    case (LookalikeDomain x, LookalikeDomain y):
                        if (x.Status != y.Status)
                            Add(ChangeType.Modified, "Lookalike", key, old.HostName, "Status", x.Status.ToString(), y.Status.ToString(),
                                y.Status == LookalikeStatus.Registered ? Severity.Medium : Severity.Info,
                                y.Status == LookalikeStatus.Registered ? NewLookalike : null);
                        Property(Add, "Lookalike", key, old.HostName, "MailServers", Set(x.MailServers), Set(y.MailServers), Severity.Low);
                        break;
                    case (ExposedBucket x, ExposedBucket y):
                        Property(Add, "Bucket", key, old.HostName, "PublicList", x.PublicList.ToString(), y.PublicList.ToString(), y.PublicList ? Severity.High : Severity.Info);
                        Property(Add, "Bucket", key, old.HostName, "PublicRead", x.PublicRead?.ToString(), y.PublicRead?.ToString(), y.PublicRead == true ? Severity.Medium : Severity.Info);
                        break;
                    case (Finding, Finding):
                        break; // same rule on the same target: still there, nothing new
                    default:
                        // Other types (assessments, probes...): property by property, volatile fields and list order ignored.
                        foreach (var (property, b2, a2) in VolatileFields.Differences(old.Value, now2.Value))
                            Add(ChangeType.Modified, ItemTypeName(type), key, old.HostName, property, b2, a2, Severity.Info);
                        break;
                }
            }
        }
        return changes;
    }

    // By id, not by type: Discovery reads Inventory, and DigitalRisk reads Discovery (its wildcard detector).
    private static ThreatRule NewLookalike => RuleCatalog.Get("ATR-DRP-007");

    private delegate void AddChange(ChangeType kind, string itemType, string key, string host, string? property, string? before, string? after, Severity severity, ThreatRule? rule = null);

    private static void CompareEndpoint(string key, string host, ApiEndpoint x, ApiEndpoint y, AddChange add)
    {
        Property(add, "Endpoint", key, host, "Kind", x.Kind.ToString(), y.Kind.ToString(), Severity.Low);
        Property(add, "Endpoint", key, host, "SpecUrl", x.SpecUrl, y.SpecUrl, Severity.Low);
        Property(add, "Endpoint", key, host, "SpecVersion", x.SpecVersion, y.SpecVersion, Severity.Info);
        Property(add, "Endpoint", key, host, "StatusCode", x.StatusCode.ToString(CultureInfo.InvariantCulture), y.StatusCode.ToString(CultureInfo.InvariantCulture), Severity.Info);
        Property(add, "Technology", key, host, "Server", x.Server, y.Server, Severity.Low);
        Property(add, "Technology", key, host, "Technologies", Set(x.Technologies), Set(y.Technologies), Severity.Low);
        Property(add, "Dns", key, host, "Addresses", Set(x.Addresses), Set(y.Addresses), Severity.Low);

        var authBefore = Set(x.Authentication);
        var authAfter = Set(y.Authentication);
        if (authBefore != authAfter)
        {
            var lost = IsAuthenticated(x.Authentication) && !IsAuthenticated(y.Authentication);
            var gained = !IsAuthenticated(x.Authentication) && IsAuthenticated(y.Authentication);
            add(ChangeType.Modified, "Authentication", key, host, "Authentication", authBefore, authAfter,
                lost ? Severity.High : gained ? Severity.Info : Severity.Medium, lost ? InventoryRules.LostAuthentication : null);
        }

        if (x.CertificateFingerprint is not null || y.CertificateFingerprint is not null)
            CompareCertificate(key, host, x.CertificateIssuer, y.CertificateIssuer, x.CertificateFingerprint, y.CertificateFingerprint,
                x.CertificateKey, y.CertificateKey, x.CertificateNotAfter, y.CertificateNotAfter, add);

        var opsBefore = x.Operations.GroupBy(OperationKey).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var opsAfter = y.Operations.GroupBy(OperationKey).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var k in opsAfter.Keys.Except(opsBefore.Keys).Order(StringComparer.Ordinal))
        {
            var op = opsAfter[k];
            var open = op.Security.Length == 0;
            add(ChangeType.Added, "Operation", $"{key} {k}", host, null, null, OperationText(op),
                open ? Severity.Medium : Severity.Low, open ? InventoryRules.NewUnauthenticatedOperation : null);
        }
        foreach (var k in opsBefore.Keys.Except(opsAfter.Keys).Order(StringComparer.Ordinal))
            add(ChangeType.Removed, "Operation", $"{key} {k}", host, null, OperationText(opsBefore[k]), null, Severity.Info);
        foreach (var k in opsAfter.Keys.Intersect(opsBefore.Keys).Order(StringComparer.Ordinal))
        {
            var (ob, oa) = (opsBefore[k], opsAfter[k]);
            var sb = Set(ob.Security);
            var sa = Set(oa.Security);
            if (sb == sa) continue;
            var lost = ob.Security.Length > 0 && oa.Security.Length == 0;
            add(ChangeType.Modified, "Authentication", $"{key} {k}", host, "Security", sb, sa,
                lost ? Severity.High : Severity.Medium, lost ? InventoryRules.LostAuthentication : null);
        }
    }

    private static void CompareCertificate(string key, string host, string? issuerBefore, string? issuerAfter, string? fpBefore, string? fpAfter,
        string? keyBefore, string? keyAfter, DateTimeOffset? notAfterBefore, DateTimeOffset? notAfterAfter, AddChange add)
    {
        if (!string.Equals(issuerBefore ?? "", issuerAfter ?? "", StringComparison.Ordinal))
            add(ChangeType.Modified, "Certificate", key, host, "Issuer", issuerBefore, issuerAfter, Severity.Medium, InventoryRules.CertificateIssuerChanged);
        Property(add, "Certificate", key, host, "Key", keyBefore, keyAfter, Severity.Low);
        Property(add, "Certificate", key, host, "Fingerprint", fpBefore, fpAfter, Severity.Info);
        // Expiry by day: a re-issue moves it by weeks or months; seconds are noise.
        Property(add, "Certificate", key, host, "NotAfter", notAfterBefore?.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            notAfterAfter?.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Severity.Info);
    }

    private static void Property(AddChange add, string itemType, string key, string host, string property, string? before, string? after, Severity severity)
    {
        if (string.Equals(before ?? "", after ?? "", StringComparison.Ordinal)) return;
        add(ChangeType.Modified, itemType, key, host, property, before, after, severity);
    }

    /// <summary>Authentication observed that actually demands credentials (not "None").</summary>
    public static bool IsAuthenticated(string[] schemes) =>
        schemes.Any(s => !string.Equals(s, "None", StringComparison.OrdinalIgnoreCase));

    private static string OperationKey(ApiOperation o) => $"{o.Method.ToUpperInvariant()} {o.Path}";

    private static string OperationText(ApiOperation o) =>
        o.Security.Length == 0 ? OperationKey(o) : $"{OperationKey(o)} [{string.Join(", ", o.Security)}]";

    private static string Set(IEnumerable<string>? values) =>
        string.Join(", ", (values ?? Array.Empty<string>()).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase));

    private static string ItemTypeName(string type) => type switch
    {
        "DiscoveredHost" => "Dns",
        "DnsIntelligence" => "Dns",
        "CertificateInfo" => "Certificate",
        "IpIntelligence" => "Ip",
        _ => type,
    };

    private static string Describe(object value) => value switch
    {
        ApiEndpoint e => $"{e.Kind} {e.Url}" + (e.Authentication.Length > 0 ? $" [{string.Join(", ", e.Authentication)}]" : ""),
        Finding f => $"{f.RuleId} {f.Severity} {f.Title}",
        LookalikeDomain l => $"{l.Status} {l.Fuzzer} lookalike {l.UnicodeDomain} of {l.OriginalDomain}" + (l.MailServers.Length > 0 ? " (MX)" : ""),
        ExposedBucket b => $"{b.Provider} {b.Url}" + (b.PublicList ? " (public list)" : ""),
        _ => value.ToString() ?? "",
    };

    private static Dictionary<string, Dictionary<string, InventoryItem>> Index(IEnumerable<InventoryItem> items)
    {
        var index = new Dictionary<string, Dictionary<string, InventoryItem>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!index.TryGetValue(item.ItemType, out var byKey)) index[item.ItemType] = byKey = new(StringComparer.Ordinal);
            byKey[item.Key] = item;
        }
        return index;
    }
}
