using ApiThreat.Engine.Assessment.Hijack;
using ApiThreat.Engine.Assessment.Hijack.Cookies;
using ApiThreat.Engine.Assessment.Hijack.Csp;
using ApiThreat.Engine.Assessment.Hijack.Observatory;
using ApiThreat.Engine.Assessment.Hijack.Takeover;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Tests.Assessment.Hijack;

public class HijackUnitTests
{
    [Theory]
    [InlineData(150, "A+")] [InlineData(100, "A+")] [InlineData(99, "A")] [InlineData(90, "A")] [InlineData(89, "A-")] [InlineData(85, "A-")]
    [InlineData(84, "B+")] [InlineData(79, "B")] [InlineData(70, "B")] [InlineData(65, "B-")] [InlineData(60, "C+")] [InlineData(55, "C")]
    [InlineData(50, "C")] [InlineData(45, "C-")] [InlineData(40, "D+")] [InlineData(35, "D")] [InlineData(30, "D")] [InlineData(25, "D-")]
    [InlineData(24, "F")] [InlineData(0, "F")] [InlineData(-20, "F")]
    public void Grade_chart_matches_the_observatory(int score, string grade) => Assert.Equal(grade, ObservatoryScoring.Grade(score));

    [Fact]
    public void Bonuses_count_only_from_an_uncurved_A()
    {
        Assert.Equal((115, "A+"), ObservatoryScoring.Score(new[] { 10, 5, -10, 10 }));   // uncurved 90: bonuses kept
        Assert.Equal((85, "A-"), ObservatoryScoring.Score(new[] { 10, 5, -15, 10 }));    // uncurved 85: bonuses dropped
        Assert.Equal((0, "F"), ObservatoryScoring.Score(new[] { -50, -50, -40 }));       // never below zero
    }

    [Fact]
    public void Every_result_id_has_a_modifier_and_tests_are_the_ten()
    {
        Assert.Equal(10, ObservatoryScoring.Tests.Length);
        Assert.Equal(-50, ObservatoryScoring.Modifiers["cross-origin-resource-sharing-implemented-with-universal-access"]);
        Assert.Equal(-25, ObservatoryScoring.Modifiers["csp-not-implemented-but-reporting-enabled"]);
        Assert.Equal(0, ObservatoryScoring.Modifiers["csp-implemented-but-duplicate-directives"]);
        Assert.Equal(10, ObservatoryScoring.Modifiers["corp-implemented-with-same-site"]);
    }

    [Fact]
    public void Csp_parser_reports_duplicates_unknowns_and_unquoted_keywords()
    {
        var p = new CspPolicy("Script-Src self 'unsafe-inline'; script-src 'none'; foo-bar x; object-src 'none'", CspDelivery.Header);
        Assert.Equal(new[] { "script-src" }, p.Duplicates);
        Assert.Equal(new[] { "self", "'unsafe-inline'" }, p.Get("script-src"));
        Assert.Contains(p.Issues, i => i.Contains("unknown directive 'foo-bar'"));
        Assert.Contains(p.Issues, i => i.Contains("'self' must be single-quoted") || i.Contains("'self'"));
        Assert.Equal(2, CspPolicy.ParseHeader("default-src 'self', script-src 'none'", CspDelivery.Header).Count());
    }

    [Fact]
    public void Csp_nonce_and_strict_dynamic_neutralise_unsafe_inline_and_hosts()
    {
        var p = new CspPolicy("script-src 'nonce-abc' 'strict-dynamic' 'unsafe-inline' https:; object-src 'none'; base-uri 'none'", CspDelivery.Header);
        Assert.Null(CspChecks.InlineAllowed(p));
        Assert.Null(CspChecks.BroadScript(p));
        Assert.Empty(CspChecks.Evaluate("https://x.test/", new[] { p }));
        var weak = new CspPolicy("script-src 'self' 'unsafe-inline' http://cdn.test", CspDelivery.Header);
        var ids = CspChecks.Evaluate("https://x.test/", new[] { weak }).Select(f => f.RuleId).ToArray();
        Assert.Equal(new[] { "ATR-HIJACK-003", "ATR-HIJACK-005", "ATR-HIJACK-006", "ATR-HIJACK-007" }, ids);
        // Two enforced policies: a weakness counts only when both have it.
        var strict = new CspPolicy("script-src 'self'; object-src 'none'; base-uri 'none'", CspDelivery.Header);
        Assert.Empty(CspChecks.Evaluate("https://x.test/", new[] { weak, strict }));
    }

