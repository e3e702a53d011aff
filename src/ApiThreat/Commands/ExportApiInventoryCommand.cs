using System.Management.Automation;
using System.Text;
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

    /// <summary>Overwrite existing files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private string? _file;
    private string? _temp;
    private StreamWriter? _writer;
    private Type? _csvType;
    private bool _skip;
    private readonly List<ApiEndpoint> _endpoints = new();

    protected override void BeginProcessing()
    {
        if (Path is null) return;
        _file = GetUnresolvedProviderPathFromPSPath(Path);
        var action = Format == InventoryExportFormat.OpenApi ? "Write one OpenAPI document per host into this folder" : $"Write the inventory as {Format}";
        if (!ShouldProcess(_file, action)) { _skip = true; return; }
        if (Format == InventoryExportFormat.OpenApi)
        {
            if (File.Exists(_file))
                ThrowTerminatingError(new ErrorRecord(new IOException($"'{Path}' is a file; OpenApi export writes one document per host into a folder."),
                    "ExportPathIsFile", ErrorCategory.InvalidArgument, Path));
            Directory.CreateDirectory(_file);
            return;
        }
        if (File.Exists(_file) && !Force.IsPresent)
            ThrowTerminatingError(new ErrorRecord(new IOException($"'{Path}' exists."), "ExportFileExists", ErrorCategory.ResourceExists, Path)
            { ErrorDetails = new ErrorDetails($"'{Path}' exists.") { RecommendedAction = "Use -Force to overwrite it, or give another path." } });
        var dir = System.IO.Path.GetDirectoryName(_file)!;
        if (!Directory.Exists(dir))
            ThrowTerminatingError(new ErrorRecord(new DirectoryNotFoundException($"The folder of '{Path}' does not exist."), "ExportFolderNotFound", ErrorCategory.ObjectNotFound, Path));
        // Written beside the target and moved over it at the end: a stopped export never leaves half a file.
        _temp = _file + ".tmp-" + Guid.NewGuid().ToString("n")[..8];
        _writer = new StreamWriter(_temp, false, new UTF8Encoding(false)) { NewLine = Format == InventoryExportFormat.Csv ? "\r\n" : "\n" };
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
                if (_file is null) { WriteObject(json); continue; }
                var target = System.IO.Path.Combine(_file, $"{host}.openapi.json");
                if (File.Exists(target) && !Force.IsPresent)
                {
                    WriteError(new ErrorRecord(new IOException($"'{target}' exists."), "ExportFileExists", ErrorCategory.ResourceExists, target)
                    { ErrorDetails = new ErrorDetails($"'{target}' exists.") { RecommendedAction = "Use -Force to overwrite it." } });
                    continue;
                }
                var temp = target + ".tmp";
                File.WriteAllText(temp, json, new UTF8Encoding(false));
                File.Move(temp, target, overwrite: true);
                WriteObject(new FileInfo(target));
            }
            return;
        }
        if (_writer is null) return;
        _writer.Dispose();
        _writer = null;
        File.Move(_temp!, _file!, overwrite: true);
        _temp = null;
        WriteObject(new FileInfo(_file!));
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
        if (_temp is not null && File.Exists(_temp)) File.Delete(_temp);
    }
}
