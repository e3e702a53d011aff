using System.Globalization;
using ApiThreat.Engine.Net;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ApiThreat.Engine.Inventory;

/// <summary>
/// Treats an inventory file as untrusted input (anyone may hand over a .db): SQLite's defensive mode with views and
/// triggers switched off for the connection, a schema check before anything is read (meta, snapshots and items must be
/// ordinary tables with the expected columns; no trigger, no view or virtual table in their place), a work budget per
/// step enforced by a progress handler (so no crafted query can spin for good), Ctrl+C through the same handler and
/// sqlite3_interrupt, a bounded and cancellable wait for another writer's lock, and clear errors for what a crafted
/// file holds instead of raw Format/Overflow/JSON exceptions.
/// </summary>
public sealed class StoreGuard : IDisposable
{
    /// <summary>The most database work one step (a query, a row, a statement) may take.</summary>
    public static TimeSpan DefaultStepBudget { get; } = TimeSpan.FromSeconds(5);
    /// <summary>How long a save waits for another writer to finish before giving up.</summary>
    public static TimeSpan DefaultLockWait { get; } = TimeSpan.FromSeconds(30);

    public TimeSpan StepBudget { get; }
    public TimeSpan LockWait { get; }

    private const int InstructionsPerCheck = 1000;
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteInterrupt = 9, SqliteCorrupt = 11;
    private const int DbConfigEnableTrigger = 1003, DbConfigDefensive = 1010, DbConfigEnableView = 1015, DbConfigTrustedSchema = 1017;

    // Each table's columns in every schema version that changed it, newest first: a file of an earlier schema is
    // accepted as it is until Initialize migrates it (schema 2 added snapshots.scan_id).
    private static readonly Dictionary<string, string[][]> s_columns = new(StringComparer.Ordinal)
    {
        ["meta"] = new[] { new[] { "key", "value" } },
        ["snapshots"] = new[]
        {
            new[] { "id", "taken", "label", "tool_version", "item_count", "scan_id" },
            new[] { "id", "taken", "label", "tool_version", "item_count" },
        },
        ["items"] = new[] { new[] { "snapshot_id", "item_type", "item_key", "host_name", "first_seen", "data" } },
    };

    private readonly SqliteConnection _connection;
    private readonly string _path;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenRegistration _registration;
    private readonly delegate_progress _handler; // held: native code calls it
    private long _stepStarted;
    private bool _overBudget;

    private StoreGuard(SqliteConnection connection, string path, CancellationToken cancellationToken, TimeSpan stepBudget, TimeSpan lockWait)
    {
        StepBudget = stepBudget;
        LockWait = lockWait;
        _connection = connection;
        _path = path;
        _cancellationToken = cancellationToken;
        _handler = OnProgress;
        var db = connection.Handle!;
        foreach (var (option, value) in new[] { (DbConfigDefensive, 1), (DbConfigEnableTrigger, 0), (DbConfigEnableView, 0), (DbConfigTrustedSchema, 0) })
            raw.sqlite3_db_config(db, option, value, out _);
        Step();
        raw.sqlite3_progress_handler(db, InstructionsPerCheck, _handler, null);
        _registration = cancellationToken.Register(static state => raw.sqlite3_interrupt((sqlite3)state!), db);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA cell_size_check = ON;";
        cmd.ExecuteNonQuery();
    }

    /// <summary>Hardens an open connection to the inventory at <paramref name="path"/>.</summary>
    public static StoreGuard Attach(SqliteConnection connection, string path, CancellationToken cancellationToken,
        TimeSpan? stepBudget = null, TimeSpan? lockWait = null) =>
        new(connection, path, cancellationToken, stepBudget ?? DefaultStepBudget, lockWait ?? DefaultLockWait);

    /// <summary>Starts a new step: its budget counts from now (each row of a long read is a step of its own).</summary>
    public void Step()
    {
        _stepStarted = Environment.TickCount64;
        _overBudget = false;
    }

    private int OnProgress(object _)
    {
        if (_cancellationToken.IsCancellationRequested) return 1;
        if (Environment.TickCount64 - _stepStarted <= StepBudget.TotalMilliseconds) return 0;
        _overBudget = true;
        return 1;
    }

