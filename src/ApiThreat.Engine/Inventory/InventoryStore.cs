using System.Globalization;
using ApiThreat.Engine.Net;
using Microsoft.Data.Sqlite;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Inventory;

/// <summary>
/// The inventory database: an SQLite file of dated snapshots, each holding ApiThreat objects as JSON keyed by
/// type and a stable key. A snapshot is written in ONE transaction (<see cref="SnapshotWriter"/>): until Commit,
/// nothing of it is visible, and a crash or failure mid-save rolls back to the previous snapshots intact.
/// </summary>
public sealed class InventoryStore : IInventoryStore
{
    public const string Application = "ApiThreat.Inventory";
    /// <summary>2 adds snapshots.scan_id: the shards of one scan write one snapshot.</summary>
    public const int SchemaVersion = 2;

    private readonly SqliteConnection _connection;
    private readonly StoreGuard _guard;
    private readonly Action<string>? _waiting;

    static InventoryStore() => SQLitePCL.Batteries_V2.Init();

    private InventoryStore(string path, SqliteConnection connection, CancellationToken cancellationToken, Action<string>? waiting, TimeSpan? lockWait)
    {
        Path = path;
        _connection = connection;
        _guard = StoreGuard.Attach(connection, path, cancellationToken, lockWait: lockWait);
        _waiting = waiting;
    }

    public string Path { get; }

    public string Location => Path;

