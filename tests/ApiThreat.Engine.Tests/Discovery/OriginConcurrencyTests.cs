using ApiThreat.Engine.Discovery.Apis;

namespace ApiThreat.Engine.Tests.Discovery;

/// <summary>
/// The per-origin in-flight limit: it halves when an origin ends answers early (Python's wsgiref takes one connection at
/// a time), once per level, down to one, and keeps the lower limit; waiters enter in turn as slots come back.
/// </summary>
public class OriginConcurrencyTests
{
    [Fact]
    public async Task A_burst_of_ended_answers_halves_once_per_level_down_to_one()
    {
        var gate = new OriginConcurrency(4);
        var entered = new List<int>();
        for (var i = 0; i < 4; i++) entered.Add(await gate.EnterAsync(CancellationToken.None));
        Assert.All(entered, e => Assert.Equal(4, e));
        // Four requests sent under four ended early: one halving, not four.
        Assert.True(gate.BackOff(entered[0]));
        Assert.False(gate.BackOff(entered[1]));
        Assert.False(gate.BackOff(entered[2]));
        Assert.Equal(2, gate.Limit);
        for (var i = 0; i < 4; i++) gate.Exit();
        // Under two, another ended answer halves to one, where it stays.
        var under = await gate.EnterAsync(CancellationToken.None);
        Assert.Equal(2, under);
        Assert.True(gate.BackOff(under));
        gate.Exit();
        Assert.Equal(1, gate.Limit);
        Assert.False(gate.BackOff(1));
        Assert.Equal(1, gate.Limit);
    }

    [Fact]
    public async Task After_backing_off_to_one_requests_run_one_at_a_time()
    {
        var gate = new OriginConcurrency(4);
        var first = await gate.EnterAsync(CancellationToken.None);
        gate.BackOff(first);
        gate.BackOff(await gate.EnterAsync(CancellationToken.None));
        Assert.Equal(1, gate.Limit);
        var inFlight = 0;
        var most = 0;
        async Task Request()
        {
            await gate.EnterAsync(CancellationToken.None);
            try
            {
                var now = Interlocked.Increment(ref inFlight);
                lock (gate) most = Math.Max(most, now);
                await Task.Delay(5);
                Interlocked.Decrement(ref inFlight);
            }
            finally { gate.Exit(); }
        }
        var waiting = Enumerable.Range(0, 8).Select(_ => Request()).ToList();
        // The two slots taken before the back-off come back; only then do the waiters enter, one by one.
        gate.Exit();
        gate.Exit();
        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, most);
    }

    [Fact]
    public async Task A_cancelled_waiter_takes_no_slot()
    {
        var gate = new OriginConcurrency(1);
        await gate.EnterAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var waiter = gate.EnterAsync(cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        gate.Exit();
        // The slot is free again: the next caller enters at once.
        var next = gate.EnterAsync(CancellationToken.None);
        Assert.True(next.IsCompletedSuccessfully);
        gate.Exit();
    }
}
