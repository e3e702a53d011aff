using System.Diagnostics;
using ApiThreat.Engine.Inventory;
using ApiThreat.Engine.Net;
using Microsoft.Data.Sqlite;

namespace ApiThreat.Engine.Tests.Inventory;

/// <summary>
/// Inventory files crafted to hang or crash the reader: views over endless queries, triggers that never end, virtual
/// tables, wrong columns, values that do not parse, a writer holding the lock. Each is refused or read within 5 s,
/// stops within a second of Ctrl+C, and fails with an error that names the file and the problem.
/// </summary>
public class CraftedStoreTests : IDisposable
{
    private const string Endless = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r";
    private readonly string _dir = Directory.CreateTempSubdirectory("apithreat-crafted-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    /// <summary>A real inventory with one snapshot, then changed by <paramref name="sql"/> (as an attacker would).</summary>
    private string Crafted(string sql)
    {
        var path = Path.Combine(_dir, $"{Guid.NewGuid():n}.db");
        using (var store = InventoryStore.Open(path, create: true))
        using (var w = store.BeginSnapshot("base"))
        {
            w.Add(InventoryStoreTests.Endpoint("https://api.contoso.test/v1"));
            w.Commit();
        }
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
        return path;
    }

    private static TargetException Refused(Action open)
    {
        var sw = Stopwatch.StartNew();
        var ex = Assert.Throws<TargetException>(open);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
        return ex;
    }

    [Fact]
    public void A_snapshots_view_over_an_endless_query_is_refused_at_once()
    {
        var path = Crafted($"ALTER TABLE snapshots RENAME TO s0; CREATE VIEW snapshots AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) " +
                           "SELECT i AS id, '2026-01-01T00:00:00Z' AS taken, NULL AS label, 'x' AS tool_version, 0 AS item_count FROM r;");
        var ex = Refused(() => InventoryStore.Open(path, create: false).Dispose());
        Assert.Equal("NotAnInventory", ex.ErrorId);
        Assert.Contains("'snapshots' is a view", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void A_trigger_that_never_ends_is_refused_before_any_save()
    {
        var path = Crafted($"CREATE TRIGGER spin AFTER INSERT ON items BEGIN SELECT ({Endless}); END;");
        var ex = Refused(() => InventoryStore.Open(path, create: true).Dispose());
        Assert.Equal("NotAnInventory", ex.ErrorId);
        Assert.Contains("trigger ('spin' on items)", ex.Message);
    }

    [Theory]
    [InlineData("DROP TABLE meta; CREATE VIRTUAL TABLE meta USING fts5(key, value); INSERT INTO meta VALUES ('application', 'ApiThreat.Inventory'), ('schema', '1');", "virtual table")]
    [InlineData("ALTER TABLE items DROP COLUMN first_seen;", "'items' has the columns")]
    [InlineData("ALTER TABLE snapshots ADD COLUMN extra TEXT;", "'snapshots' has the columns")]
    public void Virtual_tables_and_unexpected_columns_are_refused(string sql, string expected)
    {
        var ex = Refused(() => InventoryStore.Open(Crafted(sql), create: false).Dispose());
        Assert.Equal("NotAnInventory", ex.ErrorId);
        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData("UPDATE snapshots SET taken = 'not a date';", "the date 'not a date'")]
    [InlineData("UPDATE snapshots SET item_count = 1000000000000;", "the item count '1000000000000'")]
    [InlineData("UPDATE snapshots SET item_count = 'many';", "the item count 'many'")]
    [InlineData("UPDATE snapshots SET label = x'00ff';", "label that is not text")]
    public void Crafted_snapshot_values_give_a_clear_error_not_a_raw_exception(string sql, string expected)
    {
        using var store = InventoryStore.Open(Crafted(sql), create: false);
        var ex = Assert.Throws<TargetException>(() => store.ResolveSnapshot(null));
        Assert.Equal("InventoryCorrupt", ex.ErrorId);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void A_crafted_item_gives_a_clear_error_naming_the_snapshot()
    {
        using var store = InventoryStore.Open(Crafted("UPDATE items SET data = '{\"Url\": [1, {'"), create: false);
        var ex = Assert.Throws<TargetException>(() => store.ReadItems(store.ResolveSnapshot(null).Id).ToList());
        Assert.Equal("InventoryCorrupt", ex.ErrorId);
        Assert.Contains("Reading snapshot 1 of", ex.Message);
    }

    [Fact]
    public async Task Work_over_the_step_budget_is_stopped_and_Ctrl_C_within_a_second()
    {
        var path = Crafted("SELECT 1;");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var guard = StoreGuard.Attach(c, path, default, stepBudget: TimeSpan.FromMilliseconds(500));
            using var cmd = c.CreateCommand();
            cmd.CommandText = Endless;
            var sw = Stopwatch.StartNew();
            var raw = Assert.Throws<SqliteException>(() => cmd.ExecuteScalar());
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"took {sw.Elapsed}");
            var meaning = Assert.IsType<TargetException>(guard.Translate(raw, "Reading"));
            Assert.Equal("InventoryTooSlow", meaning.ErrorId);
        }
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var stop = new CancellationTokenSource();
            using var guard = StoreGuard.Attach(c, path, stop.Token, stepBudget: TimeSpan.FromMinutes(5));
            using var cmd = c.CreateCommand();
            cmd.CommandText = Endless;
            var running = Task.Run(() => cmd.ExecuteScalar());
            await Task.Delay(300);
            var sw = Stopwatch.StartNew();
            stop.Cancel();
            var raw = await Assert.ThrowsAsync<SqliteException>(() => running);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1), $"took {sw.Elapsed}");
            Assert.IsAssignableFrom<OperationCanceledException>(guard.Translate(raw, "Reading"));
        }
    }

    [Fact]
    public async Task A_save_meeting_another_writer_says_it_waits_gives_up_clearly_and_hears_Ctrl_C()
    {
        var path = Crafted("SELECT 1;");
        using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        holder.Open();
        using var held = holder.BeginTransaction(deferred: false);

        using (var c = new SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=5"))
        {
            c.Open();
            using var guard = StoreGuard.Attach(c, path, default, lockWait: TimeSpan.FromSeconds(2));
            var told = new List<string>();
            var sw = Stopwatch.StartNew();
            var ex = Assert.Throws<TargetException>(() => guard.BeginWrite(told.Add));
            Assert.Equal("InventoryLocked", ex.ErrorId);
            Assert.Contains("another process", ex.Message);
            Assert.InRange(sw.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(4));
            Assert.Single(told);
            Assert.Contains("waiting up to 2 s", told[0]);
        }

        using var stop = new CancellationTokenSource();
        var waiting = new TaskCompletionSource();
        var save = Task.Run(() =>
        {
            using var store = InventoryStore.Open(path, create: true, stop.Token, _ => waiting.TrySetResult());
            using var w = store.BeginSnapshot("second");
        });
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => save);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"took {clock.Elapsed}");
    }
}
