using System.Management.Automation;
using ApiThreat.Engine.Inventory;
using ApiThreat.Engine.Net;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Saves the ApiThreat objects of the pipeline as one dated snapshot in an inventory database (an SQLite file, or
/// PostgreSQL for many workers). The whole snapshot is one transaction: if anything fails or the pipeline is stopped,
/// the database keeps its previous state. Input that holds no ApiThreat object saves nothing (an empty snapshot would
/// read as "everything removed" to the next Compare-ApiInventory).
/// </summary>
[Cmdlet(VerbsData.Save, "ApiInventory", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(InventorySnapshot))]
public sealed class SaveApiInventoryCommand : PSCmdlet, IDisposable
{
    /// <summary>An SQLite file, or a PostgreSQL URI (postgres://user@host/db) or Npgsql connection string.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("PSPath", "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>User name and password for a PostgreSQL inventory.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Join the snapshot other workers of the same scan write (their objects and these make one snapshot).</summary>
    [Parameter]
    [ValidatePattern("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")]
    public string? ScanId { get; set; }

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>A note stored with the snapshot (e.g. the change ticket or the scan profile).</summary>
    [Parameter]
    [ValidateLength(0, 1024)]
    public string? Label { get; set; }

    private IInventoryStore? _store;
    private ISnapshotWriter? _writer;
    private bool _skip;
    private int _rejected;
    private readonly CancellationTokenSource _stop = new();

    protected override void StopProcessing() => _stop.Cancel();

    protected override void BeginProcessing()
    {
        var location = InventoryStores.IsPostgres(Path) ? Path : GetUnresolvedProviderPathFromPSPath(Path);
        if (!ShouldProcess(InventoryStores.Display(location), "Save an inventory snapshot")) { _skip = true; return; }
        try
        {
            _store = InventoryStores.Open(location, create: true, Credential?.GetNetworkCredential(), _stop.Token, WriteWarning);
            _writer = _store.BeginSnapshot(Label, ScanId);
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
        if (_skip || ModelRehydrator.Unwrap(InputObject) is not { } value) return;
        if (value is ScanResult scan)
        {
            foreach (var item in Engine.Scan.ScanPipeline.InventoryObjects(scan)) Add(item);
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
        catch (ArgumentException)
        {
            _rejected++;
            WriteError(InputErrors.NotAnApiThreatObject(value, MyInvocation.MyCommand.Name));
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
        var file = (_store as InventoryStore)?.Path;
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
        if (_writer.Count == 0)
        {
            var message = _rejected > 0
                ? $"Nothing was saved to '{InventoryStores.Display(_store!.Location)}': none of the {_rejected} input object(s) was an ApiThreat object."
                : $"Nothing was saved to '{InventoryStores.Display(_store!.Location)}': the pipeline gave no object.";
            RollBack();
            ThrowTerminatingError(new ErrorRecord(new InvalidDataException(message), "NothingToSave", ErrorCategory.InvalidData, Path)
            { ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Pipe the output of ApiThreat cmdlets (Invoke-ApiThreatScan, Get-ApiInventory...); an empty snapshot would make the next comparison report everything as removed." } });
        }
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
