using ApiThreat.Engine.Assessment.Hijack.Observatory;
using ApiThreat.Engine.Ip;

namespace ApiThreat.Infrastructure;

/// <summary>
/// The one way to find module data: the module's own data/ folder (beside ApiThreat.dll, where the build puts it)
/// and the user's refreshed copies (Update-ApiThreatData), which win when present.
/// </summary>
internal static class DataPaths
{
    /// <summary>The module's folder: where ApiThreat.dll, the manifest and data/ are.</summary>
    public static string ModuleDirectory { get; } = Path.GetDirectoryName(typeof(DataPaths).Assembly.Location) ?? AppContext.BaseDirectory;

    /// <summary>Where the engine and its NuGet dependencies are, for the private load context.</summary>
    public static string EngineDirectory => Path.Combine(ModuleDirectory, "deps");

    /// <summary>
    /// The ReadyToRun (precompiled) copies of the engine's managed assemblies for this runtime's major version and this
    /// process's OS and architecture (deps/r2r/net10.0/linux-x64, deps/r2r/net8.0/win-x64...), or null when the build
    /// made none for it: then the IL in deps/ is JIT-compiled. A runtime uses only images made for its own major version
    /// (it silently JITs every method of any other), hence one folder per .NET version PowerShell runs on. Precompiled
    /// code is OS- and architecture-specific (not libc-specific), so the folder is chosen by OS and architecture alone;
    /// the runtime itself falls back to JIT for any method whose precompiled code it rejects.
    /// </summary>
    public static string? ReadyToRunDirectory
    {
        get
        {
            var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : OperatingSystem.IsLinux() ? "linux" : null;
            var arch = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            if (os is null) return null;
            var dir = Path.Combine(EngineDirectory, "r2r", $"net{Environment.Version.Major}.0", $"{os}-{arch}");
            return Directory.Exists(dir) ? dir : null;
        }
    }

    public static string Bundled(params string[] parts) => Path.Combine(new[] { ModuleDirectory, "data" }.Concat(parts).ToArray());

    /// <summary>The user's writable data folder: $env:APITHREAT_DATA, else LocalApplicationData/ApiThreat.</summary>
    public static string UserDataDirectory =>
        Environment.GetEnvironmentVariable("APITHREAT_DATA") is { Length: > 0 } custom ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "ApiThreat");

    public static string Fingerprints => Bundled("fingerprints");

    public static string SubdomainWordlist => Bundled("wordlists", "subdomains.txt");

    public static string UserPassiveProviders => Path.Combine(UserDataDirectory, "passive", "providers.json");

    /// <summary>The user's provider file when there is one (paid plans' rates, own endpoints), else the module's.</summary>
    public static string PassiveProviders => File.Exists(UserPassiveProviders) ? UserPassiveProviders : Bundled("passive", "providers.json");

    /// <summary>The TCP ports most often open, most frequent first (-Port Top100/Top1000).</summary>
    public static string TopPorts => Bundled("ports", "tcp-top-ports.txt");

    public static string TakeoverSignatures => Bundled("takeover", "signatures.json");

    public static string ScoringPolicy => Bundled(Engine.Scoring.ScoringPolicy.DefaultRelativePath.Split('/'));

    public static string UserCloudRanges => Path.Combine(UserDataDirectory, "ip-ranges", CloudRangeTable.FileName);

    public static string BundledCloudRanges => Bundled("ip-ranges", CloudRangeTable.FileName);

    /// <summary>The refreshed copy when Update-ApiThreatData wrote one, else the module's.</summary>
    public static string CloudRanges => File.Exists(UserCloudRanges) ? UserCloudRanges : BundledCloudRanges;

    public static string UserHstsPreload => Path.Combine(UserDataDirectory, "hsts", HstsPreloadList.FileName);

    public static string BundledHstsPreload => Bundled("hsts", HstsPreloadList.FileName);

    /// <summary>The HSTS preload list refreshed by Update-ApiThreatData when there is one, else the module's.</summary>
    public static string HstsPreload => File.Exists(UserHstsPreload) ? UserHstsPreload : BundledHstsPreload;

    public static string UserRdapBootstrap => Path.Combine(UserDataDirectory, "digitalrisk", Engine.DigitalRisk.Lookalike.RdapBootstrap.FileName);

    /// <summary>The RDAP bootstrap registry refreshed by Update-ApiThreatData when there is one, else the module's.</summary>
    public static string RdapBootstrap => File.Exists(UserRdapBootstrap) ? UserRdapBootstrap : Bundled("digitalrisk", Engine.DigitalRisk.Lookalike.RdapBootstrap.FileName);

    /// <summary>The data files a scan reads, each the user's refreshed copy when there is one.</summary>
    public static Engine.Scan.ScanDataPaths Scan => new()
    {
        FingerprintDirectory = Fingerprints,
        TakeoverSignatureFiles = new[] { TakeoverSignatures },
        HstsPreloadFile = HstsPreload,
        CloudRangeFile = CloudRanges,
        ScoringPolicyFile = ScoringPolicy,
    };

    /// <summary>Where Update-ApiThreatData installs the user's copies, and the module's ranges it merges into.</summary>
    public static Engine.DataFiles.DataFileLocations UserDataFiles => new(UserCloudRanges, BundledCloudRanges, UserHstsPreload, UserRdapBootstrap,
        Path.Combine(UserDataDirectory, "psl", Engine.Text.PublicSuffixList.FileName));
}
