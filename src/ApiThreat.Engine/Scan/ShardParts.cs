using System.Data.Common;
using System.Diagnostics;
using System.Net;
using ApiThreat.Engine.Discovery.Subdomains;
using ApiThreat.Engine.Inventory;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Scan;

/// <summary>
/// The shards of one ScanId trading their discovery through the inventory store they save into (SQLite on one
/// machine, PostgreSQL for many): one table of parts keyed by scan, phase and shard. Each shard beats while it
/// discovers, so the others wait for a shard at work and stand in for one that is not (never started, as when
/// shards run one after another; finished; or silent for 30 s). The rows of a scan go when its last shard finishes.
/// </summary>
public sealed class ShardParts : IShardParts, IDisposable
{
    private const string Table = "apithreat_shard_parts";
    private const string AlivePhase = "~alive";
    private const string FinishedPhase = "~finished";
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_beat = TimeSpan.FromSeconds(2);
    /// <summary>How long after this shard started a sibling that has not beaten yet is still awaited (processes start unevenly on a busy machine).</summary>
    public static readonly TimeSpan DefaultStartGrace = TimeSpan.FromSeconds(20);
    /// <summary>A sibling whose beat has not changed for this long has stopped.</summary>
    private static readonly TimeSpan s_silence = TimeSpan.FromSeconds(30);

    private readonly DbConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _scanId;
    private readonly ShardSpec _shard;
    private readonly TimeSpan _startGrace;
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private readonly Dictionary<int, (string Beat, TimeSpan Seen)> _beats = new();
    private readonly string _self = Guid.NewGuid().ToString("n");
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _beating;
    private bool _finished;

    private ShardParts(DbConnection connection, string scanId, ShardSpec shard, TimeSpan startGrace)
    {
        _connection = connection;
        _scanId = scanId;
        _shard = shard;
        _startGrace = startGrace;
        Beat(0);
        _beating = BeatAsync(_stop.Token);
    }

    /// <summary>
    /// The parts table in the store at <paramref name="location"/> (made with the store when new); null, with the reason
    /// logged, when the store cannot be reached: the shard then discovers everything itself (slower, the same result).
    /// </summary>
    /// <param name="startGrace">How long a sibling that has not beaten yet is awaited before its share is done here.</param>
    public static ShardParts? TryOpen(string location, NetworkCredential? credential, string scanId, ShardSpec shard, TimeSpan startGrace, Action<string> log)
    {
        DbConnection? connection = null;
        try
        {
            InventoryStores.Open(location, create: true, credential).Dispose();
            connection = InventoryStores.OpenConnection(location, credential);
            for (var attempt = 1; ; attempt++)
            {
                // Shards creating the table at once on PostgreSQL can collide on its catalogue row: the loser tries again.
                try
                {
                    Execute(connection, $"CREATE TABLE IF NOT EXISTS {Table}(scan_id TEXT NOT NULL, phase TEXT NOT NULL, shard INTEGER NOT NULL, payload TEXT NOT NULL, PRIMARY KEY(scan_id, phase, shard))");
                    break;
                }
                catch (DbException) when (attempt < 3) { Thread.Sleep(100 * attempt); }
            }
            return new ShardParts(connection, scanId, shard, startGrace);
        }
        catch (Exception ex) when (ex is DbException or TargetException or IOException or InvalidOperationException)
        {
            connection?.Dispose();
            log($"Shard {shard}: the store {InventoryStores.Display(location)} cannot carry the shards' discovery ({ex.Message}); this shard resolves every name itself.");
            return null;
        }
    }

    public async Task PublishAsync(string phase, int shard, IReadOnlyList<string> lines, CancellationToken cancellationToken) =>
        await LockedAsync(() => { Write(phase, shard, string.Join('\n', lines), replace: false); return 0; }, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<string>?> TryReadAsync(string phase, int shard, CancellationToken cancellationToken) =>
        Lines(await LockedAsync(() => Read(phase, shard), cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<string>?> AwaitAsync(string phase, int shard, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (part, finished, beat) = await LockedAsync(() => (Read(phase, shard), Read(FinishedPhase, shard), Read(AlivePhase, shard)), cancellationToken).ConfigureAwait(false);
            if (part is not null) return Lines(part);
            if (finished is not null) return null;
            var now = _since.Elapsed;
            if (beat is null)
            {
                if (now > _startGrace) return null;
            }
            else if (!_beats.TryGetValue(shard, out var seen) || seen.Beat != beat) _beats[shard] = (beat, now);
            else if (now - seen.Seen > s_silence) return null;
            await Task.Delay(s_poll, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Discovery is over here: siblings stop waiting for this shard; the last to finish removes the scan's rows.</summary>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        _stop.Cancel();
        try { _beating.Wait(); } catch (AggregateException) { }
        _gate.Wait();
        try
        {
            Write(FinishedPhase, _shard.Index, _self, replace: true);
            using var count = Command($"SELECT count(*) FROM {Table} WHERE scan_id = @scan AND phase = @phase", ("@scan", _scanId), ("@phase", FinishedPhase));
            if (Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) >= _shard.Count)
            {
                using var delete = Command($"DELETE FROM {Table} WHERE scan_id = @scan", ("@scan", _scanId));
                delete.ExecuteNonQuery();
            }
        }
        catch (DbException) { } // the rows stay; a later shard of the scan still reads them correctly
        finally { _gate.Release(); }
    }

    private async Task BeatAsync(CancellationToken token)
    {
        for (long n = 1; ; n++)
        {
            try { await Task.Delay(s_beat, token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            try { await LockedAsync(() => { Beat(n); return 0; }, token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (DbException) { } // a busy store: the next beat tries again, and 30 s of silence is a lot of beats
        }
    }

    private void Beat(long n) => Write(AlivePhase, _shard.Index, $"{_self}:{n}", replace: true);

    private async Task<T> LockedAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try { return await Task.Run(work, cancellationToken).ConfigureAwait(false); }
        finally { _gate.Release(); }
    }

    private void Write(string phase, int shard, string payload, bool replace)
    {
        using var cmd = Command(
            $"INSERT INTO {Table}(scan_id, phase, shard, payload) VALUES (@scan, @phase, @shard, @payload) ON CONFLICT (scan_id, phase, shard) " +
            (replace ? "DO UPDATE SET payload = excluded.payload" : "DO NOTHING"),
            ("@scan", _scanId), ("@phase", phase), ("@shard", shard), ("@payload", payload));
        cmd.ExecuteNonQuery();
    }

    private string? Read(string phase, int shard)
    {
        using var cmd = Command($"SELECT payload FROM {Table} WHERE scan_id = @scan AND phase = @phase AND shard = @shard",
            ("@scan", _scanId), ("@phase", phase), ("@shard", shard));
        return cmd.ExecuteScalar() as string;
    }

    private static IReadOnlyList<string>? Lines(string? payload) =>
        payload?.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private DbCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Finish();
        _connection.Dispose();
        _stop.Dispose();
        _gate.Dispose();
    }
}
