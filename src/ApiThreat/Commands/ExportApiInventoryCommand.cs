using System.Management.Automation;
using ApiThreat.Engine.Inventory;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>The formats Export-ApiInventory writes.</summary>
public enum InventoryExportFormat { JsonLines, Csv, OpenApi }

/// <summary>
/// Writes inventory objects as JSON Lines, CSV (formula-like cells escaped), or one OpenAPI 3.1 document per host of
/// the discovered endpoints, to the pipeline (as text) or to files.
/// </summary>
[Cmdlet(VerbsData.Export, "ApiInventory", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(string), typeof(FileInfo))]
public sealed class ExportApiInventoryCommand : PSCmdlet, IDisposable
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 0)]
    public InventoryExportFormat Format { get; set; }

    /// <summary>The file to write (JsonLines, Csv) or the folder for one file per host (OpenApi). Without it, text goes to the pipeline.</summary>
    [Parameter(Position = 1)]
    [Alias("PSPath", "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Replace read-only files too.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Refuse to replace existing files.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Output the FileInfo of each file written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private string? _folder;
    private OutputFile? _file;
    private StreamWriter? _writer;
    private Type? _csvType;
    private bool _skip;
    private readonly List<ApiEndpoint> _endpoints = new();

    protected override void BeginProcessing()
    {
        if (Path is null) return;
        var target = OutputFile.ResolvePath(this, Path, literal: true);
        if (Format == InventoryExportFormat.OpenApi)
        {
            if (File.Exists(target))
                ThrowTerminatingError(new ErrorRecord(new IOException($"'{Path}' is a file; OpenApi export writes one document per host into a folder."),
                    "ExportPathIsFile", ErrorCategory.InvalidArgument, Path)
                { ErrorDetails = new ErrorDetails($"'{Path}' is a file.") { RecommendedAction = "Give a folder (it is created when missing)." } });
            if (!ShouldProcess(target, "Write one OpenAPI document per host into this folder")) { _skip = true; return; }
            Directory.CreateDirectory(target);
            _folder = target;
            return;
        }
        _file = OutputFile.Check(this, target, Force, NoClobber, $"Write the inventory as {Format}");
        if (_file is null) { _skip = true; return; }
        _writer = _file.Open(Format == InventoryExportFormat.Csv ? "\r\n" : "\n");
    }

    protected override void ProcessRecord()
    {
        if (_skip || ModelRehydrator.Unwrap(InputObject) is not { } value) return;
        if (!InventoryItem.IsInventoryType(value.GetType()))
        {
            WriteError(InputErrors.NotAnApiThreatObject(value, MyInvocation.MyCommand.Name));
            return;
        }
        switch (Format)
        {
            case InventoryExportFormat.JsonLines:
                Emit(InventoryExport.ToJsonLine(value));
                break;
            case InventoryExportFormat.Csv:
                if (_csvType is null)
                {
                    _csvType = value.GetType();
                    Emit(InventoryExport.CsvHeader(_csvType));
                }
                if (value.GetType() != _csvType)
                {
                    WriteError(new ErrorRecord(new ArgumentException($"A CSV holds one type: this one has {_csvType.Name} rows, not {value.GetType().Name}."),
                        "CsvMixedTypes", ErrorCategory.InvalidType, value)
                    { ErrorDetails = new ErrorDetails($"A CSV holds one type of row ({_csvType.Name}).") { RecommendedAction = "Filter with Where-Object, or use -Format JsonLines for mixed objects." } });
                    return;
                }
                Emit(InventoryExport.CsvRow(value));
                break;
            case InventoryExportFormat.OpenApi:
                if (value is ApiEndpoint e) _endpoints.Add(e);
                else WriteVerbose($"OpenApi export describes ApiEndpoint objects; a {value.GetType().Name} is skipped.");
                break;
        }
    }

    private void Emit(string line)
    {
        if (_writer is not null) _writer.WriteLine(line);
        else WriteObject(line);
    }

    protected override void EndProcessing()
    {
        if (_skip) return;
        if (Format == InventoryExportFormat.OpenApi)
        {
            foreach (var (host, json) in OpenApiExport.Documents(_endpoints))
            {
                if (_folder is null) { WriteObject(json); continue; }
                using var file = OutputFile.Check(this, System.IO.Path.Combine(_folder, $"{host}.openapi.json"), Force, NoClobber, action: null, terminating: false);
                if (file is null) continue;
                var info = file.WriteAllText(json);
                if (PassThru) WriteObject(info);
            }
            return;
        }
        if (_file is null) return;
        _writer = null;
        var written = _file.Commit();
        if (PassThru) WriteObject(written);
    }

    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }
}
