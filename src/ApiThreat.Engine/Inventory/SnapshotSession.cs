using System.Net;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Inventory;

/// <summary>
/// One Save-ApiInventory call: the store opened (created if need be), one snapshot written item by item, then
/// committed — or rolled back, leaving the earlier snapshots as they were.
/// </summary>
public sealed class SnapshotSession : IDisposable
{
    private IInventoryStore? _store;
    private ISnapshotWriter? _writer;

    private SnapshotSession(IInventoryStore store, ISnapshotWriter writer)
    {
        _store = store;
        _writer = writer;
    }

    /// <summary>Opens <paramref name="location"/> (a file or postgres:// URI) and begins a snapshot; TargetException when it cannot.</summary>
    public static SnapshotSession Begin(string location, NetworkCredential? credential, string? label, string? scanId,
        Action<string>? warn, CancellationToken cancellationToken)
    {
        var store = InventoryStores.Open(location, create: true, credential, cancellationToken, warn);
        try { return new SnapshotSession(store, store.BeginSnapshot(label, scanId)); }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public bool IsOpen => _writer is not null;
    public int Count => _writer?.Count ?? 0;
    /// <summary>Objects given that were not ApiThreat objects.</summary>
    public int Rejected { get; private set; }

    /// <summary>Adds one object; false for one that is not an ApiThreat object.</summary>
    public bool Add(object value)
    {
        try
        {
            _writer!.Add(value);
            return true;
        }
        catch (ArgumentException)
        {
            Rejected++;
            return false;
        }
    }

    /// <summary>Why nothing was saved, or null when something is to be saved.</summary>
    public string? NothingToSave() => Count > 0 ? null : Rejected > 0
        ? $"Nothing was saved to '{InventoryStores.Display(_store!.Location)}': none of the {Rejected} input object(s) was an ApiThreat object."
        : $"Nothing was saved to '{InventoryStores.Display(_store!.Location)}': the pipeline gave no object.";

    public InventorySnapshot Commit() => _writer!.Commit();

    /// <summary>
    /// Rolls the snapshot back now. When the rollback itself fails (the disk is full), SQLite leaves a hot journal for
    /// the next opener; opening the file once more plays it back at once, so the .db file alone holds the earlier
    /// snapshots again (a backup copying only the .db gets a whole database).
    /// </summary>
    public void RollBack()
    {
        var file = (_store as InventoryStore)?.Path;
        Dispose();
        if (file is null || !File.Exists(file + "-journal")) return;
        try { InventoryStore.Open(file, create: false).Dispose(); }
        catch (TargetException) { } // the journal stays; the next open recovers it
    }

    public void Dispose()
    {
        _writer?.Dispose(); // without Commit (stopped, failed): rolled back
        _store?.Dispose();
        _writer = null;
        _store = null;
    }
}
