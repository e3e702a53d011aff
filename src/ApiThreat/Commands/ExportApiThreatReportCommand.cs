using System.Management.Automation;
using System.Text;
using ApiThreat.Engine.Export.Report;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>Writes a self-contained HTML report (charts, sortable findings, per-host sections, score explanation) or a Markdown report.</summary>
[Cmdlet(VerbsData.Export, "ApiThreatReport", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportApiThreatReportCommand : ExportCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    /// <summary>The file to write (wildcards are not expanded in a new file name).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = "";

    [Parameter]
    public ReportFormat Format { get; set; } = ReportFormat.Html;

    /// <summary>The report's heading (default: the scanned domains).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Title { get; set; }

    /// <summary>Refuse to overwrite an existing file (like Out-File -NoClobber).</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Output the report's FileInfo.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var target = ParameterSetName == LiteralPathSet
            ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(LiteralPath)
            : GetUnresolvedProviderPathFromPSPath(Path);
        if (File.Exists(target) && NoClobber)
        {
            ThrowTerminatingError(new ErrorRecord(new IOException($"'{target}' exists and -NoClobber was given."), "ReportExists", ErrorCategory.ResourceExists, target));
            return;
        }
        var directory = System.IO.Path.GetDirectoryName(target);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            ThrowTerminatingError(new ErrorRecord(new DirectoryNotFoundException($"The folder '{directory}' does not exist."), "ReportFolderNotFound", ErrorCategory.ObjectNotFound, directory));
            return;
        }
        if (!ShouldProcess(target, $"Write {Format} report ({Set.Findings.Count} findings, {Set.HostNames.Count} hosts)")) return;
        var text = Format == ReportFormat.Markdown
            ? MarkdownReportWriter.Write(Set, Title, EffectiveTimestamp)
            : HtmlReportWriter.Write(Set, Title, EffectiveTimestamp);
        File.WriteAllText(target, text, new UTF8Encoding(false));
        WriteVerbose($"Wrote {target} ({text.Length} characters).");
        if (PassThru) WriteObject(new FileInfo(target));
    }
}
