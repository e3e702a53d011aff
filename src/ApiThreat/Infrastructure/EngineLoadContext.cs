using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace ApiThreat.Infrastructure;

/// <summary>
/// The private load context that holds the engine and every NuGet dependency from deps/, so ApiThreat coexists
/// with whatever Newtonsoft.Json, DnsClient or SQLite another module (or PowerShell itself) loaded first.
/// ApiThreat.Model is deliberately not here: it is shared with the default context so users can name its types.
/// </summary>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    private readonly string _depsDirectory;
    private readonly string? _readyToRunDirectory;

    /// <param name="readyToRunDirectory">
    /// This runtime's and platform's precompiled copies of the same assemblies (see <see cref="DataPaths.ReadyToRunDirectory"/>):
    /// preferred when present, so a fresh process does not spend seconds JIT-compiling the engine.
    /// </param>
    public EngineLoadContext(string depsDirectory, string? readyToRunDirectory = null) : base("ApiThreat", isCollectible: false)
    {
        _depsDirectory = depsDirectory;
        _readyToRunDirectory = readyToRunDirectory;
    }

    public string DepsDirectory => _depsDirectory;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || assemblyName.Name == "ApiThreat.Model") return null;
        var file = assemblyName.Name + ".dll";
        if (_readyToRunDirectory is not null && Path.Combine(_readyToRunDirectory, file) is var precompiled && File.Exists(precompiled))
            return LoadFromAssemblyPath(precompiled);
        var path = Path.Combine(_depsDirectory, file);
        if (!File.Exists(path)) return null;
        // Precompiled for a newer .NET, the engine may ask for a newer version of a package that framework includes
        // (System.Diagnostics.DiagnosticSource): deps/ holds the older NuGet copy for .NET 8, so the framework's answers.
        if (_readyToRunDirectory is not null && assemblyName.Version is { } wanted
            && AssemblyName.GetAssemblyName(path).Version is { } have && have < wanted) return null;
        return LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (var candidate in NativeCandidates(unmanagedDllName))
            if (File.Exists(candidate)) return LoadUnmanagedDllFromPath(candidate);
        return IntPtr.Zero;
    }

    private IEnumerable<string> NativeCandidates(string name)
    {
        var rid = RuntimeInformation.RuntimeIdentifier;
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var files = new[] { name, $"lib{name}.so", $"lib{name}.dylib", $"{name}.dll", $"lib{name}" };
        foreach (var dir in new[] { rid, $"{os}-{arch}" }.Distinct())
            foreach (var file in files)
                yield return Path.Combine(_depsDirectory, "runtimes", dir, "native", file);
    }
}
