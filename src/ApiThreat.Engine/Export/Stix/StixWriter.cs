using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Export.Stix;

/// <summary>
/// A STIX 2.1 bundle of a scan: the organisation (identity), what was observed (domain-name, ipv4/ipv6-addr,
/// autonomous-system, x509-certificate, url, software SCOs linked by resolves_to_refs / belongs_to_refs and
/// related-to relationships), vulnerability objects for findings with a CVE or a takeover, a note for every other
/// finding, an observed-data and a report tying it together. Ids are deterministic: SCOs per the spec's
/// id-contributing properties in the STIX namespace, SDOs and SROs from their content in ApiThreat's own namespace,
/// so re-exporting the same scan de-duplicates in a threat-intelligence platform.
/// </summary>
public sealed class StixWriter
{
    /// <summary>The namespace STIX 2.1 §2.9 fixes for deterministic SCO ids.</summary>
    public static readonly Guid ScoNamespace = new("00abedb4-aa42-466c-9c01-fed23315a9b7");
    /// <summary>ApiThreat's own namespace for SDO and SRO ids (never change it: ids must stay stable).</summary>
    public static readonly Guid ApiThreatNamespace = new("5f0c3a52-8d2e-4b7a-9e61-3c4d7a1b2e90");

    private static readonly Regex s_cpe = new(@"^cpe:2\.3:[aho*\-](:[^:]+){10}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private readonly SortedDictionary<string, JObject> _scos = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, JObject> _sdos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _resolvesTo = new(StringComparer.Ordinal);
    private readonly string _created;
    private readonly string _toolIdentity;

    private StixWriter(DateTimeOffset timestamp)
    {
        _created = ExportJson.Timestamp(timestamp);
        _toolIdentity = SdoId("identity", "tool|apithreat");
    }

    public static string Write(ExportSet set, string organization, DateTimeOffset timestamp, bool compress = false) =>
        ExportJson.Write(Build(set, organization, timestamp), compress);

    public static JObject Build(ExportSet set, string organization, DateTimeOffset timestamp) =>
        new StixWriter(timestamp).BuildBundle(set, organization, timestamp);

    private JObject BuildBundle(ExportSet set, string organization, DateTimeOffset timestamp)
    {
        var org = string.IsNullOrWhiteSpace(organization) ? "Unnamed organisation" : organization.Trim();
        var orgId = SdoId("identity", "organization|" + org.ToLowerInvariant());
        AddSdo(new JObject
        {
            ["type"] = "identity",
            ["id"] = _toolIdentity,
            ["name"] = "ApiThreat",
            ["description"] = "ApiThreat " + EngineInfo.Version + ", external attack-surface management for APIs.",
            ["identity_class"] = "system",
        }, createdBy: false);
        AddSdo(new JObject
        {
            ["type"] = "identity",
            ["id"] = orgId,
            ["name"] = org,
            ["identity_class"] = "organization",
        });

        foreach (var h in set.Hosts) AddHost(h);
        foreach (var d in set.Domains) Domain(d);
        foreach (var ip in set.Ips) AddIp(ip);
        foreach (var c in set.Certificates) AddCertificate(c);
        foreach (var e in set.Endpoints) Url(e.Url, e.HostName);
        foreach (var p in set.Probes) Url(p.Url, p.HostName);
        foreach (var t in set.Technologies) AddTechnology(t);
        foreach (var f in set.Findings) AddFinding(f);
        foreach (var l in set.Lookalikes) AddLookalike(l);

        foreach (var (id, refs) in _resolvesTo)
            if (_scos.TryGetValue(id, out var sco) && refs.Count > 0) sco["resolves_to_refs"] = new JArray(refs);

        var scoIds = _scos.Keys.ToList();
        if (scoIds.Count > 0)
        {
            var first = set.Started ?? timestamp;
            var last = set.Finished ?? timestamp;
            if (last < first) last = first;
            AddSdo(new JObject
            {
                ["type"] = "observed-data",
                ["id"] = SdoId("observed-data", "observed|" + StableId.Sha256Hex(string.Join(",", scoIds))),
                ["first_observed"] = ExportJson.Timestamp(first),
                ["last_observed"] = ExportJson.Timestamp(last),
                ["number_observed"] = 1,
                ["object_refs"] = new JArray(scoIds),
            });
        }

        var findings = set.Findings;
        var refsForReport = _sdos.Keys.Concat(scoIds).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
        var summary = $"ApiThreat scan of {org}: {set.HostNames.Count} hosts, {findings.Count} findings " +
                      $"({string.Join(", ", Enum.GetValues<Severity>().OrderDescending().Select(s => $"{findings.Count(f => f.Severity == s)} {s}"))}).";
        var scores = set.Scores.Where(s => s.Scope is "Organization" or "Domain").Select(s => $"{s.Target} {s.Grade} ({s.Score.ToString("0", CultureInfo.InvariantCulture)})").ToList();
        if (scores.Count > 0) summary += " Grades: " + string.Join("; ", scores) + ".";
        AddSdo(new JObject
        {
            ["type"] = "report",
            ["id"] = SdoId("report", "report|" + org.ToLowerInvariant() + "|" + StableId.Sha256Hex(string.Join(",", refsForReport))),
            ["name"] = $"External attack surface of {org}" + (set.Domains.Count > 0 ? " (" + string.Join(", ", set.Domains) + ")" : ""),
            ["description"] = summary,
            ["report_types"] = new JArray("threat-report", "observed-data"),
            ["published"] = _created,
            ["object_refs"] = new JArray(refsForReport),
        });

        var objects = new JArray();
        foreach (var o in _sdos.Values.OrderBy(o => TypeRank((string)o["type"]!)).ThenBy(o => (string)o["id"]!, StringComparer.Ordinal)) objects.Add(o);
        foreach (var o in _scos.Values.OrderBy(o => TypeRank((string)o["type"]!)).ThenBy(o => (string)o["id"]!, StringComparer.Ordinal)) objects.Add(o);
        var bundleName = string.Join(",", objects.Select(o => (string)o["id"]!)) + "|" + _created;
        return new JObject
        {
            ["type"] = "bundle",
            ["id"] = "bundle--" + StableId.UuidV5(ApiThreatNamespace, "bundle|" + StableId.Sha256Hex(bundleName)),
            ["objects"] = objects,
        };
    }

    private static int TypeRank(string type) => type switch
    {
        "identity" => 0, "report" => 1, "observed-data" => 2, "vulnerability" => 3, "note" => 4, "relationship" => 5, "indicator" => 6,
        "domain-name" => 10, "ipv4-addr" => 11, "ipv6-addr" => 12, "autonomous-system" => 13, "url" => 14,
        "x509-certificate" => 15, "software" => 16, _ => 20,
    };

    // ---- SCOs ----

    /// <summary>STIX 2.1 §2.9: the UUIDv5 name is the JCS serialisation of the id-contributing properties.</summary>
    private static string ScoId(string type, JObject contributing)
    {
        var sorted = new JObject(contributing.Properties().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new JProperty(p.Name, p.Value is JObject inner ? new JObject(inner.Properties().OrderBy(q => q.Name, StringComparer.Ordinal)) : p.Value)));
        return type + "--" + StableId.UuidV5(ScoNamespace, sorted.ToString(Formatting.None));
    }

