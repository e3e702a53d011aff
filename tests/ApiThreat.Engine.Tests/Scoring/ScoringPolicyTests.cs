using ApiThreat.Engine.Scoring;
using ApiThreat.Engine.Tests.Infrastructure;
using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Tests.Scoring;

public class ScoringPolicyTests
{
    private static string DefaultJson => File.ReadAllText(RepoPaths.File_("module", "data", "scoring", "policy.json"));

    private static JObject Editable() => JObject.Parse(DefaultJson, new Newtonsoft.Json.Linq.JsonLoadSettings { CommentHandling = Newtonsoft.Json.Linq.CommentHandling.Ignore });

    private static ScoringPolicyException Fails(JObject policy) =>
        Assert.Throws<ScoringPolicyException>(() => ScoringPolicy.Parse(policy.ToString(), "my-policy.json"));

    [Fact]
    public void MissingWeightIsNamed()
    {
        var p = Editable();
        ((JObject)p["factors"]!["Takeover"]!).Remove("weight");
        var e = Fails(p);
        Assert.Equal("factors.Takeover.weight", e.Field);
        Assert.Contains("my-policy.json", e.Message);
        Assert.Contains("'factors.Takeover.weight' is required", e.Message);
    }

    [Fact]
    public void OutOfRangeValueIsNamedWithItsLine()
    {
        var p = Editable();
        p["severityPenalty"]!["High"] = 150;
        var e = Fails(p);
        Assert.Equal("severityPenalty.High", e.Field);
        Assert.NotNull(e.Line);
        Assert.Contains("between 0 and 100", e.Message);
    }

    [Fact]
    public void TypoIsCaughtWithASuggestion()
    {
        var p = Editable();
        p["RepeatDecay"] = 0.5;
        var e = Fails(p);
        Assert.Equal("RepeatDecay", e.Field);
        Assert.Contains("did you mean 'repeatDecay'", e.Message);
    }

    [Fact]
    public void WrongTypeIsNamed()
    {
        var p = Editable();
        p["repeatDecay"] = "half";
        Assert.Contains("must be a number, not the string \"half\"", Fails(p).Message);
    }

    [Fact]
    public void GradesMustDescend()
    {
        var p = Editable();
        p["grades"]!["C"] = 85;
        var e = Fails(p);
        Assert.Equal("grades.C", e.Field);
    }

    [Fact]
    public void CapErrorsNameTheCap()
    {
        var p = Editable();
        p["caps"]![1]!["maxGrade"] = "E";
        Assert.Equal("caps[1].maxGrade", Fails(p).Field);

        p = Editable();
        p["caps"]![0]!["minConfidence"] = "Sure";
        var e = Fails(p);
        Assert.Equal("caps[0].minConfidence", e.Field);
        Assert.Contains("Confirmed", e.Message);

        p = Editable();
        ((JObject)p["caps"]![2]!).Remove("rules");
        Assert.Contains("needs rules or categories", Fails(p).Message);

        p = Editable();
        p["caps"]![3]!["id"] = "invalid-certificate";
        Assert.Contains("used by another cap", Fails(p).Message);

        p = Editable();
        p["caps"]![0]!["maxScore"] = 50;
        Assert.Contains("exactly one of maxGrade", Fails(p).Message);
    }

    [Fact]
    public void InvalidJsonAndMissingFileAreNamed()
    {
        var e = Assert.Throws<ScoringPolicyException>(() => ScoringPolicy.Parse("{ \"grades\": ", "broken.json"));
        Assert.Contains("broken.json", e.Message);
        Assert.Contains("not valid JSON", e.Message);
        var missing = Path.Combine(Path.GetTempPath(), "apithreat-no-such-policy.json");
        var m = Assert.Throws<ScoringPolicyException>(() => ScoringPolicy.Load(missing));
        Assert.Contains("does not exist", m.Message);
        Assert.Contains(missing, m.Message);
    }

    [Fact]
    public void AnEditedPolicyChangesTheArithmetic()
    {
        var p = Editable();
        p["repeatDecay"] = 1.0;
        p["factors"]!["DnsHealth"]!["weight"] = 0.0;
        p["caps"] = new JArray();
        var policy = ScoringPolicy.Parse(p.ToString(), "linear.json");
        var agg = new RiskAggregator(policy);
        for (var i = 0; i < 3; i++)
            agg.Add(ScoringTests.F("ATR-TLS-010", "a.contoso.com", FindingCategory.TransportSecurity, evidence: i.ToString()));
        agg.Add(ScoringTests.F("ATR-DNS-003", "a.contoso.com", FindingCategory.DnsHealth));
        agg.Add(ScoringTests.F("ATR-TAKEOVER-001", "a.contoso.com", FindingCategory.Takeover, Severity.Critical, Confidence.Confirmed));
        var s = agg.Compute().First();
        // Linear repeats: 3 x 8 = 24 x 0.8; DNS weighs nothing; no caps: 100 - 19.2 - 40 = 40.8.
        Assert.Equal(40.8, s.Score, 6);
        Assert.Empty(s.Caps);
    }
}
