using System.Management.Automation;
using ApiThreat.Completers;
using ApiThreat.Engine.DataFiles;
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
        var update = new DataUpdate
        {
            Locations = DataPaths.UserDataFiles,
            DestinationPath = DestinationPath is null ? null : GetUnresolvedProviderPathFromPSPath(DestinationPath),
            Provider = Provider,
            Approve = ShouldProcess,
            Output = WriteObject,
            Verbose = WriteVerbose,
            Error = problem => WriteError(Record(problem, ErrorCategory.InvalidData)),
        };
        try
        {
            update.Run(_files);
        }
        catch (DataUpdateException ex)
        {
            ThrowTerminatingError(Record(ex.Problem, ex.Problem.ErrorId switch
            {
                "DataFileNotWritable" => ErrorCategory.WriteError,
                "DestinationPathAmbiguous" => ErrorCategory.InvalidArgument,
                _ => ErrorCategory.InvalidData,
            }));
        }
    }

    private static ErrorRecord Record(DataFileProblem problem, ErrorCategory category) => new(problem.Error, problem.ErrorId, category, problem.Target)
    {
        ErrorDetails = problem.Message is null ? null : new ErrorDetails(problem.Message) { RecommendedAction = problem.Fix },
    };
}
