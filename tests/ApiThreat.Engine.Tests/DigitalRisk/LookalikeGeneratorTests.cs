using ApiThreat.Engine.DigitalRisk.Lookalike;

namespace ApiThreat.Engine.Tests.DigitalRisk;

public class LookalikeGeneratorTests
{
    private static List<LookalikeCandidate> Generate(string domain, params string[] fuzzers) =>
        LookalikeGenerator.Generate(domain, new LookalikeGeneratorOptions
        {
            Fuzzers = fuzzers.Length == 0 ? null : fuzzers.ToHashSet(StringComparer.Ordinal),
        }).ToList();

    [Theory]
    [InlineData("example.com", "", "example", "com")]
    [InlineData("www.example.co.uk", "www", "example", "co.uk")]
    [InlineData("a.b.example.com.au", "a.b", "example", "com.au")]
    [InlineData("xn--bcher-kva.de", "", "bücher", "de")]
    [InlineData("Bücher.DE.", "", "bücher", "de")]
    public void Splits_the_registrable_label_from_its_suffix(string domain, string sub, string label, string tld) =>
        Assert.Equal(new DomainParts(sub, label, tld), DomainParts.Parse(domain));

    [Fact]
    public void Keyboard_neighbours_follow_the_rows_and_their_stagger()
    {
        var qwerty = Keyboards.Layouts[0];
        Assert.Equal("qwsz".Order(), qwerty['a'].Order());
        Assert.Equal("1wa2".Order(), qwerty['q'].Order());
        Assert.Equal("njk".Order(), qwerty['m'].Order());
        Assert.Equal("lo0".Order(), qwerty['p'].Order());
        Assert.Equal("lp".Order(), Keyboards.Layouts[2]['m'].Order());          // AZERTY: m sits at the end of the home row
        Assert.Equal("asx".Order(), Keyboards.Layouts[1]['y'].Order());         // QWERTZ: y is bottom left
    }

    [Fact]
    public void Never_yields_the_original_or_a_duplicate_and_every_candidate_is_a_host_name()
    {
        var all = Generate("acme-bank.com");
        Assert.DoesNotContain(all, c => c.Domain == "acme-bank.com");
        Assert.Equal(all.Count, all.Select(c => c.Domain).Distinct().Count());
        Assert.All(all, c => Assert.Matches(@"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]{2,63}$", c.Domain));
        Assert.DoesNotContain(all, c => c.Domain.Split('.').Any(l => l.Length >= 4 && l[2] == '-' && l[3] == '-' && !l.StartsWith("xn--")));
    }

    [Fact]
    public void Each_fuzzer_makes_its_kind_of_typo()
    {
        Assert.Contains("examp1e.com", Generate("example.com", "homoglyph").Select(c => c.Domain));
        Assert.Contains("exmaple.com", Generate("example.com", "transposition").Select(c => c.Domain));
        Assert.Contains("exampel.com", Generate("example.com", "transposition").Select(c => c.Domain));
        Assert.Contains("exa.mple.com", Generate("example.com", "subdomain").Select(c => c.Domain));
        Assert.Contains("examples.com", Generate("example.com", "plural").Select(c => c.Domain));
        Assert.Contains("eximple.com", Generate("example.com", "vowel-swap").Select(c => c.Domain));
        Assert.Contains("exampke.com", Generate("example.com", "replacement").Select(c => c.Domain));
        Assert.Contains("examplecom.com", Generate("example.com", "various").Select(c => c.Domain));
        Assert.Contains("example.uk", Generate("example.co.uk", "various").Select(c => c.Domain));
        Assert.Contains("wwwexample.com", Generate("www.example.com", "various").Select(c => c.Domain));
        Assert.Contains("dxample.com", Generate("example.com", "bitsquatting").Select(c => c.Domain));
    }

    [Fact]
    public void Internationalised_candidates_carry_both_forms()
    {
        var cyrillic = Generate("apple.com", "cyrillic");
        var whole = Assert.Single(cyrillic, c => c.UnicodeDomain == "аррӏе.com");
        Assert.StartsWith("xn--", whole.Domain);
        Assert.Contains(cyrillic, c => c.UnicodeDomain == "аpple.com");
        var homoglyphs = Generate("bank.com", "homoglyph");
        Assert.Contains(homoglyphs, c => c.UnicodeDomain == "bạnk.com" && c.Domain == new System.Globalization.IdnMapping().GetAscii("bạnk.com"));
    }

    [Fact]
    public void Tld_swap_and_dictionary_use_their_lists()
    {
        var options = new LookalikeGeneratorOptions { Fuzzers = new HashSet<string> { "tld-swap", "dictionary" }, Tlds = new[] { "com", "net", ".org" }, Dictionary = new[] { "login" } };
        var domains = LookalikeGenerator.Generate("contoso.com", options).Select(c => (c.Domain, c.Fuzzer)).ToList();
        Assert.Equal(new[] { ("contoso-login.com", "dictionary"), ("contosologin.com", "dictionary"), ("login-contoso.com", "dictionary"), ("logincontoso.com", "dictionary"),
            ("contoso.net", "tld-swap"), ("contoso.org", "tld-swap") }, domains);
    }

    [Fact]
    public void The_cap_bounds_a_long_label()
    {
        var options = new LookalikeGeneratorOptions { MaxCandidates = 1000 };
        Assert.Equal(1000, LookalikeGenerator.Generate("internationalbusinessmachines.com", options).Count());
    }

    [Fact]
    public void Refuses_what_is_not_a_domain()
    {
        Assert.Throws<ArgumentException>(() => DomainParts.Parse("localhost"));
        Assert.Throws<ArgumentException>(() => DomainParts.Parse(""));
    }
}
