using System.Net;
using System.Net.Sockets;
using System.Text;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Tests.Infrastructure;

namespace ApiThreat.Engine.Tests.Discovery;

/// <summary>
/// Discovery asks a documented operation that answered a page again with Accept: application/json; that request must
/// carry that type alone: beside the default "*/*", a negotiating server (Node-RED's GET /nodes, Express' res.format)
/// picks the first type it offers, its page. A loopback server echoes the Accept lines it received.
/// </summary>
[Collection(LabCollection.Name)]
public class AcceptNegotiationTests
{
    private readonly LabFixture _lab;

    public AcceptNegotiationTests(LabFixture lab) => _lab = lab;

    [Fact]
    public async Task A_request_that_names_what_it_accepts_sends_that_alone()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var server = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                using var stream = client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n"))
                {
                    var n = await stream.ReadAsync(buffer, stop.Token);
                    if (n == 0) break;
                    head.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }
                var accepts = string.Join("|", head.ToString().Split("\r\n").Where(l => l.StartsWith("Accept:", StringComparison.OrdinalIgnoreCase)).Select(l => l[7..].Trim()));
                var body = Encoding.ASCII.GetBytes(accepts);
                var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(answer, stop.Token);
                await stream.WriteAsync(body, stop.Token);
            }
        });
        using var net = _lab.Network(new[] { "127.0.0.1/32" });
        var uri = new Uri($"http://127.0.0.1:{port}/nodes");
        var plain = await net.Http.SendAsync(new HttpProbeRequest { Uri = uri }, stop.Token);
        var json = await net.Http.SendAsync(new HttpProbeRequest { Uri = uri, Headers = new[] { new KeyValuePair<string, string>("Accept", "application/json") } }, stop.Token);
        await server;
        Assert.Equal("*/*", plain.Text);
        Assert.Equal("application/json", json.Text);
    }
}
