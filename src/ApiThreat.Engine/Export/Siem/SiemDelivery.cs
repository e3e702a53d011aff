using System.Net;
using System.Security.Cryptography.X509Certificates;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Export.Siem;

/// <summary>Where and how Send-ApiThreatEvent delivers to a collector: a syslog host or a Splunk HEC URI, the DNS servers to find it, batching and retries.</summary>
public sealed class SiemDeliveryRequest
{
    /// <summary>The HEC endpoint; when null the events go to <see cref="Syslog"/>.</summary>
    public Uri? HecUri { get; init; }
    public string? HecToken { get; init; }
    public string? Index { get; init; }
    public string? SourceType { get; init; }
    public string Syslog { get; init; } = "";
    public EventTransport Transport { get; init; }
    public string? ServerName { get; init; }
    public SyslogFacility Facility { get; init; }
    public SyslogPayload Payload { get; init; }
    public string[]? Resolvers { get; init; }
    public TimeSpan Timeout { get; init; }
    public int MaxRetries { get; init; }
    public TimeSpan RetryDelay { get; init; }
    public int BatchSize { get; init; }

    /// <summary>The destination and its resolvers; <see cref="InvalidDestinationException"/> (InvalidResolver, InvalidHecUri, ...) for a bad one.</summary>
    public (EventDestination Destination, List<IPEndPoint> Resolvers) Parse()
    {
        List<IPEndPoint> resolvers;
        try { resolvers = ResolverList.Parse(Resolvers); }
        catch (ArgumentException ex) { throw new InvalidDestinationException(ex.Message, "InvalidResolver"); }
        var destination = HecUri is not null
            ? EventDestinations.Hec(HecUri, HecToken, Index, SourceType)
            : EventDestinations.Syslog(Syslog, Transport, ServerName, Facility, Payload);
        return (destination, resolvers);
    }
}

/// <summary>
/// One delivery run: the connection, the sender with its retries and the batching dispatcher with its spool, owned
/// together. Events are rendered and kept as they are added; full batches go when asked, the rest at completion.
/// </summary>
public sealed class SiemDelivery : IDisposable
{
    private readonly DestinationConnector _connector;
    private readonly EventSender _sender;
    private readonly EventDispatcher _dispatcher;

    /// <summary>
    /// Opens the spool at <paramref name="spoolPath"/> first (IOException or UnauthorizedAccessException when it cannot
    /// be written or another sender holds it), then the connection to the destination.
    /// </summary>
    public SiemDelivery(SiemDeliveryRequest request, EventDestination destination, IReadOnlyList<IPEndPoint> resolvers, X509Certificate2Collection trustAnchors,
        string? spoolPath, Action<string>? log)
    {
        var spool = spoolPath is null ? null : EventSpool.Open(spoolPath);
        Destination = destination;
        _connector = new DestinationConnector(resolvers, request.Timeout, trustAnchors);
        _sender = new EventSender(destination, _connector, request.MaxRetries, request.RetryDelay, log);
        _dispatcher = new EventDispatcher(_sender, request.BatchSize, spool);
    }

    public EventDestination Destination { get; }

    public bool HasFullBatch => _dispatcher.HasFullBatch;

    /// <summary>The warning a plain-HTTP HEC deserves: the token and the events cross the network unencrypted.</summary>
    public static string? PlainTextWarning(EventDestination destination) => destination.HecUri is { Scheme: "http" } plain
        ? $"{EventDestinations.Display(plain)} is plain HTTP: the HEC token and the events cross the network unencrypted."
        : null;

    /// <summary>
    /// Keeps every event <paramref name="value"/> holds (a ScanResult holds hundreds) before any batch is sent, so none is
    /// lost when a retry is stopped; false when it holds none and is not a type that could.
    /// </summary>
    public bool Add(object value) => SiemEvent.Each(value, e => _dispatcher.Add(_sender.Render(e)));

    /// <summary>Sends one full batch; <paramref name="approve"/> is asked with its size first.</summary>
    public Task SendBatchAsync(Func<int, bool> approve, CancellationToken cancellationToken) => _dispatcher.SendBatchAsync(approve, cancellationToken);

    public Task CompleteAsync(Func<int, bool> approve, CancellationToken cancellationToken) => _dispatcher.CompleteAsync(approve, cancellationToken);

    /// <summary>The failure (message, fix, cause, the undelivered events) when events were not delivered; null when all were or were declined.</summary>
    public (string Message, string Fix, Exception Cause, string[] Undelivered)? Failure() =>
        DeliverySummary.Failure(_dispatcher, Destination) is var (message, fix) ? (message, fix, _dispatcher.Failure!, _dispatcher.Undelivered.ToArray()) : null;

    public EventDelivery Summary(string format, TimeSpan elapsed) => DeliverySummary.Record(_dispatcher, Destination, format, elapsed);

    public void Dispose()
    {
        _dispatcher.Dispose(); // closes the spool: what was not acknowledged stays in -FailedEventPath
        _sender.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _connector.Dispose();
    }
}
