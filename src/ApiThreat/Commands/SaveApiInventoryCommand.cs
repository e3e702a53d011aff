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

    private SnapshotSession? _session;
    private bool _skip;
    private readonly CancellationTokenSource _stop = new();

    protected override void StopProcessing() => _stop.Cancel();

    protected override void BeginProcessing()
    {
        var location = this.StoreLocation(Path);
        if (!ShouldProcess(InventoryStores.Display(location), "Save an inventory snapshot")) { _skip = true; return; }
        this.RunStoreWork(() => _session = SnapshotSession.Begin(location, Credential?.GetNetworkCredential(), Label, ScanId, WriteWarning, _stop.Token), Path, _stop.Token);
    }

    protected override void ProcessRecord()
    {
        if (_skip || ModelRehydrator.Unwrap(InputObject) is not { } value) return;
        foreach (var item in value is ScanResult scan ? Engine.Scan.ScanPipeline.InventoryObjects(scan) : new[] { value })
        {
            try
            {
                if (!_session!.Add(item)) WriteError(InputErrors.NotAnApiThreatObject(item, MyInvocation.MyCommand.Name));
            }
            catch (Exception ex) when (ex is TargetException or IOException)
            {
                _session!.RollBack();
                ThrowTerminatingError(SaveFailed(ex));
            }
        }
    }

    protected override void EndProcessing()
    {
        if (_skip || _session is not { IsOpen: true } session) return;
        if (session.NothingToSave() is { } message)
        {
            session.RollBack();
            ThrowTerminatingError(new ErrorRecord(new InvalidDataException(message), "NothingToSave", ErrorCategory.InvalidData, Path)
            { ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Pipe the output of ApiThreat cmdlets (Invoke-ApiThreatScan, Get-ApiInventory...); an empty snapshot would make the next comparison report everything as removed." } });
        }
        try
        {
            var snapshot = session.Commit();
            WriteVerbose($"Saved snapshot {snapshot.Id} with {snapshot.ItemCount} item(s) to {snapshot.Path}");
            WriteObject(snapshot);
        }
        catch (Exception ex) when (ex is TargetException or IOException)
        {
            session.RollBack();
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
        _session?.Dispose();
        _stop.Dispose();
    }
}
