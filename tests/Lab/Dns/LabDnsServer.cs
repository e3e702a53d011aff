using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ApiThreat.Lab.Dns;

/// <summary>
/// An authoritative DNS server on loopback speaking the real wire protocol over UDP and TCP, with AXFR for zones
/// that allow it. Every query is counted, so tests can assert what was (not) asked.
/// </summary>
public sealed class LabDnsServer : IAsyncDisposable
{
    private readonly List<LabZone> _zones = new();
    private Dictionary<string, LabZone> _byOrigin = new(StringComparer.Ordinal);
    private readonly Socket _udp;
    private readonly TcpListener _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = new();
    private long _queries;
    private long _transfers;

    public LabDnsServer(IPAddress address, int port = 0)
    {
        // TCP and UDP must share one port number. Bind TCP first (listening), then UDP on that number; with an
        // ephemeral port another process may hold the UDP side, so try again on a fresh port.
        for (var attempt = 0; ; attempt++)
        {
            var tcp = new TcpListener(address, port);
            tcp.Start();
            var chosen = ((IPEndPoint)tcp.LocalEndpoint).Port;
            var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(address, chosen));
            }
            catch (SocketException) when (port == 0 && attempt < 50)
            {
                tcp.Stop();
                udp.Dispose();
                continue;
            }
            udp.ReceiveBufferSize = 8 * 1024 * 1024;
            udp.SendBufferSize = 8 * 1024 * 1024;
            _udp = udp;
            _tcp = tcp;
            EndPoint = (IPEndPoint)udp.LocalEndPoint!;
            break;
        }
    }

    public IPEndPoint EndPoint { get; }
    public long QueryCount => Interlocked.Read(ref _queries);
    /// <summary>Zone transfers served (whole zones sent), for "each worker does not fetch the zone again" assertions.</summary>
    public long TransferCount => Interlocked.Read(ref _transfers);
    /// <summary>Names asked, for "nothing out of scope was queried" assertions (bounded).</summary>
    public ConcurrentQueue<string> RecentQueries { get; } = new();
    /// <summary>When set, every Nth UDP query is dropped (to prove retries recover lost packets).</summary>
    public int DropEveryNthUdp { get; set; }

    public LabDnsServer AddZone(LabZone zone)
    {
        lock (_zones)
        {
            _zones.Add(zone);
            var copy = new Dictionary<string, LabZone>(_byOrigin, StringComparer.Ordinal) { [zone.Origin] = zone };
            Volatile.Write(ref _byOrigin, copy);
        }
        return this;
    }

    public LabZone? ZoneFor(string name)
    {
        // Longest matching origin: walk the name's suffixes (no allocation on the hot path of bulk queries).
        var byOrigin = Volatile.Read(ref _byOrigin);
        var lookup = byOrigin.GetAlternateLookup<ReadOnlySpan<char>>();
        var span = name.AsSpan();
        while (true)
        {
            if (lookup.TryGetValue(span, out var zone)) return zone;
            var dot = span.IndexOf('.');
            if (dot < 0) return lookup.TryGetValue(ReadOnlySpan<char>.Empty, out var root) ? root : null;
            span = span[(dot + 1)..];
        }
    }

    public void Start()
    {
        for (var i = 0; i < Math.Max(2, Environment.ProcessorCount); i++) _loops.Add(Task.Run(UdpLoop));
        _loops.Add(Task.Run(TcpAcceptLoop));
    }

    private async Task UdpLoop()
    {
        var receive = new byte[4096];
        var send = new byte[65535];
        var remote = new SocketAddress(_udp.AddressFamily);
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try { length = await _udp.ReceiveFromAsync(receive, SocketFlags.None, remote, _stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (SocketException) { continue; }
            catch (ObjectDisposedException) { return; }
            var n = Interlocked.Increment(ref _queries);
            if (DropEveryNthUdp > 0 && n % DropEveryNthUdp == 0) continue;
            var size = Answer(receive.AsSpan(0, length), send, udp: true);
            if (size <= 0) continue;
            try { await _udp.SendToAsync(send.AsMemory(0, size), SocketFlags.None, remote, _stop.Token); }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException) { }
        }
    }

    private async Task TcpAcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _tcp.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => ServeTcp(client));
        }
    }

    private async Task ServeTcp(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var lengthBuffer = new byte[2];
        var send = new byte[65535];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                idle.CancelAfter(TimeSpan.FromSeconds(10));
                await stream.ReadExactlyAsync(lengthBuffer, idle.Token);
                var length = BinaryPrimitives.ReadUInt16BigEndian(lengthBuffer);
                var request = new byte[length];
                await stream.ReadExactlyAsync(request, idle.Token);
                Interlocked.Increment(ref _queries);
                if (DnsWire.TryParseQuery(request, out var q) && q.Type == RecordType.AXFR)
                {
                    await TransferAsync(stream, request, q, send);
                    continue;
                }
                var size = Answer(request, send, udp: false);
                if (size <= 0) return;
                await WriteFramedAsync(stream, send.AsMemory(0, size));
            }
        }
        catch (Exception) { }
    }

    private async Task TransferAsync(NetworkStream stream, byte[] request, DnsQuery q, byte[] send)
    {
        var zone = ZoneFor(q.Name);
        if (zone is null || zone.Origin != q.Name || !zone.AllowTransfer)
        {
            var size = DnsWire.WriteResponse(send, request, q, rcode: 5, authoritative: zone is not null, Array.Empty<LabRecord>(), Array.Empty<LabRecord>(), 65535);
            await WriteFramedAsync(stream, send.AsMemory(0, size));
            return;
        }
        var records = zone.Transfer();
        Interlocked.Increment(ref _transfers);
        for (var i = 0; i < records.Count; i += 200)
        {
            var chunk = records.GetRange(i, Math.Min(200, records.Count - i));
            var size = DnsWire.WriteResponse(send, request, q, 0, true, chunk, Array.Empty<LabRecord>(), 65535, includeQuestion: i == 0);
            await WriteFramedAsync(stream, send.AsMemory(0, size));
        }
    }

    private static async Task WriteFramedAsync(NetworkStream stream, ReadOnlyMemory<byte> message)
    {
        var framed = ArrayPool<byte>.Shared.Rent(message.Length + 2);
        try
        {
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
            message.CopyTo(framed.AsMemory(2));
            await stream.WriteAsync(framed.AsMemory(0, message.Length + 2));
        }
        finally { ArrayPool<byte>.Shared.Return(framed); }
    }

    private int Answer(ReadOnlySpan<byte> request, Span<byte> response, bool udp)
    {
        if (!DnsWire.TryParseQuery(request, out var q)) return 0;
        if (RecentQueries.Count < 100_000) RecentQueries.Enqueue(q.Name);
        var zone = ZoneFor(q.Name);
        var max = udp && zone?.IgnoresUdpLimit(q.Name) != true ? (q.HasEdns ? Math.Min((int)q.UdpSize, 1232) : 512) : 65535;
        if (zone is null)
            return DnsWire.WriteResponse(response, request, q, rcode: 5, authoritative: false, Array.Empty<LabRecord>(), Array.Empty<LabRecord>(), max);
        if (q.Type == RecordType.AXFR) // AXFR over UDP is not a thing
            return DnsWire.WriteResponse(response, request, q, rcode: 4, authoritative: true, Array.Empty<LabRecord>(), Array.Empty<LabRecord>(), max);
        var (rcode, answers, authority) = zone.Lookup(q.Name, q.Type);
        return DnsWire.WriteResponse(response, request, q, rcode, authoritative: true, answers, authority, max);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _udp.Dispose();
        _tcp.Stop();
        try { await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(2)); } catch { }
    }
}
