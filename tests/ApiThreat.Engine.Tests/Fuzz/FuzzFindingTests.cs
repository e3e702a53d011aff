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

    [Fact]
    public async Task Spec_loader_reports_invalid_utf8_version_as_bad_input()
    {
        var content = new byte[] { (byte)'{', (byte)'"', (byte)'s', (byte)'w', (byte)'a', (byte)'g', (byte)'g', (byte)'e', (byte)'r', (byte)'"', (byte)':', (byte)'"', (byte)'2', 0xFF, (byte)'"', (byte)'}' };
        var ex = await Assert.ThrowsAsync<SpecLoadException>(() => SpecLoader.LoadAsync(content));
        Assert.Equal("NotOpenApi", ex.ErrorId);
    }
}
