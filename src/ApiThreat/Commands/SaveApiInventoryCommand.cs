using System.Management.Automation;
using ApiThreat.Engine.Inventory;
using ApiThreat.Engine.Net;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Saves the ApiThreat objects of the pipeline as one dated snapshot in an inventory database (SQLite). The whole
/// snapshot is one transaction: if anything fails or the pipeline is stopped, the database keeps its previous state.
/// </summary>
[Cmdlet(VerbsData.Save, "ApiInventory", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(InventorySnapshot))]
public sealed class SaveApiInventoryCommand : PSCmdlet, IDisposable
{
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("PSPath", "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>A note stored with the snapshot (e.g. the change ticket or the scan profile).</summary>
    [Parameter]
    [ValidateLength(0, 1024)]
    public string? Label { get; set; }

    private InventoryStore? _store;
    private SnapshotWriter? _writer;
    private bool _skip;
    private readonly CancellationTokenSource _stop = new();

    protected override void StopProcessing() => _stop.Cancel();

    protected override void BeginProcessing()
    {
        var file = GetUnresolvedProviderPathFromPSPath(Path);
        if (!ShouldProcess(file, "Save an inventory snapshot")) { _skip = true; return; }
        try
        {
            _store = InventoryStore.Open(file, create: true, _stop.Token, WriteWarning);
            _writer = _store.BeginSnapshot(Label);
        }
        catch (TargetException ex)
        {
            ThrowTerminatingError(ErrorMapping.ToErrorRecord(ex, Path));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    protected override void ProcessRecord()
    {
        if (_skip || InputObject?.BaseObject is not { } value) return;
        if (value is ScanResult scan)
        {
            foreach (var part in new IEnumerable<object>[] { scan.Hosts, scan.Dns, scan.Certificates, scan.Ips, scan.Inventory, scan.Technologies, scan.Findings })
                foreach (var item in part) Add(item);
            return;
        }
        Add(value);
    }

    private void Add(object value)
    {
        try
        {
            _writer!.Add(value);
        }
        catch (ArgumentException ex)
        {
            WriteError(new ErrorRecord(ex, "NotAnApiThreatObject", ErrorCategory.InvalidType, value)
            { ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = "Pipe the output of ApiThreat cmdlets (Get-ApiInventory, Find-Subdomain, ...)." } });
        }
        catch (Exception ex) when (ex is TargetException or IOException)
        {
            RollBack();
            ThrowTerminatingError(SaveFailed(ex));
        }
    }

    /// <summary>
    /// Rolls the failed snapshot back now. When the rollback itself fails (the disk is full), SQLite leaves a hot
    /// journal for the next opener; opening the file once more plays it back at once, so the .db file alone holds
    /// the earlier snapshots again (a backup copying only the .db gets a whole database).
    /// </summary>
    private void RollBack()
    {
        var file = _store?.Path;
        _writer?.Dispose();
        _writer = null;
        _store?.Dispose();
        _store = null;
        if (file is null || !File.Exists(file + "-journal")) return;
        try { InventoryStore.Open(file, create: false).Dispose(); }
        catch (TargetException) { } // the journal stays; the next open recovers it
    }

    protected override void EndProcessing()
    {
        if (_skip || _writer is null) return;
        try
        {
            var snapshot = _writer.Commit();
            WriteVerbose($"Saved snapshot {snapshot.Id} with {snapshot.ItemCount} item(s) to {snapshot.Path}");
            WriteObject(snapshot);
        }
        catch (Exception ex) when (ex is TargetException or IOException)
        {
            RollBack();
            ThrowTerminatingError(SaveFailed(ex));
        }
    }

    private ErrorRecord SaveFailed(Exception ex) => new(ex, "InventorySaveFailed", ErrorCategory.WriteError, Path)
    {
        ErrorDetails = new ErrorDetails(ex is TargetException ? ex.Message : $"Saving to '{Path}' failed: {ex.Message} The snapshot was rolled back; the earlier snapshots are intact.")
        { RecommendedAction = "Check free space, permissions and that no other program locks the file, then save again." },
    };

    public void Dispose()
    {
        _writer?.Dispose(); // without Commit (stopped, failed): rolled back
        _store?.Dispose();
        _writer = null;
        _store = null;
        _stop.Dispose();
    }
}
