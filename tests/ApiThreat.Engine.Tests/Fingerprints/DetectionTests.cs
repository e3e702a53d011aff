using ApiThreat.Engine.Fingerprints;

namespace ApiThreat.Engine.Tests.Fingerprints;

/// <summary>Stored responses (fixtures/*.json) against the bundled database: exact sets, versions and findings.</summary>
public sealed class DetectionTests
{
    public static IEnumerable<object[]> Fixtures => ResponseFixture.Names();

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void FixtureYieldsExactlyItsTechnologies(string name)
    {
        var fixture = ResponseFixture.Get(name);
        var found = FingerprintTests.Stack.Identify(fixture.Evidence);
        Assert.Equal(fixture.Expect.Keys.OrderBy(k => k, StringComparer.OrdinalIgnoreCase), found.Select(t => t.Name));
        foreach (var t in found)
        {
            Assert.True(fixture.Expect[t.Name] == t.Version, $"{t.Name}: expected version '{fixture.Expect[t.Name]}', got '{t.Version}' ({string.Join(" | ", t.Evidence)})");
            Assert.InRange(t.Confidence, 1, 100);
            Assert.NotEmpty(t.Evidence);
            Assert.Equal(fixture.Evidence.Url, t.Url);
        }
        Assert.Equal(fixture.Findings.OrderBy(f => f), found.SelectMany(t => t.Findings).Select(f => f.RuleId).OrderBy(f => f));
    }

    public static IEnumerable<object[]> Technologies =>
        FingerprintTests.Stack.Database.Technologies.Keys.OrderBy(k => k, StringComparer.Ordinal).Select(k => new object[] { k });

    /// <summary>One test per bundled technology: a realistic stored response expects it (and the fixture test above
    /// proves it is found there, with nothing extra).</summary>
    [Theory]
    [MemberData(nameof(Technologies))]
    public void TechnologyIsCoveredByARealisticFixture(string technology)
    {
        var fixtures = ResponseFixture.All.Where(f => f.Expect.ContainsKey(technology)).Select(f => f.Name).ToList();
        Assert.True(fixtures.Count > 0, $"{technology} has no fixture in {ResponseFixture.Directory}");
        var fixture = ResponseFixture.Get(fixtures[0]);
        Assert.Contains(FingerprintTests.Stack.Identify(fixture.Evidence), t => t.Name == technology);
    }

    [Fact]
    public void ImpliesAreTransitiveAndRecordWhoImplied()
    {
        var found = FingerprintTests.Stack.Identify(new ResponseEvidence
        {
            Url = "https://blog.example.test/",
            Headers = new KeyValuePair<string, string>[] { new("Content-Type", "text/html") },
            Body = "<html><head><meta name=\"generator\" content=\"WooCommerce 8.2.1\"></head></html>",
        });
        Assert.Equal(new[] { "MySQL", "PHP", "WooCommerce", "WordPress" }, found.Select(t => t.Name));
        Assert.Equal(new[] { "WooCommerce" }, found.Single(t => t.Name == "WordPress").ImpliedBy);
        Assert.Equal(new[] { "WordPress" }, found.Single(t => t.Name == "PHP").ImpliedBy);
        Assert.Equal(50, found.Single(t => t.Name == "MySQL").Confidence);
        Assert.Equal("cpe:2.3:a:woocommerce:woocommerce:8.2.1:*:*:*:*:*:*:*", found.Single(t => t.Name == "WooCommerce").Cpe);
    }

    [Fact]
    public void ConfidenceIsSummedAndCapped()
    {
        var found = FingerprintTests.Stack.Identify(new ResponseEvidence
        {
            Url = "https://cdn.example.test/",
            Headers = new KeyValuePair<string, string>[] { new("X-Served-By", "cache-lhr7351-LHR"), new("X-Timer", "S1700000000.123456,VS0,VE1") },
        });
        Assert.Equal(new[] { "Fastly", "Varnish" }, found.Select(t => t.Name));
        Assert.Equal(100, found[0].Confidence);
        var half = FingerprintTests.Stack.Identify(new ResponseEvidence
        {
            Url = "https://cdn.example.test/",
            Headers = new KeyValuePair<string, string>[] { new("X-Served-By", "cache-lhr7351-LHR") },
        });
        Assert.Equal(50, half.Single(t => t.Name == "Fastly").Confidence);
    }
}
