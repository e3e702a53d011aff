using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using DnsClient;
using DnsClient.Protocol;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Dns;

/// <summary>What Get-DomainIntelligence looks at beyond the domain itself.</summary>
public sealed class DomainIntelligenceOptions
{
    /// <summary>Port of the authoritative servers (NS records carry no port).</summary>
    public int NameServerPort { get; init; } = 53;
    /// <summary>Names under the domain whose CNAMEs are checked for dangling targets, besides the apex, common names and a transferred zone.</summary>
    public IReadOnlyList<string> ExtraNames { get; init; } = Array.Empty<string>();
    public bool SkipZoneTransfer { get; init; }
}

/// <summary>
/// DNS health of one domain: delegation (NS/SOA at each authoritative server: lame, inconsistent, single), MX, TXT,
/// SPF (parsed, lookups counted through nested include/redirect), DMARC, CAA (climbing to the parent as CAs do),
/// DNSSEC (DS, DNSKEY, the AD bit), zone transfer on every NS address, dangling CNAMEs, and wildcards.
/// </summary>
public static class DomainIntelligenceCollector
{
    private const int SpfLookupLimit = 10;
    private const int MaxSpfFetches = 40;
    private const int MaxDanglingChecks = 2000;
    private static readonly string[] s_commonNames = { "www", "api", "app", "mail", "cdn", "static", "status", "docs", "portal", "auth", "login", "dev", "staging", "blog", "shop" };