    [Fact]
    public void Observatory_csp_merge_keeps_only_sources_both_policies_allow()
    {
        var r = ObservatoryCsp.Parse(new[] { "default-src 'self' https://a.test/; script-src 'self'", "default-src https://a.test/lib/ 'none'" });
        Assert.Equal(new[] { "https://a.test/lib/" }.ToHashSet(), r.Directives["default-src"]);
        Assert.Equal(new[] { "'self'" }.ToHashSet(), r.Directives["script-src"]);
        Assert.Throws<ObservatoryCspException>(() => ObservatoryCsp.Parse(new[] { "img" }));
        Assert.Throws<ObservatoryCspException>(() => ObservatoryCsp.Parse(new[] { "script-src a; script-src b" }));
        Assert.True(ObservatoryCsp.Parse(new[] { "default-src 'none'; report-uri /a; report-uri /b" }).HasDuplicateWarnings);
        Assert.Equal(new[] { "'none'" }.ToHashSet(), ObservatoryCsp.Parse(new[] { "default-src; img-src 'self'" }).Directives["default-src"]);
    }

    [Theory]
    [InlineData("/account;jsessionid=0123456789ABCDEF", true)]
    [InlineData("https://x.test/a?PHPSESSID=abcdef123&x=1", true)]
    [InlineData("https://x.test/a?x=1&sid=abc", false)]
    [InlineData("https://x.test/a?side=abcdefgh", false)]
    [InlineData("https://x.test/sid=abcdefgh", false)]
    public void Session_ids_in_urls(string url, bool expected) => Assert.Equal(expected, ApiThreat.Engine.Assessment.Hijack.Checks.SessionIdInUrlCheck.CarriesSessionId(url));

    [Fact]
    public void Set_cookie_parsing_and_prefix_rules()
    {
        var c = SetCookie.Parse("__Host-sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax")!;
        Assert.True(c.Secure && c.HttpOnly && c.SameSiteRestricts);
        Assert.Null(c.PrefixViolation());
        Assert.Equal("__Host- cookie with a Domain attribute", SetCookie.Parse("__Host-a=1; Secure; Path=/; Domain=x.test")!.PrefixViolation());
        Assert.Equal("__Secure- cookie without Secure", SetCookie.Parse("__Secure-a=1")!.PrefixViolation());
        Assert.Null(SetCookie.Parse("novalue"));
        Assert.False(SetCookie.Parse("a=1; SameSite=Bogus")!.SameSiteValid);
        Assert.False(SetCookie.Parse("a=1; Domain=other.test")!.AcceptedBy("www.site.test", true));
    }

