using System.Diagnostics;
using System.Management.Automation;
using ApiThreat.Engine.Export.Siem;
using ApiThreat.Engine.Text;

namespace ApiThreat.Infrastructure;

/// <summary>
/// Base of a cmdlet that delivers events to a collector (syslog, Splunk HEC): the delivery parameters every collector
/// shares (batching, retries, timeout, the failure spool, resolvers, trust anchors) and the run they configure —
/// opened once, fed object by object, completed with one summary. Engine work runs on the pipeline thread, so
/// ShouldProcess is asked per batch; Ctrl+C cancels it.
/// </summary>
public abstract class EventDeliveryCmdlet : PSCmdlet, IDisposable
{
    protected const string SyslogSet = "Syslog";
    protected const string HecSet = "Hec";

    [Parameter(ParameterSetName = SyslogSet)]
    [Parameter(ParameterSetName = HecSet)]
    [ValidateRange(1, 10000)]
    public int BatchSize { get; set; } = 100;

    [Parameter(ParameterSetName = SyslogSet)]
    [Parameter(ParameterSetName = HecSet)]
    [ValidateRange(0, 10)]
    public int MaxRetries { get; set; } = 3;

    [Parameter(ParameterSetName = SyslogSet)]
    [Parameter(ParameterSetName = HecSet)]
    [ValidateRange(0, 60000)]
    public int RetryDelayMilliseconds { get; set; } = 500;

    [Parameter(ParameterSetName = SyslogSet)]
    [Parameter(ParameterSetName = HecSet)]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 10;

    /// <summary>Where to write the events that could not be delivered (one per line, exactly as they would have been sent).</summary>
    [Parameter(ParameterSetName = SyslogSet)]
    [Parameter(ParameterSetName = HecSet)]
    [ValidateNotNullOrEmpty]
    public string? FailedEventPath { get; set; }

    /// <summary>DNS servers to resolve the destination with (default: the operating system's resolver).</summary>
    [Parameter(ParameterSetName = SyslogSet)]
    [Parameter(ParameterSetName = HecSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Resolver { get; set; }

    [Parameter(ParameterSetName = SyslogSet)]
    [Parameter(ParameterSetName = HecSet)]
    [ValidateNotNullOrEmpty]
    public string[]? TrustedRootCertificate { get; set; }

    private readonly CancellationTokenSource _cancellation = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private SiemDelivery? _delivery;
    private List<string>? _verboseBuffer;

    /// <summary>Whether a collector run is open (else the cmdlet writes its events elsewhere).</summary>
    protected bool Delivering => _delivery is not null;

    /// <summary>
    /// Opens the run for <paramref name="request"/>: a bad destination or resolver and an unusable -FailedEventPath
    /// terminate; a plain-HTTP HEC is a warning. <paramref name="format"/> names the payload in Verbose.
    /// </summary>
    protected void OpenDelivery(SiemDeliveryRequest request, string format)
    {
        (EventDestination Destination, List<System.Net.IPEndPoint> Resolvers) target;
        try
        {
            target = request.Parse();
        }
        catch (InvalidDestinationException ex)
        {
            Fail(ex.Message, ex.ErrorId);
            throw;
        }
        if (SiemDelivery.PlainTextWarning(target.Destination) is { } warning) WriteWarning(warning);
        var anchors = this.TrustAnchorsFrom(TrustedRootCertificate);
        _verboseBuffer = this.VerboseRequested() ? new List<string>() : null;
        // -FailedEventPath is the spool every event is kept in until acknowledged (not under -WhatIf: nothing is written then).
        var spool = FailedEventPath is null || this.WhatIfRequested() ? null : GetUnresolvedProviderPathFromPSPath(FailedEventPath);
        try { _delivery = new SiemDelivery(request, target.Destination, target.Resolvers, anchors, spool, _verboseBuffer is null ? null : _verboseBuffer.Add); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "FailedEventPathUnavailable", ErrorCategory.WriteError, FailedEventPath)
            { ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = "Give a writable file that no other Send-ApiThreatEvent is using." } });
        }
        WriteVerbose($"Sending events to {_delivery!.Destination.Display} ({format}), batches of {BatchSize}.");
    }

    /// <summary>Keeps the object's events and sends every batch that is full; false when it is not an object that holds events.</summary>
    protected bool Deliver(object value)
    {
        var known = _delivery!.Add(value);
        while (_delivery.HasFullBatch) Run(_delivery.SendBatchAsync(Approve, _cancellation.Token));
        return known;
    }

    /// <summary>Sends what is left, reports what could not be delivered (EventDeliveryFailed) and writes the run's summary.</summary>
    protected void CompleteDelivery(string format)
    {
        Run(_delivery!.CompleteAsync(Approve, _cancellation.Token));
        if (_delivery.Failure() is var (message, fix, cause, undelivered))
        {
            WriteError(new ErrorRecord(new IOException(message, cause), "EventDeliveryFailed", ErrorCategory.ConnectionError, undelivered)
            { ErrorDetails = new ErrorDetails(message) { RecommendedAction = fix } });
        }
        WriteObject(_delivery.Summary(format, _clock.Elapsed));
    }

    private bool Approve(int count) => ShouldProcess(_delivery!.Destination.Display, $"Send {count} event{(count == 1 ? "" : "s")}");

    /// <summary>Runs engine work on the pipeline thread (ShouldProcess is asked from inside it); Ctrl+C cancels it.</summary>
    private void Run(Task work)
    {
        try
        {
            work.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException(); // every unacknowledged event is still in -FailedEventPath
        }
        finally
        {
            foreach (var m in _verboseBuffer ?? new List<string>()) WriteVerbose(TextSafety.StripControl(m));
            _verboseBuffer?.Clear();
        }
    }

    /// <summary>A parameter that voids the call.</summary>
    protected void Fail(string message, string id) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), id, ErrorCategory.InvalidArgument, null));

    protected override void StopProcessing() => _cancellation.Cancel();

    /// <summary>Releases what the derived cmdlet holds (files) after the run is stopped and before it is closed.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        _delivery?.Dispose();
        _cancellation.Dispose();
    }

    public void Dispose()
    {
        _cancellation.Cancel();
        Dispose(true);
        GC.SuppressFinalize(this);
    }
}