    private string AddSco(string type, JObject contributing, JObject? extra = null)
    {
        var id = ScoId(type, contributing);
        if (!_scos.TryGetValue(id, out var o))
        {
            o = new JObject { ["type"] = type, ["spec_version"] = "2.1", ["id"] = id };
            foreach (var p in contributing.Properties()) o[p.Name] = p.Value.DeepClone();
            _scos[id] = o;
        }
        if (extra is not null)
            foreach (var p in extra.Properties()) if (o[p.Name] is null && p.Value.Type != JTokenType.Null) o[p.Name] = p.Value.DeepClone();
        return id;
    }

    private string? Domain(string? name)
    {
        var value = (name ?? "").Trim().TrimEnd('.').ToLowerInvariant();
        if (value.Length == 0 || IPAddress.TryParse(value, out _) || Uri.CheckHostName(value) != UriHostNameType.Dns) return null;
        return AddSco("domain-name", new JObject { ["value"] = value });
    }

    private string? Address(string? text, JObject? extra = null)
    {
        if (!IPAddress.TryParse((text ?? "").Trim().Trim('[', ']'), out var ip)) return null;
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        var type = ip.AddressFamily == AddressFamily.InterNetwork ? "ipv4-addr" : "ipv6-addr";
        var value = ip.AddressFamily == AddressFamily.InterNetworkV6 ? new IPAddress(ip.GetAddressBytes()).ToString() : ip.ToString();
        return AddSco(type, new JObject { ["value"] = value }, extra);
    }

