using System.Diagnostics;
using ApiThreat.Engine.Fingerprints;
using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Tests.Fingerprints;

/// <summary>
/// A user fingerprint file full of catastrophic patterns ((a+)+$ and kin) against a page built to trigger them: each
/// input costs the detector's budget at most, each slow pattern is named in a warning, and a pattern that keeps
/// timing out is disabled. The bundled fingerprints still detect what they detect.
/// </summary>
public class CatastrophicPatternTests
{
    [Fact]
    public void A_file_of_catastrophic_patterns_costs_one_budget_per_input_and_each_slow_pattern_is_named()
    {
        var dir = Directory.CreateTempSubdirectory("apithreat-evil-fp-");
        try
        {
            var file = Path.Combine(dir.FullName, "evil.json");
            var technologies = new JObject();
            for (var i = 0; i < 135; i++)
                technologies[$"Evil{i:D3}"] = new JObject { ["cats"] = new JArray(1), ["html"] = $"(a+)+{i}$" };
            File.WriteAllText(file, technologies.ToString());
            var db = FingerprintDatabase.Load(FingerprintTests.DataDirectory, new[] { file });
            Assert.Empty(db.Errors);
            var detector = new TechnologyDetector(db);
            var page = new ResponseEvidence
            {
                Url = "https://evil.test/",
                Headers = new[] { new KeyValuePair<string, string>("Server", "nginx/1.24.0") },
                Body = "<html><body>" + new string('a', 30_000) + "!</body></html>",
            };

            for (var input = 0; input < 3; input++)
            {
                var warnings = new List<string>();
                var sw = Stopwatch.StartNew();
                var found = detector.Detect(page, warnings.Add);
                var budget = TechnologyDetector.InputBudget + FingerprintPattern.MatchTimeout + TimeSpan.FromSeconds(1.5);
                Assert.True(sw.Elapsed < budget, $"input {input} took {sw.Elapsed}");
                Assert.Contains(found, t => t.Name == "Nginx"); // headers are matched before the body: still found
                Assert.Contains(warnings, w => w.Contains("(a+)+") && w.Contains("of Evil") && w.Contains("evil.json"));
                Assert.Contains(warnings, w => w.StartsWith("Technology detection of https://evil.test/ stopped after 2 s", StringComparison.Ordinal));
            }
            Assert.Contains(db.AllRules, r => r.Pattern.Disabled);
        }
        finally { dir.Delete(true); }
    }
}