    public static async Task<DnsIntelligence> CollectAsync(NetworkContext network, string domain, DomainIntelligenceOptions options,
        CancellationToken cancellationToken)
    {
        var resolver = network.Resolver;
        var findings = new List<Finding>();
        var records = new List<string>();
        var result = new DnsIntelligence { Domain = domain };

        var soa = await resolver.QueryAsync(domain, QueryType.SOA, cancellationToken).ConfigureAwait(false);
        if (!soa.Succeeded)
            throw new TargetException(domain, soa.Status == DnsStatus.Timeout ? "DnsResolverUnreachable" : "DnsQueryFailed",
                soa.Status == DnsStatus.Timeout ? TargetErrorKind.Timeout : TargetErrorKind.ConnectionError,
                $"The resolver ({string.Join(", ", resolver.Servers)}) gave no usable answer for '{domain}' SOA: {soa.Error ?? soa.Status.ToString()}.",
                "Check -Resolver (address and port), then run again.");
        if (soa.Status == DnsStatus.NxDomain)
            throw new TargetException(domain, "DomainNotFound", TargetErrorKind.NotFound, $"The domain '{domain}' does not exist (NXDOMAIN).",
                "Check the spelling, or point -Resolver at the DNS server that knows the domain.");
        var soaRecord = soa.Answers.OfType<SoaRecord>().FirstOrDefault(r => Same(r.DomainName.Value, domain));
        if (soaRecord is not null)
        {
            result.Soa = $"{DnsResolver.Trim(soaRecord.MName.Value)} {DnsResolver.Trim(soaRecord.RName.Value)} {soaRecord.Serial}";
            records.Add($"SOA {result.Soa}");
        }

        // Run the independent lookups together.
        var nsTask = NameServersAsync(network, domain, options, findings, records, cancellationToken);
        var mxTask = resolver.QueryAsync(domain, QueryType.MX, cancellationToken);
        var txtTask = resolver.QueryAsync(domain, QueryType.TXT, cancellationToken);
        var dmarcTask = resolver.QueryAsync("_dmarc." + domain, QueryType.TXT, cancellationToken);
        var caaTask = CaaAsync(resolver, domain, cancellationToken);
        var dsTask = resolver.QueryAsync(domain, QueryType.DS, cancellationToken);
        var keyTask = resolver.QueryAsync(domain, QueryType.DNSKEY, cancellationToken);
        var wildcardTask = WildcardAsync(resolver, domain, cancellationToken);
        var servers = await nsTask.ConfigureAwait(false);
        result.NameServers = servers.Select(s => s.Name).ToArray();

        var mx = await mxTask.ConfigureAwait(false);
        result.Mx = mx.Answers.OfType<MxRecord>().Where(r => Same(r.DomainName.Value, domain))
            .OrderBy(r => r.Preference).Select(r => $"{r.Preference} {DnsResolver.Trim(r.Exchange.Value)}").ToArray();
        records.AddRange(result.Mx.Select(m => "MX " + m));

        var txt = (await txtTask.ConfigureAwait(false)).Answers.OfType<TxtRecord>().Where(r => Same(r.DomainName.Value, domain)).Select(Text).ToArray();
        result.Txt = txt;
        records.AddRange(txt.Select(t => "TXT " + TextSafety.Truncate(t, 512)));
        result.Spf = await SpfAsync(resolver, domain, txt, findings, cancellationToken).ConfigureAwait(false);

        var dmarcTxt = (await dmarcTask.ConfigureAwait(false)).Answers.OfType<TxtRecord>().Select(Text).ToArray();
        result.Dmarc = Dmarc(domain, dmarcTxt, findings);

        var (caaOwner, caa) = await caaTask.ConfigureAwait(false);
        result.Caa = caa.Select(c => $"{c.Flags} {c.Tag} \"{c.Value}\"").ToArray();
        records.AddRange(result.Caa.Select(c => $"CAA {c}{(caaOwner == domain ? "" : $" (at {caaOwner})")}"));
        if (caa.Count == 0)
            findings.Add(DnsRules.CaaMissing.ToFinding(domain, $"No CAA record at {domain} nor at its parent domains."));

        await DnssecAsync(result, domain, await dsTask.ConfigureAwait(false), await keyTask.ConfigureAwait(false), soa, findings).ConfigureAwait(false);

        var transferNames = new List<string>();
        if (!options.SkipZoneTransfer)
        {
            var transfers = await ZoneTransfer.TryAllAsync(network, servers, domain, cancellationToken).ConfigureAwait(false);
            var open = transfers.Where(t => t.Allowed).ToArray();
            result.ZoneTransferOpen = open.Length > 0;
            result.ZoneTransferServers = open.Select(t => t.Server).ToArray();
            if (open.Length > 0)
            {
                transferNames.AddRange(open.SelectMany(t => ZoneTransfer.HostNames(t.Records, domain)).Distinct());
                findings.Add(DnsRules.ZoneTransferOpen.ToFinding(domain,
                    $"AXFR of {domain} answered by {string.Join(", ", result.ZoneTransferServers)}: {open.Max(t => t.Records.Count)} records " +
                    $"({string.Join(", ", transferNames.Take(10))}{(transferNames.Count > 10 ? ", ..." : "")})"));
            }
        }

        var wildcard = await wildcardTask.ConfigureAwait(false);
        result.HasWildcard = wildcard is not null;
        if (wildcard is not null) findings.Add(DnsRules.WildcardRecord.ToFinding(domain, wildcard));

        var names = new[] { domain }.Concat(s_commonNames.Select(l => $"{l}.{domain}")).Concat(transferNames).Concat(options.ExtraNames)
            .Distinct(StringComparer.Ordinal).Take(MaxDanglingChecks).ToArray();
        findings.AddRange(await DanglingAsync(resolver, names, cancellationToken).ConfigureAwait(false));

        result.Records = records.ToArray();
        result.Findings = findings.ToArray();
        return result;
    }

