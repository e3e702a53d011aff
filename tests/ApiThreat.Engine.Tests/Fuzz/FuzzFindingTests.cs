using ApiThreat.Engine.Specs;

namespace ApiThreat.Engine.Tests.Fuzz;

/// <summary>
/// One test per bug fuzzing found (the inputs are also kept in tests/fuzz/regressions and replayed by
/// FuzzRegressionTests): each states what the parser must do with the input that once broke it.
/// </summary>
public class FuzzFindingTests
{
    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'"', 0xB9, (byte)'"', (byte)':', (byte)'1', (byte)'}' })]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'o', 0xFF, (byte)'"', (byte)':', (byte)'"', (byte)'3', (byte)'"', (byte)'}' })]
    public void Spec_detector_reads_invalid_utf8_json_as_unknown(byte[] content)
    {
        // Was: InvalidOperationException from Utf8JsonReader.GetString escaping the detector (and the loader).
        Assert.Equal(SpecKind.Unknown, SpecDetector.Detect(content).Kind);
    }

    private static byte[] Regression(string target, string file, [System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(here)!, "../../fuzz/regressions", target, file));

    [Fact]
    public async Task Spec_loader_reports_an_unsupported_openapi_version_as_bad_input()
    {
        // Was: OpenApiUnsupportedSpecVersionException ("3O0.3") escaping the loader.
        var ex = await Assert.ThrowsAsync<SpecLoadException>(() => SpecLoader.LoadAsync(Regression("spec", "unsupported-version.json")));
        Assert.Equal("SpecMalformed", ex.ErrorId);
        Assert.Contains("3O0.3", ex.Message);
    }

    [Fact]
    public async Task Spec_loader_skips_a_security_scheme_the_reader_could_not_build()
    {
        // Was: NullReferenceException in the summary, from a null entry in components.securitySchemes.
        var doc = await SpecLoader.LoadAsync(Regression("spec", "unbuildable-security-scheme.json"));
        Assert.DoesNotContain(doc.SecuritySchemes, s => s is null);
    }

    [Fact]
    public async Task Spec_loader_reports_invalid_utf8_version_as_bad_input()
    {
        var content = new byte[] { (byte)'{', (byte)'"', (byte)'s', (byte)'w', (byte)'a', (byte)'g', (byte)'g', (byte)'e', (byte)'r', (byte)'"', (byte)':', (byte)'"', (byte)'2', 0xFF, (byte)'"', (byte)'}' };
        var ex = await Assert.ThrowsAsync<SpecLoadException>(() => SpecLoader.LoadAsync(content));
        Assert.Equal("NotOpenApi", ex.ErrorId);
    }
}

/// <summary>SPF: an unknown modifier named like a mechanism ("include=", "ptr=x") is ignored, as receivers ignore it.</summary>
public class SpfModifierFindingTests
{
    [Fact]
    public void Mechanism_named_modifiers_are_not_mechanisms()
    {
        // Was: ArgumentOutOfRangeException from Includes on "include=", and "include=evil.test" followed as "vil.test".
        var spf = ApiThreat.Engine.Dns.SpfRecordParser.Parse("v=spf1 include= a=x ptr=y include=evil.test include:_spf.a.test -all");
        Assert.Equal(new[] { "_spf.a.test" }, spf.Includes);
        Assert.False(spf.UsesPtr);
        Assert.Equal(1, spf.LookupTerms);
        Assert.Empty(spf.Errors);
    }
}