    /// <summary>
    /// Refuses a file whose inventory tables are not what ApiThreat writes: a view or virtual table in their place, any
    /// trigger, a missing or unexpected column. A new, empty database passes (it is about to be created).
    /// </summary>
    public void CheckSchema()
    {
        Step();
        var objects = new List<(string Type, string Name, string Table, string Sql)>();
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                objects.Add((Text(reader, 0), Text(reader, 1), Text(reader, 2), Text(reader, 3)));
        }
        var trigger = objects.FirstOrDefault(o => o.Type == "trigger");
        if (trigger.Type == "trigger")
            throw NotAnInventory($"it defines a trigger ('{trigger.Name}' on {trigger.Table}), which ApiThreat never writes");
        foreach (var (table, expected) in s_columns)
        {
            var found = objects.Where(o => string.Equals(o.Name, table, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (found.Length == 0) continue; // absent: the caller decides (a new file, or not an inventory)
            var o = found[0];
            if (o.Type != "table")
                throw NotAnInventory($"'{table}' is a {o.Type}, not a table");
            if (o.Sql.TrimStart().StartsWith("CREATE VIRTUAL", StringComparison.OrdinalIgnoreCase))
                throw NotAnInventory($"'{table}' is a virtual table");
            var columns = Columns(table);
            if (!expected.Any(version => columns.SequenceEqual(version, StringComparer.OrdinalIgnoreCase)))
                throw NotAnInventory($"'{table}' has the columns ({string.Join(", ", columns)}), not ({string.Join(", ", expected[0])})");
        }
    }

    private List<string> Columns(string table)
    {
        var columns = new List<string>();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
        using var reader = cmd.ExecuteReader();
        while (reader.Read()) columns.Add(Text(reader, 0));
        return columns;
    }

    private static string Text(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// Takes the write lock (BEGIN IMMEDIATE). Another writer holding it is waited for, up to <see cref="LockWait"/>, in
    /// one-second slices so that Ctrl+C is heard; <paramref name="waiting"/> is told once that we wait.
    /// </summary>
    public SqliteTransaction BeginWrite(Action<string>? waiting)
    {
        var started = Environment.TickCount64;
        var saved = _connection.DefaultTimeout;
        _connection.DefaultTimeout = 1;
        var told = false;
        try
        {
            while (true)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                Step();
                try
                {
                    return _connection.BeginTransaction(deferred: false);
                }
                catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteBusy or SqliteLocked)
                {
                    var waited = TimeSpan.FromMilliseconds(Environment.TickCount64 - started);
                    if (waited >= LockWait)
                        throw new TargetException(_path, "InventoryLocked", TargetErrorKind.ResourceUnavailable,
                            $"'{_path}' is being written by another process (another Save-ApiInventory or a scan's -SaveTo); waited {waited.TotalSeconds:0} s for it to finish.",
                            "Save again when the other save has finished, or save to another file.", ex);
                    if (!told) waiting?.Invoke($"'{_path}' is being written by another process; waiting up to {LockWait.TotalSeconds:0} s for it to finish.");
                    told = true;
                }
            }
        }
        finally
        {
            _connection.DefaultTimeout = saved;
        }
    }

    /// <summary>
    /// What an exception met while using the store means to the user: Ctrl+C, a crafted file (over budget, corrupt,
    /// values that do not parse), or a lock. Null when it is none of these (the caller keeps its own handling).
    /// </summary>
    public Exception? Translate(Exception ex, string doing)
    {
        switch (ex)
        {
            case SqliteException { SqliteErrorCode: SqliteInterrupt } when _cancellationToken.IsCancellationRequested:
                return new OperationCanceledException(_cancellationToken);
            case SqliteException { SqliteErrorCode: SqliteInterrupt } when _overBudget:
                return new TargetException(_path, "InventoryTooSlow", TargetErrorKind.InvalidData,
                    $"{doing} '{_path}' took more than {StepBudget.TotalSeconds:0} s of database work in one step and was stopped: the file may be crafted.",
                    "Use an inventory written by Save-ApiInventory; do not open files of unknown origin.", ex);
            case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }:
                return new TargetException(_path, "InventoryLocked", TargetErrorKind.ResourceUnavailable,
                    $"{doing} '{_path}' failed: another process holds the database locked.", "Try again when the other save has finished.", ex);
            case SqliteException { SqliteErrorCode: SqliteCorrupt } s:
                return Corrupt(doing, s.Message, ex);
            case FormatException or OverflowException or InvalidCastException or Newtonsoft.Json.JsonException:
                return Corrupt(doing, ex.Message, ex);
            default:
                return null;
        }
    }

    private TargetException Corrupt(string doing, string why, Exception inner) => new(_path, "InventoryCorrupt", TargetErrorKind.InvalidData,
        $"{doing} '{_path}' failed: the file holds values ApiThreat never writes ({why}).",
        "Use an inventory written by Save-ApiInventory, or restore it from a backup.", inner);

    private TargetException NotAnInventory(string why) => new(_path, "NotAnInventory", TargetErrorKind.InvalidData,
        $"'{_path}' is not an ApiThreat inventory: {why}.", "Give a file written by Save-ApiInventory, or a new file name.");

    public void Dispose()
    {
        _registration.Dispose();
        if (_connection.Handle is { } db) raw.sqlite3_progress_handler(db, 0, null, null);
    }
}