    [Fact]
    public void Bundled_signature_file_is_dated_attributed_and_covers_the_vulnerable_services()
    {
        var path = Path.Combine(HijackLabTests.RepoRoot(), "module", "data", "takeover", "signatures.json");
        var json = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(path));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", (string)json["version"]!);
        Assert.Equal("CC-BY-4.0", (string)json["source"]!["license"]!);
        Assert.Contains("can-i-take-over-xyz", (string)json["source"]!["url"]!);
        var set = TakeoverSignatureSet.Load(new[] { path });
        // Every service the source list marks Vulnerable is present with a way to detect it.
        foreach (var service in new[] { "AWS/Elastic Beanstalk", "AWS/S3", "Agile CRM", "Airee.ru", "Anima", "Bitbucket", "Campaign Monitor", "Cargo Collective",
                     "Digital Ocean", "Discourse", "Fly.io", "Gemfury", "Ghost", "HatenaBlog", "Help Juice", "Help Scout", "Intercom", "JetBrains", "Kinsta",
                     "LaunchRock", "Microsoft Azure", "Ngrok", "Pantheon", "Pingdom", "Readme.io", "Short.io", "SmartJobBoard", "Strikingly", "Surge.sh",
                     "SurveySparrow", "Uberflip", "Uptimerobot", "Wordpress", "Worksites" })
        {
            var s = Assert.Single(set.Signatures, x => x.Service == service);
            Assert.Equal("Vulnerable", s.Status);
            Assert.True(s.Cname.Length > 0 || s.Nameservers.Length > 0, service);
            Assert.True(s.Fingerprint.Length > 0 || s.Nxdomain, service);
        }
        Assert.All(set.Signatures.Where(s => s.RequiresDomainVerification), s => Assert.Equal(Confidence.Unlikely, s.Confidence));
        Assert.True(set.Signatures.Single(s => s.Service == "Heroku").MatchesCname("app.herokuapp.com"));
        Assert.False(set.Signatures.Single(s => s.Service == "Heroku").MatchesCname("notherokuapp.com"));
    }

    [Fact]
    public void Rules_are_in_the_catalogue_and_complete()
    {
        var rules = RuleCatalog.All.Where(r => r.Id.StartsWith("ATR-HIJACK-") || r.Id.StartsWith("ATR-TAKEOVER-")).ToList();
        Assert.Equal(38, rules.Count);
        Assert.All(rules, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Rationale));
            Assert.False(string.IsNullOrWhiteSpace(r.Remediation));
            Assert.NotEmpty(r.References);
            Assert.NotNull(r.Cwe);
        });
        Assert.All(rules.Where(r => r.Id.StartsWith("ATR-TAKEOVER-")), r => Assert.Equal(FindingCategory.Takeover, r.Category));
    }

    [Theory]
    [InlineData(null, "/", "/")] [InlineData(null, "/a/b", "/a")] [InlineData(null, "/a/", "/a")] [InlineData("", "/a/b", "/a")]
    [InlineData("app", "/a/b", "/a")] [InlineData("/app", "/a/b", "/app")] [InlineData(null, "/a", "/")]
    public void Cookie_paths_default_as_rfc6265_says(string? attribute, string requestPath, string expected) =>
        Assert.Equal(expected, CookieJar.StorePath(attribute, requestPath));

    [Fact]
    public void Jar_replaces_same_name_domain_and_path_in_place_and_keeps_other_paths()
    {
        var jar = new CookieJar();
        var hop = new Uri("https://x.test/");
        var page = new Uri("https://x.test/home");
        jar.AddAll(new[] { "sid=1; Path=/", "theme=a; Path=/app", "lang=en" }, hop, 302);
        jar.AddAll(new[] { "sid=2; Path=/; Secure", "theme=b; Path=/", "lang=fr; Domain=x.test; Path=/", "__Host-x=1; Path=/", "far=1; Domain=other.test" }, page, 200);
        Assert.Equal(new[] { "sid=2@/:200", "theme=a@/app:302", "lang=fr@/:200", "theme=b@/:200" },
            jar.Stored.Select(c => $"{c.Cookie.Name}={c.Cookie.Value}@{c.Path}:{c.StatusCode}"));
        Assert.Equal(new[] { "__Host-x", "far" }, jar.Refused.Select(c => c.Cookie.Name));
        var plain = new CookieJar();
        plain.AddAll(new[] { "s=1; Secure" }, new Uri("http://x.test/"), 301);
        Assert.Empty(plain.Stored);
    }

    [Fact]
    public void Preload_list_matches_names_and_include_subdomains_parents_like_the_observatory()
    {
        const string chromium = """
            // Copyright comment, as in Chromium's file
            { "pinsets": [ { "name": "p", "static_spki_hashes": [] } ],
              "entries": [
                // comments between entries
                { "name": "Exact.Test", "policy": "custom", "mode": "force-https" },
                { "name": "tree.test", "policy": "custom", "mode": "force-https", "include_subdomains": true },
                { "name": "pinned.test", "policy": "custom", "pins": "p", "include_subdomains": true },
                { "name": "dropped.test", "policy": "custom", "mode": "force-https" },
                { "name": "dropped.test", "policy": "custom", "pins": "p" },
              ] }
            """;
        var list = HstsPreloadList.Parse(System.Text.Encoding.UTF8.GetBytes(chromium), new DateOnly(2026, 1, 2));
        Assert.Equal(2, list.Count);
        Assert.Equal(new DateOnly(2026, 1, 2), list.Date);
        Assert.True(list.IsPreloaded("exact.test"));
        Assert.True(list.IsPreloaded("EXACT.test."));
        Assert.False(list.IsPreloaded("www.exact.test"));   // no include_subdomains
        Assert.True(list.IsPreloaded("tree.test"));
        Assert.True(list.IsPreloaded("a.b.tree.test"));
        Assert.False(list.IsPreloaded("xtree.test"));
        Assert.False(list.IsPreloaded("pinned.test"));       // pinning-only entries do not preload
        Assert.False(list.IsPreloaded("a.pinned.test"));
        Assert.False(list.IsPreloaded("dropped.test"));      // the last entry for a name wins
        Assert.False(HstsPreloadList.Empty.IsPreloaded("tree.test"));
        Assert.Throws<InvalidDataException>(() => HstsPreloadList.Parse("{\"values\":[]}"u8.ToArray(), null));
        Assert.Throws<InvalidDataException>(() => HstsPreloadList.Parse("not json"u8.ToArray(), null));
    }

    [Fact]
    public void Preload_list_round_trips_through_the_module_format_with_its_date()
    {
        var list = HstsPreloadList.Parse("""{ "date": "2025-05-06", "entries": [ { "name": "a.test", "mode": "force-https", "include_subdomains": true } ] }"""u8.ToArray(), null);
        var path = Path.Combine(Path.GetTempPath(), "apithreat-preload-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            list.Write(path, "unit test");
            var back = HstsPreloadList.ReadFile(path);
            Assert.Equal(new DateOnly(2025, 5, 6), back.Date);
            Assert.Equal("unit test", back.Source);
            Assert.True(back.IsPreloaded("x.a.test"));
            Assert.True(HstsPreloadList.LooksLikePreloadList(path));
        }
        finally { File.Delete(path); }
    }
}
