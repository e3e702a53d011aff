using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ApiThreat.Engine.Tests.Export;

/// <summary>A self-signed certificate for localhost / 127.0.0.1, the trust anchor of the TLS receivers.</summary>
internal static class TestCertificate
{
    public static readonly Lazy<X509Certificate2> Localhost = new(() =>
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    });

    public static X509Certificate2Collection Anchors => new() { X509CertificateLoader.LoadCertificate(Localhost.Value.RawData) };
}

/// <summary>A syslog receiver on loopback: UDP datagrams, and TCP or TLS with RFC 6587 octet-counting frames.</summary>
internal sealed class SyslogReceiver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly UdpClient? _udp;
    private readonly TcpListener? _tcp;
    private readonly bool _tls;
    public BlockingCollection<string> Messages { get; } = new();
    public int Connections;

    private SyslogReceiver(UdpClient? udp, TcpListener? tcp, bool tls)
    {
        _udp = udp; _tcp = tcp; _tls = tls;
        if (udp is not null) _ = UdpLoop();
        if (tcp is not null) _ = AcceptLoop();
    }

    public int Port => _udp is not null ? ((IPEndPoint)_udp.Client.LocalEndPoint!).Port : ((IPEndPoint)_tcp!.LocalEndpoint).Port;

    public static SyslogReceiver Udp() => new(new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)), null, false);

    public static SyslogReceiver Tcp(bool tls = false)
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return new SyslogReceiver(null, l, tls);
    }

    public List<string> Take(int count, int timeoutMs = 10000)
    {
        var list = new List<string>();
        while (list.Count < count && Messages.TryTake(out var m, timeoutMs)) list.Add(m);
        return list;
    }

    private async Task UdpLoop()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var r = await _udp!.ReceiveAsync(_stop.Token);
                Messages.Add(Encoding.UTF8.GetString(r.Buffer));
            }
        }
        catch (Exception) { }
    }

    private async Task AcceptLoop()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _tcp!.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref Connections);
                _ = Serve(client);
            }
        }
        catch (Exception) { }
    }

    private async Task Serve(TcpClient client)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        try
        {
            if (_tls)
            {
                var ssl = new SslStream(stream);
                await ssl.AuthenticateAsServerAsync(TestCertificate.Localhost.Value);
                stream = ssl;
            }
            // Octet counting: digits, a space, then exactly that many bytes.
            while (true)
            {
                var len = 0;
                int b;
                while ((b = await ReadByte(stream)) is >= '0' and <= '9') len = len * 10 + (b - '0');
                if (b != ' ') return;
                var buffer = new byte[len];
                await stream.ReadExactlyAsync(buffer, _stop.Token);
                Messages.Add(Encoding.UTF8.GetString(buffer));
            }
        }
        catch (Exception) { }
    }

    private async Task<int> ReadByte(Stream s)
    {
        var one = new byte[1];
        return await s.ReadAsync(one, _stop.Token) == 0 ? -1 : one[0];
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _udp?.Dispose();
        _tcp?.Stop();
        await Task.CompletedTask;
    }
}

/// <summary>
/// A Splunk HEC look-alike on loopback (HTTP/1.1 or HTTPS): checks "Authorization: Splunk &lt;token&gt;", answers
/// {"text":"Success","code":0}, records each request; can be told to fail the first N requests with a status.
/// </summary>
internal sealed class HecReceiver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TcpListener _listener;
    private readonly bool _tls;
    private int _failuresLeft;
    public string Token { get; }
    public int FailStatus { get; set; } = 503;
    public ConcurrentQueue<(string Path, string Authorization, string Body)> Requests { get; } = new();

    public HecReceiver(string token, bool tls = false, int failFirst = 0)
    {
        Token = token;
        _tls = tls;
        _failuresLeft = failFirst;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _ = AcceptLoop();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public Uri Uri => new($"{(_tls ? "https" : "http")}://{(_tls ? "localhost" : "127.0.0.1")}:{Port}/services/collector/event");

    private async Task AcceptLoop()
    {
        try
        {
            while (true)
            {
                var c = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Serve(c);
            }
        }
        catch (Exception) { }
    }

    private async Task Serve(TcpClient client)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        try
        {
            if (_tls)
            {
                var ssl = new SslStream(stream);
                await ssl.AuthenticateAsServerAsync(TestCertificate.Localhost.Value);
                stream = ssl;
            }
            while (true)
            {
                var head = await ReadHead(stream);
                if (head is null) return;
                var lines = head.Split("\r\n");
                var path = lines[0].Split(' ')[1];
                var headers = lines.Skip(1).Where(l => l.Contains(':')).ToDictionary(l => l[..l.IndexOf(':')].Trim(), l => l[(l.IndexOf(':') + 1)..].Trim(), StringComparer.OrdinalIgnoreCase);
                var length = int.Parse(headers.GetValueOrDefault("Content-Length", "0"));
                var body = new byte[length];
                await stream.ReadExactlyAsync(body, _stop.Token);
                var auth = headers.GetValueOrDefault("Authorization", "");
                Requests.Enqueue((path, auth, Encoding.UTF8.GetString(body)));
                var (status, text) = auth != "Splunk " + Token ? (401, "{\"text\":\"Invalid token\",\"code\":4}")
                    : Interlocked.Decrement(ref _failuresLeft) >= 0 ? (FailStatus, "{\"text\":\"Server is busy\",\"code\":9}")
                    : (200, "{\"text\":\"Success\",\"code\":0}");
                var response = $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(text)}\r\n\r\n{text}";
                await stream.WriteAsync(Encoding.UTF8.GetBytes(response), _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
        }
        catch (Exception) { }
    }

    private async Task<string?> ReadHead(Stream s)
    {
        var sb = new StringBuilder();
        var one = new byte[1];
        while (!sb.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await s.ReadAsync(one, _stop.Token) == 0) return null;
            sb.Append((char)one[0]);
            if (sb.Length > 65536) return null;
        }
        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await Task.CompletedTask;
    }
}
