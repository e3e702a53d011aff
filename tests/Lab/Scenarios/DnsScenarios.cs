using System.Text.Json;
using ApiThreat.Lab.Dns;
using Microsoft.AspNetCore.Http;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// Ground truth for Find-Subdomain and Get-DomainIntelligence. Each DNS scenario is a zone of its own under the Lab
/// zone (so other capabilities' hosts never change these exact sets): the enumeration zone with a few hundred
/// planted names, wildcard sub-zones (static, rotating, CNAME), dangling CNAMEs, an empty non-terminal; the
/// AXFR-open zone; and one zone per DNS weakness next to a clean zone that must yield nothing. The crt.sh-compatible
/// CT endpoint is the scenario host <c>crt.lab.apithreat.test</c>.
/// </summary>
[ScenarioSet]
public static class DnsScenarios
{
    /// <summary>Service words and environments whose combinations are planted (all are in the bundled wordlist).</summary>
    public static readonly string[] PlantedServices =
    {
        "api", "auth", "gateway", "graphql", "sso", "payments", "orders", "users", "billing", "search", "admin", "portal",
        "mobile-api", "partner", "webhooks", "events", "files", "media", "reports", "inventory", "catalog", "checkout",
        "identity", "oauth", "login", "accounts", "notifications", "analytics", "metrics", "developer",
    };
    public static readonly string[] PlantedEnvironments = { "dev", "staging", "test", "qa", "uat", "sandbox", "preprod", "beta", "demo" };

    public const string EnumLabel = "enum";
    public const string TransferLabel = "xfr";

    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        var e = $"{EnumLabel}.{lab.Zone}";
        string E(string label) => $"{label}.{e}";

        var wordlistNames = PlantedLabels().Select(E).Concat(new[]
        {
            E("www"), E("status"), E("ns1"), E("apps"), E("edge"), E("cloud"), E("legacy"), E("orders3"),
            E("legacy-cdn"), E("old-api"),
        }).ToArray();
        var ctNames = new[] { E("zeta-ledger") };
        var sanNames = new[] { E("kappa-console") };
        var permutationNames = new[] { E("orders4"), E("zeta-ledger-dev") };
        var recursiveNames = new[] { E("api.apps"), E("console.apps"), E("cdn.edge"), E("portal.cloud"), E("vpn.corp"), E("api.legacy") };
        // One certificate for the whole zone (names that only it reveals: kappa-console), so hundreds of hosts cost one key.
        lab.Certificates.AddSubjectAlternativeNames(E("api"), "*." + e, E("kappa-console"), "unrelated.example.net");
        lab.Certificates.ShareCertificate(e, E("api"));

        yield return new LabScenario
        {
            Name = "dns-enum",
            Host = e,
            Area = "Dns",
            Description = "Subdomain enumeration zone (AXFR refused): planted names per source, wildcard sub-zones (apps: static A+AAAA, " +
                          "edge: rotating answers, cloud: CNAME), dangling CNAMEs, an empty non-terminal (corp).",
            Records = Array.Empty<LabRecord>(),
            ExtraRecords = new[]
            {
                LabRecord.A("status-page." + LabHost.OutsideZone, "127.0.0.1"),
                LabRecord.A("lb." + LabHost.OutsideZone, "127.0.11.1"),
                LabRecord.A("portal-origin." + LabHost.OutsideZone, "127.0.0.1"),
            },
            Expect =
            {
                ["Wordlist"] = wordlistNames,
                ["CertificateTransparency"] = ctNames,
                ["CertificateTransparencyKnown"] = new[] { E("api"), E("apps") },
                ["TlsSan"] = sanNames,
                ["Permutation"] = permutationNames,
                ["Recursive"] = recursiveNames,
                ["Dangling"] = new[] { E("legacy-cdn"), E("old-api") },
                ["WildcardParents"] = new[] { E("apps"), E("edge"), E("cloud") },
                ["AaaaOnly"] = new[] { E("dev-graphql") },
                ["DanglingFindings"] = new[] { "ATR-DNS-002" },
            },
        };

