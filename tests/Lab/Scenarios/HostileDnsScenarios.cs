using ApiThreat.Lab.Dns;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// Hostile and broken DNS for Get-DomainIntelligence: every record the rules read fails with SERVFAIL, an answer far
/// larger than the client's advertised UDP size (no TC bit), an SPF redirect whose target fails, and an open zone
/// transfer carrying a record with an invalid punycode label. The expectation: a failed lookup is "not checked" (a
/// warning), never a missing record, and one unreadable record skips that record, not the transfer.
/// </summary>
[ScenarioSet]
public static class HostileDnsScenarios
{
    public sealed record HostileZone(string Name, string Description, string[] Findings, Action<LabZone, string> Mutate, bool AllowTransfer = false);

    public static IEnumerable<HostileZone> Zones()
    {
        // Records removed too, so that reading a failure as "no record" would raise SPF, DMARC, CAA and DNSSEC findings.
        yield return new("dns-hostile-servfail", "SERVFAIL for NS, MX, TXT, _dmarc TXT, CAA, DS and DNSKEY (the records are absent as well): " +
            "every rule that needs them is not checked. No DNS finding.", Array.Empty<string>(), (z, o) =>
            {
                z.RemoveAll(o, RecordType.TXT).RemoveAll("_dmarc." + o, RecordType.TXT).RemoveAll(o, RecordType.CAA)
                 .RemoveAll(o, RecordType.DS).RemoveAll(o, RecordType.DNSKEY);
                foreach (var type in new[] { RecordType.NS, RecordType.MX, RecordType.TXT, RecordType.CAA, RecordType.DS, RecordType.DNSKEY })
                    z.Fail(o, type);
                z.Fail("_dmarc." + o, RecordType.TXT);
            });
        yield return new("dns-hostile-oversized-udp", "The apex TXT answer is 6 KB over UDP without the TC bit (the client advertised 1,232 bytes): " +
            "read whole, the SPF record in it found. No DNS finding.", Array.Empty<string>(), (z, o) =>
            {
                for (var i = 0; i < 24; i++) z.Add(LabRecord.Txt(o, $"padding-{i:D2}=" + new string('p', 240)));
                z.IgnoreUdpLimit(o);
            });
        yield return new("dns-hostile-spf-redirect-servfail", "SPF is only redirect=_spf.<zone>, whose TXT lookup fails: the policy is unknown, " +
            "not missing. No DNS finding.", Array.Empty<string>(), (z, o) =>
            {
                z.RemoveWhere(o, r => r.Type == RecordType.TXT && LabRecord.TxtText(r).StartsWith("v=spf1", StringComparison.Ordinal));
                z.Add(LabRecord.Txt(o, $"v=spf1 redirect=_spf.{o}"));
                z.Add(LabRecord.Txt($"_spf.{o}", "v=spf1 ip4:192.0.2.0/24 -all"));
                z.Fail($"_spf.{o}", RecordType.TXT);
            });
        yield return new("dns-hostile-xfr-bad-idn", "An open zone transfer with one record whose owner has an invalid punycode label (xn--): " +
            "that record is skipped, the rest of the zone is read.", new[] { "ATR-DNS-001" }, (z, o) =>
            {
                z.Add(LabRecord.A("xn--." + o, "127.0.0.1"));
                z.Add(LabRecord.A("after-the-bad-one." + o, "127.0.0.1"));
            }, AllowTransfer: true);
    }

    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        foreach (var z in Zones())
            yield return new LabScenario
            {
                Name = z.Name,
                Host = $"{z.Name}.{lab.Zone}",
                Area = "Dns",
                Description = z.Description,
                Records = Array.Empty<LabRecord>(),
                ExpectedFindings = z.Findings,
                Expect = z.AllowTransfer ? new() { ["ZoneTransfer"] = new[] { $"after-the-bad-one.{z.Name}.{lab.Zone}" } } : new(),
            };
    }
}

/// <summary>The zones behind <see cref="HostileDnsScenarios"/>, each the healthy zone with one hostile change.</summary>
[ZoneSet]
public static class HostileDnsZones
{
    public static IEnumerable<LabZone> Zones(LabContext lab)
    {
        foreach (var z in HostileDnsScenarios.Zones())
        {
            var zone = DnsZones.Healthy($"{z.Name}.{lab.Zone}", z.AllowTransfer);
            z.Mutate(zone, zone.Origin);
            yield return zone;
        }
    }
}
