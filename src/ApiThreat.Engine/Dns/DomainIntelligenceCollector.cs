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
/// DNSSEC (DS, DNSKEY, the AD bit), zone transfer on every NS address, dangling CNAMEs, and wildcards. The lookups are
/// gathered once into <see cref="DomainEvidence"/>, each with its outcome; the rules are the checks over it. A lookup
/// that failed (SERVFAIL, timeout, a broken or oversized answer) leaves its rules "not checked" (<see
/// cref="DnsIntelligence.NotChecked"/>), never a missing record; so does a name server the scope would not let us ask.
/// </summary>
public static class DomainIntelligenceCollector
{
    private const int MaxDanglingChecks = 2000;
    private static readonly string[] s_commonNames = { "www", "api", "app", "mail", "cdn", "static", "status", "docs", "portal", "auth", "login", "dev", "staging", "blog", "shop" };

    public static async Task<DnsIntelligence> CollectAsync(NetworkContext network, string domain, DomainIntelligenceOptions options,
        CancellationToken cancellationToken)
    {
        var resolver = network.Resolver;
        var records = new List<string>();
        var notChecked = new List<string>();
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
        var nsTask = ZoneTransfer.FindNameServersAsync(network, domain, options.NameServerPort, cancellationToken);
        var mxTask = resolver.QueryAsync(domain, QueryType.MX, cancellationToken);
        var txtTask = resolver.QueryAsync(domain, QueryType.TXT, cancellationToken);
        var dmarcTask = resolver.QueryAsync("_dmarc." + domain, QueryType.TXT, cancellationToken);
        var caaTask = CaaAsync(resolver, domain, cancellationToken);
        var dsTask = resolver.QueryAsync(domain, QueryType.DS, cancellationToken);
        var keyTask = resolver.QueryAsync(domain, QueryType.DNSKEY, cancellationToken);
        var wildcardTask = WildcardAsync(resolver, domain, cancellationToken);

        var (nsLookup, servers) = await nsTask.ConfigureAwait(false);
        result.NameServers = servers.Select(s => s.Name).ToArray();
        records.AddRange(servers.Select(s => $"NS {s.Name}"));
        if (!nsLookup.Answered) notChecked.Add($"Name servers (lame, single, inconsistent): {nsLookup}");
        var nameServers = await AskNameServersAsync(network, domain, servers, cancellationToken).ConfigureAwait(false);
        NoteNameServers(nameServers, notChecked);

        var mx = await mxTask.ConfigureAwait(false);
        result.Mx = mx.Answers.OfType<MxRecord>().Where(r => Same(r.DomainName.Value, domain))
            .OrderBy(r => r.Preference).Select(r => $"{r.Preference} {DnsResolver.Trim(r.Exchange.Value)}").ToArray();
        records.AddRange(result.Mx.Select(m => "MX " + m));
        if (!mx.Succeeded) notChecked.Add($"MX records: {LookupOutcome.Of(mx)}");

        var txtAnswer = await txtTask.ConfigureAwait(false);
        var txt = txtAnswer.Answers.OfType<TxtRecord>().Where(r => Same(r.DomainName.Value, domain)).Select(Text).ToArray();
        result.Txt = txt;
        records.AddRange(txt.Select(t => "TXT " + TextSafety.Truncate(t, 512)));
        var spfRecords = txt.Where(SpfRecordParser.IsSpf).ToArray();
        if (!txtAnswer.Succeeded) notChecked.Add($"SPF: {LookupOutcome.Of(txtAnswer)}");
        SpfParseResult? spf = null;
        SpfLookupCounter.Walk? walk = null;
        if (spfRecords.Length == 1)
        {
            spf = SpfRecordParser.Parse(spfRecords[0]);
            walk = await SpfLookupCounter.CountAsync(resolver, domain, spf, cancellationToken).ConfigureAwait(false);
            if (walk.Unresolved.Count > 0)
                notChecked.Add($"SPF includes and redirects whose TXT query failed (their lookups are not counted{(walk.RedirectUnresolved ? ", the redirect's policy is unknown" : "")}): {string.Join(", ", walk.Unresolved)}");
        }
        result.Spf = SpfModel(spfRecords, spf, walk);

        var dmarcAnswer = await dmarcTask.ConfigureAwait(false);
        var dmarcRecords = dmarcAnswer.Answers.OfType<TxtRecord>().Select(Text).Where(DmarcRecordParser.MentionsDmarc).ToArray();
        if (!dmarcAnswer.Succeeded) notChecked.Add($"DMARC: {LookupOutcome.Of(dmarcAnswer)}");
        result.Dmarc = DmarcModel(dmarcRecords);

        var (caaOwner, caa, caaFailure) = await caaTask.ConfigureAwait(false);
        result.Caa = caa.Select(c => $"{c.Flags} {c.Tag} \"{c.Value}\"").ToArray();
        records.AddRange(result.Caa.Select(c => $"CAA {c}{(caaOwner == domain ? "" : $" (at {caaOwner})")}"));
        if (caaFailure is not null) notChecked.Add($"CAA: {caaFailure}");

        var ds = await dsTask.ConfigureAwait(false);
        var keys = await keyTask.ConfigureAwait(false);
        var dsRecords = ds.Answers.OfType<DsRecord>().ToArray();
        var hasKey = keys.Answers.OfType<DnsKeyRecord>().Any();
        result.DnssecSigned = dsRecords.Length > 0 && hasKey;
        result.DnskeyPublished = hasKey;
        result.DnssecValidated = result.DnssecSigned ? soa.AuthenticData || keys.AuthenticData : null;
        if (!ds.Succeeded || !keys.Succeeded)
            notChecked.Add($"DNSSEC: {string.Join("; ", new[] { ds, keys }.Where(a => !a.Succeeded).Select(LookupOutcome.Of))}");

        var transfers = Array.Empty<ZoneTransferResult>() as IReadOnlyList<ZoneTransferResult>;
        var transferNames = new List<string>();
        if (!options.SkipZoneTransfer)
        {
            transfers = await ZoneTransfer.TryAllAsync(network, servers, domain, cancellationToken).ConfigureAwait(false);
            var open = transfers.Where(t => t.Allowed).ToArray();
            result.ZoneTransferOpen = open.Length > 0;
            result.ZoneTransferServers = open.Select(t => t.Server).ToArray();
            transferNames.AddRange(open.SelectMany(t => ZoneTransfer.HostNames(t.Records, domain)).Distinct());
            foreach (var t in transfers.Where(t => t.NotAsked)) notChecked.Add($"Zone transfer at {t.Server}: {t.Error}");
        }

        var wildcard = await wildcardTask.ConfigureAwait(false);
        result.HasWildcard = wildcard is not null;

        var names = new[] { domain }.Concat(s_commonNames.Select(l => $"{l}.{domain}")).Concat(transferNames).Concat(options.ExtraNames)
            .Distinct(StringComparer.Ordinal).Take(MaxDanglingChecks).ToArray();
        var dangling = await DanglingAsync(resolver, names, cancellationToken).ConfigureAwait(false);

        var evidence = new DomainEvidence
        {
            Domain = domain,
            NsLookup = nsLookup,
            NsSet = servers.Select(s => s.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray(),
            NameServers = nameServers,
            TxtLookup = LookupOutcome.Of(txtAnswer),
            SpfRecords = spfRecords,
            Spf = spf,
            SpfWalk = walk,
            DmarcLookup = LookupOutcome.Of(dmarcAnswer),
            DmarcRecords = dmarcRecords,
            CaaFailure = caaFailure,
            CaaOwner = caaOwner,
            Caa = caa,
            DsLookup = LookupOutcome.Of(ds),
            DnskeyLookup = LookupOutcome.Of(keys),
            Ds = dsRecords,
            HasDnskey = hasKey,
            Transfers = transfers,
            TransferNames = transferNames,
            Wildcard = wildcard,
            DanglingCnames = dangling,
        };
        result.Records = records.ToArray();
        result.Findings = Checks<DomainEvidence>.Run(evidence).ToArray();
        result.NotChecked = notChecked.ToArray();
        return result;
    }

    /// <summary>SOA and NS at each address of each authoritative server; an address the scope refuses is not asked.</summary>
    private static async Task<IReadOnlyList<NameServerEvidence>> AskNameServersAsync(NetworkContext network, string domain,
        IReadOnlyList<NameServerInfo> servers, CancellationToken cancellationToken)
    {
        var list = new List<NameServerEvidence>();
        foreach (var ns in servers)
        {
            var answers = new List<NameServerAnswer>();
            foreach (var endpoint in ns.EndPoints)
            {
                if (!network.Scope.IsAddressAllowed(endpoint.Address, out var reason))
                {
                    answers.Add(new NameServerAnswer(endpoint, NameServerReply.NotAsked, reason));
                    continue;
                }
                var answer = await DirectDnsQuery.QueryAsync(network, endpoint, domain, QueryType.SOA, cancellationToken).ConfigureAwait(false);
                var soa = answer.Answers.OfType<SoaRecord>().FirstOrDefault(r => Same(r.DomainName.Value, domain));
                if (answer.Status is DnsStatus.Timeout or DnsStatus.Error)
                {
                    answers.Add(new NameServerAnswer(endpoint, NameServerReply.Silent, answer.Error ?? answer.Status.ToString()));
                    continue;
                }
                if (answer.Status != DnsStatus.NoError || soa is null || !answer.Authoritative)
                {
                    answers.Add(new NameServerAnswer(endpoint, NameServerReply.NotServing,
                        answer.Error ?? (soa is null ? answer.Status.ToString() : "answers without authority (no AA bit)")));
                    continue;
                }
                var nsAnswer = await DirectDnsQuery.QueryAsync(network, endpoint, domain, QueryType.NS, cancellationToken).ConfigureAwait(false);
                var set = nsAnswer.Answers.OfType<NsRecord>().Select(r => DnsResolver.Trim(r.NSDName.Value)).OrderBy(n => n, StringComparer.Ordinal).ToArray();
                answers.Add(new NameServerAnswer(endpoint, NameServerReply.Authoritative, "authoritative", soa.Serial, set));
            }
            list.Add(new NameServerEvidence(ns.Name, ns.Status, ns.Error, answers));
        }
        return list;
    }

    private static void NoteNameServers(IReadOnlyList<NameServerEvidence> servers, List<string> notChecked)
    {
        foreach (var ns in servers)
        {
            if (ns.Answers.Count == 0 && ns.NameStatus is not (DnsStatus.NxDomain or DnsStatus.NoData))
                notChecked.Add($"Name server {ns.Name}: its address could not be resolved ({ns.NameError ?? ns.NameStatus.ToString()})");
            foreach (var a in ns.Answers.Where(a => a.Reply == NameServerReply.NotAsked))
                notChecked.Add($"Name server {ns.Name} ({a.EndPoint}): not asked, {a.Detail}");
        }
        var answers = servers.SelectMany(s => s.Answers).ToArray();
        if (answers.Any(a => a.Reply == NameServerReply.Silent) && !answers.Any(a => a.Reply is NameServerReply.Authoritative or NameServerReply.NotServing))
            notChecked.Add("Delegation: no authoritative server answered a direct query (is outbound DNS filtered from here?)");
    }

    private static SpfRecord? SpfModel(string[] spfRecords, SpfParseResult? parsed, SpfLookupCounter.Walk? walk)
    {
        if (spfRecords.Length == 0) return null;
        if (parsed is null || walk is null) return new SpfRecord { Raw = string.Join(" | ", spfRecords) };
        return new SpfRecord
        {
            Raw = spfRecords[0],
            Mechanisms = parsed.Terms.Select(t => t.ToString()).ToArray(),
            AllQualifier = (parsed.AllQualifier ?? walk.RedirectAllQualifier)?.ToString(),
            DnsLookupCount = walk.Lookups,
        };
    }

    private static DmarcRecord? DmarcModel(string[] candidates)
    {
        if (candidates.Length == 0) return null;
        if (candidates.Length > 1) return new DmarcRecord { Raw = string.Join(" | ", candidates) };
        var parsed = DmarcRecordParser.Parse(candidates[0]);
        return new DmarcRecord
        {
            Raw = parsed.Raw,
            Policy = parsed.Policy,
            SubdomainPolicy = parsed.SubdomainPolicy,
            Percent = parsed.Percent,
            Rua = parsed.Rua.ToArray(),
            Ruf = parsed.Ruf.ToArray(),
        };
    }

    /// <summary>
    /// CAA applies from the closest ancestor that has any (RFC 8659 §3); climbs up to the last two labels. A failed
    /// lookup on the way stops the climb: whether CAA exists is then unknown. REFUSED for a parent is the end of what the
    /// resolver serves (an authoritative or split-horizon server asked about a zone it does not hold), not a failure.
    /// </summary>
    private static async Task<(string Owner, IReadOnlyList<CaaRecord> Records, LookupOutcome? Failure)> CaaAsync(DnsResolver resolver, string domain,
        CancellationToken cancellationToken)
    {
        for (var name = domain; name.Count(c => c == '.') >= 1; name = name[(name.IndexOf('.') + 1)..])
        {
            var answer = await resolver.QueryAsync(name, QueryType.CAA, cancellationToken).ConfigureAwait(false);
            if (answer.Status == DnsStatus.Refused && name != domain) break;
            if (!answer.Succeeded) return (domain, Array.Empty<CaaRecord>(), LookupOutcome.Of(answer));
            var caa = answer.Answers.OfType<CaaRecord>().Where(r => Same(r.DomainName.Value, name)).ToArray();
            if (caa.Length > 0) return (name, caa, null);
        }
        return (domain, Array.Empty<CaaRecord>(), null);
    }

    private static async Task<string?> WildcardAsync(DnsResolver resolver, string domain, CancellationToken cancellationToken)
    {
        var probes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            resolver.ResolveHostAsync($"z{Guid.NewGuid():N}".Substring(0, 16) + "." + domain, cancellationToken))).ConfigureAwait(false);
        var hits = probes.Where(p => p.Addresses.Count > 0 || p.CnameChain.Count > 0).ToArray();
        return hits.Length == 0 ? null
            : $"*.{domain}: random names resolve to {string.Join(", ", hits.SelectMany(h => h.CnameChain.Take(1).Concat(h.Addresses.Select(a => a.ToString()))).Distinct())}";
    }

    private static async Task<IReadOnlyList<HostResolution>> DanglingAsync(DnsResolver resolver, string[] names, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(16);
        var tasks = names.Select(async name =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var r = await resolver.ResolveHostAsync(name, cancellationToken).ConfigureAwait(false);
                return r.DanglingCname ? r : null;
            }
            finally { gate.Release(); }
        });
        return (await Task.WhenAll(tasks).ConfigureAwait(false)).Where(r => r is not null).Select(r => r!).ToArray();
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
        /// <summary>The top-level redirect's record could not be read: the policy for unlisted senders is unknown.</summary>
        public bool RedirectUnresolved;
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
                if (redirect && isRedirectChain) walk.RedirectUnresolved = true;
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
