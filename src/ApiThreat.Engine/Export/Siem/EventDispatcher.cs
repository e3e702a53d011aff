namespace ApiThreat.Engine.Export.Siem;

/// <summary>
/// Batches events for one destination and keeps every one until the collector acknowledged it: a UDP datagram once
/// sent, a HEC batch on a 2xx answer, a TCP or TLS stream once the collector read it to the end and closed
/// (<see cref="EventSender"/>). Events wait in memory and, with a spool (-FailedEventPath), on disk from the moment
/// they arrive. After a delivery fails for good, nothing more is sent: the rest is kept as undelivered.
/// </summary>
public sealed class EventDispatcher : IDisposable
{
    /// <summary>Most events a TCP or TLS connection carries before it is closed and confirmed (bounds what a lost connection re-sends).</summary>
    public const int ConfirmWindow = 1000;

    private readonly EventSender _sender;
    private readonly int _batchSize;
    private readonly EventSpool? _spool;
    // Every event not yet acknowledged, oldest first; the last _unsent of them were not handed to the sender yet.
    private readonly List<string> _pending = new();
    private int _unsent;

    public EventDispatcher(EventSender sender, int batchSize, EventSpool? spool)
    {
        _sender = sender;
        _batchSize = Math.Max(1, batchSize);
        _spool = spool;
    }

    public int Events { get; private set; }
    public int Sent { get; private set; }
    public int Batches { get; private set; }
    /// <summary>Events the user declined to send (-Confirm, -WhatIf): neither sent nor kept.</summary>
    public int Declined { get; private set; }
    public EventDeliveryException? Failure { get; private set; }
    /// <summary>The events not delivered, in order (after <see cref="CompleteAsync"/>: the failed ones).</summary>
    public IReadOnlyList<string> Undelivered => _pending;
    public string? SpoolPath => _spool?.Path;

    /// <summary>Takes one rendered event (kept at once, in the spool too); nothing is sent yet.</summary>
    public void Add(string rendered)
    {
        Events++;
        _spool?.Append(rendered);
        _pending.Add(rendered);
        _unsent++;
    }

    /// <summary>
    /// Sends every full batch. <paramref name="approve"/> is asked before each batch leaves, after the first from
    /// whatever thread the previous send resumed on: a caller bound to one thread (a cmdlet's ShouldProcess) loops
    /// over <see cref="HasFullBatch"/> and <see cref="SendBatchAsync"/> itself.
    /// </summary>
    public async Task SendFullBatchesAsync(Func<int, bool> approve, CancellationToken cancellationToken)
    {
        while (HasFullBatch) await SendBatchAsync(approve, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A full batch waits and nothing failed for good.</summary>
    public bool HasFullBatch => Failure is null && _unsent >= _batchSize;

    /// <summary>
    /// Sends one full batch. <paramref name="approve"/> is called before the first await, on the caller's thread
    /// (a cmdlet's ShouldProcess must be asked from the pipeline thread, so the cmdlet loops over batches itself).
    /// </summary>
    public Task SendBatchAsync(Func<int, bool> approve, CancellationToken cancellationToken) =>
        SendAsync(approve, final: false, cancellationToken);

    /// <summary><see cref="Add"/>, then <see cref="SendFullBatchesAsync"/>.</summary>
    public Task AddAsync(string rendered, Func<int, bool> approve, CancellationToken cancellationToken)
    {
        Add(rendered);
        return SendFullBatchesAsync(approve, cancellationToken);
    }

    /// <summary>Sends what is left and has the collector confirm everything written to it.</summary>
    public async Task CompleteAsync(Func<int, bool> approve, CancellationToken cancellationToken)
    {
        if (Failure is null && (_unsent > 0 || _sender.Unconfirmed > 0)) await SendAsync(approve, final: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendAsync(Func<int, bool> approve, bool final, CancellationToken cancellationToken)
    {
        var batch = _pending.GetRange(_pending.Count - _unsent, final ? _unsent : Math.Min(_unsent, _batchSize));
        if (batch.Count > 0 && !approve(batch.Count))
        {
            // Declined: never sent, not kept. The batch is the oldest unsent events; newer ones may follow it.
            var start = _pending.Count - _unsent;
            _pending.RemoveRange(start, batch.Count);
            _spool?.Decline(start, batch.Count);
            _unsent -= batch.Count;
            Declined += batch.Count;
            if (!final || _sender.Unconfirmed == 0) return;
            batch.Clear();
        }
        _spool?.Sync();
        var confirm = final || _sender.Unconfirmed + batch.Count >= ConfirmWindow;
        try
        {
            var acknowledged = await _sender.SendAsync(batch, confirm, cancellationToken).ConfigureAwait(false);
            if (batch.Count > 0) Batches++;
            _unsent -= batch.Count;
            Acknowledge(acknowledged);
        }
        catch (EventDeliveryException ex)
        {
            Failure = ex;
            _unsent = 0;
        }
    }

    private void Acknowledge(int count)
    {
        count = Math.Min(count, _pending.Count);
        if (count == 0) return;
        _pending.RemoveRange(0, count);
        _spool?.Acknowledge(count);
        Sent += count;
    }

    public void Dispose() => _spool?.Dispose();
}
