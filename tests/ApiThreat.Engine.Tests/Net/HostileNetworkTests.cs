using System.Diagnostics;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Tests.Infrastructure;
using DnsClient;

namespace ApiThreat.Engine.Tests.Net;

/// <summary>The network layer against the Lab's hostile wing: every target ends in time, capped, or with a clear error.</summary>
[Collection(LabCollection.Name)]
public class HostileNetworkTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private readonly LabFixture _lab;

    public HostileNetworkTests(LabFixture lab) => _lab = lab;

    private Uri Raw(string scenario) => new($"http://{_lab.Host(scenario)}:{_lab.Lab.Context.RawHttpPort}/");

    private async Task<(HttpProbeResult? Result, TargetException? Error, TimeSpan Elapsed)> Fetch(Uri uri, long? cap = null)
    {
        using var net = new NetworkContext(_lab.Options(scope: new[] { _lab.Lab.Zone }, timeout: Timeout));
        var sw = Stopwatch.StartNew();
        try
        {
            var r = await net.Http.SendAsync(new HttpProbeRequest { Uri = uri, MaxBodyBytes = cap }, default);
            return (r, null, sw.Elapsed);
        }
        catch (TargetException ex) { return (null, ex, sw.Elapsed); }
    }

    [Theory]
    [InlineData("hostile-endless-body")]
    [InlineData("hostile-gzip-bomb")]
    [InlineData("hostile-brotli-bomb")]
    public async Task Endless_and_bomb_bodies_are_capped(string scenario)
    {
        var (r, error, elapsed) = await Fetch(_lab.HttpUri(scenario), cap: 1024 * 1024);
        Assert.Null(error);
        Assert.True(r!.BodyTruncated);
        Assert.Equal(1024 * 1024, r.Body.Length);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
    }

    [Fact]
    public async Task A_declared_10_GB_body_is_capped()
    {
        var (r, error, _) = await Fetch(Raw("hostile-huge-length"), cap: 256 * 1024);
        Assert.Null(error);
        Assert.True(r!.BodyTruncated);
        Assert.Equal(256 * 1024, r.Body.Length);
    }

    [Theory]
    [InlineData("hostile-slow-headers", "HttpTimeout")]
    [InlineData("hostile-slow-body", "HttpTimeout")]
    public async Task Slow_servers_end_at_the_deadline(string scenario, string errorId)
    {
        var (_, error, elapsed) = await Fetch(Raw(scenario));
        Assert.NotNull(error);
        Assert.Equal(errorId, error!.ErrorId);
        Assert.True(elapsed < Timeout + TimeSpan.FromSeconds(2), $"took {elapsed}");
    }

    [Theory]
    [InlineData("hostile-many-headers")]
    [InlineData("hostile-huge-header")]
    [InlineData("hostile-garbage")]
    public async Task Malformed_or_oversized_heads_give_a_clear_error(string scenario)
    {
        var (_, error, elapsed) = await Fetch(Raw(scenario));
        Assert.NotNull(error);
        Assert.Equal("HttpRequestFailed", error!.ErrorId);
        Assert.Equal(TargetErrorKind.ConnectionError, error.Kind);
        Assert.True(elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_redirect_chain_stops_at_the_hop_cap()
    {
        var (r, error, _) = await Fetch(_lab.HttpUri("hostile-redirect-chain"));
        Assert.Null(error);
        Assert.Equal(5, r!.Redirects.Count);
        Assert.Contains("more than 5 redirects", r.RedirectStopped);
    }

    [Fact]
    public async Task A_stalled_tls_handshake_times_out()
    {
        using var net = new NetworkContext(_lab.Options(timeout: TimeSpan.FromSeconds(1)));
        var sw = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<TargetException>(() => net.Tls.HandshakeAsync(_lab.Host("plain"), _lab.Lab.Context.SilentPort, null, default));
        Assert.Equal("TlsHandshakeTimeout", ex.ErrorId);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Invalid_utf8_and_nul_bytes_decode_without_failing()
    {
        var (r, error, _) = await Fetch(_lab.HttpUri("hostile-invalid-utf8"));
        Assert.Null(error);
        var title = ApiThreat.Engine.Discovery.WebProbe.ExtractTitle(r!);
        Assert.NotNull(title);
        Assert.DoesNotContain('\0', title);
        Assert.DoesNotContain('\u001b', title);
    }

    [Fact]
    public async Task Ansi_escapes_in_banners_and_titles_are_stripped()
    {
        var (r, error, _) = await Fetch(Raw("hostile-ansi-banner"));
        Assert.Null(error);
        var probe = ApiThreat.Engine.Discovery.WebProbe.Summarise(r!.RequestedUri, r);
        Assert.DoesNotContain('\u001b', probe.Server);
        Assert.DoesNotContain('\u0007', probe.Server);
        Assert.DoesNotContain('\u001b', probe.Title);
        Assert.Contains("EVIL", probe.Title);
    }

    [Fact]
    public async Task Hostile_targets_do_not_affect_the_others()
    {
        var targets = new[] { Raw("hostile-slow-headers"), _lab.HttpUri("hostile-endless-body"), Raw("hostile-garbage"), _lab.HttpUri("plain"), _lab.HttpsUri("titled") };
        var results = await Task.WhenAll(targets.Select(t => Fetch(t, cap: 512 * 1024)));
        Assert.Equal(200, results[3].Result!.StatusCode);
        Assert.Equal(200, results[4].Result!.StatusCode);
    }

    [Fact]
    public async Task Cname_loops_end_with_an_error()
    {
        var resolver = new DnsResolver(new[] { _lab.Lab.DnsEndPoint });
        var r = await resolver.ResolveHostAsync(_lab.Host("hostile-cname-loop"));
        Assert.Empty(r.Addresses);
        Assert.NotEqual(DnsStatus.NoError, r.Status);
    }

    [Fact]
    public async Task Malformed_records_do_not_crash_the_resolver()
    {
        var resolver = new DnsResolver(new[] { _lab.Lab.DnsEndPoint }, retries: 0);
        var r = await resolver.ResolveHostAsync(_lab.Host("hostile-bogus-a"));
        Assert.Empty(r.Addresses);
    }

    [Fact]
    public async Task Oversized_txt_arrives_over_tcp()
    {
        var resolver = new DnsResolver(new[] { _lab.Lab.DnsEndPoint });
        var r = await resolver.QueryAsync("hostile-oversized-txt." + _lab.Lab.Zone, QueryType.TXT);
        Assert.Equal(DnsStatus.NoError, r.Status);
    }

    [Fact]
    public async Task Answers_from_the_wrong_source_port_are_not_accepted()
    {
        // A "resolver" that answers every query from a different socket (spoofing-style): the answer must be ignored.
        using var listen = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        using var other = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                System.Net.Sockets.UdpReceiveResult q;
                try { q = await listen.ReceiveAsync(stop.Token); } catch { return; }
                var response = (byte[])q.Buffer.Clone();
                response[2] |= 0x80; // QR
                response[7] = 1; // ANCOUNT = 1
                var answer = new byte[] { 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 6, 6, 6, 6 };
                await other.SendAsync(response.Concat(answer).ToArray(), q.RemoteEndPoint, stop.Token);
            }
        });
        var resolver = new DnsResolver(new[] { (System.Net.IPEndPoint)listen.Client.LocalEndPoint! }, TimeSpan.FromMilliseconds(300), retries: 0, useCache: false);
        var r = await resolver.QueryAsync("spoof.test", QueryType.A);
        stop.Cancel();
        Assert.Equal(DnsStatus.Timeout, r.Status);
    }
}