        var x = $"{TransferLabel}.{lab.Zone}";
        yield return new LabScenario
        {
            Name = "dns-axfr-open",
            Host = x,
            Area = "Dns",
            Description = "A zone any client may transfer (AXFR); otherwise healthy.",
            Records = Array.Empty<LabRecord>(),
            ExpectedFindings = new[] { "ATR-DNS-001" },
            Expect =
            {
                ["ZoneTransfer"] = new[] { "www", "mail", "ns1", "ns2", "zz-ledger-internal", "hr-payroll-db", "build-agent-07", "alias-x" }
                    .Select(l => $"{l}.{x}").ToArray(),
            },
        };

        foreach (var variant in DomainVariants())
            yield return new LabScenario
            {
                Name = variant.Name,
                Host = $"{variant.Name}.{lab.Zone}",
                Area = "Dns",
                Description = variant.Description,
                Records = Array.Empty<LabRecord>(),
                ExtraRecords = variant.OutsideRecords,
                ExpectedFindings = variant.Findings,
            };

        yield return new LabScenario
        {
            Name = "crt",
            Area = "Dns",
            Description = "A crt.sh-compatible Certificate Transparency search: GET /?q=%25.<domain>&output=json.",
            Handler = ctx => CertificateTransparency(ctx, lab),
        };
    }

    /// <summary>The planted first-level labels of the enumeration zone: each service, and each environment-service pair.</summary>
    public static IEnumerable<string> PlantedLabels()
    {
        foreach (var s in PlantedServices) yield return s;
        foreach (var env in PlantedEnvironments)
            foreach (var s in PlantedServices) yield return $"{env}-{s}";
    }

    private static Task CertificateTransparency(HttpContext ctx, LabContext lab)
    {
        var q = (ctx.Request.Query["q"].ToString() ?? "").Trim().TrimStart('%', '.').ToLowerInvariant();
        var e = $"{EnumLabel}.{lab.Zone}";
        var names = q == e
            ? new[] { $"api.{e}", $"*.apps.{e}", $"zeta-ledger.{e}", $"expired-name.{e}", $"api.{e}\nwww.{e}", "other.example.com" }
            : Array.Empty<string>();
        var id = 9000000000L;
        var entries = names.Select(n => new
        {
            issuer_ca_id = 1,
            issuer_name = "C=US, O=ApiThreat Lab, CN=ApiThreat Lab Issuing CA",
            common_name = n.Split('\n')[0],
            name_value = n,
            id = id++,
            entry_timestamp = "2026-01-02T03:04:05.678",
            not_before = "2026-01-01T00:00:00",
            not_after = "2026-04-01T00:00:00",
            serial_number = "0a1b2c3d",
        });
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(JsonSerializer.Serialize(entries));
    }

    /// <summary>Names of the Get-DomainIntelligence zones (one weakness each, and the clean one).</summary>
    public static IEnumerable<string> DomainVariantNames() => DomainVariants().Select(v => v.Name);

    internal sealed record DomainVariant(string Name, string Description, string[] Findings, Action<LabZone, string> Mutate)
    {
        public LabRecord[] OutsideRecords { get; init; } = Array.Empty<LabRecord>();
    }

    /// <summary>One zone per weakness, each otherwise identical to the clean zone.</summary>
    internal static IEnumerable<DomainVariant> DomainVariants()
    {
        yield return new("dns-clean", "A healthy zone: two NS, strict SPF and DMARC, CAA with iodef, DNSSEC keys. No DNS finding.",
            Array.Empty<string>(), (_, _) => { });
        yield return new("dns-spf-plus-all", "SPF ends in +all: any host may send mail as the domain.", new[] { "ATR-DNS-004" },
            (z, o) => ReplaceSpf(z, o, "v=spf1 mx +all"));
        yield return new("dns-spf-neutral", "SPF ends in ?all: a neutral policy protects nothing.", new[] { "ATR-DNS-005" },
            (z, o) => ReplaceSpf(z, o, "v=spf1 ip4:192.0.2.0/24 ?all"));
        yield return new("dns-spf-lookups", "SPF needs 12 DNS lookups (nested includes): receivers fail it with permerror.", new[] { "ATR-DNS-006" },
            (z, o) =>
            {
                ReplaceSpf(z, o, $"v=spf1 include:_spf1.{o} include:_spf2.{o} mx -all");
                z.Add(LabRecord.Txt($"_spf1.{o}", $"v=spf1 include:_spf3.{o} include:_spf4.{o} a mx ~all"));
                z.Add(LabRecord.Txt($"_spf2.{o}", $"v=spf1 include:_spf5.{o} a:mail.{o} exists:%{{i}}.bl.{o} ~all"));
                z.Add(LabRecord.Txt($"_spf3.{o}", "v=spf1 ip4:192.0.2.1 ~all"));
                z.Add(LabRecord.Txt($"_spf4.{o}", $"v=spf1 a mx ~all"));
                z.Add(LabRecord.Txt($"_spf5.{o}", "v=spf1 ip6:2001:db8::/32 ~all"));
            });
        yield return new("dns-spf-diamond", "Two includes that both include a shared record (a diamond, not a loop), one include and a loop: only the loop is an error.",
            new[] { "ATR-DNS-007" },
            (z, o) =>
            {
                ReplaceSpf(z, o, $"v=spf1 include:_a.{o} include:_b.{o} include:_loop.{o} -all");
                z.Add(LabRecord.Txt($"_a.{o}", $"v=spf1 include:_shared.{o} ~all"));
                z.Add(LabRecord.Txt($"_b.{o}", $"v=spf1 include:_shared.{o} ~all"));
                z.Add(LabRecord.Txt($"_shared.{o}", "v=spf1 ip4:192.0.2.0/24 ~all"));
                z.Add(LabRecord.Txt($"_loop.{o}", $"v=spf1 include:_loop.{o} ~all"));
            });
        yield return new("dns-spf-diamond-only", "Two includes that share one nested include: counted twice, but valid SPF. No DNS finding.",
            Array.Empty<string>(),
            (z, o) =>
            {
                ReplaceSpf(z, o, $"v=spf1 include:_a.{o} include:_b.{o} -all");
                z.Add(LabRecord.Txt($"_a.{o}", $"v=spf1 include:_shared.{o} ~all"));
                z.Add(LabRecord.Txt($"_b.{o}", $"v=spf1 include:_shared.{o} ~all"));
                z.Add(LabRecord.Txt($"_shared.{o}", "v=spf1 ip4:192.0.2.0/24 ~all"));
            });
        yield return new("dns-spf-missing", "No SPF record at all.", new[] { "ATR-DNS-003" },
            (z, o) => ReplaceSpf(z, o, null));
        yield return new("dns-spf-multiple", "Two SPF records: receivers fail both with permerror.", new[] { "ATR-DNS-007" },
            (z, o) => z.Add(LabRecord.Txt(o, "v=spf1 ip4:198.51.100.0/24 -all")));
        yield return new("dns-dmarc-none", "DMARC p=none: reports only, spoofed mail is delivered.", new[] { "ATR-DNS-009" },
            (z, o) => ReplaceDmarc(z, o, $"v=DMARC1; p=none; rua=mailto:dmarc@{o}"));
        yield return new("dns-dmarc-missing", "No DMARC record.", new[] { "ATR-DNS-008" },
            (z, o) => ReplaceDmarc(z, o, null));
        yield return new("dns-dmarc-partial", "DMARC p=quarantine but pct=25: three quarters of failing mail is delivered.", new[] { "ATR-DNS-010" },
            (z, o) => ReplaceDmarc(z, o, $"v=DMARC1; p=quarantine; pct=25; rua=mailto:dmarc@{o}"));
        yield return new("dns-dmarc-invalid", "A _dmarc TXT record that is not DMARC (no v=DMARC1 first).", new[] { "ATR-DNS-011" },
            (z, o) => ReplaceDmarc(z, o, "p=reject; v=DMARC1"));
        yield return new("dns-caa-missing", "No CAA record: any CA may issue certificates for the domain.", new[] { "ATR-DNS-012" },
            (z, o) => z.RemoveAll(o, RecordType.CAA));
        yield return new("dns-unsigned", "No DNSSEC: neither DS nor DNSKEY.", new[] { "ATR-DNS-013" },
            (z, o) => { z.RemoveAll(o, RecordType.DS); z.RemoveAll(o, RecordType.DNSKEY); });
        yield return new("dns-dnssec-island", "Signed (DNSKEY) but no DS at the parent: nothing can validate it.", new[] { "ATR-DNS-013" },
            (z, o) => z.RemoveAll(o, RecordType.DS));
        yield return new("dns-dnssec-broken", "A DS record but no DNSKEY: validating resolvers fail the whole zone.", new[] { "ATR-DNS-014" },
            (z, o) => z.RemoveAll(o, RecordType.DNSKEY));
        yield return new("dns-lame", "One of two NS names does not exist: a lame delegation.", new[] { "ATR-DNS-015" },
            (z, o) => z.Add(LabRecord.Ns(o, "ns-gone." + LabHost.OutsideZone)));
        yield return new("dns-single-ns", "Only one name server.", new[] { "ATR-DNS-019" },
            (z, o) => { z.RemoveAll(o, RecordType.NS); z.Add(LabRecord.Ns(o, "ns1." + o)); });
        yield return new("dns-wildcard", "A wildcard A record at the apex: every name under the domain resolves.", new[] { "ATR-DNS-017" },
            (z, o) => z.Add(LabRecord.A("*." + o, "127.0.12.1")));
        yield return new("dns-dangling", "www is a CNAME to a name that no longer exists.", new[] { "ATR-DNS-002" },
            (z, o) => { z.RemoveAll("www." + o, RecordType.A); z.Add(LabRecord.Cname("www." + o, "deprovisioned-site." + LabHost.OutsideZone)); });
    }

    private static void ReplaceSpf(LabZone zone, string origin, string? spf)
    {
        zone.RemoveWhere(origin, r => r.Type == RecordType.TXT && LabRecord.TxtText(r).StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase));
        if (spf is not null) zone.Add(LabRecord.Txt(origin, spf));
    }

    private static void ReplaceDmarc(LabZone zone, string origin, string? dmarc)
    {
        zone.RemoveAll("_dmarc." + origin, RecordType.TXT);
        if (dmarc is not null) zone.Add(LabRecord.Txt("_dmarc." + origin, dmarc));
    }
}

