using System.Net;
using System.Net.Sockets;
using System.Text;
using ApiThreat.Engine.Discovery.Ports;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Tests.Infrastructure;

namespace ApiThreat.Engine.Tests.Discovery.Ports;

/// <summary>-Port parsing, the connect scanner and service recognition on loopback listeners started here (no Lab needed).</summary>
public sealed class PortScanTests
{
    private static readonly int[] s_ranked = { 80, 23, 443, 21, 22, 25, 3389, 110, 445, 139 };

    private static PortSpec Parse(params string[] values) => PortSpec.Parse(values, () => s_ranked);

    [Fact]
    public void Port_specs_keep_rank_order_drop_repeats_and_tell_a_scan_from_a_list()
    {
        var top = Parse("Top3", "8080", "443");
        Assert.Equal(new[] { 80, 23, 443, 8080 }, top.Ports);
        Assert.True(top.IsScan);
        var range = Parse("8000-8002,8001");
        Assert.Equal(new[] { 8000, 8001, 8002 }, range.Ports);
        Assert.True(range.IsScan);
        var list = Parse("443", "8443");
        Assert.Equal(new[] { 443, 8443 }, list.Ports);
        Assert.False(list.IsScan);
        Assert.False(Parse("8080-8080").IsScan);
        Assert.Equal(65535, Parse("1-65535").Ports.Count);
    }

    [Theory]
    [InlineData("Top11", "Top1 to Top10")]
    [InlineData("90-80", "not a range")]
    [InlineData("0", "not a port")]
    [InlineData("65536", "not a port")]
    [InlineData("https", "not a port")]
    [InlineData("1-70000", "not a range")]
    public void A_port_spec_it_cannot_read_names_itself(string value, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => Parse(value));
        Assert.Contains(value, ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void The_bundled_ranked_list_holds_a_thousand_distinct_ports_most_frequent_first()
    {
        var ports = PortSpec.LoadRanked(RepoPaths.Data(Path.Combine("ports", "tcp-top-ports.txt")));
        Assert.Equal(1000, ports.Count);
        Assert.Equal(1000, ports.Distinct().Count());
        Assert.Equal(new[] { 80, 23, 443, 21, 22 }, ports.Take(5));
    }

    [Fact]
    public void Http_and_tls_are_told_apart_from_other_first_bytes()
    {
        Assert.Equal(ServiceKind.Http, ServiceRecognizer.Classify(1, "HTTP/1.1 400 Bad Request\r\n"u8)?.Kind);
        Assert.Equal(ServiceKind.Tls, ServiceRecognizer.Classify(1, new byte[] { 0x16, 0x03, 0x03, 0x00, 0x5a })?.Kind);
        Assert.Equal(ServiceKind.Tls, ServiceRecognizer.Classify(1, new byte[] { 0x15, 0x03, 0x01, 0x00, 0x02 })?.Kind);
        Assert.Null(ServiceRecognizer.Classify(1, "SSH-2.0-OpenSSH_9.2p1\r\n"u8));
        Assert.Null(ServiceRecognizer.Classify(1, new byte[] { 0x16, 0x07, 0x03 }));
    }

    [Fact]
    public async Task The_scan_finds_open_and_closed_ports_and_recognises_what_they_speak()
    {
        using var banner = Listen(async socket => await socket.SendAsync(Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.2p1 Debian\r\n"), SocketFlags.None));
        using var http = Listen(async socket =>
        {
            var buffer = new byte[1024];
            await socket.ReceiveAsync(buffer, SocketFlags.None);
            await socket.SendAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), SocketFlags.None);
        });
        var closed = FreePort();
        using var network = new NetworkContext(new ScanOptions { Scope = new ScopeGuard(new[] { "127.0.0.1" }, allowPrivateAddress: true), Timeout = TimeSpan.FromSeconds(5) });
        using var scanner = new ConnectScanner(network);
        var result = await scanner.ScanAsync("127.0.0.1", new[] { banner.Port, http.Port, closed }, CancellationToken.None);
        Assert.Equal(new[] { banner.Port, http.Port }.Order(), result.Open);
        Assert.Equal(1, result.Closed);
        Assert.Equal(0, result.Filtered);
        var ssh = await ServiceRecognizer.RecognizeAsync(IPAddress.Loopback, "127.0.0.1", banner.Port, TimeSpan.FromSeconds(3), CancellationToken.None);
        Assert.Equal(ServiceKind.Other, ssh.Kind);
        Assert.StartsWith("SSH-2.0-OpenSSH_9.2p1", ssh.Banner);
        var web = await ServiceRecognizer.RecognizeAsync(IPAddress.Loopback, "127.0.0.1", http.Port, TimeSpan.FromSeconds(3), CancellationToken.None);
        Assert.Equal(ServiceKind.Http, web.Kind);
    }

    [Fact]
    public async Task A_host_outside_the_scope_is_sent_nothing()
    {
        using var open = Listen(_ => Task.CompletedTask);
        // The target itself (as a cmdlet adds it), but a loopback address without -AllowPrivateAddress.
        var scope = new ScopeGuard();
        scope.AddImplicitHost("127.0.0.1");
        using var network = new NetworkContext(new ScanOptions { Scope = scope, Timeout = TimeSpan.FromSeconds(5) });
        using var scanner = new ConnectScanner(network);
        await Assert.ThrowsAsync<OutOfScopeException>(() => scanner.ScanAsync("127.0.0.1", new[] { open.Port }, CancellationToken.None));
        Assert.Equal(0, open.Accepted);
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static Server Listen(Func<Socket, Task> serve) => new(serve);

    /// <summary>A loopback listener that runs <c>serve</c> on each connection and counts them.</summary>
    private sealed class Server : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private int _accepted;

        public Server(Func<Socket, Task> serve)
        {
            _listener.Start(64);
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    Socket socket;
                    try { socket = await _listener.AcceptSocketAsync(_stop.Token); }
                    catch (Exception) { return; }
                    Interlocked.Increment(ref _accepted);
                    _ = Task.Run(async () =>
                    {
                        using (socket)
                        {
                            try { await serve(socket); await Task.Delay(500, _stop.Token); }
                            catch (Exception) { }
                        }
                    });
                }
            });
        }

        public int Port { get; }
        public int Accepted => Volatile.Read(ref _accepted);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
