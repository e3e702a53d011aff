using System.Net;
using System.Net.Sockets;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Transport;
using ApiThreat.Engine.Net.Tls;

namespace ApiThreat.Engine.Tests.Transport;

/// <summary>
/// The enumerator against servers that misbehave after reading a ClientHello: garbage, an endless flight, silence,
/// an immediate close, a ServerHello for a suite never offered. Every case ends in NotTested or NotOffered with a
/// note, never an exception and never a false "Offered".
/// </summary>
public sealed class HostileTlsServerTests
{
    private static async Task<VersionEnumeration> AgainstAsync(Func<NetworkStream, Task> behave, TlsVersion version = TlsVersion.Tls12, int timeoutMs = 1500)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync(stop.Token); } catch (OperationCanceledException) { return; }
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            var stream = client.GetStream();
                            var buffer = new byte[4096];
                            _ = await stream.ReadAsync(buffer, stop.Token); // the ClientHello
                            await behave(stream);
                        }
                        catch (Exception) { } // the client hung up: fine
                    }
                });
            }
        });
        try
        {
            using var network = new NetworkContext(new ScanOptions { Scope = new ScopeGuard(new[] { "127.0.0.0/8" }, null, true), Timeout = TimeSpan.FromMilliseconds(timeoutMs) });
            return await ProtocolEnumerator.EnumerateVersionAsync(network, "127.0.0.1", port, null, version, CancellationToken.None);
        }
        finally
        {
            stop.Cancel();
            listener.Stop();
            await server;
        }
    }

    [Fact]
    public async Task Garbage_is_not_tested_with_a_note()
    {
        var v = await AgainstAsync(s => s.WriteAsync("HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray()).AsTask());
        Assert.Equal("NotTested", v.Status);
        Assert.Contains("malformed", v.Note);
    }

    [Fact]
    public async Task An_immediate_close_is_not_offered()
    {
        var v = await AgainstAsync(_ => Task.CompletedTask);
        Assert.Equal("NotOffered", v.Status);
        Assert.Contains("closed", v.Note);
    }

    [Fact]
    public async Task Silence_is_not_tested()
    {
        var v = await AgainstAsync(s => Task.Delay(5000), timeoutMs: 500);
        Assert.Equal("NotTested", v.Status);
        Assert.Contains("timeout", v.Note);
    }

    [Fact]
    public async Task An_endless_stream_of_records_stops_at_the_cap()
    {
        var v = await AgainstAsync(async s =>
        {
            var record = TlsWire.Record(22, new byte[] { 12, 0, 0x3F, 0xFC }.Concat(new byte[16380]).ToArray());
            for (var i = 0; i < 200; i++) await s.WriteAsync(record);
        });
        Assert.Equal("NotTested", v.Status);
        Assert.Contains("malformed", v.Note);
    }

    [Fact]
    public async Task A_suite_never_offered_is_recorded_not_guessed()
    {
        var v = await AgainstAsync(s => s.WriteAsync(TlsWire.ServerHello(0x0303, 0xABCD)).AsTask());
        Assert.Equal("Offered", v.Status);
        Assert.Empty(v.Suites);
        Assert.Equal(new[] { 0xABCD }, v.UnknownSuites);
        Assert.Contains("not offered", v.Note);
    }

    [Fact]
    public async Task A_lower_version_answer_means_not_offered()
    {
        var v = await AgainstAsync(s => s.WriteAsync(TlsWire.ServerHello(0x0301, 0xC013)).AsTask(), TlsVersion.Tls12);
        Assert.Equal("NotOffered", v.Status);
        Assert.Contains("TLS1.0", v.Note);
    }
}
