using System.Runtime.CompilerServices;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Tests.Infrastructure;

/// <summary>Data the engine finds beside the built module (data/ next to deps/) that a test run must point it at.</summary>
internal static class TestData
{
    /// <summary>The repository's Public Suffix List, for every test (the test output has no data/ folder).</summary>
    [ModuleInitializer]
    internal static void UsePublicSuffixList() => PublicSuffixList.Use(PublicSuffixList.Load(RepoPaths.Data(Path.Combine("psl", PublicSuffixList.FileName))));
}
