using ApiThreat.Engine.Assessment.Hijack.Content;
using ApiThreat.Engine.Scoring;
using ApiThreat.Engine.Tests.Infrastructure;
using ApiThreat.Engine.Text;

// Not "...Tests.Text": that namespace would hide ApiThreat.Engine.Text from the other test files.
namespace ApiThreat.Engine.Tests.Suffixes;

public class PublicSuffixListTests
{
    private static readonly PublicSuffixList List = PublicSuffixList.Load(RepoPaths.Data(Path.Combine("psl", PublicSuffixList.FileName)));

    [Theory]
    [InlineData("api.contoso.com", "contoso.com", "com")]
    [InlineData("API.Contoso.COM.", "contoso.com", "com")]
    [InlineData("www.example.co.uk", "example.co.uk", "co.uk")]
    [InlineData("a.b.example.com.au", "example.com.au", "com.au")]
    [InlineData("app1.herokuapp.com", "app1.herokuapp.com", "herokuapp.com")]   // PRIVATE section: each customer is a site
    [InlineData("user.github.io", "user.github.io", "github.io")]
    [InlineData("x.y.city.kobe.jp", "city.kobe.jp", "kobe.jp")]                  // exception rule !city.kobe.jp under *.kobe.jp
    [InlineData("shop.foo.kobe.jp", "shop.foo.kobe.jp", "foo.kobe.jp")]          // wildcard rule *.kobe.jp
    [InlineData("www.ck", "www.ck", "ck")]                                       // !www.ck
    [InlineData("a.b.ck", "a.b.ck", "b.ck")]                                     // *.ck
    [InlineData("lab.apithreat.test", "apithreat.test", "test")]                 // no rule: the implicit "*"
    [InlineData("xn--80ak6aa92e.xn--p1ai", "xn--80ak6aa92e.xn--p1ai", "xn--p1ai")] // IDN, punycode
    [InlineData("пример.рф", "xn--e1afmkfd.xn--p1ai", "xn--p1ai")]               // IDN, Unicode in, ASCII out
    public void Finds_the_registrable_domain_and_the_public_suffix(string host, string registrable, string suffix)
    {
        Assert.Equal(registrable, List.RegistrableDomain(host));
        Assert.Equal(suffix, List.PublicSuffix(host));
    }

    [Theory]
    [InlineData("com")]
    [InlineData("co.uk")]
    [InlineData("github.io")]
    [InlineData("localhost")]
    [InlineData("192.0.2.1")]
    [InlineData("[2001:db8::1]")]
    [InlineData("a..b.com")]
    [InlineData("")]
    public void A_suffix_an_address_or_a_malformed_name_has_no_registrable_domain(string host) =>
        Assert.Null(List.RegistrableDomain(host));

    [Fact]
    public void The_shipped_list_is_the_real_one_with_both_sections()
    {
        Assert.True(List.RuleCount > 9000, $"{List.RuleCount} rules");
        var text = File.ReadAllText(RepoPaths.Data(Path.Combine("psl", PublicSuffixList.FileName)));
        Assert.Contains("// ===BEGIN PRIVATE DOMAINS===", text);
        Assert.Contains("Mozilla Public", text);
        Assert.Throws<InvalidDataException>(() => PublicSuffixList.Parse(new StringReader("com\nnet\n"), "x"));
    }

    [Fact]
    public void Hijack_sites_and_score_domains_use_the_list()
    {
        Assert.Equal("example.co.uk", RegistrableDomain.Of("cdn.example.co.uk"));
        Assert.NotEqual(RegistrableDomain.Of("a.github.io"), RegistrableDomain.Of("b.github.io"));
        Assert.Equal("192.0.2.1", RegistrableDomain.Of("192.0.2.1"));
        Assert.Equal("city.kawasaki.jp", DomainGrouper.Registrable("www.city.kawasaki.jp"));
        Assert.Equal("example.com.au", new DomainGrouper(null).DomainOf("api.example.com.au"));
        Assert.Null(new DomainGrouper(null).DomainOf("co.uk"));
    }
}
