using ApiThreat.Engine.Specs;

namespace ApiThreat.Fuzz;

/// <summary>The OpenAPI/Swagger loader (JSON and YAML) and the spec checks: anything they cannot read or check must be a SpecLoadException.</summary>
public static partial class FuzzTargets
{
    private static class SpecOptions // a holder: see Fingerprints
    {
        public static readonly SpecLoadOptions Value = new() { Source = "fuzz", MaxBytes = 1024 * 1024 };
    }

    public static void Spec(byte[] data)
    {
        try
        {
            var spec = SpecLoader.LoadAsync(data, SpecOptions.Value).GetAwaiter().GetResult();
            _ = SpecLinter.Lint(spec, "fuzz", TimeSpan.FromSeconds(1));
        }
        catch (SpecLoadException) { }
    }
}
