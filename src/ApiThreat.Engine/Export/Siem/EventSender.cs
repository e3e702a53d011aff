using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using ApiThreat.Engine.Net;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Export.Siem;

public enum EventTransport { Udp, Tcp, Tls, Hec }

/// <summary>What a syslog message carries: CEF (default) or the event's JSON.</summary>
public enum SyslogPayload { Cef, Json }

/// <summary>Where and how events go.</summary>
public sealed class EventDestination
{
    public EventTransport Transport { get; init; }
    public string Host { get; init; } = "";
    public int Port { get; init; }
    /// <summary>TLS server name to validate (default: Host).</summary>
    public string? ServerName { get; init; }
    public Uri? HecUri { get; init; }
    /// <summary>The HEC token. Only ever written into the Authorization header.</summary>
    public string? HecToken { get; init; }
    public string? Index { get; init; }
    public string? SourceType { get; init; }
    public string Source { get; init; } = "apithreat";
    public SyslogFacility Facility { get; init; } = SyslogFacility.Local0;
    public SyslogPayload Payload { get; init; } = SyslogPayload.Cef;
    public string? SenderHostName { get; init; }

    /// <summary>For messages: never includes the token or a query string.</summary>
    public string Display => Transport == EventTransport.Hec && HecUri is not null
        ? DestinationConnector.SafeUri(HecUri)
        : $"{Transport.ToString().ToLowerInvariant()}://{(Host.Contains(':') ? "[" + Host + "]" : Host)}:{Port}";
}

/// <summary>The last attempt failed: what went wrong, and whether retrying could help.</summary>
public sealed class EventDeliveryException : Exception
{
    public EventDeliveryException(string message, bool retryable, Exception? inner = null) : base(message, inner) => Retryable = retryable;
    public bool Retryable { get; }
}

/// <summary>
/// Sends batches of events to one destination: syslog over UDP (one datagram per message), TCP or TLS (octet-counted
/// frames on one kept-open connection), or Splunk HEC (one POST per batch). Each batch is retried with exponential
/// backoff; errors that retrying cannot fix (a rejected token, a bad request) fail at once. Delivery is at least once,
/// and "sent" means acknowledged: a UDP datagram once sent (UDP has nothing more), a HEC batch on a 2xx answer, a TCP
/// or TLS stream once the collector read it to the end and closed its side (we close ours and wait for its close; a
/// reset, silence or a flood of data instead is a failure, and a new connection carries every unconfirmed event again).
/// Answers are read up to <see cref="DestinationConnector.MaxAnswerBytes"/>.
/// </summary>
public sealed class EventSender : IAsyncDisposable
{
    private readonly EventDestination _destination;
    private readonly DestinationConnector _connector;
    private readonly SyslogFormatter _syslog;
    private readonly int _maxRetries;
    private readonly TimeSpan _retryDelay;
    private readonly Action<string> _log;
    private Stream? _stream;
    private System.Net.Sockets.Socket? _socket;
    private Socket? _udp;
    // Events written to the current TCP or TLS connection (or to be written to the next) that the collector has not confirmed.
    private readonly List<string> _unconfirmed = new();

    public EventSender(EventDestination destination, DestinationConnector connector, int maxRetries, TimeSpan retryDelay, Action<string>? log = null)
    {
        _destination = destination;
        _connector = connector;
        _maxRetries = maxRetries;
        _retryDelay = retryDelay;
        _log = log ?? (_ => { });
        _syslog = new SyslogFormatter(destination.Facility, destination.SenderHostName);
    }

    public static TimeSpan MaxRetryDelay { get; } = TimeSpan.FromSeconds(30);

    private bool IsStream => _destination.Transport is EventTransport.Tcp or EventTransport.Tls;

    /// <summary>Events written to a TCP or TLS connection and not yet confirmed by the collector.</summary>
    public int Unconfirmed => _unconfirmed.Count;

