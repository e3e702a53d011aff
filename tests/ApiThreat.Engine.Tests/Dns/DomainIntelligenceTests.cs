using ApiThreat.Engine.Dns;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Tests.Infrastructure;

namespace ApiThreat.Engine.Tests.Dns;

[Collection(LabCollection.Name)]
public class DomainIntelligenceTests
{
    private readonly LabFixture _lab;

    public DomainIntelligenceTests(LabFixture lab) => _lab = lab;

    private async Task<DnsIntelligence> CollectAsync(string domain)
    {
        var options = _lab.Options();
        options.Scope.AddImplicitDomain(domain);
        using var network = new NetworkContext(options);
        return await DomainIntelligenceCollector.CollectAsync(network, domain,
            new DomainIntelligenceOptions { NameServerPort = _lab.Lab.DnsEndPoint.Port }, CancellationToken.None);
    }

    public static IEnumerable<object[]> DnsScenarios() =>
        ApiThreat.Lab.Scenarios.DnsScenarios.DomainVariantNames().Append("dns-axfr-open").Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(DnsScenarios))]
    public async Task Each_zone_reports_exactly_its_planted_weaknesses(string scenario)
    {
        var s = _lab.Lab.Scenario(scenario);
        var intel = await CollectAsync(s.Host!);
        Assert.Equal(s.ExpectedFindings.OrderBy(x => x), intel.Findings.Select(f => f.RuleId).OrderBy(x => x));
        Assert.All(intel.Findings, f => Assert.False(string.IsNullOrEmpty(f.Evidence)));
    }

    [Fact]
    public async Task The_clean_zone_is_described_fully()
    {
        var d = _lab.Host("dns-clean");
        var intel = await CollectAsync(d);
        Assert.Empty(intel.Findings);
        Assert.Equal(new[] { $"ns1.{d}", $"ns2.{d}" }, intel.NameServers.OrderBy(n => n));
        Assert.Equal(new[] { $"10 mail.{d}" }, intel.Mx);
        Assert.Equal("-", intel.Spf!.AllQualifier);
        Assert.Equal(1, intel.Spf.DnsLookupCount);
        Assert.Equal("reject", intel.Dmarc!.Policy);
        Assert.Equal(100, intel.Dmarc.Percent);
        Assert.Equal(new[] { $"mailto:dmarc-reports@{d}" }, intel.Dmarc.Rua);
        Assert.Equal(2, intel.Caa.Length);
        Assert.True(intel.DnssecSigned);
        Assert.False(intel.ZoneTransferOpen);
        Assert.False(intel.HasWildcard);
        Assert.StartsWith($"ns1.{d} hostmaster.{d} ", intel.Soa);
    }

    [Fact]
    public async Task Spf_lookups_are_counted_through_nested_includes()
    {
        var intel = await CollectAsync(_lab.Host("dns-spf-lookups"));
        Assert.Equal(12, intel.Spf!.DnsLookupCount);
    }

    [Fact]
    public async Task Open_zone_transfer_names_the_servers()
    {
        var intel = await CollectAsync(_lab.Host("dns-axfr-open"));
        Assert.True(intel.ZoneTransferOpen);
        Assert.Equal(new[] { _lab.Lab.DnsEndPoint.ToString() }, intel.ZoneTransferServers);
    }

    [Fact]
    public async Task A_missing_domain_is_one_error()
    {
        var ex = await Assert.ThrowsAsync<TargetException>(() => CollectAsync("no-such-domain." + _lab.Lab.Zone));
        Assert.Equal("DomainNotFound", ex.ErrorId);
    }
}
