using ApiThreat.Engine.DigitalRisk.Lookalike;

namespace ApiThreat.Engine.Tests.DigitalRisk;

public class PageFingerprintTests
{
    private static string Page(string host, string nonce, string body) =>
        $"<html><head><title>Contoso sign in</title><link href=\"https://{host}/site.css?v={nonce}\"></head><body>{body}" +
        $"<form action=\"https://{host}/login\"><input name=user><input name=pass type=password></form><p>Copyright 2026 {nonce}</p></body></html>";

    private const string Text = "<p>Welcome to Contoso online banking. Sign in with your customer number and passcode. Never share your passcode.</p>";

    [Fact]
    public void A_clone_on_another_host_scores_near_100_and_unrelated_pages_near_0()
    {
        var original = PageFingerprint.Compute(Page("contoso.com", "123", Text), "contoso.com");
        var clone = PageFingerprint.Compute(Page("c0ntoso.com", "98765", Text), "c0ntoso.com");
        var other = PageFingerprint.Compute("<html><body><h1>This domain is for sale</h1><p>Buy it today: loans, insurance, travel deals.</p></body></html>", "x.com");
        Assert.True(PageFingerprint.Compare(original, clone) >= 90, $"clone scored {PageFingerprint.Compare(original, clone)}");
        Assert.True(PageFingerprint.Compare(original, other) <= 20, $"unrelated scored {PageFingerprint.Compare(original, other)}");
        Assert.Equal(100, PageFingerprint.Compare(original, original));
    }

    [Fact]
    public void Empty_pages_and_foreign_hashes_compare_to_nothing()
    {
        Assert.Null(PageFingerprint.Compute("   ", "a.com"));
        Assert.Null(PageFingerprint.Compare("mh64:AAAA", PageFingerprint.Compute(Text)));
        Assert.Null(PageFingerprint.Compare("3:abc:def", null));
    }

    [Fact]
    public void Small_edits_lower_the_score_gradually()
    {
        var a = PageFingerprint.Compute(Page("contoso.com", "1", Text + Text.Replace("Welcome", "Hello")), "contoso.com");
        var b = PageFingerprint.Compute(Page("contoso.com", "1", Text + "<p>A new paragraph about mortgages and savings rates for this month only.</p>"), "contoso.com");
        var score = PageFingerprint.Compare(a, b)!.Value;
        Assert.InRange(score, 30, 95);
    }
}
