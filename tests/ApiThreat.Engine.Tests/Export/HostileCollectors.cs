using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ApiThreat.Engine.Tests.Export;

/// <summary>How a hostile syslog collector treats a connection.</summary>
public enum CollectorBehaviour
{
    /// <summary>Accepts, then resets the connection (RST) without reading.</summary>
    Reset,
    /// <summary>Accepts and never reads nor closes (the kernel still ACKs what fits in its buffers).</summary>
    NeverRead,
    /// <summary>Reads everything but answers with an endless stream of bytes instead of closing.</summary>
    Flood,
}

/// <summary>A TCP syslog collector on loopback that misbehaves as told; counts connections and bytes read.</summary>
internal sealed class HostileCollector : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly CollectorBehaviour _behaviour;
    private readonly List<TcpClient> _held = new();
    public int Connections;

    public HostileCollector(CollectorBehaviour behaviour)
    {
        _behaviour = behaviour;
        _listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptLoop()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref Connections);
                switch (_behaviour)
                {
                    case CollectorBehaviour.Reset:
                        await Task.Delay(50);
                        client.Client.Close(0); // abortive: RST
                        break;
                    case CollectorBehaviour.NeverRead:
                        lock (_held) _held.Add(client);
                        break;
                    case CollectorBehaviour.Flood:
                        _ = Task.Run(() => Flood(client));
                        break;
                }
            }
        }
        catch (Exception) { }
    }

    private async Task Flood(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var junk = Encoding.ASCII.GetBytes(new string('x', 16 * 1024));
        var reader = Task.Run(async () => { var b = new byte[65536]; try { while (await stream.ReadAsync(b, _stop.Token) > 0) { } } catch { } });
        try { while (!_stop.IsCancellationRequested) await stream.WriteAsync(junk, _stop.Token); } catch { }
        await reader;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held) foreach (var c in _held) c.Dispose();
        await Task.CompletedTask;
    }
}

/// <summary>An HTTP "collector" that answers every POST with 200 and a body of <see cref="BodyBytes"/> (1 GB by default), or never answers.</summary>
internal sealed class HostileHec : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _stall;
    public long BodyBytes { get; init; } = 1L << 30;
    public long BytesWritten;
    public int Requests;

    public HostileHec(bool stall = false)
    {
        _stall = stall;
        _listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    public Uri Uri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/services/collector/event");

    private async Task AcceptLoop()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(() => Serve(client));
            }
        }
        catch (Exception) { }
    }

    private async Task Serve(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        try
        {
            var buffer = new byte[65536];
            var head = new StringBuilder();
            while (!head.ToString().Contains("\r\n\r\n"))
            {
                var n = await stream.ReadAsync(buffer, _stop.Token);
                if (n == 0) return;
                head.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
            Interlocked.Increment(ref Requests);
            if (_stall) { await Task.Delay(Timeout.Infinite, _stop.Token); return; }
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {BodyBytes}\r\n\r\n"), _stop.Token);
            var chunk = Encoding.ASCII.GetBytes("{\"text\":\"Success\",\"code\":0}" + new string(' ', 65536 - 27));
            for (long sent = 0; sent < BodyBytes; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, BodyBytes - sent)), _stop.Token);
                Interlocked.Add(ref BytesWritten, chunk.Length);
            }
        }
        catch (Exception) { }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await Task.CompletedTask;
    }
}