    /// <summary>The exact text sent for one event: the RFC 5424 line, or the HEC envelope (one JSON object).</summary>
    public string Render(SiemEvent e)
    {
        if (_destination.Transport == EventTransport.Hec)
        {
            var envelope = new JObject
            {
                ["time"] = Math.Round(e.Time.ToUnixTimeMilliseconds() / 1000.0, 3),
                ["host"] = _destination.SenderHostName ?? Environment.MachineName,
                ["source"] = _destination.Source,
                ["sourcetype"] = _destination.SourceType ?? "apithreat:" + e.Kind,
            };
            if (!string.IsNullOrEmpty(_destination.Index)) envelope["index"] = _destination.Index;
            envelope["event"] = e.Json;
            return envelope.ToString(Formatting.None);
        }
        var message = _destination.Payload == SyslogPayload.Json ? e.Json.ToString(Formatting.None) : CefFormatter.Format(e);
        return _syslog.Format(e, message);
    }

    /// <summary>
    /// Sends the rendered events (for a stream transport with <paramref name="confirm"/>, then closes the connection and
    /// waits for the collector's confirmation); retries; throws <see cref="EventDeliveryException"/> after the last
    /// attempt. Returns how many events are acknowledged by this call: the batch, and for a stream transport every
    /// event the confirmation covers (none until then).
    /// </summary>
    public async Task<int> SendAsync(IReadOnlyList<string> rendered, bool confirm, CancellationToken cancellationToken)
    {
        if (rendered.Count == 0 && !(confirm && IsStream && _unconfirmed.Count > 0)) return 0;
        if (IsStream) _unconfirmed.AddRange(rendered);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(rendered, confirm, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                await ResetAsync().ConfigureAwait(false);
                var failure = ex as EventDeliveryException ?? new EventDeliveryException(Describe(ex), retryable: true, ex);
                if (!failure.Retryable || attempt >= _maxRetries)
                    throw new EventDeliveryException($"{failure.Message} (after {attempt + 1} attempt{(attempt == 0 ? "" : "s")})", failure.Retryable, failure.InnerException ?? ex);
                var delay = Backoff(attempt);
                var count = IsStream ? _unconfirmed.Count : rendered.Count;
                _log($"Sending {count} events to {_destination.Display} failed ({failure.Message}); retry {attempt + 1} of {_maxRetries} in {delay.TotalMilliseconds:0} ms.");
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>retryDelay × 2^attempt, capped, with ±20 % jitter so many senders do not retry in step.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var ms = Math.Min(_retryDelay.TotalMilliseconds * Math.Pow(2, attempt), MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    private string Describe(Exception ex) => ex switch
    {
        TargetException te => te.Message,
        SocketException se => $"socket error {se.SocketErrorCode}",
        IOException io => "connection lost: " + (io.InnerException?.Message ?? io.Message),
        OperationCanceledException => $"no progress within {_connector.Timeout.TotalSeconds:0.#} s (the collector does not read)",
        _ => ex.Message,
    };

    private async Task<int> SendOnceAsync(IReadOnlyList<string> rendered, bool confirm, CancellationToken cancellationToken)
    {
        switch (_destination.Transport)
        {
            case EventTransport.Udp:
                _udp ??= await _connector.ConnectUdpAsync(_destination.Host, _destination.Port, cancellationToken).ConfigureAwait(false);
                foreach (var line in rendered)
                    await _udp.SendAsync(Encoding.UTF8.GetBytes(line), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                return rendered.Count;
            case EventTransport.Hec:
                await PostHecAsync(rendered, cancellationToken).ConfigureAwait(false);
                return rendered.Count;
            default:
                // A new connection carries again everything the lost one did not confirm.
                IReadOnlyList<string> toWrite = rendered;
                if (_stream is null)
                {
                    await OpenStreamAsync(cancellationToken).ConfigureAwait(false);
                    toWrite = _unconfirmed;
                }
                await WriteFramesAsync(toWrite, cancellationToken).ConfigureAwait(false);
                if (!confirm) return 0;
                await ConfirmAsync(cancellationToken).ConfigureAwait(false);
                var confirmed = _unconfirmed.Count;
                _unconfirmed.Clear();
                return confirmed;
        }
    }

    private async Task OpenStreamAsync(CancellationToken cancellationToken)
    {
        var tcp = (NetworkStream)await _connector.ConnectTcpAsync(_destination.Host, _destination.Port, cancellationToken).ConfigureAwait(false);
        _socket = tcp.Socket;
        _stream = _destination.Transport == EventTransport.Tls
            ? await _connector.StartTlsAsync(tcp, _destination.Host, _destination.Port, _destination.ServerName, cancellationToken).ConfigureAwait(false)
            : tcp;
    }

    private async Task WriteFramesAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        if (lines.Count == 0) return;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_connector.Timeout);
        var buffer = new MemoryStream();
        foreach (var line in lines) buffer.Write(SyslogFormatter.OctetCounted(line));
        await _stream!.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), timeout.Token).ConfigureAwait(false);
        await _stream.FlushAsync(timeout.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Closes our side (TLS close_notify, then TCP FIN) and waits for the collector to close its own: a syslog
    /// collector closes once it has read to the end, so its close confirms every byte. Silence until the deadline, a
    /// reset, or data instead of a close are failures.
    /// </summary>
    private async Task ConfirmAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_connector.Timeout);
        try
        {
            if (_stream is SslStream ssl) await ssl.ShutdownAsync().WaitAsync(timeout.Token).ConfigureAwait(false);
            _socket!.Shutdown(SocketShutdown.Send);
            var buffer = new byte[4096];
            var total = 0;
            while (true)
            {
                var read = await _stream!.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                if (read == 0) break;
                if ((total += read) > DestinationConnector.MaxAnswerBytes)
                    throw new EventDeliveryException($"{_destination.Display} sent data back instead of closing the connection: the events are not confirmed", retryable: true);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EventDeliveryException($"{_destination.Display} did not confirm the events: it neither read them to the end nor closed the connection " +
                $"within {_connector.Timeout.TotalSeconds:0.#} s", retryable: true);
        }
        finally
        {
            await ResetAsync().ConfigureAwait(false);
        }
    }

    private async Task PostHecAsync(IReadOnlyList<string> rendered, CancellationToken cancellationToken)
    {
        var uri = _destination.HecUri!;
        var headers = new List<KeyValuePair<string, string>> { new("Authorization", "Splunk " + _destination.HecToken) };
        var (status, body) = await _connector.PostAsync(uri, string.Join("\n", rendered), "application/json", headers, cancellationToken).ConfigureAwait(false);
        if (status is >= 200 and < 300) return;
        var text = HecText(TextSafety.WithoutSecret(body, _destination.HecToken)); // before truncation: no partial token either
        var where = DestinationConnector.SafeUri(uri);
        throw status switch
        {
            401 or 403 => new EventDeliveryException($"The HTTP Event Collector at {where} rejected the token ({status}{text}).", retryable: false),
            400 => new EventDeliveryException($"The HTTP Event Collector at {where} refused the events as malformed or for a missing/forbidden index ({status}{text}).", retryable: false),
            404 => new EventDeliveryException($"{where} is not an HTTP Event Collector endpoint (404); use .../services/collector/event.", retryable: false),
            429 or >= 500 => new EventDeliveryException($"The HTTP Event Collector at {where} is busy or failing ({status}{text}).", retryable: true),
            _ => new EventDeliveryException($"The HTTP Event Collector at {where} answered {status}{text}.", retryable: false),
        };
    }

    /// <summary>HEC answers {"text":"...","code":N}; keep the text (target-controlled: stripped and capped).</summary>
    private static string HecText(string body)
    {
        try
        {
            var o = JObject.Parse(body);
            var text = (string?)o["text"];
            var code = (int?)o["code"];
            if (text is null) return "";
            return $": {TextSafety.StripControl(TextSafety.Truncate(text, 200))}" + (code is null ? "" : $", code {code.Value.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (JsonException)
        {
            return body.Length == 0 ? "" : ": " + TextSafety.StripControl(TextSafety.Truncate(body, 200));
        }
    }

    private async Task ResetAsync()
    {
        if (_stream is not null) { try { await _stream.DisposeAsync().ConfigureAwait(false); } catch (IOException) { } _stream = null; }
        _socket = null;
        _udp?.Dispose();
        _udp = null;
    }

    public async ValueTask DisposeAsync() => await ResetAsync().ConfigureAwait(false);
}
