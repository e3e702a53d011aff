using System.Diagnostics;
using System.Management.Automation;
using System.Threading.Channels;
using ApiThreat.Engine.Scan;
using ApiThreat.Engine.Text;

namespace ApiThreat.Infrastructure;

/// <summary>
/// Base of every cmdlet that works on many targets: each input item runs as async work bounded by the throttle;
/// workers queue tagged records; ProcessRecord flushes what is ready without blocking on any one target, and
/// EndProcessing drains until all work is done. StopProcessing (Ctrl+C) cancels everything at once.
/// </summary>
public abstract class AsyncPipelineCmdlet : PSCmdlet, IDisposable
{
    private static readonly TimeSpan s_progressInterval = TimeSpan.FromMilliseconds(250);
    private readonly CancellationTokenSource _cancellation = new();
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private Channel<PipelineRecord>? _records;
    private SemaphoreSlim? _slots;
    private int _pending;
    private int _started;
    private int _completed;
    private readonly Stopwatch _progressClock = new();
    private ProgressRecord? _progress;
    private bool _disposed;
    private int _unanswered;
    private int _errors;
    private int _otherShards;

    /// <summary>How many targets run at once.</summary>
    protected abstract int Concurrency { get; }

    /// <summary>Activity text of the progress bar; the id is stable per cmdlet.</summary>
    protected virtual string ProgressActivity => MyInvocation.MyCommand.Name;

    protected CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>
    /// Whether a target that does not answer (its name does not resolve, nothing listens on the port) is the normal
    /// outcome of a sweep — Verbose and a count in the closing summary — rather than an error record. By default: when
    /// targets stream in from the pipeline (Find-Subdomain output, a file of names) and no port was named.
    /// </summary>
    protected virtual bool QuietUnanswered => MyInvocation.ExpectingInput && !MyInvocation.BoundParameters.ContainsKey("Port");

    /// <summary>The key a target is assigned to a shard by (its host, domain or address); null = never skipped.</summary>
    protected virtual string? ShardKey(object target) => null;

    /// <summary>The share of the work this invocation takes (-Shard, or a Kubernetes Indexed Job's environment).</summary>
    internal ShardSpec WorkShare { get; set; } = ShardSpec.Whole;