[Collection(LabCollection.Name)]
public class ResolverFailureTests
{
    private readonly LabFixture _lab;

    public ResolverFailureTests(LabFixture lab) => _lab = lab;

    [Fact]
    public async Task A_resolver_that_dies_mid_scan_gives_per_target_errors_not_a_hang()
    {
        var server = new ApiThreat.Lab.Dns.LabDnsServer(System.Net.IPAddress.Loopback);
        var zone = new ApiThreat.Lab.Dns.LabZone("dying.test");
        for (var i = 0; i < 200; i++) zone.Add(ApiThreat.Lab.Dns.LabRecord.A($"h{i}.dying.test", "127.0.0.1"));
        server.AddZone(zone);
        server.Start();
        var resolver = new DnsResolver(new[] { server.EndPoint }, TimeSpan.FromMilliseconds(200), retries: 1, useCache: false);
        var sw = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, 200).Select(async i =>
        {
            await Task.Delay(i * 2);
            return await resolver.ResolveHostAsync($"h{i}.dying.test");
        }).ToArray();
        await Task.Delay(150);
        await server.DisposeAsync(); // the resolver dies mid-scan
        var results = await Task.WhenAll(tasks);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}");
        Assert.Contains(results, r => r.Addresses.Count == 1); // answered before it died
        Assert.Contains(results, r => r.Status == DnsStatus.Timeout); // asked after it died
        Assert.All(results, r => Assert.True(r.Addresses.Count == 1 || r.Status is DnsStatus.Timeout or DnsStatus.Error));
    }
}
