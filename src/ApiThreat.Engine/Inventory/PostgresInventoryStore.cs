using System.Globalization;
using System.Net;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;
using Npgsql;

namespace ApiThreat.Engine.Inventory;

/// <summary>
/// The inventory in PostgreSQL, for many workers: the shards of one scan (one ScanId) write one snapshot concurrently.
/// Tables are prefixed apithreat_ so the store can share a database; the module creates and migrates them under an
/// advisory lock. Each worker's items go in one transaction of idempotent upserts (a retried save neither loses nor
/// duplicates rows); transient failures (serialization, deadlock, a dropped connection) are retried.
/// </summary>
public sealed class PostgresInventoryStore : IInventoryStore
{
    public const int SchemaVersion = 1;
    private const long SchemaLockKey = 0x4170695468726561; // "ApiThrea": the advisory lock that serializes migrations

    private readonly NpgsqlDataSource _source;

    private PostgresInventoryStore(string location, NpgsqlDataSource source)
    {
        Location = location;
        _source = source;
    }

    public string Location { get; }

    public static PostgresInventoryStore Open(string location, bool create, NetworkCredential? credential = null)
    {
        var builder = PostgresLocation.Build(location, credential);
        var display = PostgresLocation.Redact(location);
        var source = NpgsqlDataSource.Create(builder.ConnectionString);
        var store = new PostgresInventoryStore(display, source);
        try
        {
            store.Initialize(create);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    internal TargetException Failed(string action, Exception ex) => new(Location, "InventoryDatabaseFailed", TargetErrorKind.ResourceUnavailable,
        $"{action} '{Location}' failed: {ex.Message}",
        "Check that the PostgreSQL server is reachable, the database exists and the user may create tables in it (or that the schema exists).", ex);

    private void Initialize(bool create)
    {
        try
        {
            using var connection = _source.OpenConnection();
            using var tx = connection.BeginTransaction();
            Execute(connection, tx, $"SELECT pg_advisory_xact_lock({SchemaLockKey})");
            var exists = Scalar(connection, tx, "SELECT to_regclass('apithreat_meta') IS NOT NULL") is true;
            if (!exists)
            {
                if (!create)
                    throw new TargetException(Location, "InventoryEmpty", TargetErrorKind.NotFound,
                        $"'{Location}' holds no ApiThreat inventory yet.", "Save one first with Save-ApiInventory or Invoke-ApiThreatScan -SaveTo.");
                Execute(connection, tx, """
                    CREATE TABLE apithreat_meta(key text PRIMARY KEY, value text NOT NULL);
                    CREATE TABLE apithreat_snapshots(
                        id bigserial PRIMARY KEY,
                        taken timestamptz NOT NULL,
                        label text,
                        tool_version text NOT NULL,
                        item_count integer NOT NULL DEFAULT 0,
                        scan_id text UNIQUE);
                    CREATE TABLE apithreat_items(
                        snapshot_id bigint NOT NULL REFERENCES apithreat_snapshots(id) ON DELETE CASCADE,
                        item_type text NOT NULL,
                        item_key text NOT NULL,
                        host_name text NOT NULL,
                        first_seen text,
                        data text NOT NULL,
                        PRIMARY KEY (snapshot_id, item_type, item_key));
                    CREATE INDEX apithreat_items_by_key ON apithreat_items(item_type, item_key);
                    """);
                Execute(connection, tx, $"INSERT INTO apithreat_meta(key, value) VALUES ('application', '{InventoryStore.Application}'), ('schema', '{SchemaVersion}')");
            }
            else
            {
                var schema = Scalar(connection, tx, "SELECT value FROM apithreat_meta WHERE key = 'schema'") as string;
                if (!int.TryParse(schema, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v > SchemaVersion)
                    throw new TargetException(Location, "InventorySchemaTooNew", TargetErrorKind.InvalidData,
                        $"'{Location}' was written by a newer ApiThreat (schema {schema}; this one reads {SchemaVersion}).", "Update the ApiThreat module.");
            }
            tx.Commit();
        }
        catch (NpgsqlException ex) { throw Failed("Opening", ex); }
    }

    public IReadOnlyList<InventorySnapshot> ListSnapshots()
    {
        try
        {
            using var connection = _source.OpenConnection();
            using var cmd = new NpgsqlCommand("""
                SELECT s.id, s.taken, s.label, (SELECT count(*) FROM apithreat_items i WHERE i.snapshot_id = s.id),
                       (SELECT string_agg(t.item_type || '=' || t.n, ',' ORDER BY t.item_type)
                          FROM (SELECT item_type, count(*) AS n FROM apithreat_items WHERE snapshot_id = s.id GROUP BY item_type) t)
                FROM apithreat_snapshots s ORDER BY s.id
                """, connection);
            using var reader = cmd.ExecuteReader();
            var list = new List<InventorySnapshot>();
            while (reader.Read())
            {
                list.Add(new InventorySnapshot
                {
                    Id = reader.GetInt64(0),
                    Path = Location,
                    Taken = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero),
                    Label = reader.IsDBNull(2) ? null : reader.GetString(2),
                    ItemCount = (int)reader.GetInt64(3),
                    ItemTypes = reader.IsDBNull(4) ? Array.Empty<string>() : reader.GetString(4).Split(','),
                });
            }
            return list;
        }
        catch (NpgsqlException ex) { throw Failed("Reading", ex); }
    }

    public InventorySnapshot ResolveSnapshot(string? spec) => SnapshotSelector.Resolve(ListSnapshots(), spec, Location);

    public IEnumerable<InventoryItem> ReadItems(long snapshotId, IReadOnlyCollection<string>? itemTypes = null)
    {
        NpgsqlConnection connection;
        try { connection = _source.OpenConnection(); }
        catch (NpgsqlException ex) { throw Failed("Reading", ex); }
        using (connection)
        {
            using var cmd = new NpgsqlCommand(
                "SELECT item_type, item_key, host_name, data FROM apithreat_items WHERE snapshot_id = $1 ORDER BY item_type COLLATE \"C\", item_key COLLATE \"C\"", connection);
            cmd.Parameters.AddWithValue(snapshotId);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var type = reader.GetString(0);
                if (itemTypes is { Count: > 0 } && !itemTypes.Contains(type, StringComparer.OrdinalIgnoreCase)) continue;
                var value = InventoryItem.Deserialize(type, reader.GetString(3));
                if (value is null) continue; // a type a newer version stored: skipped, not guessed
                yield return new InventoryItem(type, reader.GetString(1), reader.GetString(2), value);
            }
        }
    }

    public ISnapshotWriter BeginSnapshot(string? label, string? scanId, DateTimeOffset? taken = null) =>
        new PostgresSnapshotWriter(this, label, scanId, taken ?? DateTimeOffset.UtcNow);

    internal NpgsqlConnection OpenConnection() => _source.OpenConnection();

    internal static void Execute(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, connection, tx);
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(NpgsqlConnection connection, NpgsqlTransaction tx, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, connection, tx);
        return cmd.ExecuteScalar();
    }

