using ApiThreat.Engine.Assessment.Hijack.Observatory;
using ApiThreat.Engine.DigitalRisk.Lookalike;
using ApiThreat.Engine.Ip;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.DataFiles;

/// <summary>A data file that could not be used (the other files go on) or, thrown as <see cref="DataUpdateException"/>, a failure that ends the update.</summary>
public sealed record DataFileProblem(Exception Error, string ErrorId, string Target, string? Message = null, string? Fix = null);

/// <summary>A failure that voids the whole update: an ambiguous destination, an unwritable one, a corrupt data file to merge into.</summary>
public sealed class DataUpdateException : Exception
{
    public DataUpdateException(DataFileProblem problem) : base(problem.Error.Message, problem.Error) => Problem = problem;

    public DataFileProblem Problem { get; }
}

/// <summary>
/// Update-ApiThreatData's work: each downloaded file recognised (IANA's RDAP bootstrap, the Public Suffix List,
/// Chromium's HSTS preload list, else a provider's range file) and installed as the user's copy (or at
/// <see cref="DestinationPath"/>), after <see cref="Approve"/> says yes; each installed source is written out.
/// </summary>
public sealed class DataUpdate
{
    public required DataFileLocations Locations { get; init; }

    /// <summary>The one data file to write instead of the user's copy (resolved); then only one kind of file may be given.</summary>
    public string? DestinationPath { get; init; }

    /// <summary>The provider of plain CIDR lists other than Cloudflare's.</summary>
    public string? Provider { get; init; }

    /// <summary>Asked before each file is replaced: (destination, what is done).</summary>
    public required Func<string, string, bool> Approve { get; init; }

    public required Action<object> Output { get; init; }

    public required Action<string> Verbose { get; init; }

    /// <summary>A file that is not what it looks like: reported, the others go on.</summary>
    public required Action<DataFileProblem> Error { get; init; }