/// <summary>The zones behind <see cref="DnsScenarios"/>.</summary>
[ZoneSet]
public static class DnsZones
{
    private static readonly string[] s_rotatingPool = Enumerable.Range(1, 12).Select(i => $"127.0.10.{i}").ToArray();

    /// <summary>Bench zone: n0, n10, n20 ... n999990 exist (100,000 names), so "n{i}" for i &lt; N is a 10%-hit wordlist.</summary>
    public const string BenchLabel = "bench";
    public const int BenchNameCount = 100_000;

    public static IEnumerable<LabZone> Zones(LabContext lab)
    {
        yield return EnumZone($"{DnsScenarios.EnumLabel}.{lab.Zone}");
        var xfr = Healthy($"{DnsScenarios.TransferLabel}.{lab.Zone}", allowTransfer: true);
        var x = xfr.Origin;
        xfr.Add(LabRecord.A("zz-ledger-internal." + x, "127.0.0.1"))
           .Add(LabRecord.A("hr-payroll-db." + x, "127.0.0.1"))
           .Add(LabRecord.Aaaa("build-agent-07." + x, "::1"))
           .Add(LabRecord.Cname("alias-x." + x, "zz-ledger-internal." + x));
        yield return xfr;
        foreach (var v in DnsScenarios.DomainVariants())
        {
            var zone = Healthy($"{v.Name}.{lab.Zone}");
            v.Mutate(zone, zone.Origin);
            yield return zone;
        }
        var bench = new LabZone($"{BenchLabel}.{lab.Zone}");
        bench.Add(LabRecord.Ns(bench.Origin, "ns1." + bench.Origin)).Add(LabRecord.A("ns1." + bench.Origin, "127.0.0.1"));
        var address = new byte[] { 127, 0, 20, 1 };
        for (var i = 0; i < BenchNameCount; i++)
        {
            address[2] = (byte)(20 + i / 65000);
            address[3] = (byte)(1 + i % 250);
            bench.Add(new LabRecord($"n{i * 10}.{bench.Origin}", RecordType.A, (byte[])address.Clone()));
        }
        yield return bench;
    }

