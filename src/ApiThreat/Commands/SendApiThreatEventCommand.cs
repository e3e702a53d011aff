using System.Diagnostics;
using System.Management.Automation;
using System.Net;
using System.Security;
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
[OutputType(typeof(string), typeof(FileInfo), ParameterSetName = new[] { JsonLinesSet })]
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
    public SyslogProtocol Protocol { get; set; } = SyslogProtocol.Udp;

    /// <summary>The name the TLS certificate must carry (default: the -Syslog host).</summary>
    [Parameter(ParameterSetName = SyslogSet)]
    [ValidateNotNullOrEmpty]
    public string? ServerName { get; set; }

    [Parameter(ParameterSetName = SyslogSet)]
    public SyslogFacility Facility { get; set; } = SyslogFacility.Local0;

    /// <summary>Syslog: Cef (default) or Json. JsonLines: required, selects JSON Lines output.</summary>
    [Parameter(ParameterSetName = SyslogSet)]
    [Parameter(Mandatory = true, ParameterSetName = JsonLinesSet)]
    public EventFormat Format { get; set; } = EventFormat.Cef;

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

    /// <summary>-Path: replace (or append to) a read-only file.</summary>
    [Parameter(ParameterSetName = JsonLinesSet)]
    public SwitchParameter Force { get; set; }

    /// <summary>-Path: refuse to replace an existing file (-Append still adds to it).</summary>
    [Parameter(ParameterSetName = JsonLinesSet)]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>-Path: return the file written.</summary>
    [Parameter(ParameterSetName = JsonLinesSet)]
    public SwitchParameter PassThru { get; set; }

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
    private string? _filePath;
    private List<string>? _verboseBuffer;

    protected override void BeginProcessing()
    {
        _clock.Start();
        if (ParameterSetName == JsonLinesSet)
        {
            if (Format != EventFormat.JsonLines) Fail("-Format must be JsonLines when no -Syslog or -HecUri is given.", "InvalidFormat");
            if (Path is not null)
            {
                // The exporters' file policy (OutputFile): a missing folder, -NoClobber or a read-only file without -Force stop here.
                var resolved = GetUnresolvedProviderPathFromPSPath(Path);
                if (OutputFile.Check(this, resolved, Force.IsPresent, NoClobber.IsPresent && !Append.IsPresent,
                        Append ? "Append events as JSON Lines" : "Write events as JSON Lines") is not null)
                {
                    if (Force && new FileInfo(resolved) is { Exists: true, IsReadOnly: true } existing) existing.IsReadOnly = false;
                    _file = new StreamWriter(resolved, Append.IsPresent, new UTF8Encoding(false)) { NewLine = "\n" };
                    _filePath = resolved;
                }
            }
            return;
        }
        if (ParameterSetName == SyslogSet && Format == EventFormat.JsonLines)
            Fail("-Format JsonLines writes to a file or the pipeline: drop -Syslog, or use -Format Cef or Json for syslog.", "InvalidFormat");

        List<IPEndPoint> resolvers = new();
        try { resolvers = ResolverList.Parse(Resolver); }
        catch (ArgumentException ex) { Fail(ex.Message, "InvalidResolver"); }
        try
        {
            _destination = ParameterSetName == HecSet
                ? EventDestinations.Hec(HecUri!, (HecToken ?? Credential?.Password) is { } secure ? new NetworkCredential("", secure).Password : null, Index, SourceType)
                : EventDestinations.Syslog(Syslog, Enum.Parse<EventTransport>(Protocol.ToString()), ServerName, Facility,
                    Format == EventFormat.Json ? SyslogPayload.Json : SyslogPayload.Cef);
        }
        catch (InvalidDestinationException ex)
        {
            Fail(ex.Message, ex.ErrorId);
        }
        if (_destination!.HecUri is { Scheme: "http" } plain)
            WriteWarning($"{EventDestinations.Display(plain)} is plain HTTP: the HEC token and the events cross the network unencrypted.");
        _connector = new DestinationConnector(resolvers, TimeSpan.FromSeconds(TimeoutSec), this.TrustAnchorsFrom(TrustedRootCertificate));
        _verboseBuffer = this.VerboseRequested() ? new List<string>() : null;
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
            if (PassThru && _filePath is not null) WriteObject(new FileInfo(_filePath));
            return;
        }
        Run(_dispatcher.CompleteAsync(Approve, _cancellation.Token));
        if (DeliverySummary.Failure(_dispatcher, _destination!) is var (message, fix))
        {
            var failure = _dispatcher.Failure!;
            WriteError(new ErrorRecord(new IOException(message, failure), "EventDeliveryFailed", ErrorCategory.ConnectionError, _dispatcher.Undelivered.ToArray())
            { ErrorDetails = new ErrorDetails(message) { RecommendedAction = fix } });
        }
        WriteObject(DeliverySummary.Record(_dispatcher, _destination!, Format.ToString(), _clock.Elapsed));
    }

    protected override void StopProcessing() => _cancellation.Cancel();

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