    protected override void BeginProcessing()
    {
        _records = Channel.CreateBounded<PipelineRecord>(new BoundedChannelOptions(4096)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _slots = new SemaphoreSlim(Math.Max(1, Concurrency));
        _progressClock.Start();
        OnBegin();
    }

    /// <summary>Set-up after the channel exists (parameter validation, engine context).</summary>
    protected virtual void OnBegin() { }

    /// <summary>Called when all work is done and flushed.</summary>
    protected virtual void OnEnd() { }

    /// <summary>Queues one target's work; waits (while flushing results) when the throttle is full.</summary>
    internal void Start(object target, Func<ResultSink, CancellationToken, Task> work)
    {
        if (!WorkShare.IsWhole && ShardKey(target) is { } key && !WorkShare.Owns(key))
        {
            _otherShards++;
            return;
        }
        while (!_slots!.Wait(0))
        {
            if (_cancellation.IsCancellationRequested) return;
            FlushFor(TimeSpan.FromMilliseconds(50));
        }
        if (_cancellation.IsCancellationRequested) { _slots.Release(); return; }
        Interlocked.Increment(ref _pending);
        _started++;
        var token = _cancellation.Token;
        var sink = new ResultSink(_records!.Writer, target, token);
        _ = Task.Run(async () =>
        {
            try
            {
                await work(sink, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                try { await sink.ErrorAsync(ex).ConfigureAwait(false); } catch (OperationCanceledException) { }
            }
            finally
            {
                _slots.Release();
                _records.Writer.TryWrite(new PipelineRecord(RecordKind.Completed, null));
                Interlocked.Decrement(ref _pending);
            }
        }, token);
        Flush();
    }

    /// <summary>WriteVerbose that does not prompt under -Debug alone (see <see cref="DebugStream"/>).</summary>
    protected new void WriteVerbose(string text) => DebugStream.Verbose(this, text);

    /// <summary>Queues a verbose message from any thread (dropped if the queue is full: results never are).</summary>
    internal void QueueVerbose(string message) => _records?.Writer.TryWrite(new PipelineRecord(RecordKind.Verbose, TextSafetyForHost(message)));

    /// <summary>Queues a debug message (a decision: why a path was tried, a finding raised) from any thread; dropped if the queue is full.</summary>
    internal void QueueDebug(string message) => _records?.Writer.TryWrite(new PipelineRecord(RecordKind.Debug, TextSafetyForHost(message)));

    /// <summary>Whether -Debug (or $DebugPreference) asks for decisions: only then are they built and queued.</summary>
    protected bool DebugRequested =>
        MyInvocation.BoundParameters.TryGetValue("Debug", out var d) ? d is SwitchParameter { IsPresent: true } or true
            : GetVariableValue("DebugPreference") is ActionPreference p && p != ActionPreference.SilentlyContinue;
    /// <summary>
    /// Runs <paramref name="action"/> on the pipeline thread (where a user's script block may run) and waits for it:
    /// workers use it to call back into the session, e.g. a login script block that refreshes a token.
    /// </summary>
    internal async Task RunOnPipelineThreadAsync(Action action, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Run()
        {
            try { action(); done.TrySetResult(); }
            catch (Exception ex) { done.TrySetException(ex); }
        }
        await _records!.Writer.WriteAsync(new PipelineRecord(RecordKind.Invoke, (Action)Run), cancellationToken).ConfigureAwait(false);
        using (cancellationToken.Register(() => done.TrySetCanceled(cancellationToken)))
            await done.Task.ConfigureAwait(false);
    }

    private static string TextSafetyForHost(string message) => TextSafety.StripControl(message);

    /// <summary>Writes every record that is ready, without waiting.</summary>
    protected void Flush()
    {
        while (!_cancellation.IsCancellationRequested && _records!.Reader.TryRead(out var record)) Write(record);
        ReportProgress(final: false);
    }

    private void FlushFor(TimeSpan wait)
    {
        Flush();
        if (_cancellation.IsCancellationRequested) return;
        // Blocks without the spinning Task.Wait does first: the pipeline thread wakes on every record. Nothing here
        // throws: a cancelled or completed channel gives a completed ValueTask.
        var ready = _records!.Reader.WaitToReadAsync(_cancellation.Token);
        if (!ready.IsCompleted)
        {
            _wake.Reset();
            ready.AsTask().ContinueWith(static (_, state) => ((ManualResetEventSlim)state!).Set(), _wake, TaskScheduler.Default);
            _wake.Wait(wait);
        }
        Flush();
    }

    protected override void EndProcessing()
    {
        if (_records is null) return;
        while (!_cancellation.IsCancellationRequested && (Volatile.Read(ref _pending) > 0 || _records.Reader.Count > 0))
            FlushFor(TimeSpan.FromMilliseconds(100));
        Flush();
        ReportProgress(final: true);
        if (_cancellation.IsCancellationRequested) return;
        if (_otherShards > 0) WriteVerbose($"{_otherShards:N0} target(s) belong to other shards than {WorkShare} and were left to them.");
        if (_unanswered > 0)
            WriteWarning($"{_unanswered:N0} target(s) did not answer (no web port, or the name does not resolve; -Verbose lists them); {_errors:N0} failed{(_errors > 0 ? ", see $Error" : "")}.");
        OnEnd();
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    private void Write(PipelineRecord record)
    {
        switch (record.Kind)
        {
            case RecordKind.Output: WriteObject(record.Payload); break;
            case RecordKind.Error: WriteErrorOrCount((ErrorRecord)record.Payload!); break;
            case RecordKind.Warning: WriteWarning((string)record.Payload!); break;
            case RecordKind.Verbose: WriteVerbose((string)record.Payload!); break;
            case RecordKind.Debug: WriteDebug((string)record.Payload!); break;
            case RecordKind.Progress: WriteProgress((ProgressRecord)record.Payload!); break;
            case RecordKind.Completed: _completed++; break;
            case RecordKind.Invoke: ((Action)record.Payload!)(); break;
        }
    }

    /// <summary>An unanswered target in a sweep is counted and told in Verbose; every other failure is an error record.</summary>
    private void WriteErrorOrCount(ErrorRecord error)
    {
        if (QuietUnanswered && ScanOutcome.IsUnanswered(error.Exception))
        {
            _unanswered++;
            WriteVerbose($"{error.TargetObject}: {TextSafety.StripControl(error.Exception.Message)}");
            return;
        }
        _errors++;
        WriteError(error);
    }

    private void ReportProgress(bool final)
    {
        if (!final && _progressClock.Elapsed < s_progressInterval) return;
        _progressClock.Restart();
        if (_started == 0) return;
        _progress ??= new ProgressRecord(ProgressId, ProgressActivity, "Starting");
        if (final)
        {
            _progress.RecordType = ProgressRecordType.Completed;
            _progress.StatusDescription = $"{_completed} done";
        }
        else
        {
            _progress.StatusDescription = $"{_completed} done, {_started - _completed} running";
        }
        WriteProgress(_progress);
    }

    /// <summary>Stable per cmdlet, so nested progress bars do not collide.</summary>
    private int ProgressId
    {
        get
        {
            uint hash = 2166136261; // FNV-1a: string.GetHashCode differs between processes
            foreach (var c in MyInvocation.MyCommand.Name.ToLowerInvariant()) hash = (hash ^ c) * 16777619;
            return (int)(hash % 100000) + 1000;
        }
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        if (disposing)
        {
            _cancellation.Cancel();
            _cancellation.Dispose();
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }
}