    /// <summary>A zone with no DNS weakness: 2 NS, SOA, MX, SPF -all, DMARC reject with rua, CAA issue+iodef, DS+DNSKEY.</summary>
    internal static LabZone Healthy(string origin, bool allowTransfer = false)
    {
        var z = new LabZone(origin, allowTransfer);
        var o = z.Origin;
        z.Add(LabRecord.Ns(o, "ns1." + o)).Add(LabRecord.Ns(o, "ns2." + o))
         .Add(LabRecord.A("ns1." + o, "127.0.0.1")).Add(LabRecord.A("ns2." + o, "127.0.0.1"))
         .Add(LabRecord.A(o, "127.0.0.1")).Add(LabRecord.A("www." + o, "127.0.0.1"))
         .Add(LabRecord.Mx(o, 10, "mail." + o)).Add(LabRecord.A("mail." + o, "127.0.0.1"))
         .Add(LabRecord.Txt(o, "v=spf1 mx -all"))
         .Add(LabRecord.Txt(o, "lab-site-verification=0123456789abcdef"))
         .Add(LabRecord.Txt("_dmarc." + o, $"v=DMARC1; p=reject; rua=mailto:dmarc-reports@{o}; adkim=s; aspf=s"))
         .Add(LabRecord.Caa(o, 0, "issue", "letsencrypt.org"))
         .Add(LabRecord.Caa(o, 0, "iodef", $"mailto:security@{o}"))
         .Add(LabRecord.Ds(o, 12345))
         .Add(LabRecord.Dnskey(o));
        return z;
    }

