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
    private readonly List<string> _batch = new();
    private readonly List<string> _unsent = new();
    private readonly Stopwatch _clock = new();
    private DestinationConnector? _connector;
    private EventSender? _sender;
    private EventDestination? _destination;
    private StreamWriter? _file;
    private string? _failure;
    private EventDeliveryException? _failureException;
    private int _events;
    private int _sent;
    private int _batches;

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
        _connector = new DestinationConnector(resolvers, TimeSpan.FromSeconds(TimeoutSec), LoadTrustAnchors());
        _destination = ParameterSetName == HecSet ? HecDestination() : SyslogDestination();
        var verbose = MyInvocation.BoundParameters.ContainsKey("Verbose")
            || (GetVariableValue("VerbosePreference") is ActionPreference p && p != ActionPreference.SilentlyContinue);
        var log = new List<string>();
        _sender = new EventSender(_destination, _connector, MaxRetries, TimeSpan.FromMilliseconds(RetryDelayMilliseconds), verbose ? log.Add : null);
        _verboseBuffer = log;
        WriteVerbose($"Sending events to {_destination.Display} ({(ParameterSetName == HecSet ? "HEC JSON" : Format)}), batches of {BatchSize}.");
    }

    private List<string>? _verboseBuffer;

    private EventDestination SyslogDestination()
    {
        var transport = Enum.Parse<EventTransport>(Protocol, ignoreCase: true);
        var defaultPort = transport == EventTransport.Tls ? 6514 : 514;
        var (host, port) = ParseHostPort(Syslog, defaultPort);
        return new EventDestination
        {
            Transport = transport, Host = host, Port = port, ServerName = ServerName, Facility = Facility,
            Payload = Format == "Json" ? SyslogPayload.Json : SyslogPayload.Cef,
        };
    }

    private EventDestination HecDestination()
    {
        var uri = HecUri!;
        if (!uri.IsAbsoluteUri || uri.Scheme is not ("https" or "http"))
            Fail($"-HecUri '{uri}' is not an http(s) URL.", "InvalidHecUri");
        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query))
            Fail("-HecUri must not carry credentials or a query string: give the token with -HecToken or -Credential.", "InvalidHecUri");
        if (uri.AbsolutePath is "" or "/") uri = new Uri(uri, "/services/collector/event");
        var secure = HecToken ?? Credential?.Password;
        if (secure is null) Fail("Give the HEC token with -HecToken (a SecureString) or -Credential (the token as password).", "MissingHecToken");
        var token = new NetworkCredential("", secure).Password;
        if (string.IsNullOrWhiteSpace(token)) Fail("The HEC token is empty.", "MissingHecToken");
        if (uri.Scheme == "http") WriteWarning($"{DestinationConnector.SafeUri(uri)} is plain HTTP: the HEC token and the events cross the network unencrypted.");
        return new EventDestination { Transport = EventTransport.Hec, HecUri = uri, HecToken = token, Index = Index, SourceType = SourceType };
    }

    private (string Host, int Port) ParseHostPort(string text, int defaultPort)
    {
        var t = text.Trim();
        if (t.Contains("://", StringComparison.Ordinal)) Fail($"-Syslog '{text}' must be host or host:port, not a URL (choose the transport with -Protocol).", "InvalidSyslogDestination");
        string host = t;
        var port = defaultPort;
        if (t.StartsWith('['))
        {
            var end = t.IndexOf(']');
            if (end < 0) Fail($"-Syslog '{text}' has an unclosed '['.", "InvalidSyslogDestination");
            host = t[1..end];
            var rest = t[(end + 1)..];
            if (rest.StartsWith(':') && !int.TryParse(rest[1..], out port)) Fail($"-Syslog '{text}' has an invalid port.", "InvalidSyslogDestination");
        }
        else if (t.Count(c => c == ':') == 1)
        {
            var i = t.IndexOf(':');
            host = t[..i];
            if (!int.TryParse(t[(i + 1)..], out port)) Fail($"-Syslog '{text}' has an invalid port.", "InvalidSyslogDestination");
        }
        if (port is < 1 or > 65535) Fail($"-Syslog '{text}': the port must be 1-65535.", "InvalidSyslogDestination");
        if (!IPAddress.TryParse(host, out _) && Uri.CheckHostName(host) != UriHostNameType.Dns) Fail($"-Syslog '{text}': '{host}' is not a host name or address.", "InvalidSyslogDestination");
        return (host, port);
    }

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            var value = ModelRehydrator.Unwrap(item);
            if (value is null) continue;
            var any = false;
            foreach (var e in SiemEvent.From(value))
            {
                any = true;
                _events++;
                if (_destination is null) { EmitJsonLine(e); continue; }
                var line = _sender!.Render(e);
                if (_failure is not null) { _unsent.Add(line); continue; }
                _batch.Add(line);
                if (_batch.Count >= BatchSize) SendBatch();
            }
            if (!any && !SiemEvent.IsExportable(value))
            {
                WriteError(new ErrorRecord(new ArgumentException($"Send-ApiThreatEvent cannot send a {value.GetType().FullName}: it sends findings, inventory changes and risk scores (and the objects that carry them)."),
                    "NotAnApiThreatObject", ErrorCategory.InvalidType, item));
            }
        }
    }

    private void EmitJsonLine(SiemEvent e)
    {
        var line = e.ToJsonLine();
        if (Path is null) WriteObject(line);
        else _file?.WriteLine(line);
    }

    private void SendBatch()
    {
        if (_batch.Count == 0) return;
        var batch = _batch.ToList();
        _batch.Clear();
        if (!ShouldProcess(_destination!.Display, $"Send {batch.Count} event{(batch.Count == 1 ? "" : "s")}")) return;
        try
        {
            _sender!.SendAsync(batch, _cancellation.Token).GetAwaiter().GetResult();
            _sent += batch.Count;
            _batches++;
        }
        catch (EventDeliveryException ex)
        {
            _failure = ex.Message;
            _failureException = ex;
            _unsent.AddRange(batch);
        }
        catch (OperationCanceledException)
        {
            _unsent.AddRange(batch);
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
        if (_destination is null)
        {
            _file?.Flush();
            return;
        }
        if (_failure is null) SendBatch();
        else { _unsent.AddRange(_batch); _batch.Clear(); }
        string? failedPath = null;
        if (_unsent.Count > 0 && FailedEventPath is not null)
        {
            failedPath = GetUnresolvedProviderPathFromPSPath(FailedEventPath);
            File.AppendAllLines(failedPath, _unsent, new UTF8Encoding(false));
        }
        if (_failure is not null)
        {
            var where = failedPath is null ? "They are in this error's TargetObject." : $"They are in this error's TargetObject and were appended to '{failedPath}'.";
            var message = $"{_unsent.Count} of {_events} events were not delivered to {_destination.Display}: {TextSafety.StripControl(_failure)}. {where}";
            WriteError(new ErrorRecord(new IOException(message, _failureException), "EventDeliveryFailed", ErrorCategory.ConnectionError, _unsent.ToArray())
            {
                ErrorDetails = new ErrorDetails(message)
                {
                    RecommendedAction = _failureException?.Retryable == false
                        ? "Fix the destination's configuration (token, index, URI), then send the saved events again."
                        : "Check that the collector is reachable, then send the saved events again (raise -MaxRetries or -TimeoutSec for a flaky link).",
                },
            });
        }
        WriteObject(new EventDelivery
        {
            Destination = _destination.Display,
            Protocol = _destination.Transport.ToString(),
            Format = _destination.Transport == EventTransport.Hec ? "HecJson" : Format,
            Events = _events,
            Sent = _sent,
            Failed = _unsent.Count,
            Batches = _batches,
            Elapsed = _clock.Elapsed,
            FailedEventPath = _unsent.Count > 0 ? failedPath : null,
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
        _sender?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _connector?.Dispose();
        _cancellation.Dispose();
    }
}
