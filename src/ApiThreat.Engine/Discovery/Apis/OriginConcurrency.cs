namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// How many requests one origin has in flight at most. It starts at the discoverer's per-origin concurrency and halves
/// (down to one) when the origin ends an answer early: a server that takes one connection at a time (Python's wsgiref,
/// behind Bottle's, Pyramid's and Falcon's tutorials and `python -m http.server`) ends the ones it could not take, and
/// asking it again in parallel loses answers and wastes time on retries. The multiplicative decrease of AIMD, without the
/// increase: an origin that showed it cannot take concurrent requests keeps its lower limit for the rest of the scan.
/// </summary>
internal sealed class OriginConcurrency
{
    private readonly object _lock = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private int _limit;
    private int _inFlight;

    public OriginConcurrency(int limit) => _limit = Math.Max(1, limit);

    /// <summary>The current limit.</summary>
    public int Limit { get { lock (_lock) return _limit; } }

    /// <summary>Waits for a slot; returns the limit it was taken under (what <see cref="BackOff"/> compares with).</summary>
    public async Task<int> EnterAsync(CancellationToken ct)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_inFlight < _limit)
            {
                _inFlight++;
                return _limit;
            }
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }
        // A waiter cancelled after it was granted its slot keeps it (the grant won): the caller's finally gives it back.
        using (ct.Register(() => waiter.TrySetCanceled(ct)))
            await waiter.Task.ConfigureAwait(false);
        return Limit;
    }

    /// <summary>Gives a slot back and lets the next waiters in, as many as the limit allows.</summary>
    public void Exit()
    {
        lock (_lock)
        {
            _inFlight--;
            Pump();
        }
    }

    /// <summary>
    /// Halves the limit after an answer ended early, once per level: requests that entered under a higher limit than the
    /// current one were already counted by an earlier halving (a burst of four ended answers halves once, not to one).
    /// True when the limit was lowered.
    /// </summary>
    public bool BackOff(int enteredUnder)
    {
        lock (_lock)
        {
            if (_limit <= 1 || enteredUnder != _limit) return false;
            _limit = Math.Max(1, _limit / 2);
            return true;
        }
    }

    private void Pump()
    {
        while (_inFlight < _limit && _waiters.TryDequeue(out var next))
            if (next.TrySetResult()) _inFlight++;
    }
}