    public void Dispose() => _source.Dispose();
}

/// <summary>
/// One worker's part of a PostgreSQL snapshot. Rows are kept until Commit, then written in one transaction of upserts
/// (retried whole on a transient failure: the same rows again change nothing). With a ScanId, the snapshot row is
/// found or created first, so every shard of the scan adds to the same snapshot.
/// </summary>
internal sealed class PostgresSnapshotWriter : ISnapshotWriter
{
    private const int MaxAttempts = 4;
    private readonly PostgresInventoryStore _store;
    private readonly string? _label;
    private readonly string? _scanId;
    private readonly DateTimeOffset _taken;
    private readonly Dictionary<(string Type, string Key), PreparedItem> _rows = new();
    private bool _done;

    public PostgresSnapshotWriter(PostgresInventoryStore store, string? label, string? scanId, DateTimeOffset taken)
    {
        _store = store;
        _label = label;
        _scanId = scanId;
        _taken = taken;
    }

    public long SnapshotId { get; private set; }
    public int Count => _rows.Count;

    public void Add(object value) => Add(PreparedItem.From(value));

    public void Add(PreparedItem item)
    {
        if (_done) throw new InvalidOperationException("The snapshot is already committed or rolled back.");
        _rows[(item.ItemType, item.Key)] = item;
    }

