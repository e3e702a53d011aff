using System.Collections.Concurrent;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Scan;

/// <summary>
/// The scan's failures: at most one reported per target and cause (a dead host fails every stage the same way), grouped
/// by stage and cause with counts and samples for ScanResult.Errors; unanswered names are only counted.
/// </summary>
internal sealed class ScanErrors
{
    private const int SampleCount = 5;
    private readonly ConcurrentDictionary<(string Host, string ErrorId), bool> _reported = new();
    private readonly ConcurrentDictionary<(string Stage, string ErrorId), Group> _groups = new();
    private readonly IScanObserver _observer;

    public ScanErrors(IScanObserver observer) => _observer = observer;

    private sealed class Group
    {
        public int Count;
        public string Category = "";
        public string Message = "";
        public readonly List<string> Samples = new();
    }

    /// <summary>Reports a failure unless the same host already failed for the same cause in an earlier stage.</summary>
    public async ValueTask ReportAsync(string stage, string host, string target, Exception exception)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate) exception = aggregate.InnerException!;
        var failure = new ScanFailure(stage, target, exception);
        if (!_reported.TryAdd((host.ToLowerInvariant(), failure.ErrorId), true)) return;
        var group = _groups.GetOrAdd((stage, failure.ErrorId), _ => new Group
        {
            Category = exception is TargetException te ? te.Kind.ToString() : "Unexpected",
            Message = exception.Message,
        });
        lock (group)
        {
            group.Count++;
            if (group.Samples.Count < SampleCount) group.Samples.Add(target);
        }
        await _observer.ErrorAsync(failure).ConfigureAwait(false);
    }

    public ScanErrorGroup[] Groups() => _groups
        .Select(kv => new ScanErrorGroup
        {
            Stage = kv.Key.Stage, ErrorId = kv.Key.ErrorId, Category = kv.Value.Category, Count = kv.Value.Count,
            Samples = kv.Value.Samples.Order(StringComparer.Ordinal).ToArray(), Message = kv.Value.Message,
        })
        .OrderBy(g => g.Stage, StringComparer.Ordinal).ThenBy(g => g.ErrorId, StringComparer.Ordinal).ToArray();
}
