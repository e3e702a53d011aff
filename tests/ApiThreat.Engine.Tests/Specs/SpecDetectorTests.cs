using ApiThreat.Engine.Specs;
using ApiThreat.Engine.Tests.Infrastructure;

namespace ApiThreat.Engine.Tests.Specs;

public class SpecDetectorTests
{
    [Theory]
    [InlineData("{\"openapi\": \"3.1.0\", \"info\": {}}", SpecKind.OpenApi, "3.1.0")]
    [InlineData("\uFEFF  {\"info\": {\"title\": \"x\"}, \"openapi\": \"3.0.3\"}", SpecKind.OpenApi, "3.0.3")]
    [InlineData("{\"swagger\": \"2.0\", \"paths\": {}}", SpecKind.Swagger, "2.0")]
    [InlineData("{\"swagger\": 2.0}", SpecKind.Swagger, "2.0")]
    [InlineData("{\"asyncapi\": \"2.6.0\"}", SpecKind.AsyncApi, "2.6.0")]
    [InlineData("openapi: 3.0.1\ninfo:\n  title: x\n", SpecKind.OpenApi, "3.0.1")]
    [InlineData("# comment\nswagger: '2.0'\n", SpecKind.Swagger, "2.0")]
    [InlineData("asyncapi: \"3.0.0\"\n", SpecKind.AsyncApi, "3.0.0")]
    [InlineData("{\"info\": {\"_postman_id\": \"1\", \"name\": \"c\"}, \"item\": []}", SpecKind.Postman, null)]
    [InlineData("{\"info\": {\"name\": \"c\", \"schema\": \"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"}}", SpecKind.Postman, null)]
    [InlineData("<?xml version=\"1.0\"?><application xmlns=\"http://wadl.dev.java.net/2009/02\"><resources/></application>", SpecKind.Wadl, null)]
    [InlineData("<definitions xmlns=\"http://schemas.xmlsoap.org/wsdl/\" name=\"s\"/>", SpecKind.Wsdl, "1.1")]
    [InlineData("<wsdl:definitions xmlns:wsdl=\"http://schemas.xmlsoap.org/wsdl/\"/>", SpecKind.Wsdl, "1.1")]
    [InlineData("<description xmlns=\"http://www.w3.org/ns/wsdl\"/>", SpecKind.Wsdl, "2.0")]
    [InlineData("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><definitions xmlns=\"http://schemas.xmlsoap.org/wsdl/\">&a;</definitions>", SpecKind.Wsdl, "1.1")]
    [InlineData("<html><head><title>Swagger UI</title></head></html>", SpecKind.Unknown, null)]
    [InlineData("{\"data\": {\"openapi\": \"3.0.0\"}}", SpecKind.Unknown, null)]
    [InlineData("[1,2,3]", SpecKind.Unknown, null)]
    [InlineData("  info:\n    openapi: 3.0.0\n", SpecKind.Unknown, null)]
    [InlineData("", SpecKind.Unknown, null)]
    [InlineData("# generated\n---\n{\"openapi\": \"3.0.3\"}", SpecKind.OpenApi, "3.0.3")]
    [InlineData("---\nswagger: '2.0'\n", SpecKind.Swagger, "2.0")]
    [InlineData("{\"openapi\": ", SpecKind.Unknown, null)]
    public void Detects_the_kind_and_version(string text, SpecKind kind, string? version)
    {
        var d = SpecDetector.Detect(text);
        Assert.Equal(kind, d.Kind);
        Assert.Equal(version, d.Version);
    }

    [Fact]
    public void Vampi_is_openapi_yaml()
    {
        var d = SpecDetector.Detect(File.ReadAllBytes(RepoPaths.Shared("specs", "vampi-openapi3.yml")));
        Assert.Equal(new SpecDetection(SpecKind.OpenApi, "3.0.1", "yaml"), d);
    }

    [Fact]
    public void Hostile_input_does_not_hang()
    {
        Assert.Equal(SpecKind.Unknown, SpecDetector.Detect(new string('{', 1_000_000)).Kind);
        Assert.Equal(SpecKind.Unknown, SpecDetector.Detect(new string('<', 1_000_000)).Kind);
        Assert.Equal(SpecKind.Unknown, SpecDetector.Detect(new string('a', 5_000_000)).Kind);
    }
}
