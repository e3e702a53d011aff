using System.Diagnostics;
using System.Text;
using ApiThreat.Engine.Fingerprints;
using ApiThreat.Engine.Tests.Infrastructure;

namespace ApiThreat.Engine.Tests.Fingerprints;

public sealed class FingerprintTests
{
    internal static string DataDirectory => RepoPaths.File_("module", "data", "fingerprints");
    private static readonly Lazy<TechnologyStack> s_stack = new(() => TechnologyStack.Load(DataDirectory));
    internal static TechnologyStack Stack => s_stack.Value;

    [Fact]
    public void BundledDatabaseLoadsCleanlyWithEnoughTechnologies()
    {
        var db = Stack.Database;
        Assert.Empty(db.Errors.Select(e => e.ToString()));
        Assert.True(db.Technologies.Count >= 250, $"only {db.Technologies.Count} technologies");
        Assert.All(db.Technologies.Values, t => Assert.NotEmpty(t.Categories));
        // Every technology is detectable: it has patterns or a favicon, or something implies it.
        var implied = db.Technologies.Values.SelectMany(t => t.Implies.Select(i => i.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(db.Technologies.Values, t => Assert.True(t.Rules.Count > 0 || t.FaviconHashes.Length > 0 || implied.Contains(t.Name), $"{t.Name} can never be detected"));
        Assert.All(db.Technologies.Values.Where(t => t.Cpe is not null), t => Assert.Matches(@"^cpe:2\.3:[aho]:[^:]+:[^:]+:\*(:\*){7}$", t.Cpe!));
    }

    [Fact]
    public void EveryPatternRunsUnderATimeout() =>
        Assert.All(Stack.Database.AllRules, r => Assert.Equal(FingerprintPattern.MatchTimeout, r.Pattern.Regex.MatchTimeout));

    [Fact]
    public void LoadsWithinAGenerousBound()
    {
        var sw = Stopwatch.StartNew();
        var db = FingerprintDatabase.Load(DataDirectory);
        sw.Stop();
        Assert.Empty(db.Errors);
        // The benchmark measures the real figure (target < 300 ms); this only catches a pathological regression.
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"loading took {sw.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void BadFilesAndBadPatternsAreReportedAndTheRestLoads()
    {
        var dir = Directory.CreateTempSubdirectory("apithreat-fp-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "broken.json"), "{ \"Oops\": { \"cats\": [1], ");
            File.WriteAllText(Path.Combine(dir.FullName, "mixed.json"), """
            {
              "Good Tech": { "cats": [3], "headers": { "Server": "^goodtech/([\\d.]+)\\;version:\\1" } },
              "Bad Regex": { "cats": [3], "html": "<div (unclosed" },
              "Bad Tag": { "cats": [3], "html": "fine\\;confidence:abc" },
              "Bad Shape": { "cats": [3], "headers": ["not", "an", "object"] },
              "Bad Cpe": { "cats": [3], "cpe": "cpe:/a:vendor:product" }
            }
            """);
            var db = FingerprintDatabase.Load(DataDirectory, new[] { dir.FullName, Path.Combine(dir.FullName, "missing.json") });
            var errors = db.Errors.Select(e => e.ToString()).ToList();
            Assert.Contains(errors, e => e.Contains("broken.json") && e.Contains("not readable"));
            Assert.Contains(db.Errors, e => e.File.EndsWith("mixed.json") && e.Technology == "Bad Regex" && e.Message.Contains("<div (unclosed"));
            Assert.Contains(db.Errors, e => e.Technology == "Bad Tag" && e.Message.Contains("confidence"));
            Assert.Contains(db.Errors, e => e.Technology == "Bad Shape" && e.Message.Contains("headers"));
            Assert.Contains(db.Errors, e => e.Technology == "Bad Cpe" && e.Message.Contains("CPE 2.3"));
            Assert.Contains(errors, e => e.Contains("missing.json") && e.Contains("no such file"));
            Assert.Equal(6, db.Errors.Count);
            Assert.NotNull(db.Find("Good Tech"));
            Assert.NotNull(db.Find("WordPress"));
            var found = new TechnologyDetector(db).Detect(new ResponseEvidence { Url = "https://x.test/", Headers = new[] { new KeyValuePair<string, string>("Server", "goodtech/2.1") } });
            var t = Assert.Single(found);
            Assert.Equal(("Good Tech", "2.1", "Web servers"), (t.Name, t.Version, t.Categories.Single()));
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void UserFilesInWappalyzerShapeAddAndOverride()
    {
        var dir = Directory.CreateTempSubdirectory("apithreat-fp-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "categories.json"), """{ "900": { "name": "In-house", "priority": 1 } }""");
            File.WriteAllText(Path.Combine(dir.FullName, "technologies.json"), """
            { "technologies": {
                "Contoso Gateway": { "cats": [900, 5], "headers": { "X-Contoso-Gw": "v([\\d.]+)\\;version:\\1" }, "implies": "Nginx\\;confidence:50",
                                     "cpe": "cpe:2.3:a:contoso:gateway:*:*:*:*:*:*:*:*", "website": "https://contoso.example", "js": { "ignored": "" } },
                "Express": { "cats": [2], "headers": { "X-Powered-By": "^Express-Custom$" } }
            } }
            """);
            var db = FingerprintDatabase.Load(DataDirectory, new[] { dir.FullName });
            Assert.Empty(db.Errors);
            var detector = new TechnologyDetector(db);
            var found = detector.Detect(new ResponseEvidence
            {
                Url = "https://api.contoso.example/",
                Headers = new KeyValuePair<string, string>[] { new("X-Contoso-Gw", "v4.2"), new("X-Powered-By", "Express-Custom") },
            });
            Assert.Equal(new[] { "Contoso Gateway", "Express", "Nginx" }, found.Select(t => t.Name));
            var gw = found[0];
            Assert.Equal(new[] { "In-house", "API management" }, gw.Categories);
            Assert.Equal("cpe:2.3:a:contoso:gateway:4.2:*:*:*:*:*:*:*", gw.Cpe);
            var nginx = found[2];
            Assert.Equal(50, nginx.Confidence);
            Assert.Equal(new[] { "Contoso Gateway" }, nginx.ImpliedBy);
            // The override replaced Express: it no longer implies Node.js.
            Assert.DoesNotContain(found, t => t.Name == "Node.js");
        }
        finally { dir.Delete(true); }
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("foo", -156908512)]
    [InlineData("hello", 613153351)]
    public void Murmur3MatchesTheReferenceVectors(string input, int expected) =>
        Assert.Equal(expected, FaviconHash.Murmur3(Encoding.ASCII.GetBytes(input)));

    [Fact]
    public void Murmur3HonoursTheSeed() => Assert.Equal(-1322301282, FaviconHash.Murmur3("foo"u8, 42));

    [Fact]
    public void FaviconBase64IsWrappedExactlyLikePythonEncodebytes()
    {
        // Python: base64.encodebytes(bytes((i*7+3)%256 for i in range(200))) — what Shodan's recipe hashes.
        var data = Enumerable.Range(0, 200).Select(i => (byte)((i * 7 + 3) % 256)).ToArray();
        const string python = "AwoRGB8mLTQ7QklQV15lbHN6gYiPlp2kq7K5wMfO1dzj6vH4/wYNFBsiKTA3PkVMU1phaG92fYSL\nkpmgp661vMPK0djf5u30+wIJEBceJSwzOkFIT1ZdZGtyeYCHjpWco6qxuL/GzdTb4unw9/4FDBMa\nISgvNj1ES1JZYGdudXyDipGYn6attLvCydDX3uXs8/oBCA8WHSQrMjlAR05VXGNqcXh/ho2Um6Kp\nsLe+xczT2uHo7/b9BAsSGSAnLjU8Q0pRWF9mbXQ=\n";
        Assert.Equal(python, FaviconHash.WrappedBase64(data));
        Assert.Equal(FaviconHash.Murmur3(Encoding.ASCII.GetBytes(python)), FaviconHash.Compute(data));
        Assert.Equal("", FaviconHash.WrappedBase64(Array.Empty<byte>()));
    }

    [Theory]
    [InlineData("3.4.1", "3.5.0", -1)]
    [InlineData("3.5", "3.5.0", 0)]
    [InlineData("1.0.2k", "1.0.2", 1)]
    [InlineData("1.0.1f", "1.0.1g", -1)]
    [InlineData("1.2.0-beta.1", "1.2.0", -1)]
    [InlineData("10.0", "8.5", 1)]
    [InlineData("2.4.49", "2.4.51", -1)]
    [InlineData("v4.17.21", "4.17.21", 0)]
    public void VersionsCompareAsPeopleMeanThem(string a, string b, int sign) =>
        Assert.Equal(sign, Math.Sign(VersionComparer.Instance.Compare(a, b)));

    [Theory]
    [InlineData(@"^Express$", "express")]
    [InlineData(@"<h1>Whitelabel Error Page</h1>", "<h1>whitelabel error page</h1>")]
    [InlineData(@"/wp-(?:content|includes)/", "/wp-")]
    [InlineData(@"jquery[.-]([\d.]+)(?:\.min)?\.js", "jquery")]
    [InlineData(@"cdn\.jsdelivr\.net/", "cdn.jsdelivr.net/")]
    [InlineData(@"abc?def", "def")]
    [InlineData(@"foo|barbaz", null)]
    [InlineData(@"^x\d+y$", null)]
    [InlineData(@"\x41bcdef", null)]
    public void RequiredLiteralsAreConservative(string pattern, string? expected) =>
        Assert.Equal(expected, RequiredLiterals.Extract(pattern));

    [Fact]
    public void VulnerableAndEndOfLifeVersionsBecomeFindings()
    {
        var jquery = new Technology { Name = "jQuery", Version = "3.4.1", Url = "https://shop.example.test/", Confidence = 100, Evidence = new[] { "script /js/jquery-3.4.1.min.js" } };
        var f = Assert.Single(Stack.Table.Evaluate(jquery));
        Assert.Equal("ATR-TECH-001", f.RuleId);
        Assert.Equal(new[] { "CVE-2020-11022", "CVE-2020-11023" }, f.VulnerabilityIds);
        Assert.Equal(Severity.Medium, f.Severity);
        Assert.Contains("fixed in 3.5.0", f.Title);

        var php = new Technology { Name = "PHP", Version = "7.4.33", Url = "https://shop.example.test/", Confidence = 100 };
        var eol = Assert.Single(Stack.Table.Evaluate(php));
        Assert.Equal(("ATR-TECH-002", Severity.Medium), (eol.RuleId, eol.Severity));
        Assert.Contains("2025-12-31", eol.Title);

        Assert.Empty(Stack.Table.Evaluate(new Technology { Name = "jQuery", Version = "3.7.1" }));
        Assert.Empty(Stack.Table.Evaluate(new Technology { Name = "jQuery" }));
        Assert.Empty(Stack.Table.Evaluate(new Technology { Name = "PHP", Version = "8.3.1" }));
        Assert.NotEmpty(Stack.Table.Updated);
        Assert.All(Stack.Table.Entries, e => Assert.NotNull(Stack.Database.Find(e.Technology)));
        Assert.All(Stack.Table.Entries.Where(e => e.Status == "Vulnerable"), e => Assert.All(e.Ids, id => Assert.Matches(@"^CVE-\d{4}-\d{4,}$", id)));
    }

    [Fact]
    public void HostileInputIsBoundedAndTimedOut()
    {
        // A 3 MiB body of near-matches: scanning stops at the cap and returns promptly.
        var body = new StringBuilder("<html><head><title>x</title>");
        while (body.Length < 3 * 1024 * 1024) body.Append("<script src=\"/wp-content/jquery-").Append('9', 50).Append("<meta name=generator content=");
        var sw = Stopwatch.StartNew();
        var found = Stack.Detector.Detect(new ResponseEvidence { Url = "https://hostile.test/", Body = body.ToString() });
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Contains(found, t => t.Name == "WordPress");
        Assert.All(found.SelectMany(t => t.Evidence), e => Assert.True(e.Length <= 240));
    }
}
