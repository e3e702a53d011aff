using System.Collections.Concurrent;
using System.Diagnostics;

namespace ApiThreat.Engine.Net;

/// <summary>
/// Per-host politeness: at most N requests per second to any one host, spaced evenly (a leaky bucket with a
/// burst of one). Waiting is asynchronous: no thread blocks while a host cools down.
/// </summary>
public sealed class HostRateLimiter
{
    private readonly double _intervalTicks;
    private readonly ConcurrentDictionary<string, HostSlot> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public HostRateLimiter(double requestsPerSecond)
    {
        Enabled = requestsPerSecond > 0;
        _intervalTicks = Enabled ? Stopwatch.Frequency / requestsPerSecond : 0;
    }

    public bool Enabled { get; }

    public ValueTask WaitAsync(string host, CancellationToken cancellationToken)
    {
        if (!Enabled) return ValueTask.CompletedTask;
        var slot = _hosts.GetOrAdd(host, _ => new HostSlot());
        long now = Stopwatch.GetTimestamp(), due;
        lock (slot)
        {
            due = Math.Max(now, slot.Next);
            slot.Next = due + (long)_intervalTicks;
        }
        var delayTicks = due - now;
        if (delayTicks <= 0) return ValueTask.CompletedTask;
        return new ValueTask(Task.Delay(TimeSpan.FromSeconds((double)delayTicks / Stopwatch.Frequency), cancellationToken));
    }

    private sealed class HostSlot
    {
        public long Next;
    }
}