    public InventorySnapshot Commit()
    {
        if (_done) throw new InvalidOperationException("The snapshot is already committed or rolled back.");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var snapshot = CommitOnce();
                _done = true;
                return snapshot;
            }
            catch (NpgsqlException ex) when (attempt < MaxAttempts && IsTransient(ex))
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(100 * attempt * attempt));
            }
            catch (NpgsqlException ex)
            {
                throw new TargetException(_store.Location, "InventorySaveFailed", TargetErrorKind.ResourceUnavailable,
                    $"Saving to '{_store.Location}' failed: {ex.Message} The snapshot was rolled back; the earlier snapshots are intact.",
                    "Check that the PostgreSQL server is reachable and the user may write the apithreat_ tables, then save again.", ex);
            }
        }
    }

    private static bool IsTransient(NpgsqlException ex) =>
        ex.IsTransient || ex is PostgresException { SqlState: "40001" or "40P01" or "55P03" or "57P01" };

    private InventorySnapshot CommitOnce()
    {
        using var connection = _store.OpenConnection();
        using var tx = connection.BeginTransaction();
        long id;
        DateTimeOffset taken;
        using (var cmd = new NpgsqlCommand(_scanId is null
            ? "INSERT INTO apithreat_snapshots(taken, label, tool_version) VALUES ($1, $2, $3) RETURNING id, taken"
            // Concurrent shards: the first insert wins, the others wait on the unique index and then find its row.
            : "INSERT INTO apithreat_snapshots(taken, label, tool_version, scan_id) VALUES ($1, $2, $3, $4) ON CONFLICT (scan_id) DO UPDATE SET scan_id = EXCLUDED.scan_id RETURNING id, taken", connection, tx))
        {
            cmd.Parameters.AddWithValue(_taken.UtcDateTime);
            cmd.Parameters.AddWithValue((object?)_label ?? DBNull.Value);
            cmd.Parameters.AddWithValue(EngineInfo.Version);
            if (_scanId is not null) cmd.Parameters.AddWithValue(_scanId);
            using var reader = cmd.ExecuteReader();
            reader.Read();
            id = reader.GetInt64(0);
            taken = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero);
        }
        long? previous;
        using (var cmd = new NpgsqlCommand("SELECT max(id) FROM apithreat_snapshots WHERE id < $1", connection, tx))
        {
            cmd.Parameters.AddWithValue(id);
            previous = cmd.ExecuteScalar() is long p ? p : null;
        }
        var earlier = new Dictionary<(string, string), DateTimeOffset>();
        if (previous is { } prev)
        {
            using var cmd = new NpgsqlCommand("SELECT item_type, item_key, first_seen FROM apithreat_items WHERE snapshot_id = $1 AND first_seen IS NOT NULL", connection, tx);
            cmd.Parameters.AddWithValue(prev);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                if (DateTimeOffset.TryParse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var e))
                    earlier[(reader.GetString(0), reader.GetString(1))] = e;
        }
        using (var batch = new NpgsqlBatch(connection, tx))
        {
            // The JSON was rendered when the item was added, before this transaction locked the snapshot's row.
            foreach (var ((type, key), item) in _rows)
            {
                var (first, json) = item.WithEarlier(earlier.TryGetValue((type, key), out var e) ? e : null);
                var command = new NpgsqlBatchCommand("""
                    INSERT INTO apithreat_items(snapshot_id, item_type, item_key, host_name, first_seen, data) VALUES ($1, $2, $3, $4, $5, $6)
                    ON CONFLICT (snapshot_id, item_type, item_key) DO UPDATE SET host_name = EXCLUDED.host_name, first_seen = EXCLUDED.first_seen, data = EXCLUDED.data
                    """);
                command.Parameters.AddWithValue(id);
                command.Parameters.AddWithValue(type);
                command.Parameters.AddWithValue(key);
                command.Parameters.AddWithValue(item.HostName);
                command.Parameters.AddWithValue((object?)first ?? DBNull.Value);
                command.Parameters.AddWithValue(json);
                batch.BatchCommands.Add(command);
                if (batch.BatchCommands.Count >= 500) { batch.ExecuteNonQuery(); batch.BatchCommands.Clear(); }
            }
            if (batch.BatchCommands.Count > 0) batch.ExecuteNonQuery();
        }
        int total;
        using (var cmd = new NpgsqlCommand("UPDATE apithreat_snapshots SET item_count = (SELECT count(*) FROM apithreat_items WHERE snapshot_id = $1) WHERE id = $1 RETURNING item_count", connection, tx))
        {
            cmd.Parameters.AddWithValue(id);
            total = (int)cmd.ExecuteScalar()!;
        }
        tx.Commit();
        SnapshotId = id;
        var counts = _rows.Keys.GroupBy(k => k.Type, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}").ToArray();
        return new InventorySnapshot { Id = id, Path = _store.Location, Taken = taken, Label = _label, ItemCount = total, ItemTypes = counts };
    }

    public void Dispose()
    {
        _done = true;
        _rows.Clear();
    }
}
