using ApiThreat.Engine.Dns;

namespace ApiThreat.Engine.Tests.Dns;

public class SpfRecordParserTests
{
    [Theory]
    [InlineData("v=spf1 include:_spf.google.com ~all", '~', 1)]
    [InlineData("v=spf1 include:spf.protection.outlook.com -all", '-', 1)]
    [InlineData("v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.7 ip6:2001:db8::/32 -all", '-', 0)]
    [InlineData("v=spf1 a mx include:mailgun.org include:sendgrid.net ~all", '~', 4)]
    [InlineData("v=spf1 mx a:mail.example.com a:relay.example.com/24 mx:backup.example.com//64 ?all", '?', 4)]
    [InlineData("v=spf1 +all", '+', 0)]
    [InlineData("v=spf1 all", '+', 0)]
    [InlineData("V=SPF1 -ALL", '-', 0)]
    [InlineData("v=spf1   include:a.example   -all  ", '-', 1)]
    [InlineData("v=spf1 exists:%{i}._spf.example.com -all", '-', 1)]
    [InlineData("v=spf1 include:%{d}.spf.example.net ptr -all", '-', 2)]
    [InlineData("v=spf1 -all exp=explain._spf.%{d}", '-', 0)]
    [InlineData("v=spf1 ip4:203.0.113.0/24 -all include:late.example", '-', 1)]
    public void Parses_valid_records(string record, char all, int lookups)
    {
        var spf = SpfRecordParser.Parse(record);
        Assert.Empty(spf.Errors);
        Assert.Equal(all, spf.AllQualifier);
        Assert.Equal(lookups, spf.LookupTerms);
    }

    [Theory]
    [InlineData("v=spf1 redirect=_spf.example.com", 1)]
    [InlineData("v=spf1 mx redirect=_spf.example.com", 2)]
    [InlineData("v=spf1 mx -all redirect=_spf.example.com", 1)] // redirect is ignored when all is present
    public void Redirect_counts_only_without_all(string record, int lookups)
    {
        var spf = SpfRecordParser.Parse(record);
        Assert.Empty(spf.Errors);
        Assert.Equal("_spf.example.com", spf.Redirect);
        Assert.Equal(lookups, spf.LookupTerms);
    }

    [Theory]
    [InlineData("v=spf1 ip4:300.1.2.3 -all", "IPv4")]
    [InlineData("v=spf1 ip4:192.0.2.0/33 -all", "prefix")]
    [InlineData("v=spf1 ip6:192.0.2.1 -all", "IPv6")]
    [InlineData("v=spf1 include -all", "include needs")]
    [InlineData("v=spf1 include: -all", "include needs")]
    [InlineData("v=spf1 all:foo", "no argument")]
    [InlineData("v=spf1 mx:example.com/99 -all", "prefix")]
    [InlineData("v=spf1 ipv4:192.0.2.1 -all", "not an SPF mechanism")]
    [InlineData("v=spf1 include:example.com include:example.net redirect=a.example redirect=b.example", "more than once")]
    [InlineData("v=spf1 exists:%{z -all", "macro")]
    [InlineData("v=spf1 =foo -all", "not an SPF mechanism")]
    public void Reports_syntax_errors(string record, string error)
    {
        var spf = SpfRecordParser.Parse(record);
        Assert.Contains(spf.Errors, e => e.Contains(error, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("v=spf1 -all", true)]
    [InlineData("v=spf1", true)]
    [InlineData("v=spf10 -all", false)]
    [InlineData("spf1 -all", false)]
    [InlineData("google-site-verification=abc", false)]
    [InlineData("  v=spf1 mx -all", true)]
    public void Recognises_spf_records(string txt, bool isSpf) => Assert.Equal(isSpf, SpfRecordParser.IsSpf(txt));

    [Fact]
    public void No_all_and_no_redirect_leaves_the_qualifier_empty()
    {
        var spf = SpfRecordParser.Parse("v=spf1 mx a");
        Assert.Null(spf.AllQualifier);
        Assert.Null(spf.Redirect);
        Assert.Empty(spf.Errors);
    }

    [Fact]
    public void Unknown_modifiers_are_ignored_and_ptr_is_noticed()
    {
        var spf = SpfRecordParser.Parse("v=spf1 ptr:example.com foo=bar -all");
        Assert.Empty(spf.Errors);
        Assert.True(spf.UsesPtr);
        Assert.Contains(spf.Terms, t => t.IsModifier && t.Name == "foo");
    }
}

public class DmarcRecordParserTests
{
    [Theory]
    [InlineData("v=DMARC1; p=reject; rua=mailto:dmarc@example.com", "reject", 100, 1, 0)]
    [InlineData("v=DMARC1;p=quarantine;pct=50;rua=mailto:a@example.com,mailto:b@example.net!10m", "quarantine", 50, 2, 0)]
    [InlineData("v=DMARC1; p=none; sp=reject; adkim=s; aspf=r; fo=1; ruf=mailto:forensic@example.com;", "none", 100, 0, 1)]
    [InlineData("v=DMARC1; p=Reject", "reject", 100, 0, 0)]
    [InlineData("v=DMARC1 ; p = quarantine ; pct = 0 ", "quarantine", 0, 0, 0)]
    [InlineData("v=DMARC1; p=reject; rua=mailto:d@example.com; ri=86400; rf=afrf", "reject", 100, 1, 0)]
    public void Parses_valid_records(string record, string policy, int pct, int rua, int ruf)
    {
        var d = DmarcRecordParser.Parse(record);
        Assert.True(d.IsValid, string.Join("; ", d.Errors));
        Assert.Equal(policy, d.Policy);
        Assert.Equal(pct, d.Percent);
        Assert.Equal(rua, d.Rua.Count);
        Assert.Equal(ruf, d.Ruf.Count);
    }

    [Theory]
    [InlineData("p=reject; v=DMARC1", "does not start")]
    [InlineData("v=DMARC1; rua=mailto:a@example.com", "p= tag is missing")]
    [InlineData("v=DMARC1; p=block", "not none, quarantine or reject")]
    [InlineData("v=DMARC1; p=reject; pct=150", "pct=150")]
    [InlineData("v=DMARC1; p=reject; pct=-1", "pct=-1")]
    [InlineData("v=DMARC1; p=reject; rua=dmarc@example.com", "not a mailto")]
    [InlineData("v=DMARC1; p=reject; p=none", "more than once")]
    [InlineData("v=DMARC1; p=reject; adkim=x", "adkim=x")]
    [InlineData("v=DMARC2; p=reject", "does not start")]
    [InlineData("v=DMARC1; p=reject; garbage", "tag=value")]
    public void Reports_invalid_records(string record, string error)
    {
        var d = DmarcRecordParser.Parse(record);
        Assert.False(d.IsValid);
        Assert.Contains(d.Errors, e => e.Contains(error, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("v=DMARC1; p=none", true)]
    [InlineData("v = DMARC1;p=none", true)]
    [InlineData("p=none; v=DMARC1", false)]
    [InlineData("v=spf1 -all", false)]
    public void Recognises_dmarc_records(string txt, bool dmarc) => Assert.Equal(dmarc, DmarcRecordParser.IsDmarc(txt));
}
