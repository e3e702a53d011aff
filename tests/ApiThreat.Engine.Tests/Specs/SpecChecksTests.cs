using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Specs;
using ApiThreat.Engine.Specs.Checks;

namespace ApiThreat.Engine.Tests.Specs;

/// <summary>The spec checks as a set: their registration, the lint deadline, reference chains, odd documents.</summary>
public class SpecChecksTests
{
    [Fact]
    public void Every_spec_rule_has_exactly_the_checks_that_raise_it()
    {
        var checks = Checks<SpecEvidence>.All;
        Assert.True(checks.Count >= 10, "the spec checks are small classes, one per rule family");
        var raised = checks.SelectMany(c => c.Rules).Distinct().ToList();
        var rules = typeof(SpecRules).GetFields().Select(f => (ThreatRule)f.GetValue(null)!).ToList();
        Assert.Equal(rules.Select(r => r.Id).Order(), raised.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task A_document_past_its_deadline_gives_the_findings_found_in_time_and_a_warning_naming_it()
    {
        var spec = await SpecLoader.LoadAsync(RefHeavy(operations: 400, components: 80));
        var complete = SpecLinter.Lint(spec, "refs.json");
        Assert.Null(complete.Warning);
        var cut = SpecLinter.Lint(spec, "refs.json", TimeSpan.Zero);
        Assert.NotNull(cut.Warning);
        Assert.Contains("refs.json", cut.Warning);
        Assert.Contains("deadline", cut.Warning);
        Assert.True(cut.Findings.Count < complete.Findings.Count);
        Assert.All(cut.Findings, f => Assert.Contains(complete.Findings, c => c.RuleId == f.RuleId && c.Location == f.Location));
    }

    [Fact]
    public async Task Url_properties_are_found_through_reference_chains_and_absent_from_models_without_any()
    {
        var spec = await SpecLoader.LoadAsync("""
            openapi: 3.0.0
            info: { title: chains, version: '1' }
            paths:
              /hooks:
                post:
                  requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/Order' } } } }
                  responses: { '200': { description: ok } }
              /plain:
                post:
                  requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/Plain' } } } }
                  responses: { '200': { description: ok } }
            components:
              schemas:
                Order: { type: object, properties: { customer: { $ref: '#/components/schemas/Customer' }, items: { type: array, items: { $ref: '#/components/schemas/Plain' } } } }
                Customer: { allOf: [ { $ref: '#/components/schemas/Plain' }, { $ref: '#/components/schemas/Contact' } ] }
                Contact: { type: object, properties: { notify: { type: string, format: uri } } }
                Plain: { type: object, properties: { name: { type: string }, sibling: { $ref: '#/components/schemas/Plain' } } }
            """);
        var url = SpecLinter.Lint(spec, "x").Findings.Where(f => f.RuleId == SpecRules.UrlParameter.Id).ToList();
        var finding = Assert.Single(url);
        Assert.Equal("POST /hooks", finding.Location);
        Assert.Contains("customer.notify", finding.Evidence);
    }

    [Fact]
    public async Task A_circular_parameter_reference_is_a_malformed_document_that_says_so()
    {
        var spec = await SpecLoader.LoadAsync("""
            openapi: 3.0.0
            info: { title: loop, version: '1' }
            paths:
              /a:
                parameters: [ { $ref: '#/components/parameters/P' } ]
                get:
                  parameters: [ { $ref: '#/components/parameters/Q' } ]
                  responses: { '200': { description: ok } }
            components:
              parameters:
                P: { $ref: '#/components/parameters/Q' }
                Q: { $ref: '#/components/parameters/P' }
            """, new SpecLoadOptions { Source = "loop.yaml" });
        var ex = Assert.Throws<SpecLoadException>(() => SpecLinter.Lint(spec, "loop.yaml"));
        Assert.Equal("SpecMalformed", ex.ErrorId);
        Assert.Contains("loop.yaml", ex.Message);
        Assert.Contains("$ref leads back to itself", ex.Message);
        Assert.NotNull(ex.RecommendedAction);
    }

    [Fact]
    public async Task Null_values_where_objects_belong_are_a_malformed_document_that_says_so()
    {
        var ex = await Assert.ThrowsAsync<SpecLoadException>(() => SpecLoader.LoadAsync("""
            openapi: 3.0.0
            info: { title: nulls, version: '1' }
            servers: [ null, { url: null } ]
            security: [ null, { undefined: [] } ]
            paths:
              /a: null
              /b:
                get: null
                post:
                  responses: null
                  requestBody: { content: { application/json: null } }
            components:
              securitySchemes: { x: null, y: { type: oauth2, flows: null } }
              schemas: { N: null, M: { type: object, properties: { a: null }, items: null, allOf: [ null ] } }
            """, new SpecLoadOptions { Source = "nulls.yaml" }));
        Assert.Equal("SpecMalformed", ex.ErrorId);
        Assert.Contains("nulls.yaml", ex.Message);
        Assert.DoesNotContain("Object reference not set", ex.Message);
    }

    /// <summary>Operations whose bodies reference a large graph of models, none with a URL property.</summary>
    private static string RefHeavy(int operations, int components)
    {
        var paths = new System.Text.StringBuilder();
        for (var i = 0; i < operations; i++)
            paths.Append($"\"/r{i}/{{id}}\":{{\"post\":{{\"parameters\":[{{\"name\":\"id\",\"in\":\"path\",\"required\":true,\"schema\":{{\"type\":\"integer\"}}}}]," +
                         $"\"requestBody\":{{\"content\":{{\"application/json\":{{\"schema\":{{\"$ref\":\"#/components/schemas/S{i % components}\"}}}}}}}}," +
                         "\"responses\":{\"200\":{\"description\":\"ok\"}}}},");
        var schemas = new System.Text.StringBuilder();
        for (var c = 0; c < components; c++)
            schemas.Append($"\"S{c}\":{{\"type\":\"object\",\"properties\":{{\"a\":{{\"$ref\":\"#/components/schemas/S{(c + 1) % components}\"}}," +
                           $"\"b\":{{\"type\":\"array\",\"items\":{{\"$ref\":\"#/components/schemas/S{(c * 7 + 3) % components}\"}}}},\"name\":{{\"type\":\"string\"}}}}}},");
        return $"{{\"openapi\":\"3.0.3\",\"info\":{{\"title\":\"refs\",\"version\":\"1\"}},\"paths\":{{{paths.ToString().TrimEnd(',')}}}," +
               $"\"components\":{{\"schemas\":{{{schemas.ToString().TrimEnd(',')}}}}}}}";
    }
}
