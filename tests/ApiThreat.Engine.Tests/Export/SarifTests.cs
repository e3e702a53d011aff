using ApiThreat.Engine.Export;
using ApiThreat.Engine.Export.Sarif;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace ApiThreat.Engine.Tests.Export;

public class SarifTests
{
    private static readonly Lazy<Task<JsonSchema>> s_schema = new(() =>
        JsonSchema.FromFileAsync(Path.Combine(ExportSamples.SchemaRoot, "sarif-2.1.0", "sarif-schema-2.1.0.json")));

    [Fact]
    public async Task The_log_is_valid_SARIF_2_1_0()
    {
        var text = SarifWriter.Write(ExportSamples.Set(), ExportSamples.Time);
        var errors = (await s_schema.Value).Validate(text);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [Fact]
    public void One_run_with_the_rules_that_fired_and_a_located_result_per_finding()
    {
        var log = SarifWriter.Build(ExportSamples.Set(), ExportSamples.Time);
        var run = (JObject)Assert.Single((JArray)log["runs"]!);
        var rules = (JArray)run["tool"]!["driver"]!["rules"]!;
        Assert.Equal(new[] { "ATR-TEST-001", "ATR-TEST-002", "ATR-TEST-003", "ATR-TEST-004" }, rules.Select(r => (string)r["id"]!));
        var hsts = rules[0];
        Assert.Equal("MissingHstsHeader", (string)hsts["name"]!);
        Assert.Equal("8.0", (string)hsts["properties"]!["security-severity"]!);
        Assert.Contains("external/cwe/cwe-319", hsts["properties"]!["tags"]!.Values<string>());
        Assert.Contains("owasp-api-2023/API8:2023", hsts["properties"]!["tags"]!.Values<string>());
        var results = (JArray)run["results"]!;
        Assert.Equal(4, results.Count);
        Assert.Equal(new[] { "ATR-TEST-002", "ATR-TEST-001", "ATR-TEST-003", "ATR-TEST-004" }, results.Select(r => (string)r["ruleId"]!)); // worst first
        Assert.Equal(new[] { "error", "error", "warning", "note" }, results.Select(r => (string)r["level"]!));
        var uris = results.Select(r => (string)r["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!).ToList();
        Assert.Equal(new[] { "old.contoso.test", "https://api.contoso.test/v1/", "//api.contoso.test:443", "contoso.test" }, uris);
        foreach (var r in results)
        {
            Assert.Equal((string)r["ruleId"]!, (string)rules[(int)r["ruleIndex"]!]!["id"]!);
            Assert.Matches("^[0-9a-f]{64}$", (string)r["partialFingerprints"]![SarifWriter.FingerprintName]!);
        }
    }

    [Fact]
    public void Same_input_gives_the_same_bytes_whatever_the_order_and_the_fingerprint_ignores_drifting_evidence()
    {
        var scan = ExportSamples.Scan();
        var a = SarifWriter.Write(ExportSamples.Set(scan), ExportSamples.Time);
        var reversed = scan.Findings.Reverse().Cast<object>().Concat(new object[] { scan.Findings[0] }).ToArray();
        var b = SarifWriter.Write(ExportSamples.Set(reversed), ExportSamples.Time);
        var c = SarifWriter.Write(ExportSamples.Set(scan.Findings.Cast<object>().ToArray()), ExportSamples.Time);
        Assert.Equal(b, c);
        Assert.DoesNotContain("\r", a);

        var f1 = ExportSamples.Finding("ATR-TEST-009", Severity.Low, FindingCategory.CertificateHealth, "API.contoso.test", "expires in 12 days");
        var f2 = ExportSamples.Finding("ATR-TEST-009", Severity.Low, FindingCategory.CertificateHealth, "api.contoso.test", "expires in 11 days");
        Assert.Equal(StableId.FindingFingerprint(f1), StableId.FindingFingerprint(f2));
    }

    [Fact]
    public void An_empty_input_is_a_valid_log_with_no_results()
    {
        var log = SarifWriter.Build(new ExportSet(), ExportSamples.Time);
        Assert.Empty((JArray)log["runs"]![0]!["results"]!);
    }

    [Theory]
    [InlineData("https://a.test/x?y=1", "https://a.test/x?y=1")]
    [InlineData("a.test", "a.test")]
    [InlineData("a.test:8443", "//a.test:8443")]
    [InlineData("[2001:db8::1]:443", "//[2001:db8::1]:443")]
    public void Locations_are_URLs_or_host_references(string target, string expected) =>
        Assert.Equal(expected, SarifWriter.LocationUri(target));

    [Fact]
    public void Version5_uuids_match_the_RFC_example()
    {
        // RFC 9562 Appendix A.4: DNS namespace, "www.example.com".
        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"), StableId.UuidV5(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com"));
    }
}

public class SarifSchemaSanityTests
{
    [Fact]
    public async Task The_validator_rejects_a_broken_log()
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(ExportSamples.SchemaRoot, "sarif-2.1.0", "sarif-schema-2.1.0.json"));
        var log = SarifWriter.Build(ExportSamples.Set(), ExportSamples.Time);
        log["runs"]![0]!["results"]![0]!["level"] = "catastrophic";
        Assert.NotEmpty(schema.Validate(log.ToString()));
    }
}