    private static LabZone EnumZone(string origin)
    {
        var z = new LabZone(origin);
        var o = z.Origin;
        string E(string label) => $"{label}.{o}";
        z.Add(LabRecord.Ns(o, E("ns1"))).Add(LabRecord.A(E("ns1"), "127.0.0.1")).Add(LabRecord.A(o, "127.0.0.1"));
        foreach (var label in DnsScenarios.PlantedLabels())
        {
            if (label == "dev-graphql") { z.Add(LabRecord.Aaaa(E(label), "::1")); continue; } // AAAA only
            z.Add(LabRecord.A(E(label), "127.0.0.1"));
            if (label is "api" or "auth" or "gateway") z.Add(LabRecord.Aaaa(E(label), "::1"));
        }
        z.Add(LabRecord.Cname(E("www"), E("api")))
         .Add(LabRecord.Cname(E("status"), "status-page." + LabHost.OutsideZone))
         .Add(LabRecord.Cname(E("legacy-cdn"), "gone-bucket." + LabHost.OutsideZone))
         .Add(LabRecord.Cname(E("old-api"), "deleted-app." + LabHost.OutsideZone))
         .Add(LabRecord.A(E("orders3"), "127.0.0.1"))
         .Add(LabRecord.A(E("orders4"), "127.0.0.1"))
         .Add(LabRecord.A(E("zeta-ledger"), "127.0.0.1"))
         .Add(LabRecord.A(E("zeta-ledger-dev"), "127.0.0.1"))
         .Add(LabRecord.A(E("kappa-console"), "127.0.0.1"))
         // Static wildcard (A and AAAA) with two real names that answer differently.
         .Add(LabRecord.A(E("apps"), "127.0.0.1"))
         .Add(LabRecord.A(E("*.apps"), "127.0.9.1"))
         .Add(LabRecord.Aaaa(E("*.apps"), "::ffff:127.0.9.1"))
         .Add(LabRecord.A(E("api.apps"), "127.0.0.1"))
         .Add(LabRecord.A(E("console.apps"), "127.0.0.2"))
         // Wildcard by CNAME to a load balancer; one real name with its own CNAME.
         .Add(LabRecord.A(E("cloud"), "127.0.0.1"))
         .Add(LabRecord.Cname(E("*.cloud"), "lb." + LabHost.OutsideZone))
         .Add(LabRecord.Cname(E("portal.cloud"), "portal-origin." + LabHost.OutsideZone))
         // An empty non-terminal with one host below it, and a host with a child.
         .Add(LabRecord.A(E("vpn.corp"), "127.0.0.1"))
         .Add(LabRecord.A(E("legacy"), "127.0.0.1"))
         .Add(LabRecord.A(E("api.legacy"), "127.0.0.1"))
         // Rotating wildcard: each answer is 2 addresses drawn from a pool of 12, like a DNS load balancer.
         .Add(LabRecord.A(E("edge"), "127.0.0.1"))
         .Add(LabRecord.A(E("cdn.edge"), "127.0.0.1"))
         .AddDynamic(E("*.edge"), (name, type) =>
         {
             if (type is not (RecordType.A or RecordType.ANY)) return Array.Empty<LabRecord>();
             var first = Random.Shared.Next(s_rotatingPool.Length);
             var second = (first + 1 + Random.Shared.Next(s_rotatingPool.Length - 1)) % s_rotatingPool.Length;
             return new[] { LabRecord.A(name, s_rotatingPool[first]), LabRecord.A(name, s_rotatingPool[second]) };
         });
        return z;
    }
}