    private static async Task<IReadOnlyList<NameServerInfo>> NameServersAsync(NetworkContext network, string domain, DomainIntelligenceOptions options,
        List<Finding> findings, List<string> records, CancellationToken cancellationToken)
    {
        var servers = await ZoneTransfer.FindNameServersAsync(network, domain, options.NameServerPort, cancellationToken).ConfigureAwait(false);
        records.AddRange(servers.Select(s => $"NS {s.Name}"));
        if (servers.Count == 1)
            lock (findings) findings.Add(DnsRules.SingleNameServer.ToFinding(domain, $"{domain} NS {servers[0].Name} (the only name server)"));
        var nsSet = servers.Select(s => s.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var lame = new List<string>();
        var serials = new Dictionary<string, uint>();
        var nsSets = new Dictionary<string, string[]>();
        foreach (var ns in servers)
        {
            if (ns.EndPoints.Count == 0)
            {
                lame.Add($"{ns.Name}: the name does not resolve ({ns.Status})");
                continue;
            }
            foreach (var endpoint in ns.EndPoints)
            {
                var answer = await DirectDnsQuery.QueryAsync(network, endpoint, domain, QueryType.SOA, cancellationToken).ConfigureAwait(false);
                var soa = answer.Answers.OfType<SoaRecord>().FirstOrDefault(r => Same(r.DomainName.Value, domain));
                if (answer.Status != DnsStatus.NoError || soa is null || !answer.Authoritative)
                {
                    lame.Add($"{ns.Name} ({endpoint}): {(answer.Error ?? (soa is null ? answer.Status.ToString() : "answers without authority (no AA bit)"))}");
                    continue;
                }
                serials[$"{ns.Name} ({endpoint})"] = soa.Serial;
                var nsAnswer = await DirectDnsQuery.QueryAsync(network, endpoint, domain, QueryType.NS, cancellationToken).ConfigureAwait(false);
                nsSets[$"{ns.Name} ({endpoint})"] = nsAnswer.Answers.OfType<NsRecord>().Select(r => DnsResolver.Trim(r.NSDName.Value))
                    .OrderBy(n => n, StringComparer.Ordinal).ToArray();
            }
        }
        lock (findings)
        {
            if (lame.Count > 0)
                findings.Add(DnsRules.LameDelegation.ToFinding(domain, string.Join("; ", lame)));
            var inconsistent = new List<string>();
            if (serials.Values.Distinct().Count() > 1)
                inconsistent.Add("SOA serials differ: " + string.Join(", ", serials.Select(s => $"{s.Key}={s.Value}")));
            foreach (var (server, set) in nsSets)
                if (set.Length > 0 && !set.SequenceEqual(nsSet))
                    inconsistent.Add($"{server} lists NS {string.Join(" ", set)} but the resolver sees {string.Join(" ", nsSet)}");
            if (inconsistent.Count > 0) findings.Add(DnsRules.InconsistentNameServers.ToFinding(domain, string.Join("; ", inconsistent)));
        }
        return servers;
    }

    private static async Task<SpfRecord?> SpfAsync(DnsResolver resolver, string domain, string[] txt, List<Finding> findings, CancellationToken cancellationToken)
    {
        var spf = txt.Where(SpfRecordParser.IsSpf).ToArray();
        if (spf.Length == 0)
        {
            findings.Add(DnsRules.SpfMissing.ToFinding(domain, $"No TXT record at {domain} starts with v=spf1."));
            return null;
        }
        if (spf.Length > 1)
        {
            findings.Add(DnsRules.SpfInvalid.ToFinding(domain, $"{spf.Length} SPF records: {string.Join(" | ", spf)}"));
            return new SpfRecord { Raw = string.Join(" | ", spf) };
        }
        var parsed = SpfRecordParser.Parse(spf[0]);
        var walk = await SpfLookupCounter.CountAsync(resolver, domain, parsed, cancellationToken).ConfigureAwait(false);
        var all = parsed.AllQualifier ?? walk.RedirectAllQualifier;
        var record = new SpfRecord
        {
            Raw = spf[0],
            Mechanisms = parsed.Terms.Select(t => t.ToString()).ToArray(),
            AllQualifier = all?.ToString(),
            DnsLookupCount = walk.Lookups,
        };
        if (parsed.Errors.Count > 0 || walk.Errors.Count > 0)
            findings.Add(DnsRules.SpfInvalid.ToFinding(domain, $"{spf[0]}: {string.Join("; ", parsed.Errors.Concat(walk.Errors))}"));
        if (all == '+')
            findings.Add(DnsRules.SpfPassAll.ToFinding(domain, spf[0]));
        else if (all is null or '?')
            findings.Add(DnsRules.SpfWeakAll.ToFinding(domain, all is null ? $"{spf[0]} (no all and no redirect)" : spf[0]));
        if (walk.Lookups > SpfLookupLimit)
            findings.Add(DnsRules.SpfTooManyLookups.ToFinding(domain, $"{walk.Lookups} DNS lookups (limit 10): {string.Join(", ", walk.Path)}"
                + (walk.Unresolved.Count > 0 ? $"; not counted, their TXT query failed: {string.Join(", ", walk.Unresolved)}" : "")));
        if (walk.UsesPtr)
            findings.Add(DnsRules.SpfPtrMechanism.ToFinding(domain, spf[0]));
        return record;
    }

    private static DmarcRecord? Dmarc(string domain, string[] txt, List<Finding> findings)
    {
        var candidates = txt.Where(DmarcRecordParser.MentionsDmarc).ToArray();
        if (candidates.Length == 0)
        {
            findings.Add(DnsRules.DmarcMissing.ToFinding(domain, $"No DMARC record at _dmarc.{domain}."));
            return null;
        }
        if (candidates.Length > 1)
        {
            findings.Add(DnsRules.DmarcInvalid.ToFinding(domain, $"{candidates.Length} DMARC records: receivers ignore them all: {string.Join(" | ", candidates)}"));
            return new DmarcRecord { Raw = string.Join(" | ", candidates) };
        }
        var parsed = DmarcRecordParser.Parse(candidates[0]);
        var record = new DmarcRecord
        {
            Raw = parsed.Raw,
            Policy = parsed.Policy,
            SubdomainPolicy = parsed.SubdomainPolicy,
            Percent = parsed.Percent,
            Rua = parsed.Rua.ToArray(),
            Ruf = parsed.Ruf.ToArray(),
        };
        if (!parsed.IsValid)
        {
            findings.Add(DnsRules.DmarcInvalid.ToFinding(domain, $"{parsed.Raw}: {string.Join("; ", parsed.Errors)}"));
            return record;
        }
        if (parsed.Policy == "none") findings.Add(DnsRules.DmarcMonitorOnly.ToFinding(domain, parsed.Raw));
        else if (parsed.Percent < 100) findings.Add(DnsRules.DmarcPartial.ToFinding(domain, $"pct={parsed.Percent}: {parsed.Raw}"));
        if (parsed.Rua.Count == 0) findings.Add(DnsRules.DmarcNoReporting.ToFinding(domain, parsed.Raw));
        return record;
    }

    /// <summary>CAA applies from the closest ancestor that has any (RFC 8659 §3); climbs up to the last two labels.</summary>
    private static async Task<(string Owner, IReadOnlyList<CaaRecord> Records)> CaaAsync(DnsResolver resolver, string domain, CancellationToken cancellationToken)
    {
        for (var name = domain; name.Count(c => c == '.') >= 1; name = name[(name.IndexOf('.') + 1)..])
        {
            var answer = await resolver.QueryAsync(name, QueryType.CAA, cancellationToken).ConfigureAwait(false);
            var caa = answer.Answers.OfType<CaaRecord>().Where(r => Same(r.DomainName.Value, name)).ToArray();
            if (caa.Length > 0) return (name, caa);
        }
        return (domain, Array.Empty<CaaRecord>());
    }

    private static Task DnssecAsync(DnsIntelligence result, string domain, DnsAnswer ds, DnsAnswer keys, DnsAnswer soa, List<Finding> findings)
    {
        var hasDs = ds.Answers.OfType<DsRecord>().Any();
        var hasKey = keys.Answers.OfType<DnsKeyRecord>().Any();
        result.DnssecSigned = hasDs && hasKey;
        result.DnskeyPublished = hasKey;
        result.DnssecValidated = result.DnssecSigned ? soa.AuthenticData || keys.AuthenticData : null;
        if (hasDs && !hasKey)
            findings.Add(DnsRules.DnssecBroken.ToFinding(domain, $"{domain} has a DS record ({ds.Answers.OfType<DsRecord>().First().KeyTag}) but serves no DNSKEY."));
        else if (!hasDs)
            findings.Add(DnsRules.DnssecMissing.ToFinding(domain, hasKey
                ? $"{domain} publishes DNSKEY but no DS at the parent: nothing can validate it."
                : $"{domain} has neither DS nor DNSKEY."));
        return Task.CompletedTask;
    }

    private static async Task<string?> WildcardAsync(DnsResolver resolver, string domain, CancellationToken cancellationToken)
    {
        var probes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            resolver.ResolveHostAsync($"z{Guid.NewGuid():N}".Substring(0, 16) + "." + domain, cancellationToken))).ConfigureAwait(false);
        var hits = probes.Where(p => p.Addresses.Count > 0 || p.CnameChain.Count > 0).ToArray();
        return hits.Length == 0 ? null
            : $"*.{domain}: random names resolve to {string.Join(", ", hits.SelectMany(h => h.CnameChain.Take(1).Concat(h.Addresses.Select(a => a.ToString()))).Distinct())}";
    }

    private static async Task<IEnumerable<Finding>> DanglingAsync(DnsResolver resolver, string[] names, CancellationToken cancellationToken)
    {
        var results = new List<Finding>();
        using var gate = new SemaphoreSlim(16);
        var tasks = names.Select(async name =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var r = await resolver.ResolveHostAsync(name, cancellationToken).ConfigureAwait(false);
                if (!r.DanglingCname) return null;
                return DnsRules.DanglingCname.ToFinding(name, $"{name} CNAME {string.Join(" -> ", r.CnameChain)}: {r.CnameChain[^1]} does not exist (NXDOMAIN)");
            }
            finally { gate.Release(); }
        });
        foreach (var f in await Task.WhenAll(tasks).ConfigureAwait(false))
            if (f is not null) results.Add(f);
        return results;
    }

    private static string Text(TxtRecord r) => string.Concat(r.Text);

    private static bool Same(string a, string b) => string.Equals(DnsResolver.Trim(a), b, StringComparison.Ordinal);
}