    public void Run(IEnumerable<string> files)
    {
        var rangeFiles = new List<string>();
        (HstsPreloadList List, string File)? preload = null;
        string? suffixList = null;
        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            if (Probe(RdapBootstrap.LooksLikeBootstrap, file)) { InstallRdapBootstrap(file); continue; }
            if (Probe(PublicSuffixList.LooksLikeList, file)) { suffixList = file; continue; } // one list: a later file replaces an earlier one
            if (!Probe(HstsPreloadList.LooksLikePreloadList, file)) { rangeFiles.Add(file); continue; } // the range import reports an unreadable file
            try
            {
                var list = HstsPreloadList.ReadFile(file);
                Verbose($"{file}: HSTS preload list, {list.Count} force-https entries dated {list.Date:yyyy-MM-dd}");
                preload = (list, file); // one list: a later file replaces an earlier one
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Error(new(ex, "InvalidHstsPreloadFile", file, $"{file}: {ex.Message}", "Give Chromium's net/http/transport_security_state_static.json as downloaded."));
            }
        }
        var kinds = (preload is null ? 0 : 1) + (rangeFiles.Count > 0 ? 1 : 0) + (suffixList is null ? 0 : 1);
        if (kinds > 1 && DestinationPath is not null)
            throw new DataUpdateException(new(new ArgumentException("-DestinationPath names one data file: give range files, an HSTS preload list or a Public Suffix List with it, not several."),
                "DestinationPathAmbiguous", DestinationPath));
        if (preload is { } p) InstallPreload(p.List, p.File);
        if (suffixList is not null) InstallPublicSuffixList(suffixList);
        InstallRanges(rangeFiles);
    }

    private static bool Probe(Func<string, bool> looksLike, string file)
    {
        try { return looksLike(file); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return false; }
    }

    private string Destination(string fallback) => DestinationPath ?? fallback;

    /// <summary>IANA's RDAP bootstrap registry (dns.json) replaces the module's copy for Find-LookalikeDomain.</summary>
    private void InstallRdapBootstrap(string file)
    {
        RdapBootstrap registry;
        try { registry = RdapBootstrap.Load(file); }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Error(new(ex, "InvalidRdapBootstrapFile", file, $"{file}: {ex.Message}", "Give IANA's RDAP bootstrap file for domains (dns.json) as downloaded."));
            return;
        }
        var destination = Destination(Locations.UserRdapBootstrap);
        if (!Approve(destination, $"Replace the RDAP bootstrap registry ({registry.TldCount} TLDs, published {registry.Publication})")) return;
        Writing(destination, () =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
            var temp = destination + ".tmp";
            File.Copy(file, temp, overwrite: true);
            File.Move(temp, destination, overwrite: true);
        });
        Verbose($"{file}: RDAP bootstrap registry, {registry.TldCount} TLDs, published {registry.Publication}");
        Output(new RdapBootstrapSource { Publication = registry.Publication, TldCount = registry.TldCount, Path = destination });
    }

    private void InstallPublicSuffixList(string file)
    {
        var destination = Destination(Locations.UserPublicSuffixList);
        if (!Approve(destination, $"Replace the Public Suffix List with {file}")) return;
        PublicSuffixList? list = null;
        try { Writing(destination, () => list = PublicSuffixList.Install(file, destination)); }
        catch (InvalidDataException ex)
        {
            Error(new(ex, "InvalidPublicSuffixList", file, $"{file}: {ex.Message}", "Give public_suffix_list.dat as downloaded from https://publicsuffix.org/list/public_suffix_list.dat."));
            return;
        }
        // The engine reads the list once per session: the next registrable-domain lookup takes the new copy.
        if (DestinationPath is null) PublicSuffixList.Use(null);
        Verbose($"{file}: Public Suffix List, {list!.RuleCount} rules, written to {destination}");
        Output(new PublicSuffixListSource
        {
            Date = File.GetLastWriteTimeUtc(file), RuleCount = list.RuleCount, Path = destination,
            Description = $"publicsuffix.org public_suffix_list.dat ({Path.GetFileName(file)}), ICANN and private sections",
        });
    }

    private void InstallPreload(HstsPreloadList list, string file)
    {
        var destination = Destination(Locations.UserHstsPreload);
        if (!Approve(destination, $"Replace the HSTS preload list ({list.Count} force-https entries dated {list.Date:yyyy-MM-dd})")) return;
        var description = $"Chromium transport_security_state_static.json ({Path.GetFileName(file)}), force-https entries";
        Writing(destination, () => list.Write(destination, description));
        Output(new HstsPreloadSource
        {
            Date = (list.Date ?? DateOnly.FromDateTime(DateTime.UtcNow)).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            EntryCount = list.Count, Description = description, Path = destination,
        });
    }

    private void InstallRanges(List<string> files)
    {
        var imports = new List<ImportedRanges>();
        foreach (var file in files)
        {
            try
            {
                var imported = CloudRangeImporter.Import(file, Provider);
                Verbose($"{file}: {imported.Provider}, {imported.Ranges.Count} prefixes dated {imported.Date:yyyy-MM-dd}");
                imports.Add(imported);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Error(new(ex, "InvalidRangeFile", file, ex.Message, "Give the provider's file as downloaded (AWS ip-ranges.json, Azure ServiceTags_Public, Google cloud.json, Cloudflare ips-v4/ips-v6, Fastly public-ip-list), or -Provider for a plain CIDR list."));
            }
        }
        if (imports.Count == 0) return;
        var destination = Destination(Locations.UserCloudRanges);
        var providers = string.Join(", ", imports.Select(i => i.Provider).Distinct(StringComparer.OrdinalIgnoreCase));
        if (!Approve(destination, $"Replace the {providers} ranges ({imports.Sum(i => i.Ranges.Count)} prefixes)")) return;
        var basePath = File.Exists(destination) ? destination : Locations.BundledCloudRanges;
        try
        {
            Writing(destination, () =>
            {
                foreach (var source in CloudRangeImporter.Update(destination, basePath, imports)) Output(source);
            });
        }
        catch (FormatException ex)
        {
            throw new DataUpdateException(new(ex, "InvalidDataFile", basePath));
        }
    }

    /// <summary>Writes <paramref name="destination"/>; one that cannot be written ends the update (DataFileNotWritable).</summary>
    private static void Writing(string destination, Action write)
    {
        try { write(); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataUpdateException(new(ex, "DataFileNotWritable", destination, $"Cannot write '{destination}': {ex.Message}", "Give a writable -DestinationPath."));
        }
    }
}

/// <summary>Where the user's refreshed copies go and the module's own copy of the ranges (the base a range update merges into).</summary>
public sealed record DataFileLocations(string UserCloudRanges, string BundledCloudRanges, string UserHstsPreload, string UserRdapBootstrap, string UserPublicSuffixList);
