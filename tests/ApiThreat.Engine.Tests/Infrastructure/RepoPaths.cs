namespace ApiThreat.Engine.Tests.Infrastructure;

/// <summary>Finds files of the repository (and the shared/ folder beside it) from the test's output folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ApiThreat.psd1"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (the folder holding ApiThreat.psd1) was not found above " + AppContext.BaseDirectory);
    });

    public static string Root => s_root.Value;

    /// <summary>A file of shared/ (beside the clone in CI and in worktrees: ../shared from the repo root).</summary>
    public static string Shared(params string[] parts) => Path.GetFullPath(Path.Combine(new[] { Root, "..", "shared" }.Concat(parts).ToArray()));

    public static string File_(params string[] parts) => Path.Combine(new[] { Root }.Concat(parts).ToArray());

    /// <summary>A file of module/data (what the built module ships as data/).</summary>
    public static string Data(string relative) => Path.Combine(Root, "module", "data", relative);

    public static string SubdomainWordlist => Data(Path.Combine("wordlists", "subdomains.txt"));
}
