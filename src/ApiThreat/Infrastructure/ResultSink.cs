using System.Management.Automation;
using System.Threading.Channels;
using ApiThreat.Engine.Net;

namespace ApiThreat.Infrastructure;

/// <summary>
/// A worker's handle on the pipeline: it queues tagged records, and the cmdlet writes them from the pipeline
/// thread. Output waits when the queue is full (backpressure keeps memory flat); verbose may be dropped then.
/// </summary>
internal sealed class ResultSink
{
    private readonly ChannelWriter<PipelineRecord> _writer;
    private readonly CancellationToken _cancellationToken;

    public ResultSink(ChannelWriter<PipelineRecord> writer, object target, CancellationToken cancellationToken)
    {
        _writer = writer;
        Target = target;
        _cancellationToken = cancellationToken;
    }

    public object Target { get; }

    /// <summary>Queues a result, its text cleaned on the worker (<see cref="OutputText"/>): the engine boundary for what a target sent.</summary>
    public ValueTask OutputAsync(object item) => _writer.WriteAsync(new PipelineRecord(RecordKind.Output, OutputText.Clean(item)), _cancellationToken);

    public ValueTask ErrorAsync(ErrorRecord error) => _writer.WriteAsync(new PipelineRecord(RecordKind.Error, error), _cancellationToken);

    public ValueTask ErrorAsync(Exception exception, object? target = null) => ErrorAsync(ErrorMapping.ToErrorRecord(exception, target ?? Target));

    public ValueTask WarningAsync(string message) => _writer.WriteAsync(new PipelineRecord(RecordKind.Warning, message), _cancellationToken);

    public void Verbose(string message) => _writer.TryWrite(new PipelineRecord(RecordKind.Verbose, message));

    /// <summary>Progress is best effort: dropped when the queue is full, the next update supersedes it anyway.</summary>
    public void Progress(ProgressRecord record) => _writer.TryWrite(new PipelineRecord(RecordKind.Progress, record));
}

/// <summary>Turns engine exceptions into ErrorRecords with a stable id, a true category and the fix.</summary>
internal static class ErrorMapping
{
    public static ErrorRecord ToErrorRecord(Exception exception, object? target)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate) exception = aggregate.InnerException!;
        if (exception is TargetException te)
        {
            var record = new ErrorRecord(exception, te.ErrorId, Category(te.Kind), target ?? te.Target);
            if (te.RecommendedAction is not null)
                record.ErrorDetails = new ErrorDetails(te.Message) { RecommendedAction = te.RecommendedAction };
            return record;
        }
        if (exception is ArgumentException)
            return new ErrorRecord(exception, "InvalidTarget", ErrorCategory.InvalidArgument, target);
        var unexpected = new ErrorRecord(exception, "UnexpectedError," + exception.GetType().Name, ErrorCategory.NotSpecified, target)
        {
            ErrorDetails = new ErrorDetails($"Unexpected failure on '{target}': {exception.Message}")
            {
                RecommendedAction = "The other targets were processed. Re-run this target with -Verbose, and report the error if it persists.",
            },
        };
        return unexpected;
    }

    public static ErrorCategory Category(TargetErrorKind kind) => kind switch
    {
        TargetErrorKind.ConnectionError => ErrorCategory.ConnectionError,
        TargetErrorKind.Timeout => ErrorCategory.OperationTimeout,
        TargetErrorKind.OutOfScope => ErrorCategory.PermissionDenied,
        TargetErrorKind.InvalidData => ErrorCategory.InvalidData,
        TargetErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        TargetErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        TargetErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        TargetErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        _ => ErrorCategory.NotSpecified,
    };
}
