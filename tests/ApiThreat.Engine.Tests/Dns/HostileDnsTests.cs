using ApiThreat.Engine.Dns;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Tests.Infrastructure;
using ApiThreat.Lab.Scenarios;

namespace ApiThreat.Engine.Tests.Dns;

/// <summary>
/// Get-DomainIntelligence against hostile and broken DNS: failed lookups are "not checked", never missing records;
/// name servers the scope refuses are not asked and not lame; one unreadable record does not void a zone transfer.
/// </summary>
[Collection(LabCollection.Name)]
public class HostileDnsTests
{
    private readonly LabFixture _lab;

    public HostileDnsTests(LabFixture lab) => _lab = lab;

    private async Task<DnsIntelligence> CollectAsync(string domain, bool allowPrivate = true)
    {
        var options = _lab.Options(allowPrivate: allowPrivate);
        options.Scope.AddImplicitDomain(domain);
        using var network = new NetworkContext(options);
        return await DomainIntelligenceCollector.CollectAsync(network, domain,
            new DomainIntelligenceOptions { NameServerPort = _lab.Lab.DnsEndPoint.Port }, CancellationToken.None);
    }

    public static IEnumerable<object[]> HostileZones() => HostileDnsScenarios.Zones().Select(z => new object[] { z.Name });

    [Theory]
    [MemberData(nameof(HostileZones))]
    public async Task Each_hostile_zone_reports_exactly_its_expected_findings(string scenario)
    {
        var s = _lab.Lab.Scenario(scenario);
        var intel = await CollectAsync(s.Host!);
        Assert.Equal(s.ExpectedFindings.OrderBy(x => x), intel.Findings.Select(f => f.RuleId).OrderBy(x => x));
    }

    [Fact]
    public async Task Servfail_leaves_every_rule_that_needs_the_answer_not_checked_never_missing()
    {
        var intel = await CollectAsync(_lab.Host("dns-hostile-servfail"));
        Assert.Empty(intel.Findings); // not ATR-DNS-003, 008, 012, 013 although the records are absent too
        foreach (var what in new[] { "SPF:", "DMARC:", "CAA:", "DNSSEC:", "MX records:", "Name servers" })
            Assert.Contains(intel.NotChecked, n => n.StartsWith(what, StringComparison.Ordinal));
        Assert.All(intel.NotChecked, n => Assert.DoesNotContain("NoData", n));
        Assert.Contains(intel.NotChecked, n => n.Contains("ServerFailure"));
    }

    [Fact]
    public async Task An_answer_larger_than_the_advertised_udp_size_is_read_whole()
    {
        var intel = await CollectAsync(_lab.Host("dns-hostile-oversized-udp"));
        Assert.Empty(intel.Findings);
        Assert.Empty(intel.NotChecked);
        Assert.Equal(26, intel.Txt.Length);
        Assert.Equal("-", intel.Spf!.AllQualifier);
    }

    [Fact]
    public async Task A_redirect_whose_record_fails_leaves_the_spf_policy_unknown_not_weak()
    {
        var intel = await CollectAsync(_lab.Host("dns-hostile-spf-redirect-servfail"));
        Assert.DoesNotContain(intel.Findings, f => f.RuleId is "ATR-DNS-005" or "ATR-DNS-007");
        Assert.Contains(intel.NotChecked, n => n.Contains("redirect's policy is unknown"));
        Assert.Null(intel.Spf!.AllQualifier);
    }

    [Fact]
    public async Task An_invalid_punycode_record_is_skipped_and_the_rest_of_the_transfer_read()
    {
        var host = _lab.Host("dns-hostile-xfr-bad-idn");
        using var network = _lab.Network();
        var result = await DirectDnsQuery.TransferAsync(network, _lab.Lab.DnsEndPoint, host, default);
        Assert.True(result.Allowed);
        Assert.Equal(1, result.SkippedRecords);
        Assert.Contains(ZoneTransfer.HostNames(result.Records, host), n => n == "after-the-bad-one." + host);

        var intel = await CollectAsync(host);
        Assert.True(intel.ZoneTransferOpen);
        var finding = Assert.Single(intel.Findings);
        Assert.Contains("1 unreadable record(s) skipped", finding.Evidence);
    }

    [Fact]
    public async Task Name_servers_the_scope_refuses_are_not_checked_not_lame()
    {
        // Without -AllowPrivateAddress the Lab's loopback name servers may not be asked: a warning, never ATR-DNS-015.
        var clean = await CollectAsync(_lab.Host("dns-clean"), allowPrivate: false);
        Assert.Empty(clean.Findings);
        Assert.False(clean.ZoneTransferOpen);
        Assert.Contains(clean.NotChecked, n => n.Contains("not asked") && n.Contains("AllowPrivateAddress"));

        // A name server whose name does not exist is lame without asking it anything.
        var lame = await CollectAsync(_lab.Host("dns-lame"), allowPrivate: false);
        var finding = Assert.Single(lame.Findings);
        Assert.Equal("ATR-DNS-015", finding.RuleId);
        Assert.Contains("ns-gone", finding.Evidence);
        Assert.DoesNotContain("ns1.", finding.Evidence);
    }
}
