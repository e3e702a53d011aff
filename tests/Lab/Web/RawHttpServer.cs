using System.Net;
using System.Net.Sockets;
using System.Text;
using ApiThreat.Lab.Scenarios;

namespace ApiThreat.Lab.Web;

/// <summary>
/// A deliberately broken HTTP/1.1 server for the hostile wing: it reads the request head, picks the scenario by Host,
/// and lets the scenario write raw bytes (slow headers, a megabyte header line, NUL bytes, 100,000 headers...), which
/// Kestrel would never emit. A second listener accepts TCP and then says nothing (a TLS handshake that stalls).
/// </summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    private readonly Dictionary<string, LabScenario> _byHost;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _held = new();

    public RawHttpServer(IEnumerable<LabScenario> scenarios)
    {
        _byHost = scenarios.Where(s => s.RawHandler is not null).ToDictionary(s => s.Host!, StringComparer.OrdinalIgnoreCase);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    /// <summary>Accepts connections and never writes a byte: a TLS (or HTTP) server that stalls.</summary>
    public int SilentPort => ((IPEndPoint)_silent.LocalEndpoint).Port;

    public void Start()
    {
        _listener.Start();
        _silent.Start();
        _ = Task.Run(AcceptLoop);
        _ = Task.Run(SilentLoop);
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); } catch { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task SilentLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _silent.AcceptTcpClientAsync(_stop.Token);
                lock (_held) _held.Add(client);
                _ = Task.Delay(TimeSpan.FromMinutes(2), _stop.Token).ContinueWith(_ => { lock (_held) _held.Remove(client); client.Dispose(); });
            }
            catch { return; }
        }
    }

    private async Task Serve(TcpClient client)
    {
        using var _ = client;
        client.NoDelay = true;
        var stream = client.GetStream();
        try
        {
            var head = await ReadHeadAsync(stream, _stop.Token);
            var host = HostOf(head);
            if (host is null || !_byHost.TryGetValue(host, out var scenario))
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 421 Misdirected\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
                return;
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            await scenario.RawHandler!(stream, timeout.Token);
        }
        catch (Exception) { } // the client hung up: that is what clients facing these servers should do
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(total), ct);
            if (n == 0) break;
            total += n;
            if (Encoding.ASCII.GetString(buffer, 0, total).Contains("\r\n\r\n")) break;
        }
        return Encoding.ASCII.GetString(buffer, 0, total);
    }

    private static string? HostOf(string head)
    {
        foreach (var line in head.Split("\r\n"))
            if (line.StartsWith("Host:", StringComparison.OrdinalIgnoreCase))
                return line[5..].Trim().Split(':')[0];
        return null;
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        _silent.Stop();
        lock (_held) foreach (var c in _held) c.Dispose();
        return ValueTask.CompletedTask;
    }
}
