using System.Net;
using System.Net.Sockets;
using System.Text;
using ApiThreat.Engine.Net.Tls;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Discovery.Ports;

/// <summary>What an open port speaks, as far as discovery cares.</summary>
public enum ServiceKind { Unknown, Http, Tls, Other }

/// <summary>An open port's service and, for services that speak first, the start of their banner.</summary>
public sealed record ServiceGuess(int Port, ServiceKind Kind, string? Banner = null);

/// <summary>
/// Tells HTTP and TLS apart from everything else on any port, in at most two short connections: wait a moment for a
/// banner (SSH, SMTP, FTP, databases speak first: not web), else send a TLS ClientHello — a TLS server answers with a
/// handshake or an alert record, and most HTTP servers answer it with "HTTP/1.x 400" — else send a plain GET on a
/// fresh connection and look for "HTTP/". Connections go to an address the scope guard admitted.
/// </summary>
public static class ServiceRecognizer
{
    private static readonly TimeSpan s_bannerWait = TimeSpan.FromMilliseconds(400);
    private static readonly int[] s_suites = { 0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0xC013, 0xC014, 0x009C, 0x009D, 0x002F, 0x0035 };

    public static async Task<ServiceGuess> RecognizeAsync(IPAddress address, string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using (var first = await ConnectAsync(address, port, timeout, cancellationToken).ConfigureAwait(false))
        {
            if (first is null) return new ServiceGuess(port, ServiceKind.Unknown);
            var banner = await ReadAsync(first, s_bannerWait, cancellationToken).ConfigureAwait(false);
            if (banner.Length > 0) return Classify(port, banner) ?? new ServiceGuess(port, ServiceKind.Other, Shown(banner));
            var hello = ClientHelloBuilder.Build(new ClientHelloOptions
            {
                Version = TlsVersion.Tls12, CipherSuites = s_suites, StatusRequest = false,
                ServerName = IPAddress.TryParse(host, out _) ? null : host,
            });
            try { await first.SendAsync(hello, SocketFlags.None, cancellationToken).ConfigureAwait(false); }
            catch (SocketException) { return new ServiceGuess(port, ServiceKind.Unknown); }
            var answer = await ReadAsync(first, timeout, cancellationToken).ConfigureAwait(false);
            if (answer.Length > 0 && Classify(port, answer) is { } known) return known;
        }
        using var second = await ConnectAsync(address, port, timeout, cancellationToken).ConfigureAwait(false);
        if (second is null) return new ServiceGuess(port, ServiceKind.Unknown);
        var authority = address.AddressFamily == AddressFamily.InterNetworkV6 && IPAddress.TryParse(host, out _) ? $"[{host}]" : host;
        try
        {
            await second.SendAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {authority}:{port}\r\nUser-Agent: ApiThreat\r\nConnection: close\r\n\r\n"),
                SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException) { return new ServiceGuess(port, ServiceKind.Unknown); }
        var reply = await ReadAsync(second, timeout, cancellationToken).ConfigureAwait(false);
        return Classify(port, reply) ?? new ServiceGuess(port, reply.Length == 0 ? ServiceKind.Unknown : ServiceKind.Other, reply.Length == 0 ? null : Shown(reply));
    }

    /// <summary>HTTP by its status line, TLS by a handshake or alert record of a 3.x version; null for anything else.</summary>
    public static ServiceGuess? Classify(int port, ReadOnlySpan<byte> data)
    {
        if (data.Length >= 5 && data.StartsWith("HTTP/"u8)) return new ServiceGuess(port, ServiceKind.Http);
        if (data.Length >= 3 && data[0] is 0x15 or 0x16 && data[1] == 0x03 && data[2] <= 0x04) return new ServiceGuess(port, ServiceKind.Tls);
        return null;
    }

    private static string Shown(byte[] data) => TextSafety.Truncate(TextSafety.StripControl(Encoding.ASCII.GetString(data, 0, Math.Min(data.Length, 120)).Trim()), 80);

    private static async Task<Socket?> ConnectAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), deadline.Token).ConfigureAwait(false);
            return socket;
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            socket.Dispose();
            return null;
        }
    }

    /// <summary>What arrives within <paramref name="wait"/> (up to 512 bytes); empty on silence, a reset or a close.</summary>
    private static async Task<byte[]> ReadAsync(Socket socket, TimeSpan wait, CancellationToken cancellationToken)
    {
        var buffer = new byte[512];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        var count = 0;
        try
        {
            while (count < 16)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(count), SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (n == 0) break;
                count += n;
            }
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)) { }
        return buffer[..count];
    }
}
