using System.Text.Json;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Specs;
using ApiThreat.Engine.Tests.Infrastructure;

namespace ApiThreat.Engine.Tests.Specs;

public class SpecLinterTests
{
    private static readonly string s_fixtures = RepoPaths.File_("tests", "fixtures", "specs");

    public static IEnumerable<object[]> Fixtures()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_fixtures, "expectations.json")));
        foreach (var p in doc.RootElement.EnumerateObject())
            if (!p.Name.StartsWith('_')) yield return new object[] { p.Name, p.Value.EnumerateArray().Select(e => e.GetString()!).ToArray() };
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Each_fixture_gives_exactly_its_expected_rules(string file, string[] expected)
    {
        var path = Path.GetFullPath(Path.Combine(s_fixtures, file));
        var spec = await SpecLoader.LoadFileAsync(path);
        var findings = SpecLinter.Lint(spec, path).Findings;
        Assert.Equal(expected.OrderBy(x => x), findings.Select(f => f.RuleId).Distinct().OrderBy(x => x));
        Assert.All(findings, f =>
        {
            Assert.Equal(path, f.Target);
            Assert.False(string.IsNullOrEmpty(f.Location));
            Assert.StartsWith(f.Location!, f.Evidence);
        });
    }

    [Fact]
    public async Task Flaws_are_reported_where_they_are()
    {
        var spec = await SpecLoader.LoadFileAsync(Path.Combine(s_fixtures, "flaw-operations.yaml"));
        var at = SpecLinter.Lint(spec, "x").Findings.Select(f => $"{f.RuleId} {f.Location}").OrderBy(s => s, StringComparer.Ordinal);
        Assert.Equal(new[]
        {
            "ATR-SPEC-001 POST /orders/{orderId}/cancel",
            "ATR-SPEC-002 GET /catalog",
            "ATR-SPEC-005 GET /search",
            "ATR-SPEC-022 GET /invoices/{invoiceId}",
            "ATR-SPEC-023 GET /exports",
            "ATR-SPEC-024 DELETE /admin/orders/{orderId}",
            "ATR-SPEC-029 GET /admin/stats",
        }, at);
    }

    [Fact]
    public async Task Vampi_debug_endpoint_is_high_and_schema_findings_group_per_owner()
    {
        var spec = await SpecLoader.LoadFileAsync(RepoPaths.Shared("specs", "vampi-openapi3.yml"));
        var findings = SpecLinter.Lint(spec, "vampi").Findings;
        var debug = Assert.Single(findings, f => f.RuleId == SpecRules.UnprotectedAdmin.Id);
        Assert.Equal("GET /users/v1/_debug", debug.Location);
        Assert.Equal(Severity.High, debug.Severity);
        Assert.Equal("API5:2023", debug.OwaspApi);
        // One finding per rule and place, never duplicates.
        Assert.Equal(findings.Count, findings.Select(f => (f.RuleId, f.Location)).Distinct().Count());
    }

    [Fact]
    public void Every_spec_rule_is_in_the_catalogue_with_an_owasp_category()
    {
        // Completeness of every rule is RuleCatalogTests' concern; spec rules also all map to the OWASP API Top 10.
        var rules = typeof(SpecRules).GetFields().Select(f => (ThreatRule)f.GetValue(null)!).ToList();
        Assert.Equal(29, rules.Count);
        Assert.All(rules, r =>
        {
            Assert.Same(r, RuleCatalog.Get(r.Id));
            Assert.StartsWith("ATR-SPEC-", r.Id);
            Assert.Matches(@"^API\d+:2023$", r.OwaspApi);
        });
    }

    [Fact]
    public async Task Reference_cycles_and_deep_schemas_lint_in_bounded_time()
    {
        var sb = new System.Text.StringBuilder("""
            openapi: 3.0.0
            info: { title: cycles, version: '1' }
            paths:
              /a:
                post:
                  requestBody:
                    content:
                      application/json:
                        schema: { $ref: '#/components/schemas/A' }
                  responses: { '200': { description: ok } }
            components:
              schemas:
                A: { type: object, properties: { b: { $ref: '#/components/schemas/B' }, self: { $ref: '#/components/schemas/A' } } }
                B: { type: object, properties: { a: { $ref: '#/components/schemas/A' }, list: { type: array, items: { $ref: '#/components/schemas/B' } } } }
            """);
        var spec = await SpecLoader.LoadAsync(sb.ToString());
        var result = SpecLinter.Lint(spec, "cycles");
        var findings = result.Findings;
        Assert.Null(result.Warning); // finished inside its deadline
        Assert.Contains(findings, f => f.RuleId == SpecRules.UnboundedArray.Id && f.Location == "#/components/schemas/B");
        Assert.Contains(findings, f => f.RuleId == SpecRules.OpenAdditionalProperties.Id);
    }
}
