using System.Net;
using System.Net.Sockets;
using System.Text;
using ApiThreat.Engine.Assessment.Api;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Tests.Infrastructure;

namespace ApiThreat.Engine.Tests.Assessment.Api;

/// <summary>
/// A target that stops answering during its assessment (a real one did: SAP CAP 9.9 exits on one malformed
/// percent-escape) keeps the findings gathered before it died; only a dead baseline makes it "did not answer".
/// </summary>
[Collection(LabCollection.Name)]
public class TargetDiesMidScanTests
{
    private readonly LabFixture _lab;

    public TargetDiesMidScanTests(LabFixture lab) => _lab = lab;

    [Fact]
    public async Task Findings_gathered_before_the_target_died_are_kept()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        // Answers three connections with a small JSON API answer, then the process "dies": nothing listens any more.
        var server = Task.Run(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                using var client = await listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var buffer = new byte[8192];
                _ = await stream.ReadAsync(buffer);
                var body = "{\"books\":[{\"ID\":1,\"title\":\"Wuthering Heights\"}]}";
                var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head + body));
            }
            listener.Stop();
        });

        using var net = _lab.Network(new[] { "127.0.0.1" });
        var request = new ApiSecurityRequest { Url = new Uri($"http://127.0.0.1:{port}/odata/v4/catalog/"), Active = false };
        var findings = await ApiSecurityScanner.ScanAsync(net, request, CancellationToken.None);
        await server;

        // Plain HTTP with nothing on https:// is decided from the baseline alone (port 443 of loopback answers nothing).
        Assert.Contains(findings, f => f.RuleId == ExposureRules.PlainHttpOnly.Id);
    }

    [Fact]
    public async Task A_target_dead_from_the_start_did_not_answer()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var net = _lab.Network(new[] { "127.0.0.1" });
        var request = new ApiSecurityRequest { Url = new Uri($"http://127.0.0.1:{port}/"), Active = false };
        await Assert.ThrowsAsync<ApiThreat.Engine.Net.TargetException>(() => ApiSecurityScanner.ScanAsync(net, request, CancellationToken.None));
    }
}