/// <summary>Counts SPF's DNS-querying terms through nested include: and redirect= (RFC 7208 §4.6.4), with loop and fetch limits.</summary>
public static class SpfLookupCounter
{
    public sealed class Walk
    {
        public int Lookups;
        public List<string> Path { get; } = new();
        public List<string> Errors { get; } = new();
        /// <summary>Includes whose TXT query failed (temperror): their own lookups could not be counted.</summary>
        public List<string> Unresolved { get; } = new();
        public char? RedirectAllQualifier;
        public bool UsesPtr;
        internal int Fetches;
    }

    public static async Task<Walk> CountAsync(DnsResolver resolver, string domain, SpfParseResult top, CancellationToken cancellationToken)
    {
        var walk = new Walk();
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { domain };
        await VisitAsync(resolver, domain, top, walk, visited, depth: 0, isRedirectChain: true, cancellationToken).ConfigureAwait(false);
        return walk;
    }

    private static async Task VisitAsync(DnsResolver resolver, string domain, SpfParseResult spf, Walk walk, HashSet<string> visited, int depth,
        bool isRedirectChain, CancellationToken cancellationToken)
    {
        walk.UsesPtr |= spf.UsesPtr;
        foreach (var term in spf.Terms.Where(t => t.NeedsLookup))
        {
            if (term.Name == "redirect" && spf.AllQualifier is not null) continue; // ignored when all is present
            walk.Lookups++;
            walk.Path.Add($"{domain}:{term}");
        }
        if (depth >= 10 || walk.Fetches >= 40) return;
        var targets = spf.Includes.Select(i => (Name: i, Redirect: false)).ToList();
        if (spf.Redirect is not null && spf.AllQualifier is null) targets.Add((spf.Redirect, true));
        foreach (var (target, redirect) in targets)
        {
            if (SpfRecordParser.HasMacro(target)) continue; // depends on the sender: counted, not followed
            var name = target.TrimEnd('.').ToLowerInvariant();
            // A loop is a name that includes one of its own includers; the same name under two branches is not one.
            if (visited.Contains(name)) { walk.Errors.Add($"{name} includes itself (loop)"); continue; }
            walk.Fetches++;
            var answer = await resolver.QueryAsync(name, QueryType.TXT, cancellationToken).ConfigureAwait(false);
            if (!answer.Succeeded)
            {
                // SERVFAIL, REFUSED or no answer: a temporary error (RFC 7208 temperror), not a broken record.
                walk.Unresolved.Add($"{name} ({answer.Status})");
                continue;
            }
            var records = answer.Answers.OfType<TxtRecord>().Select(r => string.Concat(r.Text)).Where(SpfRecordParser.IsSpf).ToArray();
            if (records.Length != 1)
            {
                walk.Errors.Add(records.Length == 0 ? $"{(redirect ? "redirect" : "include")} target {name} has no SPF record" : $"{name} has {records.Length} SPF records");
                continue;
            }
            var nested = SpfRecordParser.Parse(records[0]);
            walk.Errors.AddRange(nested.Errors.Select(e => $"{name}: {e}"));
            if (redirect && isRedirectChain) walk.RedirectAllQualifier = nested.AllQualifier;
            visited.Add(name);
            await VisitAsync(resolver, name, nested, walk, visited, depth + 1, redirect && isRedirectChain, cancellationToken).ConfigureAwait(false);
            visited.Remove(name);
        }
    }
}
