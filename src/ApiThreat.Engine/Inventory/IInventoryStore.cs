namespace ApiThreat.Engine.Inventory;

/// <summary>
/// An inventory database of dated snapshots: SQLite for one machine (<see cref="InventoryStore"/>), PostgreSQL for
/// many workers writing one scan together (<see cref="PostgresInventoryStore"/>). <see cref="InventoryStores.Open"/>
/// picks the kind from the location.
/// </summary>
public interface IInventoryStore : IDisposable
{
    /// <summary>Where the store is, safe to print: a file path, or a PostgreSQL location without its password.</summary>
    string Location { get; }

    IReadOnlyList<InventorySnapshot> ListSnapshots();

    /// <summary>A snapshot by id, "latest", "previous" or a date (see <see cref="SnapshotSelector"/>).</summary>
    InventorySnapshot ResolveSnapshot(string? spec);

    /// <summary>Streams the items of a snapshot (optionally of some types), in type and key order.</summary>
    IEnumerable<InventoryItem> ReadItems(long snapshotId, IReadOnlyCollection<string>? itemTypes = null);

    /// <summary>Starts a snapshot, or joins the one another worker of the same <paramref name="scanId"/> started.</summary>
    ISnapshotWriter BeginSnapshot(string? label, string? scanId, DateTimeOffset? taken = null);
}

/// <summary>One snapshot being written in one transaction: nothing is visible until Commit; Dispose without Commit rolls back.</summary>
public interface ISnapshotWriter : IDisposable
{
    long SnapshotId { get; }
    int Count { get; }
    /// <summary>Adds one ApiThreat object (ArgumentException for anything else; the same key twice keeps the last).</summary>
    void Add(object value);
    /// <summary>Adds one object serialised beforehand (<see cref="PreparedItem.From"/>), outside any lock the writer holds.</summary>
    void Add(PreparedItem item);
    InventorySnapshot Commit();
}
