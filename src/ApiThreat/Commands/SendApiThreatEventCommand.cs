using System.Diagnostics;
using System.Management.Automation;
using System.Net;
using System.Security;
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
    private SiemDelivery? _delivery;
    private StreamWriter? _file;
    private string? _filePath;
    private List<string>? _verboseBuffer;

    protected override void BeginProcessing()
    {
        _clock.Start();
        if (ParameterSetName == JsonLinesSet)
        {
            if (Format != EventFormat.JsonLines) Fail("-Format must be JsonLines when no -Syslog or -HecUri is given.", "InvalidFormat");
            // The exporters' file policy (OutputFile): a missing folder, -NoClobber or a read-only file without -Force stop here.
            if (Path is not null && OutputFile.Check(this, GetUnresolvedProviderPathFromPSPath(Path), Force.IsPresent, NoClobber.IsPresent && !Append.IsPresent,
                    Append ? "Append events as JSON Lines" : "Write events as JSON Lines") is { } output)
            {
                _file = output.OpenDirect(Append.IsPresent);
                _filePath = output.FullName;
            }
            return;
        }
        if (ParameterSetName == SyslogSet && Format == EventFormat.JsonLines)
            Fail("-Format JsonLines writes to a file or the pipeline: drop -Syslog, or use -Format Cef or Json for syslog.", "InvalidFormat");
        var request = new SiemDeliveryRequest
        {
            HecUri = ParameterSetName == HecSet ? HecUri : null, HecToken = (HecToken ?? Credential?.Password) is { } secure ? new NetworkCredential("", secure).Password : null,
            Index = Index, SourceType = SourceType, Syslog = Syslog, Transport = Enum.Parse<EventTransport>(Protocol.ToString()), ServerName = ServerName, Facility = Facility,
            Payload = Format == EventFormat.Json ? SyslogPayload.Json : SyslogPayload.Cef, Resolvers = Resolver, Timeout = TimeSpan.FromSeconds(TimeoutSec),
            MaxRetries = MaxRetries, RetryDelay = TimeSpan.FromMilliseconds(RetryDelayMilliseconds), BatchSize = BatchSize,
        };
        (EventDestination Destination, List<IPEndPoint> Resolvers) target = default;
        try { target = request.Parse(); }
        catch (InvalidDestinationException ex) { Fail(ex.Message, ex.ErrorId); }
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
        WriteVerbose($"Sending events to {_delivery!.Destination.Display} ({(ParameterSetName == HecSet ? "HEC JSON" : Format)}), batches of {BatchSize}.");
    }

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            var value = ModelRehydrator.Unwrap(item);
            if (value is null) continue;
            var known = _delivery?.Add(value) ?? EmitJsonLines(value);
            while (_delivery is not null && _delivery.HasFullBatch) Run(_delivery.SendBatchAsync(Approve, _cancellation.Token));
            if (!known)
            {
                WriteError(new ErrorRecord(new ArgumentException($"Send-ApiThreatEvent cannot send a {value.GetType().FullName}: it sends findings, inventory changes and risk scores (and the objects that carry them)."),
                    "NotAnApiThreatObject", ErrorCategory.InvalidType, item));
            }
        }
    }

    private bool Approve(int count) => ShouldProcess(_delivery!.Destination.Display, $"Send {count} event{(count == 1 ? "" : "s")}");

    /// <summary>The object's events as JSON Lines, to the file or the pipeline; false when it holds none and is not a type that could.</summary>
    private bool EmitJsonLines(object value)
    {
        var any = false;
        foreach (var line in SiemEvent.From(value).Select(e => e.ToJsonLine()))
        {
            any = true;
            if (Path is null) WriteObject(line);
            else _file?.WriteLine(line);
        }
        return any || SiemEvent.IsExportable(value);
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
            foreach (var m in _verboseBuffer ?? new List<string>()) WriteVerbose(TextSafety.StripControl(m));
            _verboseBuffer?.Clear();
        }
    }

    protected override void EndProcessing()
    {
        if (_delivery is null)
        {
            _file?.Flush();
            if (PassThru && _filePath is not null) WriteObject(new FileInfo(_filePath));
            return;
        }
        Run(_delivery.CompleteAsync(Approve, _cancellation.Token));
        if (_delivery.Failure() is var (message, fix, cause, undelivered))
        {
            WriteError(new ErrorRecord(new IOException(message, cause), "EventDeliveryFailed", ErrorCategory.ConnectionError, undelivered)
            { ErrorDetails = new ErrorDetails(message) { RecommendedAction = fix } });
        }
        WriteObject(_delivery.Summary(Format.ToString(), _clock.Elapsed));
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    private void Fail(string message, string id) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), id, ErrorCategory.InvalidArgument, null));

    public void Dispose()
    {
        _cancellation.Cancel();
        _file?.Dispose();
        _delivery?.Dispose();
        _cancellation.Dispose();
    }
}
