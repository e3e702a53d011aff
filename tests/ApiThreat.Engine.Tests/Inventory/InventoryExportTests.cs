using ApiThreat.Engine.Inventory;
using Microsoft.OpenApi.Reader;

namespace ApiThreat.Engine.Tests.Inventory;

public class InventoryExportTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(1,2)", "\"'@SUM(1,2)\"")]
    [InlineData("\tleading tab", "'\tleading tab")]
    [InlineData("plain, with comma", "\"plain, with comma\"")]
    [InlineData("nginx/1.25", "nginx/1.25")]
    public void Csv_cells_that_spreadsheets_would_run_are_escaped(string text, string expected) =>
        Assert.Equal(expected, InventoryExport.CsvCell(text, escapeFormula: true));

    [Fact]
    public void Csv_rows_escape_hostile_text_but_not_numbers()
    {
        var e = InventoryStoreTests.Endpoint("https://api.contoso.test/", "Bearer");
        e.Title = "=1+1";
        e.StatusCode = 401;
        var header = InventoryExport.CsvHeader(typeof(ApiEndpoint)).Split(',');
        var row = InventoryExport.CsvRow(e);
        Assert.Contains("'=1+1", row);
        Assert.Contains(",401,", row);
        Assert.Equal("Url", header[0]);
    }

    [Fact]
    public void Json_lines_are_single_lines()
    {
        var e = InventoryStoreTests.Endpoint("https://api.contoso.test/");
        e.Title = "two\nlines";
        var line = InventoryExport.ToJsonLine(e);
        Assert.DoesNotContain('\n', line);
        Assert.Contains("\"Kind\":\"Rest\"", line);
    }

    [Fact]
    public void OpenApi_documents_read_back_without_errors()
    {
        var rest = InventoryStoreTests.Endpoint("https://api.contoso.test:8443/api/v1", "Bearer", "ApiKey");
        rest.Kind = EndpointKind.OpenApi;
        rest.Operations = new[]
        {
            new ApiOperation { Method = "GET", Path = "/pets/{id}", OperationId = "getPet" },
            new ApiOperation { Method = "POST", Path = "/pets", OperationId = "getPet" },
        };
        var graphql = new ApiEndpoint
        {
            Url = "https://api.contoso.test/graphql", HostName = "api.contoso.test", Kind = EndpointKind.GraphQL, Authentication = new[] { "None" },
            Operations = new[] { new ApiOperation { Method = "QUERY", Path = "users" } },
        };
        var basic = new ApiEndpoint { Url = "http://api.contoso.test/", HostName = "api.contoso.test", Kind = EndpointKind.Rest, Authentication = new[] { "Basic", "OAuth", "Mtls", "Digest" } };
        var other = new ApiEndpoint { Url = "https://b.contoso.test/", HostName = "b.contoso.test", Kind = EndpointKind.Soap };
        var docs = OpenApiExport.Documents(new[] { rest, graphql, basic, other }).ToList();
        Assert.Equal(new[] { "api.contoso.test", "b.contoso.test" }, docs.Select(d => d.HostName));
        foreach (var (_, json) in docs)
        {
            var result = new OpenApiJsonReader().Read(System.Text.Json.Nodes.JsonNode.Parse(json)!, new Uri("https://export.invalid/"), new OpenApiReaderSettings());
            Assert.Empty(result.Diagnostic!.Errors);
            Assert.StartsWith("3.1", result.Diagnostic.SpecificationVersion.ToString().Replace("OpenApi", "").Replace("_", "."));
        }
        var doc = new OpenApiJsonReader().Read(System.Text.Json.Nodes.JsonNode.Parse(docs[0].Json)!, new Uri("https://export.invalid/"), new OpenApiReaderSettings()).Document!;
        Assert.Equal(new[] { "/", "/api/v1/pets", "/api/v1/pets/{id}", "/graphql" }, doc.Paths.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "apiKeyAuth", "basicAuth", "bearerAuth", "digestAuth", "mutualTLS", "oauth2" }, doc.Components!.SecuritySchemes!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "http://api.contoso.test", "https://api.contoso.test", "https://api.contoso.test:8443" }, doc.Servers!.Select(s => s.Url).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OpenApi_export_names_the_api_key_each_endpoint_uses_and_defaults_to_the_X_API_Key_header()
    {
        var declared = new ApiEndpoint { Url = "https://k.contoso.test/a", HostName = "k.contoso.test", Kind = EndpointKind.Rest, Authentication = new[] { "ApiKey" }, ApiKeyName = "X-Inventory-Key", ApiKeyIn = "header" };
        var query = new ApiEndpoint { Url = "https://k.contoso.test/b", HostName = "k.contoso.test", Kind = EndpointKind.Rest, Authentication = new[] { "ApiKey" }, ApiKeyName = "api_key", ApiKeyIn = "query" };
        var unnamed = new ApiEndpoint { Url = "https://k.contoso.test/c", HostName = "k.contoso.test", Kind = EndpointKind.Rest, Authentication = new[] { "ApiKey" } };
        var json = OpenApiExport.Documents(new[] { declared, query, unnamed }).Single().Json;
        var doc = new OpenApiJsonReader().Read(System.Text.Json.Nodes.JsonNode.Parse(json)!, new Uri("https://export.invalid/"), new OpenApiReaderSettings()).Document!;
        var schemes = doc.Components!.SecuritySchemes!;
        Assert.Equal(new[] { "apiKeyAuth", "apiKeyAuth2", "apiKeyAuth3" }, schemes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "header:X-Inventory-Key", "query:api_key", "header:X-API-Key" },
            new[] { "apiKeyAuth", "apiKeyAuth2", "apiKeyAuth3" }.Select(k => $"{schemes[k].In.ToString()!.ToLowerInvariant()}:{schemes[k].Name}"));
    }
}
