using System.Net;
using System.Net.Sockets;
using System.Text;
using ApiThreat.Engine.Assessment.Api;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Tests.Infrastructure;

namespace ApiThreat.Engine.Tests.Assessment.Api;

/// <summary>
/// A target that stops answering during its assessment (a real one did: SAP CAP 9.9 exits on one malformed
/// percent-escape) keeps the findings gathered before it died, and is reported as stopped (ATR-API-023) when its port
/// then refuses connections; only a dead baseline makes it "did not answer".
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
        var stopped = Assert.Single(findings, f => f.RuleId == ApiRules.ServiceStopped.Id);
        Assert.Matches($@"got no answer \(.*\), and from then on 127\.0\.0\.1:{port} refused connections", stopped.Evidence);
    }

    [Fact]
    public async Task A_request_that_crashes_the_target_is_named()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        // Answers every request until one with a percent-escape in its path: that one closes without an answer, and
        // nothing listens any more (CAP's logger throws on decodeURI and the process exits).
        var server = Task.Run(() => ServeUntilEscapeAsync(listener, recover: false));

        using var net = _lab.Network(new[] { "127.0.0.1" });
        var request = new ApiSecurityRequest { Url = new Uri($"http://127.0.0.1:{port}/odata/v4/catalog/"), Active = false };
        var findings = await ApiSecurityScanner.ScanAsync(net, request, CancellationToken.None);
        var crashedOn = await server;

        var stopped = Assert.Single(findings, f => f.RuleId == ApiRules.ServiceStopped.Id);
        Assert.Equal(Severity.Medium, stopped.Severity);
        Assert.StartsWith($"GET {crashedOn} got no answer", stopped.Evidence[(stopped.Evidence.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
        Assert.Contains("The last request it answered: GET /", stopped.Evidence);
        Assert.Contains(findings, f => f.RuleId == ExposureRules.PlainHttpOnly.Id);
    }

    [Fact]
    public async Task A_target_that_drops_one_request_and_keeps_listening_is_not_stopped()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var server = Task.Run(() => ServeUntilEscapeAsync(listener, recover: true, stop.Token));

        using var net = _lab.Network(new[] { "127.0.0.1" });
        var request = new ApiSecurityRequest { Url = new Uri($"http://127.0.0.1:{port}/odata/v4/catalog/"), Active = false };
        var findings = await ApiSecurityScanner.ScanAsync(net, request, CancellationToken.None);
        stop.Cancel();
        listener.Stop();
        await server;

        Assert.DoesNotContain(findings, f => f.RuleId == ApiRules.ServiceStopped.Id);
    }

    /// <summary>
    /// A small JSON API on HTTP/1.1 (one request a connection) that drops the first request whose path holds a
    /// percent-escape without answering; then stops listening, or with <paramref name="recover"/> goes on serving.
    /// Returns the path of the dropped request.
    /// </summary>
    private static async Task<string?> ServeUntilEscapeAsync(TcpListener listener, bool recover, CancellationToken ct = default)
    {
        string? dropped = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(ct);
                var stream = client.GetStream();
                var buffer = new byte[8192];
                var read = await stream.ReadAsync(buffer, ct);
                var line = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
                var path = line.Split(' ').ElementAtOrDefault(1) ?? "";
                if (dropped is null && path.Contains('%'))
                {
                    dropped = path.Split('?')[0];
                    client.Client.LingerState = new LingerOption(true, 0); // a reset, as a process that exits leaves
                    if (!recover) { listener.Stop(); return dropped; }
                    continue;
                }
                var body = "{\"books\":[{\"ID\":1,\"title\":\"Wuthering Heights\"}]}";
                var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head + body), ct);
            }
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
        catch (SocketException) { }
        return dropped;
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
