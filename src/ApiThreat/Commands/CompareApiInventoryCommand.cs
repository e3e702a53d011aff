using System.Management.Automation;
using ApiThreat.Completers;
using ApiThreat.Engine.Inventory;
using ApiThreat.Engine.Net;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Compares an inventory baseline (a snapshot of a database) with the pipeline's objects or with another snapshot,
/// and emits one InventoryChange per difference: hosts, endpoints and operations added or removed; DNS,
/// certificate, IP owner, technology and authentication changes, each with before/after and a severity.
/// </summary>
[Cmdlet(VerbsData.Compare, "ApiInventory")]
[OutputType(typeof(InventoryChange))]
public sealed class CompareApiInventoryCommand : PSCmdlet
{
    /// <summary>The inventory holding the baseline: an SQLite file, or a PostgreSQL URI or connection string.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Baseline { get; set; } = "";

    /// <summary>User name and password for a PostgreSQL inventory.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The baseline snapshot: id, latest, previous or a date. Default: latest against pipeline input, previous otherwise.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SnapshotCompleter))]
    public string? Snapshot { get; set; }

    [Parameter(ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>The database holding the snapshot to compare with (default: the baseline's own database).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DifferencePath { get; set; }

    /// <summary>The snapshot to compare with: id, latest (default), previous or a date.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SnapshotCompleter))]
    public string? DifferenceSnapshot { get; set; }

    private readonly List<InventoryItem> _input = new();
    private bool _sawInput;
    private readonly CancellationTokenSource _stop = new();

    protected override void StopProcessing() => _stop.Cancel();

    protected override void ProcessRecord()
    {
        if (ModelRehydrator.Unwrap(InputObject) is not { } value) return;
        _sawInput = true;
        var values = value is ScanResult scan
            ? Engine.Scan.ScanPipeline.InventoryObjects(scan)
            : new[] { value };
        foreach (var v in values)
        {
            try { _input.Add(InventoryItem.From(v)); }
            catch (ArgumentException)
            {
                WriteError(InputErrors.NotAnApiThreatObject(v, MyInvocation.MyCommand.Name));
            }
        }
    }

    protected override void EndProcessing() => this.RunStoreWork(() =>
    {
        try
        {
            var baselineFile = this.StoreLocation(Baseline);
            var credential = Credential?.GetNetworkCredential();
            using var store = InventoryStores.Open(baselineFile, create: false, credential, _stop.Token);
            List<InventoryChange> changes;
            if (_sawInput)
            {
                var snapshot = store.ResolveSnapshot(Snapshot);
                WriteVerbose($"Comparing {_input.Count} object(s) with snapshot {snapshot.Id} ({snapshot.Taken:u}) of {store.Location}");
                changes = InventoryDiff.Compare(store.ReadItems(snapshot.Id).ToList(), _input, snapshot.Taken, onlyCurrentTypes: true);
            }
            else
            {
                var otherFile = DifferencePath is null ? null : this.StoreLocation(DifferencePath);
                using var other = otherFile is null ? null : InventoryStores.Open(otherFile, create: false, credential, _stop.Token);
                var baseSnapshot = store.ResolveSnapshot(Snapshot ?? (other is null && DifferenceSnapshot is null ? "previous" : "latest"));
                var diffStore = other ?? store;
                var diffSnapshot = diffStore.ResolveSnapshot(DifferenceSnapshot);
                WriteVerbose($"Comparing snapshot {baseSnapshot.Id} ({baseSnapshot.Taken:u}) with snapshot {diffSnapshot.Id} ({diffSnapshot.Taken:u})");
                changes = InventoryDiff.Compare(store.ReadItems(baseSnapshot.Id).ToList(), diffStore.ReadItems(diffSnapshot.Id).ToList(), baseSnapshot.Taken, onlyCurrentTypes: false);
            }
            foreach (var c in changes) WriteObject(OutputText.Clean(c)); // a stored inventory is untrusted text too
        }
        catch (Exception ex) when (ex is not TargetException && ex is InvalidOperationException or IOException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InventoryReadFailed", ErrorCategory.ReadError, InventoryStores.Display(Baseline)));
        }
    }, null, _stop.Token);
}
