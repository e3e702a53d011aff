using System.Globalization;
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
/// backoff; errors that retrying cannot fix (a rejected token, a bad request) fail at once. Delivery is at least once:
/// a batch that failed half-way is sent again whole.
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
    private Socket? _udp;

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

    /// <summary>Sends the rendered events; retries; throws <see cref="EventDeliveryException"/> after the last attempt.</summary>
    public async Task SendAsync(IReadOnlyList<string> rendered, CancellationToken cancellationToken)
    {
        if (rendered.Count == 0) return;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await SendOnceAsync(rendered, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                await ResetAsync().ConfigureAwait(false);
                var failure = ex as EventDeliveryException ?? new EventDeliveryException(Describe(ex), retryable: true, ex);
                if (!failure.Retryable || attempt >= _maxRetries)
                    throw new EventDeliveryException($"{failure.Message} (after {attempt + 1} attempt{(attempt == 0 ? "" : "s")})", failure.Retryable, failure.InnerException ?? ex);
                var delay = Backoff(attempt);
                _log($"Sending {rendered.Count} events to {_destination.Display} failed ({failure.Message}); retry {attempt + 1} of {_maxRetries} in {delay.TotalMilliseconds:0} ms.");
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

    private static string Describe(Exception ex) => ex switch
    {
        TargetException te => te.Message,
        SocketException se => $"socket error {se.SocketErrorCode}",
        IOException io => "connection lost: " + (io.InnerException?.Message ?? io.Message),
        _ => ex.Message,
    };

    private async Task SendOnceAsync(IReadOnlyList<string> rendered, CancellationToken cancellationToken)
    {
        switch (_destination.Transport)
        {
            case EventTransport.Udp:
                _udp ??= await _connector.ConnectUdpAsync(_destination.Host, _destination.Port, cancellationToken).ConfigureAwait(false);
                foreach (var line in rendered)
                    await _udp.SendAsync(Encoding.UTF8.GetBytes(line), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                break;
            case EventTransport.Tcp:
            case EventTransport.Tls:
                _stream ??= _destination.Transport == EventTransport.Tls
                    ? await _connector.ConnectTlsAsync(_destination.Host, _destination.Port, _destination.ServerName, cancellationToken).ConfigureAwait(false)
                    : await _connector.ConnectTcpAsync(_destination.Host, _destination.Port, cancellationToken).ConfigureAwait(false);
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeout.CancelAfter(_connector.Timeout);
                    var buffer = new MemoryStream();
                    foreach (var line in rendered) buffer.Write(SyslogFormatter.OctetCounted(line));
                    await _stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), timeout.Token).ConfigureAwait(false);
                    await _stream.FlushAsync(timeout.Token).ConfigureAwait(false);
                }
                break;
            case EventTransport.Hec:
                await PostHecAsync(rendered, cancellationToken).ConfigureAwait(false);
                break;
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
        _udp?.Dispose();
        _udp = null;
    }

    public async ValueTask DisposeAsync() => await ResetAsync().ConfigureAwait(false);
}
