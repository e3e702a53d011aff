using System.Management.Automation;
using ApiThreat.Completers;
using ApiThreat.Engine.Assessment.Hijack.Observatory;
using ApiThreat.Engine.DigitalRisk.Lookalike;
using ApiThreat.Engine.Ip;
using ApiThreat.Engine.Text;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Refreshes the cloud and CDN range data from the providers' published files, and the HSTS preload list from
/// Chromium's transport_security_state_static.json, all downloaded by the user.
/// </summary>
[Cmdlet(VerbsData.Update, "ApiThreatData", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(CloudRangeSource), typeof(HstsPreloadSource), typeof(RdapBootstrapSource), typeof(PublicSuffixListSource))]
public sealed class UpdateApiThreatDataCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralSet = "LiteralPath";
    private readonly List<string> _files = new();

    /// <summary>Range files (wildcards allowed): ip-ranges.json, ServiceTags_Public_*.json, cloud.json, ips-v4, ips-v6, Fastly's list; or Chromium's transport_security_state_static.json.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralSet)]
    [Alias("PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>The provider of plain CIDR lists other than Cloudflare's ips-v4/ips-v6 (e.g. Akamai).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProviderCompleter))]
    public string? Provider { get; set; }

    /// <summary>The data file to write (default: the user's data folder, which Get-IpIntelligence prefers).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DestinationPath { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == LiteralSet)
        {
            foreach (var p in LiteralPath) _files.Add(GetUnresolvedProviderPathFromPSPath(p));
            return;
        }
        foreach (var p in Path) _files.AddRange(this.ResolveFiles(p, "RangeFileNotFound"));
    }

    protected override void EndProcessing()
    {
        var imports = new List<ImportedRanges>();
        var rangeFiles = new List<string>();
        (HstsPreloadList List, string File)? preload = null;
        string? suffixList = null;
        foreach (var file in _files.Distinct(StringComparer.Ordinal))
        {
            if (IsRdapBootstrap(file)) { WriteRdapBootstrap(file); continue; }
            if (IsPublicSuffixList(file)) { suffixList = file; continue; } // one list: a later file replaces an earlier one
            if (!IsPreloadList(file)) { rangeFiles.Add(file); continue; }
            try
            {
                var list = HstsPreloadList.ReadFile(file);
                WriteVerbose($"{file}: HSTS preload list, {list.Count} force-https entries dated {list.Date:yyyy-MM-dd}");
                preload = (list, file); // one list: a later file replaces an earlier one
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(ex, "InvalidHstsPreloadFile", ErrorCategory.InvalidData, file)
                { ErrorDetails = new ErrorDetails($"{file}: {ex.Message}") { RecommendedAction = "Give Chromium's net/http/transport_security_state_static.json as downloaded." } });
            }
        }
        var kinds = (preload is null ? 0 : 1) + (rangeFiles.Count > 0 ? 1 : 0) + (suffixList is null ? 0 : 1);
        if (kinds > 1 && DestinationPath is not null)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-DestinationPath names one data file: give range files, an HSTS preload list or a Public Suffix List with it, not several."),
                "DestinationPathAmbiguous", ErrorCategory.InvalidArgument, DestinationPath));
        if (preload is { } p) WritePreload(p.List, p.File);
        if (suffixList is not null) WritePublicSuffixList(suffixList);

        foreach (var file in rangeFiles)
        {
            try
            {
                var imported = CloudRangeImporter.Import(file, Provider);
                WriteVerbose($"{file}: {imported.Provider}, {imported.Ranges.Count} prefixes dated {imported.Date:yyyy-MM-dd}");
                imports.Add(imported);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(ex, "InvalidRangeFile", ErrorCategory.InvalidData, file)
                { ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = "Give the provider's file as downloaded (AWS ip-ranges.json, Azure ServiceTags_Public, Google cloud.json, Cloudflare ips-v4/ips-v6, Fastly public-ip-list), or -Provider for a plain CIDR list." } });
            }
        }
        if (imports.Count == 0) return;
        WriteRanges(imports);
    }

    private static bool IsRdapBootstrap(string file)
    {
        try { return RdapBootstrap.LooksLikeBootstrap(file); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>IANA's RDAP bootstrap registry (dns.json) replaces the module's copy for Find-LookalikeDomain.</summary>
    private void WriteRdapBootstrap(string file)
    {
        RdapBootstrap registry;
        try { registry = RdapBootstrap.Load(file); }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(ex, "InvalidRdapBootstrapFile", ErrorCategory.InvalidData, file)
            { ErrorDetails = new ErrorDetails($"{file}: {ex.Message}") { RecommendedAction = "Give IANA's RDAP bootstrap file for domains (dns.json) as downloaded." } });
            return;
        }
        var destination = Destination(DataPaths.UserRdapBootstrap);
        if (!ShouldProcess(destination, $"Replace the RDAP bootstrap registry ({registry.TldCount} TLDs, published {registry.Publication})")) return;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(destination))!);
            var temp = destination + ".tmp";
            File.Copy(file, temp, overwrite: true);
            File.Move(temp, destination, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            NotWritable(ex, destination);
        }
        WriteVerbose($"{file}: RDAP bootstrap registry, {registry.TldCount} TLDs, published {registry.Publication}");
        WriteObject(new RdapBootstrapSource { Publication = registry.Publication, TldCount = registry.TldCount, Path = destination });
    }

    private static bool IsPublicSuffixList(string file)
    {
        try { return PublicSuffixList.LooksLikeList(file); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return false; } // the range import reports it
    }

    private void WritePublicSuffixList(string file)
    {
        var destination = Destination(System.IO.Path.Combine(DataPaths.UserDataDirectory, "psl", PublicSuffixList.FileName));
        if (!ShouldProcess(destination, $"Replace the Public Suffix List with {file}")) return;
        PublicSuffixList list;
        try { list = PublicSuffixList.Install(file, destination); }
        catch (InvalidDataException ex)
        {
            WriteError(new ErrorRecord(ex, "InvalidPublicSuffixList", ErrorCategory.InvalidData, file)
            { ErrorDetails = new ErrorDetails($"{file}: {ex.Message}") { RecommendedAction = "Give public_suffix_list.dat as downloaded from https://publicsuffix.org/list/public_suffix_list.dat." } });
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            NotWritable(ex, destination);
            return;
        }
        // The engine reads the list once per session: the next registrable-domain lookup takes the new copy.
        if (DestinationPath is null) PublicSuffixList.Use(null);
        WriteVerbose($"{file}: Public Suffix List, {list.RuleCount} rules, written to {destination}");
        WriteObject(new PublicSuffixListSource
        {
            Date = File.GetLastWriteTimeUtc(file), RuleCount = list.RuleCount, Path = destination,
            Description = $"publicsuffix.org public_suffix_list.dat ({System.IO.Path.GetFileName(file)}), ICANN and private sections",
        });
    }

    private static bool IsPreloadList(string file)
    {
        try { return HstsPreloadList.LooksLikePreloadList(file); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return false; } // the range import reports it
    }

    private void WritePreload(HstsPreloadList list, string file)
    {
        var destination = Destination(DataPaths.UserHstsPreload);
        if (!ShouldProcess(destination, $"Replace the HSTS preload list ({list.Count} force-https entries dated {list.Date:yyyy-MM-dd})")) return;
        var description = $"Chromium transport_security_state_static.json ({System.IO.Path.GetFileName(file)}), force-https entries";
        try { list.Write(destination, description); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            NotWritable(ex, destination);
        }
        WriteObject(new HstsPreloadSource
        {
            Date = (list.Date ?? DateOnly.FromDateTime(DateTime.UtcNow)).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            EntryCount = list.Count, Description = description, Path = destination,
        });
    }

    private void WriteRanges(List<ImportedRanges> imports)
    {
        var destination = Destination(DataPaths.UserCloudRanges);
        var providers = string.Join(", ", imports.Select(i => i.Provider).Distinct(StringComparer.OrdinalIgnoreCase));
        if (!ShouldProcess(destination, $"Replace the {providers} ranges ({imports.Sum(i => i.Ranges.Count)} prefixes)")) return;
        var basePath = File.Exists(destination) ? destination : DataPaths.BundledCloudRanges;
        try
        {
            foreach (var source in CloudRangeImporter.Update(destination, basePath, imports)) WriteObject(source);
        }
        catch (FormatException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidDataFile", ErrorCategory.InvalidData, basePath));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            NotWritable(ex, destination);
        }
    }

    /// <summary>-DestinationPath, else the user data file of the kind being written.</summary>
    private string Destination(string fallback) => DestinationPath is not null ? GetUnresolvedProviderPathFromPSPath(DestinationPath) : fallback;

    private void NotWritable(Exception ex, string destination) =>
        ThrowTerminatingError(new ErrorRecord(ex, "DataFileNotWritable", ErrorCategory.WriteError, destination)
        { ErrorDetails = new ErrorDetails($"Cannot write '{destination}': {ex.Message}") { RecommendedAction = "Give a writable -DestinationPath." } });
}