    private string? Url(string? url, string? hostName)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
        var id = AddSco("url", new JObject { ["value"] = uri.AbsoluteUri });
        var host = Domain(string.IsNullOrEmpty(hostName) ? uri.IdnHost : hostName) ?? Address(uri.IdnHost);
        if (host is not null) Relate(id, "related-to", host, "served by this host");
        return id;
    }

    private void ResolvesTo(string from, string? to)
    {
        if (to is null || from == to) return;
        if (!_resolvesTo.TryGetValue(from, out var set)) _resolvesTo[from] = set = new SortedSet<string>(StringComparer.Ordinal);
        set.Add(to);
    }

    private void AddHost(DiscoveredHost h)
    {
        var host = Domain(h.HostName);
        if (host is null) return;
        // host → first CNAME → ... → last CNAME → addresses: the chain as DNS answered it.
        var current = host;
        foreach (var cname in h.CnameChain)
        {
            var next = Domain(cname);
            if (next is null) continue;
            ResolvesTo(current, next);
            current = next;
        }
        foreach (var a in h.Addresses.Order(StringComparer.Ordinal)) ResolvesTo(current, Address(a));
    }

    private void AddIp(IpIntelligence ip)
    {
        JObject? extra = null;
        if (ip.Asn is int asn and > 0)
        {
            var contributing = new JObject { ["number"] = asn };
            var asId = AddSco("autonomous-system", contributing, ExportJson.Compact(new JObject { ["name"] = ip.Organization }));
            extra = new JObject { ["belongs_to_refs"] = new JArray(asId) };
        }
        var id = Address(ip.Address, extra);
        if (id is null) return;
        foreach (var name in ip.HostNames.Order(StringComparer.Ordinal)) if (Domain(name) is { } d) ResolvesTo(d, id);
        if (!string.IsNullOrEmpty(ip.ReverseName) && Domain(ip.ReverseName) is { } rev) Relate(id, "related-to", rev, "reverse DNS (PTR) name");
    }

    private void AddCertificate(CertificateInfo c)
    {
        var sha = new string((c.Sha256Fingerprint ?? "").Where(char.IsAsciiHexDigit).ToArray()).ToUpperInvariant();
        var contributing = new JObject();
        if (sha.Length == 64) contributing["hashes"] = new JObject { ["SHA-256"] = sha };
        if (!string.IsNullOrWhiteSpace(c.SerialNumber)) contributing["serial_number"] = c.SerialNumber;
        if (contributing.Count == 0) return; // nothing identifies it
        var extra = new JObject
        {
            ["is_self_signed"] = c.IsSelfSigned,
            ["issuer"] = c.Issuer,
            ["subject"] = c.Subject,
            ["signature_algorithm"] = c.SignatureAlgorithm,
            ["subject_public_key_algorithm"] = c.KeyAlgorithm,
        };
        if (c.NotBefore != default) extra["validity_not_before"] = ExportJson.Timestamp(c.NotBefore);
        if (c.NotAfter != default) extra["validity_not_after"] = ExportJson.Timestamp(c.NotAfter);
        if (c.SubjectAlternativeNames.Length > 0)
            extra["x509_v3_extensions"] = new JObject
            {
                ["subject_alternative_name"] = string.Join(", ", c.SubjectAlternativeNames.Select(s => s.Contains(':') && !IPAddress.TryParse(s, out _) ? s : (IPAddress.TryParse(s, out _) ? "IP:" + s : "DNS:" + s))),
            };
        var id = AddSco("x509-certificate", contributing, ExportJson.Compact(extra));
        if ((Domain(c.HostName) ?? Address(c.HostName)) is { } host)
            Relate(id, "related-to", host, $"presented on port {c.Port.ToString(CultureInfo.InvariantCulture)}");
    }

    private void AddTechnology(Technology t)
    {
        if (string.IsNullOrWhiteSpace(t.Name)) return;
        var contributing = new JObject { ["name"] = t.Name };
        if (!string.IsNullOrWhiteSpace(t.Cpe) && s_cpe.IsMatch(t.Cpe)) contributing["cpe"] = t.Cpe;
        if (!string.IsNullOrWhiteSpace(t.Version)) contributing["version"] = t.Version;
        var id = AddSco("software", contributing);
        var where = Url(t.Url, t.HostName) ?? Domain(t.HostName);
        if (where is not null) Relate(id, "related-to", where, "detected on");
    }

    // ---- SDOs and SROs ----

    private static string SdoId(string type, string name) => type + "--" + StableId.UuidV5(ApiThreatNamespace, type + "|" + name);

    private string AddSdo(JObject o, bool createdBy = true)
    {
        var id = (string)o["id"]!;
        if (_sdos.ContainsKey(id)) return id;
        var full = new JObject { ["type"] = o["type"], ["spec_version"] = "2.1", ["id"] = id };
        if (createdBy) full["created_by_ref"] = _toolIdentity;
        full["created"] = _created;
        full["modified"] = _created;
        foreach (var p in o.Properties()) if (p.Name is not ("type" or "id")) full[p.Name] = p.Value;
        _sdos[id] = ExportJson.Compact(full);
        return id;
    }

    private void Relate(string source, string type, string target, string? description = null)
    {
        if (source == target) return;
        AddSdo(new JObject
        {
            ["type"] = "relationship",
            ["id"] = SdoId("relationship", $"{source}|{type}|{target}"),
            ["relationship_type"] = type,
            ["description"] = description,
            ["source_ref"] = source,
            ["target_ref"] = target,
        });
    }

    private string? TargetObject(Finding f) =>
        (f.Target.Contains("://", StringComparison.Ordinal) ? Url(f.Target, f.HostName) : null)
        ?? Domain(ExportSet.HostOf(f)) ?? Address(ExportSet.HostOf(f));

    /// <summary>A registered lookalike is an indicator (STIX pattern on its domain name), related to the domain it imitates.</summary>
    private void AddLookalike(LookalikeDomain l)
    {
        if (l.Status != LookalikeStatus.Registered || l.IsWildcard) return;
        var name = l.Domain.ToLowerInvariant();
        var malicious = l.Findings.Any(f => f.Severity >= Severity.High);
        var id = AddSdo(new JObject
        {
            ["type"] = "indicator",
            ["id"] = SdoId("indicator", "lookalike|" + name),
            ["name"] = $"Lookalike domain {l.UnicodeDomain} ({l.Fuzzer} of {l.OriginalDomain})",
            ["description"] = $"Registered lookalike of {l.OriginalDomain}: {l.StatusReason}"
                + (l.MailServers.Length > 0 ? $"; MX {string.Join(", ", l.MailServers)}" : "")
                + (l.PageSimilarity is { } s ? $"; page {s}% similar" : "")
                + (l.RegistrationDate is { } r ? $"; registered {r:yyyy-MM-dd}" : ""),
            ["indicator_types"] = new JArray(malicious ? "malicious-activity" : "anomalous-activity"),
            ["pattern"] = $"[domain-name:value = '{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']",
            ["pattern_type"] = "stix",
            ["valid_from"] = _created,
            ["labels"] = new JArray("lookalike-domain", "fuzzer-" + l.Fuzzer),
        });
        if (Domain(l.OriginalDomain) is { } original) Relate(id, "related-to", original, $"{l.Domain} imitates {l.OriginalDomain}");
    }

    private void AddFinding(Finding f)
    {
        var target = TargetObject(f);
        var references = ExternalReferences(f);
        var cves = f.VulnerabilityIds.Where(v => v.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase)).Select(v => v.ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        var labels = new JArray("severity-" + f.Severity.ToString().ToLowerInvariant(), "category-" + f.Category.ToString().ToLowerInvariant(), f.RuleId.ToLowerInvariant());
        if (cves.Count > 0 || f.Category == FindingCategory.Takeover)
        {
            var names = cves.Count > 0 ? cves.Select(c => ("cve|" + c, c)).ToList()
                : new List<(string, string)> { ("takeover|" + ExportSet.HostOf(f), $"Subdomain takeover of {ExportSet.HostOf(f)}") };
            foreach (var (key, name) in names)
            {
                var refs = new JArray(references.Select(r => r.DeepClone()));
                if (key.StartsWith("cve|", StringComparison.Ordinal)) refs.AddFirst(new JObject { ["source_name"] = "cve", ["external_id"] = name });
                var vid = AddSdo(new JObject
                {
                    ["type"] = "vulnerability",
                    ["id"] = SdoId("vulnerability", key),
                    ["name"] = name,
                    ["description"] = $"{f.Title}. {f.Remediation}".Trim(),
                    ["labels"] = labels,
                    ["external_references"] = refs,
                });
                if (target is not null) Relate(vid, "related-to", target, $"{f.RuleId} observed on {f.Target}: {f.Evidence}");
            }
            return;
        }
        if (target is null) return;
        AddSdo(new JObject
        {
            ["type"] = "note",
            ["id"] = SdoId("note", StableId.FindingFingerprint(f) + "|" + StableId.Sha256Hex(f.Evidence)),
            ["abstract"] = $"[{f.Severity}] {f.RuleId} {f.Title}",
            ["content"] = $"Target: {f.Target}\nEvidence: {f.Evidence}\nRemediation: {f.Remediation}",
            ["authors"] = new JArray("ApiThreat"),
            ["labels"] = labels,
            ["external_references"] = references,
            ["object_refs"] = new JArray(target),
        });
    }

    private static JArray ExternalReferences(Finding f)
    {
        var refs = new JArray { new JObject { ["source_name"] = "apithreat", ["external_id"] = f.RuleId, ["description"] = f.Title } };
        if (ExportRules.CweNumber(f.Cwe) is { } cwe)
            refs.Add(new JObject { ["source_name"] = "cwe", ["external_id"] = "CWE-" + cwe, ["url"] = $"https://cwe.mitre.org/data/definitions/{cwe}.html" });
        if (ExportRules.Owasp(f.OwaspApi) is { } owasp)
            refs.Add(new JObject { ["source_name"] = "owasp-api-security-top-10-2023", ["external_id"] = owasp });
        foreach (var r in f.References.Where(r => Uri.TryCreate(r, UriKind.Absolute, out var u) && u.Scheme is "https" or "http").Order(StringComparer.Ordinal))
            refs.Add(new JObject { ["source_name"] = new Uri(r).Host, ["url"] = r });
        return refs;
    }
}
