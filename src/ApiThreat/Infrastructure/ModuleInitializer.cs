using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace ApiThreat.Infrastructure;

/// <summary>
/// The load-context bridge: when the default context cannot find ApiThreat.Engine (it is not beside this
/// assembly, on purpose), load it into <see cref="EngineLoadContext"/>. Only the engine is answered here; its
/// own dependencies then resolve inside the private context.
/// </summary>
internal static class ModuleInitializer
{
    private static EngineLoadContext? s_context;

    internal static EngineLoadContext Context => s_context!;

    [ModuleInitializer]
    internal static void Initialize()
    {
        s_context = new EngineLoadContext(DataPaths.EngineDirectory, DataPaths.ReadyToRunDirectory);
        AssemblyLoadContext.Default.Resolving += ResolveEngine;
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName name) =>
        name.Name == "ApiThreat.Engine" ? s_context!.LoadFromAssemblyName(name) : null;
}