    /// <summary>
    /// Opens (or with <paramref name="create"/>, creates) an inventory database; the errors name the file and the fix.
    /// The file is untrusted (<see cref="StoreGuard"/>): <paramref name="cancellationToken"/> stops any query at once,
    /// and <paramref name="waiting"/> is told when a save has to wait for another writer.
    /// </summary>
    /// <param name="lockWait">How long a save waits for another writer (default <see cref="StoreGuard.DefaultLockWait"/>).</param>
    public static InventoryStore Open(string path, bool create, CancellationToken cancellationToken = default, Action<string>? waiting = null,
        TimeSpan? lockWait = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!create && !File.Exists(full))
            throw new TargetException(path, "InventoryNotFound", TargetErrorKind.NotFound,
                $"The inventory database '{path}' does not exist.", "Give the path of a file written by Save-ApiInventory.");
        if (create && !Directory.Exists(System.IO.Path.GetDirectoryName(full)))
            throw new TargetException(path, "InventoryDirectoryNotFound", TargetErrorKind.NotFound,
                $"The folder of '{path}' does not exist.", "Create the folder first, or give a path in an existing folder.");
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
            // How long a read waits while another process commits (a save's own wait for the write lock is StoreGuard.BeginWrite).
            DefaultTimeout = 5,
        };
        var connection = new SqliteConnection(builder.ToString());
        InventoryStore? store = null;
        try
        {
            connection.Open();
            store = new InventoryStore(full, connection, cancellationToken, waiting, lockWait);
            store.Guarded("Opening", () => store.Initialize(create));
            return store;
        }
        catch (Exception ex) when (ex is SqliteException or TargetException or OperationCanceledException)
        {
            if (store is not null) store.Dispose(); else connection.Dispose();
            if (ex is not SqliteException sqlite) throw;
            throw new TargetException(path, "InventoryOpenFailed", TargetErrorKind.InvalidData,
                $"'{path}' could not be opened as an inventory database: {sqlite.Message}",
                "Give a file written by Save-ApiInventory (or a new file name to start one).", ex);
        }
    }

    /// <summary>Runs a step of work on the (untrusted) file, with its errors translated into what they mean.</summary>
    private T Guarded<T>(string doing, Func<T> work)
    {
        try
        {
            _guard.Step();
            return work();
        }
        catch (Exception ex) when (_guard.Translate(ex, doing) is { } meaning)
        {
            throw meaning;
        }
    }

    private void Guarded(string doing, Action work) => Guarded(doing, () => { work(); return 0; });

    /// <summary>Starts a step of the write path: each item a save adds has its own work budget.</summary>
    internal void Step() => _guard.Step();

    private void Initialize(bool create)
    {
        _guard.CheckSchema();
        Execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
        // Workers opening one new file at once: under the write lock, checking and creating the schema is one step.
        // Creating waits for the write lock as a save does (told to the user, Ctrl+C heard), not DefaultTimeout's 5 s.
        // A file that is already an inventory of this schema is checked as a reader does: a shard opening the store to
        // save does not queue behind a sibling's whole save here, and then again for its own snapshot.
        using var tx = create && !IsCurrentSchema() ? _guard.BeginWrite(_waiting) : _connection.BeginTransaction(deferred: true);
        var hasMeta = Scalar("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'", tx) is long n && n > 0;
        if (!hasMeta)
        {
            var tables = (long)Scalar("SELECT count(*) FROM sqlite_master WHERE type='table'", tx)!;
            if (tables > 0 || !create)
                throw new TargetException(Path, "NotAnInventory", TargetErrorKind.InvalidData,
                    $"'{Path}' is an SQLite database but not an ApiThreat inventory.", "Give a file written by Save-ApiInventory, or a new file name.");
            Execute("""
                CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE snapshots(
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    taken TEXT NOT NULL,
                    label TEXT,
                    tool_version TEXT NOT NULL,
                    item_count INTEGER NOT NULL,
                    scan_id TEXT UNIQUE);
                CREATE TABLE items(
                    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
                    item_type TEXT NOT NULL,
                    item_key TEXT NOT NULL,
                    host_name TEXT NOT NULL,
                    first_seen TEXT,
                    data TEXT NOT NULL,
                    PRIMARY KEY (snapshot_id, item_type, item_key)) WITHOUT ROWID;
                CREATE INDEX items_by_key ON items(item_type, item_key);
                """, tx);
            Execute($"INSERT INTO meta(key, value) VALUES ('application', '{Application}'), ('schema', '{SchemaVersion}')", tx);
            tx.Commit();
            return;
        }
        var app = Scalar("SELECT value FROM meta WHERE key='application'", tx) as string;
        var schema = Scalar("SELECT value FROM meta WHERE key='schema'", tx) as string;
        if (app != Application)
            throw new TargetException(Path, "NotAnInventory", TargetErrorKind.InvalidData,
                $"'{Path}' is an SQLite database but not an ApiThreat inventory.", "Give a file written by Save-ApiInventory, or a new file name.");
        if (!int.TryParse(schema, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v > SchemaVersion)
            throw new TargetException(Path, "InventorySchemaTooNew", TargetErrorKind.InvalidData,
                $"'{Path}' was written by a newer ApiThreat (schema {schema}; this one reads {SchemaVersion}).", "Update the ApiThreat module.");
        if (v < 2)
        {
            // Schema 1 → 2: the scan id that lets the shards of one scan share a snapshot.
            Execute("ALTER TABLE snapshots ADD COLUMN scan_id TEXT; CREATE UNIQUE INDEX snapshots_by_scan ON snapshots(scan_id);", tx);
            Execute("UPDATE meta SET value = '2' WHERE key = 'schema'", tx);
        }
        tx.Commit();
    }

    /// <summary>Whether the file already holds an inventory of <see cref="SchemaVersion"/> (read without a lock; checked again in the transaction).</summary>
    private bool IsCurrentSchema()
    {
        if (Scalar("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'") is not long n || n == 0) return false;
        return Scalar("SELECT value FROM meta WHERE key='schema'") as string == SchemaVersion.ToString(CultureInfo.InvariantCulture);
    }

    public IReadOnlyList<InventorySnapshot> ListSnapshots() => Guarded("Reading the snapshots of", ListSnapshotsCore);

    private IReadOnlyList<InventorySnapshot> ListSnapshotsCore()
    {
        var list = new List<InventorySnapshot>();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT id, taken, label, item_count FROM snapshots ORDER BY id";
        using (var reader = cmd.ExecuteReader())
            while (reader.Read()) list.Add(ReadSnapshot(reader));
        foreach (var s in list) s.ItemTypes = CountTypes(s.Id);
        return list;
    }

    private InventorySnapshot ReadSnapshot(SqliteDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Path = Path,
        // Crafted values are refused with their snapshot named, never a raw FormatException or OverflowException.
        Taken = DateTimeOffset.TryParse(reader.GetValue(1) as string, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var taken)
            ? taken : throw new FormatException($"snapshot {reader.GetValue(0)} has the date '{Truncate(reader.GetValue(1))}'"),
        Label = reader.IsDBNull(2) ? null : reader.GetValue(2) as string ?? throw new FormatException($"snapshot {reader.GetValue(0)} has a label that is not text"),
        ItemCount = reader.GetValue(3) is long count and >= 0 and <= int.MaxValue ? (int)count
            : throw new FormatException($"snapshot {reader.GetValue(0)} has the item count '{Truncate(reader.GetValue(3))}'"),
    };

    private static string Truncate(object? value) => ApiThreat.Engine.Text.TextSafety.Truncate(ApiThreat.Engine.Text.TextSafety.StripControl(Convert.ToString(value, CultureInfo.InvariantCulture)), 40);

    private string[] CountTypes(long id)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT item_type, count(*) FROM items WHERE snapshot_id = $id GROUP BY item_type ORDER BY item_type";
        cmd.Parameters.AddWithValue("$id", id);
        var types = new List<string>();
        using var reader = cmd.ExecuteReader();
        while (reader.Read()) types.Add($"{reader.GetString(0)}={reader.GetInt64(1)}");
        return types.ToArray();
    }

    /// <summary>
    /// A snapshot named by id ("3"), by "latest" or "previous", or by a date/time (the last snapshot taken at or
    /// before it; a bare date means the end of that day, UTC). Null or empty = the latest.
    /// </summary>
    public InventorySnapshot ResolveSnapshot(string? spec) => SnapshotSelector.Resolve(ListSnapshots(), spec, Path);

    /// <summary>Streams the items of a snapshot (optionally of some types), in type and key order; each row is a step of its own.</summary>
    public IEnumerable<InventoryItem> ReadItems(long snapshotId, IReadOnlyCollection<string>? itemTypes = null)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT item_type, item_key, host_name, data FROM items WHERE snapshot_id = $id ORDER BY item_type, item_key";
        cmd.Parameters.AddWithValue("$id", snapshotId);
        using var reader = Guarded("Reading", () => cmd.ExecuteReader());
        while (Guarded("Reading", () => reader.Read()))
        {
            var item = Guarded($"Reading snapshot {snapshotId} of", () =>
            {
                var type = reader.GetString(0);
                if (itemTypes is { Count: > 0 } && !itemTypes.Contains(type, StringComparer.OrdinalIgnoreCase)) return null;
                var value = InventoryItem.Deserialize(type, reader.GetString(3));
                // A type a newer version stored is skipped, not guessed.
                return value is null ? null : new InventoryItem(type, reader.GetString(1), reader.GetString(2), value);
            });
            if (item is not null) yield return item;
        }
    }

    /// <summary>Starts a snapshot: one transaction that becomes visible only on Commit.</summary>
    public SnapshotWriter BeginSnapshot(string? label, DateTimeOffset? taken = null) => BeginSnapshot(label, null, taken);

    /// <summary>
    /// Starts a snapshot, or with <paramref name="scanId"/> joins the snapshot another shard of the same scan started
    /// (one logical snapshot per scan). Writers serialize on the database's write lock (BEGIN IMMEDIATE), waiting as
    /// <see cref="StoreGuard.BeginWrite"/> allows.
    /// </summary>
    public SnapshotWriter BeginSnapshot(string? label, string? scanId, DateTimeOffset? taken = null) =>
        Guarded("Saving to", () => new SnapshotWriter(this, _connection, _guard.BeginWrite(_waiting), label, scanId, taken ?? DateTimeOffset.UtcNow));

    ISnapshotWriter IInventoryStore.BeginSnapshot(string? label, string? scanId, DateTimeOffset? taken) => BeginSnapshot(label, scanId, taken);

    private void Execute(string sql, SqliteTransaction? tx = null)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private object? Scalar(string sql, SqliteTransaction? tx = null)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    public void Dispose()
    {
        _guard.Dispose();
        _connection.Dispose();
    }
}

