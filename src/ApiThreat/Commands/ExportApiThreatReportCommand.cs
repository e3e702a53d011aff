using System.Management.Automation;
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

    /// <summary>Replace a read-only file too.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Refuse to replace an existing file (like Out-File -NoClobber).</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Output the report's FileInfo.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var literal = ParameterSetName == LiteralPathSet;
        using var file = OutputFile.Resolve(this, literal ? LiteralPath : Path, literal, Force, NoClobber,
            $"Write {Format} report ({Set.Findings.Count} findings, {Set.HostNames.Count} hosts)");
        if (file is null) return;
        var writer = file.Open();
        if (Format == ReportFormat.Markdown) writer.Write(MarkdownReportWriter.Write(Set, Title, EffectiveTimestamp));
        else HtmlReportWriter.Write(Set, Title, EffectiveTimestamp, writer);
        var info = file.Commit();
        WriteVerbose($"Wrote {info.FullName} ({info.Length} bytes).");
        if (PassThru) WriteObject(info);
    }
}
