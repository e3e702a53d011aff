using ApiThreat.Engine.Specs;

namespace ApiThreat.Fuzz;

/// <summary>The OpenAPI/Swagger loader (JSON and YAML): anything it cannot read must be a SpecLoadException.</summary>
public static partial class FuzzTargets
{
    private static class SpecOptions // a holder: see Fingerprints
    {
        public static readonly SpecLoadOptions Value = new() { Source = "fuzz", MaxBytes = 1024 * 1024 };
    }

    public static void Spec(byte[] data)
    {
        try { _ = SpecLoader.LoadAsync(data, SpecOptions.Value).GetAwaiter().GetResult(); }
        catch (SpecLoadException) { }
    }
}