/// <summary>
/// Writes one snapshot inside one transaction. Items may arrive one by one (memory stays flat); the same key twice
/// keeps the last. FirstSeen of an item already in the previous snapshot is carried over (the earliest wins).
/// Dispose without Commit rolls everything back.
/// </summary>
public sealed class SnapshotWriter : ISnapshotWriter
{
    private readonly InventoryStore _store;
    private readonly SqliteTransaction _transaction;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _previousFirstSeen;
    private readonly long _snapshotId;
    private readonly DateTimeOffset _taken;
    private readonly string? _label;
    private readonly HashSet<(string, string)> _keys = new();
    private bool _done;

    internal SnapshotWriter(InventoryStore store, SqliteConnection connection, SqliteTransaction transaction, string? label, string? scanId, DateTimeOffset taken)
    {
        _store = store;
        _label = label;
        _taken = taken;
        _transaction = transaction;
        long? joined = null;
        if (scanId is not null)
        {
            using var cmd = connection.CreateCommand();
            cmd.Transaction = _transaction;
            cmd.CommandText = "SELECT id, taken FROM snapshots WHERE scan_id = $scan";
            cmd.Parameters.AddWithValue("$scan", scanId);
            using var reader = cmd.ExecuteReader();
            if (reader.Read())
            {
                joined = reader.GetInt64(0);
                _taken = DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            }
        }
        long? previous;
        using (var cmd = connection.CreateCommand())
        {
            cmd.Transaction = _transaction;
            cmd.CommandText = "SELECT max(id) FROM snapshots WHERE id < $before";
            cmd.Parameters.AddWithValue("$before", joined ?? long.MaxValue);
            previous = cmd.ExecuteScalar() is long p ? p : null;
        }
        if (joined is { } id)
        {
            _snapshotId = id;
            using var existing = connection.CreateCommand();
            existing.Transaction = _transaction;
            existing.CommandText = "SELECT item_type, item_key FROM items WHERE snapshot_id = $id";
            existing.Parameters.AddWithValue("$id", id);
            using var reader = existing.ExecuteReader();
            while (reader.Read()) _keys.Add((reader.GetString(0), reader.GetString(1)));
        }
        else
        {
            using var cmd = connection.CreateCommand();
            cmd.Transaction = _transaction;
            cmd.CommandText = "INSERT INTO snapshots(taken, label, tool_version, item_count, scan_id) VALUES ($taken, $label, $version, 0, $scan); SELECT last_insert_rowid();";
            cmd.Parameters.AddWithValue("$taken", taken.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$label", (object?)label ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$version", EngineInfo.Version);
            cmd.Parameters.AddWithValue("$scan", (object?)scanId ?? DBNull.Value);
            _snapshotId = (long)cmd.ExecuteScalar()!;
        }
        _insert = connection.CreateCommand();
        _insert.Transaction = _transaction;
        _insert.CommandText = "INSERT OR REPLACE INTO items(snapshot_id, item_type, item_key, host_name, first_seen, data) VALUES ($s, $t, $k, $h, $f, $d)";
        foreach (var name in new[] { "$s", "$t", "$k", "$h", "$f", "$d" }) _insert.Parameters.Add(new SqliteParameter(name, null));
        _insert.Parameters["$s"].Value = _snapshotId;
        _previousFirstSeen = connection.CreateCommand();
        _previousFirstSeen.Transaction = _transaction;
        _previousFirstSeen.CommandText = "SELECT first_seen FROM items WHERE snapshot_id = $p AND item_type = $t AND item_key = $k";
        _previousFirstSeen.Parameters.AddWithValue("$p", previous ?? -1);
        _previousFirstSeen.Parameters.Add(new SqliteParameter("$t", null));
        _previousFirstSeen.Parameters.Add(new SqliteParameter("$k", null));
    }

