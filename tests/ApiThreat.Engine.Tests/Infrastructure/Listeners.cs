using System.Net;
using System.Net.Sockets;

namespace ApiThreat.Engine.Tests.Infrastructure;

/// <summary>A TCP listener on loopback that accepts and counts connections: the proof that nothing connected.</summary>
internal sealed class CountingListener : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private int _accepted;

    public CountingListener(IPAddress? address = null)
    {
        _listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        _listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptLoop()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                client.Dispose();
            }
        }
        catch (Exception) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}

/// <summary>
/// Loopback addresses that drop SYNs on one port, standing for unreachable hosts without a packet leaving the machine:
/// each address gets a listener whose accept queue is full (backlog 0 plus one connection never accepted), and Linux
/// drops SYNs to a full queue, so connects there time out as they would towards a black hole.
/// </summary>
internal sealed class Blackhole : IDisposable
{
    private readonly List<Socket> _sockets = new();

    private Blackhole(int port) => Port = port;

    public int Port { get; }

    public static Blackhole Create(IEnumerable<IPAddress> addresses)
    {
        var list = addresses.ToArray();
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort(list[0]);
            var hole = new Blackhole(port);
            try
            {
                foreach (var address in list)
                {
                    var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    hole._sockets.Add(listener);
                    listener.Bind(new IPEndPoint(address, port));
                    listener.Listen(0);
                    var filler = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    hole._sockets.Add(filler);
                    filler.Connect(new IPEndPoint(address, port));
                }
                return hole;
            }
            catch (SocketException) when (attempt < 20)
            {
                hole.Dispose();
            }
        }
    }

    private static int FreePort(IPAddress address)
    {
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        foreach (var s in _sockets) s.Dispose();
        _sockets.Clear();
    }
}
