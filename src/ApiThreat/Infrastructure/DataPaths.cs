using System.Management.Automation;

namespace ApiThreat.Infrastructure;

/// <summary>Where the module's data files are: the module's own data/ folder, and the user's refreshed copies.</summary>
internal static class DataPaths
{
    /// <summary>The user's writable data folder: $env:APITHREAT_DATA, else LocalApplicationData/ApiThreat.</summary>
    public static string UserDataDirectory =>
        Environment.GetEnvironmentVariable("APITHREAT_DATA") is { Length: > 0 } custom ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "ApiThreat");

    public static string UserCloudRanges => Path.Combine(UserDataDirectory, "ip-ranges", Engine.Ip.CloudRangeTable.FileName);

    public static string BundledCloudRanges(PSCmdlet cmdlet) =>
        Path.Combine(cmdlet.MyInvocation.MyCommand.Module?.ModuleBase ?? AppContext.BaseDirectory, "data", "ip-ranges", Engine.Ip.CloudRangeTable.FileName);

    /// <summary>The refreshed copy when Update-ApiThreatData wrote one, else the module's.</summary>
    public static string CloudRanges(PSCmdlet cmdlet) => File.Exists(UserCloudRanges) ? UserCloudRanges : BundledCloudRanges(cmdlet);

    public static string UserHstsPreload => Path.Combine(UserDataDirectory, "hsts", Engine.Assessment.Hijack.Observatory.HstsPreloadList.FileName);

    public static string BundledHstsPreload(PSCmdlet cmdlet) =>
        Path.Combine(cmdlet.MyInvocation.MyCommand.Module?.ModuleBase ?? AppContext.BaseDirectory, "data", "hsts", Engine.Assessment.Hijack.Observatory.HstsPreloadList.FileName);

    /// <summary>The HSTS preload list refreshed by Update-ApiThreatData when there is one, else the module's.</summary>
    public static string HstsPreload(PSCmdlet cmdlet) => File.Exists(UserHstsPreload) ? UserHstsPreload : BundledHstsPreload(cmdlet);

    public static string UserRdapBootstrap => Path.Combine(UserDataDirectory, "digitalrisk", Engine.DigitalRisk.Lookalike.RdapBootstrap.FileName);

    /// <summary>The RDAP bootstrap registry refreshed by Update-ApiThreatData when there is one, else the module's.</summary>
    public static string RdapBootstrap(PSCmdlet cmdlet) => File.Exists(UserRdapBootstrap) ? UserRdapBootstrap : Bundled(cmdlet, "digitalrisk", Engine.DigitalRisk.Lookalike.RdapBootstrap.FileName);

    /// <summary>A file of the module's own data folder.</summary>
    public static string Bundled(PSCmdlet cmdlet, params string[] parts) =>
        Path.Combine(new[] { cmdlet.MyInvocation.MyCommand.Module?.ModuleBase ?? AppContext.BaseDirectory, "data" }.Concat(parts).ToArray());
}
