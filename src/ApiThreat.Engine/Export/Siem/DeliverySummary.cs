using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Export.Siem;

/// <summary>What one Send-ApiThreatEvent call delivered: the EventDelivery record, and the failure (what was lost, where it is kept, what to do).</summary>
public static class DeliverySummary
{
    public static EventDelivery Record(EventDispatcher dispatcher, EventDestination destination, string format, TimeSpan elapsed)
    {
        var failed = dispatcher.Undelivered.Count;
        return new EventDelivery
        {
            Destination = destination.Display,
            Protocol = destination.Transport.ToString(),
            Format = destination.Transport == EventTransport.Hec ? "HecJson" : format,
            Events = dispatcher.Events,
            Sent = dispatcher.Sent,
            Failed = failed,
            Batches = dispatcher.Batches,
            Elapsed = elapsed,
            FailedEventPath = failed > 0 ? dispatcher.SpoolPath : null,
        };
    }

    /// <summary>The message and the fix when events were not delivered; null when all were (or were declined).</summary>
    public static (string Message, string Fix)? Failure(EventDispatcher dispatcher, EventDestination destination)
    {
        if (dispatcher.Failure is not { } failure) return null;
        var undelivered = dispatcher.Undelivered.Count;
        var failedPath = undelivered > 0 ? dispatcher.SpoolPath : null;
        var where = failedPath is null ? "They are in this error's TargetObject." : $"They are in this error's TargetObject and in '{failedPath}'.";
        var message = $"{undelivered} of {dispatcher.Events} events were not delivered to {destination.Display}: {TextSafety.StripControl(failure.Message)}. {where}";
        return (message, failure.Retryable
            ? "Check that the collector is reachable, then send the saved events again (raise -MaxRetries or -TimeoutSec for a flaky link)."
            : "Fix the destination's configuration (token, index, URI), then send the saved events again.");
    }
}
