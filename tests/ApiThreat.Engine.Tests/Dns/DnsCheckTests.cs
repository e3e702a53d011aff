using System.Net;
using ApiThreat.Engine.Dns;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Tests.Dns;

/// <summary>The DNS rules as checks over evidence: each judged only on lookups that were answered.</summary>
public class DnsCheckTests
{
    private static DomainEvidence Evidence(DnsStatus txt = DnsStatus.NoData, DnsStatus dmarc = DnsStatus.NoData, DnsStatus ds = DnsStatus.NoData,
        DnsStatus ns = DnsStatus.NoError, IReadOnlyList<NameServerEvidence>? servers = null, LookupOutcome? caaFailure = null) => new()
    {
        Domain = "contoso.test",
        NsLookup = new("contoso.test", "NS", ns),
        NsSet = ns == DnsStatus.NoError ? new[] { "ns1.contoso.test", "ns2.contoso.test" } : Array.Empty<string>(),
        NameServers = servers ?? Array.Empty<NameServerEvidence>(),
        TxtLookup = new("contoso.test", "TXT", txt),
        DmarcLookup = new("_dmarc.contoso.test", "TXT", dmarc),
        CaaFailure = caaFailure,
        DsLookup = new("contoso.test", "DS", ds),
        DnskeyLookup = new("contoso.test", "DNSKEY", ds),
    };

    private static string[] Ids(DomainEvidence e) => Checks<DomainEvidence>.Run(e).Select(f => f.RuleId).OrderBy(x => x).ToArray();

    [Fact]
    public void Every_dns_rule_has_exactly_one_check()
    {
        var ruled = Checks<DomainEvidence>.All.SelectMany(c => c.Rules).Select(r => r.Id).ToArray();
        Assert.Equal(ruled.Distinct().Count(), ruled.Length);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"ATR-DNS-{i:D3}"), ruled.OrderBy(x => x));
    }

    [Fact]
    public void Answered_lookups_without_records_are_findings()
    {
        Assert.Equal(new[] { "ATR-DNS-003", "ATR-DNS-008", "ATR-DNS-012", "ATR-DNS-013" }, Ids(Evidence()));
    }

    [Theory]
    [InlineData(DnsStatus.ServerFailure)]
    [InlineData(DnsStatus.Timeout)]
    [InlineData(DnsStatus.Refused)]
    [InlineData(DnsStatus.Error)]
    public void Failed_lookups_are_never_findings(DnsStatus failure)
    {
        var e = Evidence(txt: failure, dmarc: failure, ds: failure, ns: failure, caaFailure: new("contoso.test", "CAA", failure));
        Assert.Empty(Ids(e));
    }

    [Fact]
    public void Lame_needs_an_answer_not_a_refusal_of_the_scope_nor_silence_when_nobody_answered()
    {
        var endpoint = new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53);
        NameServerEvidence Server(string name, NameServerReply reply) =>
            new(name, DnsStatus.NoError, null, new[] { new NameServerAnswer(endpoint, reply, reply.ToString(), 1, new[] { "ns1.contoso.test", "ns2.contoso.test" }) });

        Assert.DoesNotContain("ATR-DNS-015", Ids(Evidence(servers: new[] { Server("ns1.contoso.test", NameServerReply.NotAsked), Server("ns2.contoso.test", NameServerReply.NotAsked) })));
        Assert.DoesNotContain("ATR-DNS-015", Ids(Evidence(servers: new[] { Server("ns1.contoso.test", NameServerReply.Silent), Server("ns2.contoso.test", NameServerReply.Silent) })));
        Assert.Contains("ATR-DNS-015", Ids(Evidence(servers: new[] { Server("ns1.contoso.test", NameServerReply.Authoritative), Server("ns2.contoso.test", NameServerReply.Silent) })));
        Assert.Contains("ATR-DNS-015", Ids(Evidence(servers: new[] { Server("ns1.contoso.test", NameServerReply.Authoritative), Server("ns2.contoso.test", NameServerReply.NotServing) })));
        var gone = new NameServerEvidence("ns-gone.example.test", DnsStatus.NxDomain, null, Array.Empty<NameServerAnswer>());
        var unresolved = new NameServerEvidence("ns-flaky.example.test", DnsStatus.ServerFailure, null, Array.Empty<NameServerAnswer>());
        Assert.Contains("ATR-DNS-015", Ids(Evidence(servers: new[] { gone })));
        Assert.DoesNotContain("ATR-DNS-015", Ids(Evidence(servers: new[] { unresolved })));
    }

    [Fact]
    public void A_transfer_message_skips_a_record_with_an_invalid_punycode_owner()
    {
        // One AXFR message: SOA, A of "xn--.z.test" (invalid punycode), A of "ok.z.test".
        var soa = Record("z.test", 6, Concat(DnsCodec.EncodeName("ns.z.test"), DnsCodec.EncodeName("h.z.test"), new byte[20]));
        var bad = Record("xn--.z.test", 1, new byte[] { 127, 0, 0, 1 });
        var good = Record("ok.z.test", 1, new byte[] { 127, 0, 0, 2 });
        var header = new byte[] { 0x12, 0x34, 0x84, 0x00, 0, 0, 0, 3, 0, 0, 0, 0 };
        var message = DnsCodec.ParseTransferMessage(Concat(header, soa, bad, good), 0x1234, "z.test", out var skipped);
        Assert.Equal(1, skipped);
        Assert.Equal(2, message.Answers.Count);
        Assert.Equal("ok.z.test.", message.Answers[1].DomainName.Value);
    }

    private static byte[] Record(string owner, ushort type, byte[] rdata) =>
        Concat(DnsCodec.EncodeName(owner), new byte[] { (byte)(type >> 8), (byte)type, 0, 1, 0, 0, 0, 60, (byte)(rdata.Length >> 8), (byte)rdata.Length }, rdata);

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