    public long SnapshotId => _snapshotId;
    public int Count => _keys.Count;

    /// <summary>Test hook: throw after this many items, to prove a failed save leaves the store as it was.</summary>
    internal int? FailAfter { get; set; }

    /// <summary>Adds one object; ArgumentException for a non-ApiThreat object, TargetException when the database fails.</summary>
    public void Add(object value) => Add(PreparedItem.From(value));

    /// <summary>Adds one object serialised before the write lock was taken; TargetException when the database fails.</summary>
    public void Add(PreparedItem item)
    {
        if (_done) throw new InvalidOperationException("The snapshot is already committed or rolled back.");
        try { AddCore(item); }
        catch (SqliteException ex) { throw Failed(ex); }
    }

    private TargetException Failed(Exception ex) => new(_store.Path, "InventorySaveFailed", TargetErrorKind.ResourceUnavailable,
        $"Saving to '{_store.Path}' failed: {ex.Message} The snapshot was rolled back; the earlier snapshots are intact.",
        "Check free space, permissions and that no other program locks the file, then save again.", ex);

    private void AddCore(PreparedItem item)
    {
        _store.Step();
        DateTimeOffset? earlier = null;
        if (item.FirstSeen is not null)
        {
            _previousFirstSeen.Parameters["$t"].Value = item.ItemType;
            _previousFirstSeen.Parameters["$k"].Value = item.Key;
            if (_previousFirstSeen.ExecuteScalar() is string text &&
                DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var e)) earlier = e;
        }
        var (firstSeen, json) = item.WithEarlier(earlier);
        _insert.Parameters["$t"].Value = item.ItemType;
        _insert.Parameters["$k"].Value = item.Key;
        _insert.Parameters["$h"].Value = item.HostName;
        _insert.Parameters["$f"].Value = (object?)firstSeen ?? DBNull.Value;
        _insert.Parameters["$d"].Value = json;
        _insert.ExecuteNonQuery();
        _keys.Add((item.ItemType, item.Key));
        if (FailAfter is { } n && _keys.Count >= n) throw new IOException($"Injected failure after {n} items.");
    }

    public InventorySnapshot Commit()
    {
        if (_done) throw new InvalidOperationException("The snapshot is already committed or rolled back.");
        try { return CommitCore(); }
        catch (SqliteException ex) { throw Failed(ex); }
    }

    private InventorySnapshot CommitCore()
    {
        _store.Step();
        using (var cmd = _transaction.Connection!.CreateCommand())
        {
            cmd.Transaction = _transaction;
            cmd.CommandText = "UPDATE snapshots SET item_count = $n WHERE id = $id";
            cmd.Parameters.AddWithValue("$n", _keys.Count);
            cmd.Parameters.AddWithValue("$id", _snapshotId);
            cmd.ExecuteNonQuery();
        }
        _transaction.Commit();
        _done = true;
        var counts = _keys.GroupBy(k => k.Item1, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}").ToArray();
        return new InventorySnapshot { Id = _snapshotId, Path = _store.Path, Taken = _taken, Label = _label, ItemCount = _keys.Count, ItemTypes = counts };
    }

    public void Dispose()
    {
        if (!_done)
        {
            _done = true;
            try { _transaction.Rollback(); } catch (SqliteException) { } catch (InvalidOperationException) { }
        }
        _insert.Dispose();
        _previousFirstSeen.Dispose();
        _transaction.Dispose();
    }
}
