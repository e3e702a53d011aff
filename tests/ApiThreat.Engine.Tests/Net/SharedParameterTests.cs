using ApiThreat.Engine.Net;
using ApiThreat.Engine.Scan;

namespace ApiThreat.Engine.Tests.Net;

/// <summary>The parameter readers every network cmdlet shares (-Resolver, -TrustedRootCertificate) and the scan's summary words.</summary>
public sealed class SharedParameterTests
{
    [Fact]
    public void Resolvers_parse_in_order_and_the_first_bad_one_says_why()
    {
        Assert.Equal(new[] { "127.0.0.1:5353", "[::1]:53" }, ResolverList.Parse(new[] { "127.0.0.1:5353", "[::1]" }).Select(e => e.ToString()));
        Assert.Empty(ResolverList.Parse(null));
        Assert.Throws<ArgumentException>(() => ResolverList.Parse(new[] { "127.0.0.1:99999" }));
    }

    [Fact]
    public void A_trust_anchor_that_is_not_a_certificate_names_the_file_as_given()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a certificate");
            var ex = Assert.Throws<InvalidTrustAnchorException>(() => TrustAnchors.Load(new[] { "./ca.pem" }, _ => file));
            Assert.Equal("./ca.pem", ex.File);
            Assert.StartsWith("-TrustedRootCertificate './ca.pem' could not be read", ex.Message);
            Assert.Empty(TrustAnchors.Load(null, _ => file));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void A_shard_without_a_scan_id_is_warned_and_the_environment_id_is_taken()
    {
        var shard = ShardSpec.TryParse("1/3", out var s, out _) ? s : throw new InvalidOperationException();
        Assert.Equal("given", ScanSummary.ScanId("given", _ => "env", shard, out var none));
        Assert.Null(none);
        Assert.Equal("env", ScanSummary.ScanId(null, _ => "env", shard, out _));
        Assert.Equal(32, ScanSummary.ScanId(null, _ => null, shard, out var warning).Length);
        Assert.StartsWith("Shard 1/3 runs without -ScanId", warning);
        ScanSummary.ScanId(null, _ => null, ShardSpec.Whole, out var whole);
        Assert.Null(whole);
    }

    [Fact]
    public void The_scan_action_names_the_shard_and_what_is_written_after()
    {
        Assert.Equal("Passive scan", ScanSummary.Action(ScanProfile.Passive, ShardSpec.Whole, null, "Html", null));
        var shard = ShardSpec.TryParse("0/2", out var s, out _) ? s : throw new InvalidOperationException();
        Assert.Equal("Standard scan (shard 0/2), then write the Html report r.html and save a snapshot to inv.db",
            ScanSummary.Action(ScanProfile.Standard, shard, "r.html", "Html", "inv.db"));
    }
}
