using System.Management.Automation;
using System.Net;
using System.Security;
using ApiThreat.Engine.Export.Siem;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Sends findings, inventory changes and risk scores to a SIEM: syslog (RFC 5424, CEF or JSON) over UDP, TCP or TLS,
/// Splunk HTTP Event Collector, or JSON Lines to a file or the pipeline. Batches, retries with backoff, and never
/// loses events: what could not be sent is in the error record and, with -FailedEventPath, in a file.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "ApiThreatEvent", SupportsShouldProcess = true, DefaultParameterSetName = JsonLinesSet)]
[OutputType(typeof(EventDelivery), ParameterSetName = new[] { SyslogSet, HecSet })]
[OutputType(typeof(string), typeof(FileInfo), ParameterSetName = new[] { JsonLinesSet })]
public sealed class SendApiThreatEventCommand : EventDeliveryCmdlet
{
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

    private OutputFile? _output;
    private StreamWriter? _file;

    protected override void BeginProcessing()
    {
        if (ParameterSetName == JsonLinesSet)
        {
            if (Format != EventFormat.JsonLines) Fail("-Format must be JsonLines when no -Syslog or -HecUri is given.", "InvalidFormat");
            // The exporters' file policy (OutputFile): a missing folder, -NoClobber or a read-only file without -Force stop here.
            _output = Path is null ? null : OutputFile.Check(this, GetUnresolvedProviderPathFromPSPath(Path), Force.IsPresent, NoClobber.IsPresent && !Append.IsPresent,
                Append ? "Append events as JSON Lines" : "Write events as JSON Lines");
            _file = _output?.OpenDirect(Append.IsPresent);
            return;
        }
        if (ParameterSetName == SyslogSet && Format == EventFormat.JsonLines)
            Fail("-Format JsonLines writes to a file or the pipeline: drop -Syslog, or use -Format Cef or Json for syslog.", "InvalidFormat");
        OpenDelivery(new SiemDeliveryRequest
        {
            HecUri = ParameterSetName == HecSet ? HecUri : null, HecToken = (HecToken ?? Credential?.Password) is { } secure ? new NetworkCredential("", secure).Password : null,
            Index = Index, SourceType = SourceType, Syslog = Syslog, Transport = Enum.Parse<EventTransport>(Protocol.ToString()), ServerName = ServerName, Facility = Facility,
            Payload = Format == EventFormat.Json ? SyslogPayload.Json : SyslogPayload.Cef, Resolvers = Resolver, Timeout = TimeSpan.FromSeconds(TimeoutSec),
            MaxRetries = MaxRetries, RetryDelay = TimeSpan.FromMilliseconds(RetryDelayMilliseconds), BatchSize = BatchSize,
        }, ParameterSetName == HecSet ? "HEC JSON" : Format.ToString());
    }

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            var value = ModelRehydrator.Unwrap(item);
            if (value is not null && !(Delivering ? Deliver(value) : SiemEvent.Each(value, e => EmitJsonLine(e.ToJsonLine()))))
                WriteError(InputErrors.NotAnApiThreatObject(item, MyInvocation.MyCommand.Name));
        }
    }

    /// <summary>A JSON Lines event to the -Path file or the pipeline.</summary>
    private void EmitJsonLine(string line)
    {
        if (Path is null) WriteObject(line);
        else _file?.WriteLine(line);
    }

    protected override void EndProcessing()
    {
        if (Delivering)
        {
            CompleteDelivery(Format.ToString());
            return;
        }
        _file?.Flush();
        if (PassThru && _output is not null) WriteObject(new FileInfo(_output.FullName));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _file?.Dispose();
        base.Dispose(disposing);
    }
}
