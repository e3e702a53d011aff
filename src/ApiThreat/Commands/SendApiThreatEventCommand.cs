using System.Diagnostics;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ApiThreat.Engine.Export.Siem;
using ApiThreat.Infrastructure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Commands;

/// <summary>
/// Sends findings, inventory changes and risk scores to a SIEM: syslog (RFC 5424, CEF or JSON) over UDP, TCP or TLS,
/// Splunk HTTP Event Collector, or JSON Lines to a file or the pipeline. Batches, retries with backoff, and never
/// loses events: what could not be sent is in the error record and, with -FailedEventPath, in a file.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "ApiThreatEvent", SupportsShouldProcess = true, DefaultParameterSetName = JsonLinesSet)]
[OutputType(typeof(EventDelivery), ParameterSetName = new[] { SyslogSet, HecSet })]
[OutputType(typeof(string), ParameterSetName = new[] { JsonLinesSet })]
public sealed class SendApiThreatEventCommand : PSCmdlet, IDisposable
{
    private const string SyslogSet = "Syslog";
    private const string HecSet = "Hec";
    private const string JsonLinesSet = "JsonLines";

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowEmptyCollection]
    public object[] InputObject { get; set; } = Array.Empty<object>();

    /// <summary>The syslog collector: host, host:port, IPv4 or [IPv6]:port (default port 514, 6514 for TLS).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = SyslogSet)]
    [ValidateNotNullOrEmpty]
    public string Syslog { get; set; } = "";

    [Parameter(ParameterSetName = SyslogSet)]
    [ValidateSet("Udp", "Tcp", "Tls")]
    public string Protocol { get; set; } = "Udp";

    /// <summary>The name the TLS certificate must carry (default: the -Syslog host).</summary>
    [Parameter(ParameterSetName = SyslogSet)]
    [ValidateNotNullOrEmpty]
    public string? ServerName { get; set; }

    [Parameter(ParameterSetName = SyslogSet)]
    public SyslogFacility Facility { get; set; } = SyslogFacility.Local0;

    /// <summary>Syslog: Cef (default) or Json. JsonLines: required, selects JSON Lines output.</summary>
    [Parameter(ParameterSetName = SyslogSet)]
    [Parameter(Mandatory = true, ParameterSetName = JsonLinesSet)]
    [ValidateSet("Cef", "Json", "JsonLines")]
    public string Format { get; set; } = "Cef";

    [Parameter(Mandatory = true, ParameterSetName = HecSet)]
    [ValidateNotNull]
    public Uri? HecUri { get; set; }

    [Parameter(ParameterSetName = HecSet)]
    [ValidateNotNull]
    public SecureString? HecToken { get; set; }

    /// <summary>The HEC token as the password of a credential (the user name is ignored).</summary>
    [Parameter(ParameterSetName = HecSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    [Parameter(ParameterSetName = HecSet)]
    [ValidateNotNullOrEmpty]
    public string? Index { get; set; }

    [Parameter(ParameterSetName = HecSet)]
    [ValidateNotNullOrEmpty]
    public string? SourceType { get; set; }

    /// <summary>JSON Lines file; without it the lines go to the pipeline.</summary>
    [Parameter(ParameterSetName = JsonLinesSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter(ParameterSetName = JsonLinesSet)]
    public SwitchParameter Append { get; set; }

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
    private readonly Stopwatch _clock = new();
    private DestinationConnector? _connector;
    private EventSender? _sender;
    private EventDispatcher? _dispatcher;
    private EventDestination? _destination;
    private StreamWriter? _file;
    private List<string>? _verboseBuffer;

    protected override void BeginProcessing()
    {
        _clock.Start();
        if (ParameterSetName == JsonLinesSet)
        {
            if (Format != "JsonLines") Fail("-Format must be JsonLines when no -Syslog or -HecUri is given.", "InvalidFormat");
            if (Path is not null)
            {
                var resolved = GetUnresolvedProviderPathFromPSPath(Path);
                if (ShouldProcess(resolved, Append ? "Append events as JSON Lines" : "Write events as JSON Lines"))
                    _file = new StreamWriter(resolved, Append.IsPresent, new UTF8Encoding(false)) { NewLine = "\n" };
            }
            return;
        }
        if (ParameterSetName == SyslogSet && Format == "JsonLines")
            Fail("-Format JsonLines writes to a file or the pipeline: drop -Syslog, or use -Format Cef or Json for syslog.", "InvalidFormat");

        var resolvers = new List<IPEndPoint>();
        foreach (var r in Resolver ?? Array.Empty<string>())
        {
            if (!ResolverEndpoint.TryParse(r, out var endPoint, out var error)) Fail(error, "InvalidResolver");
            resolvers.Add(endPoint!);
        }
        try
        {
            _destination = ParameterSetName == HecSet
                ? EventDestinations.Hec(HecUri!, (HecToken ?? Credential?.Password) is { } secure ? new NetworkCredential("", secure).Password : null, Index, SourceType)
                : EventDestinations.Syslog(Syslog, Enum.Parse<EventTransport>(Protocol, ignoreCase: true), ServerName, Facility,
                    Format == "Json" ? SyslogPayload.Json : SyslogPayload.Cef);
        }
        catch (InvalidDestinationException ex)
        {
            Fail(ex.Message, ex.ErrorId);
        }
        if (_destination!.HecUri is { Scheme: "http" } plain)
            WriteWarning($"{EventDestinations.Display(plain)} is plain HTTP: the HEC token and the events cross the network unencrypted.");
        _connector = new DestinationConnector(resolvers, TimeSpan.FromSeconds(TimeoutSec), LoadTrustAnchors());
        var verbose = MyInvocation.BoundParameters.ContainsKey("Verbose")
            || (GetVariableValue("VerbosePreference") is ActionPreference p && p != ActionPreference.SilentlyContinue);
        _verboseBuffer = verbose ? new List<string>() : null;
        _sender = new EventSender(_destination, _connector, MaxRetries, TimeSpan.FromMilliseconds(RetryDelayMilliseconds), _verboseBuffer is null ? null : _verboseBuffer.Add);
        _dispatcher = new EventDispatcher(_sender, BatchSize, OpenSpool());
        WriteVerbose($"Sending events to {_destination.Display} ({(ParameterSetName == HecSet ? "HEC JSON" : Format)}), batches of {BatchSize}.");
    }

    /// <summary>-FailedEventPath as the spool every event is kept in until acknowledged (not under -WhatIf: nothing is written then).</summary>
    private EventSpool? OpenSpool()
    {
        if (FailedEventPath is null || LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"))
            || (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf) && LanguagePrimitives.IsTrue(whatIf)))
            return null;
        try
        {
            return EventSpool.Open(GetUnresolvedProviderPathFromPSPath(FailedEventPath));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "FailedEventPathUnavailable", ErrorCategory.WriteError, FailedEventPath)
            { ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = "Give a writable file that no other Send-ApiThreatEvent is using." } });
            return null;
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            var value = ModelRehydrator.Unwrap(item);
            if (value is null) continue;
            var any = false;
            // Every event an object holds (a ScanResult holds hundreds) is kept before any batch is sent: stopped while a
            // batch retries, none of them is lost.
            foreach (var e in SiemEvent.From(value))
            {
                any = true;
                if (_dispatcher is null) EmitJsonLine(e);
                else _dispatcher.Add(_sender!.Render(e));
            }
            while (_dispatcher is not null && _dispatcher.HasFullBatch) Run(_dispatcher.SendBatchAsync(Approve, _cancellation.Token));
            if (!any && !SiemEvent.IsExportable(value))
            {
                WriteError(new ErrorRecord(new ArgumentException($"Send-ApiThreatEvent cannot send a {value.GetType().FullName}: it sends findings, inventory changes and risk scores (and the objects that carry them)."),
                    "NotAnApiThreatObject", ErrorCategory.InvalidType, item));
            }
        }
    }

    private bool Approve(int count) => ShouldProcess(_destination!.Display, $"Send {count} event{(count == 1 ? "" : "s")}");

    private void EmitJsonLine(SiemEvent e)
    {
        var line = e.ToJsonLine();
        if (Path is null) WriteObject(line);
        else _file?.WriteLine(line);
    }

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
            FlushVerbose();
        }
    }

    private void FlushVerbose()
    {
        if (_verboseBuffer is null) return;
        foreach (var m in _verboseBuffer) WriteVerbose(TextSafety.StripControl(m));
        _verboseBuffer.Clear();
    }

    protected override void EndProcessing()
    {
        if (_dispatcher is null)
        {
            _file?.Flush();
            return;
        }
        Run(_dispatcher.CompleteAsync(Approve, _cancellation.Token));
        var undelivered = _dispatcher.Undelivered.ToArray();
        var failedPath = undelivered.Length > 0 ? _dispatcher.SpoolPath : null;
        if (_dispatcher.Failure is { } failure)
        {
            var where = failedPath is null ? "They are in this error's TargetObject." : $"They are in this error's TargetObject and in '{failedPath}'.";
            var message = $"{undelivered.Length} of {_dispatcher.Events} events were not delivered to {_destination!.Display}: {TextSafety.StripControl(failure.Message)}. {where}";
            WriteError(new ErrorRecord(new IOException(message, failure), "EventDeliveryFailed", ErrorCategory.ConnectionError, undelivered)
            {
                ErrorDetails = new ErrorDetails(message)
                {
                    RecommendedAction = failure.Retryable
                        ? "Check that the collector is reachable, then send the saved events again (raise -MaxRetries or -TimeoutSec for a flaky link)."
                        : "Fix the destination's configuration (token, index, URI), then send the saved events again.",
                },
            });
        }
        WriteObject(new EventDelivery
        {
            Destination = _destination!.Display,
            Protocol = _destination.Transport.ToString(),
            Format = _destination.Transport == EventTransport.Hec ? "HecJson" : Format,
            Events = _dispatcher.Events,
            Sent = _dispatcher.Sent,
            Failed = undelivered.Length,
            Batches = _dispatcher.Batches,
            Elapsed = _clock.Elapsed,
            FailedEventPath = failedPath,
        });
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    private X509Certificate2Collection LoadTrustAnchors()
    {
        var collection = new X509Certificate2Collection();
        foreach (var path in TrustedRootCertificate ?? Array.Empty<string>())
        {
            var resolved = GetUnresolvedProviderPathFromPSPath(path);
            try
            {
                if (File.ReadAllText(resolved).Contains("-----BEGIN CERTIFICATE-----")) collection.ImportFromPemFile(resolved);
                else collection.Add(new X509Certificate2(resolved));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                Fail($"-TrustedRootCertificate '{path}' could not be read as a PEM or DER certificate: {ex.Message}", "InvalidTrustedRootCertificate");
            }
        }
        return collection;
    }

    private void Fail(string message, string id) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), id, ErrorCategory.InvalidArgument, null));

    public void Dispose()
    {
        _cancellation.Cancel();
        _file?.Dispose();
        _dispatcher?.Dispose(); // closes the spool: what was not acknowledged stays in -FailedEventPath
        _sender?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _connector?.Dispose();
        _cancellation.Dispose();
    }
}
