using System.Net;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Tests.Infrastructure;
using DnsClient;
using DnsClient.Protocol;
using ApiThreat.Engine.Net.Tls;

namespace ApiThreat.Engine.Tests.Net;

[Collection(LabCollection.Name)]
public class NetworkLayerTests
{
    private readonly LabFixture _lab;

    public NetworkLayerTests(LabFixture lab) => _lab = lab;

    [Fact]
    public async Task Nxdomain_and_nodata_stay_distinct()
    {
        var resolver = new DnsResolver(new[] { _lab.Lab.DnsEndPoint });
        var missing = await resolver.QueryAsync("no-such-name." + _lab.Lab.Zone, QueryType.A);
        var noData = await resolver.QueryAsync(_lab.Host("plain"), QueryType.MX);
        var found = await resolver.QueryAsync(_lab.Host("plain"), QueryType.A);
        Assert.Equal(DnsStatus.NxDomain, missing.Status);
        Assert.Equal(DnsStatus.NoData, noData.Status);
        Assert.Equal(DnsStatus.NoError, found.Status);
        Assert.Equal(IPAddress.Loopback, found.Answers.OfType<ARecord>().Single().Address);
    }

    [Fact]
    public async Task Cname_chains_are_followed_across_zones()
    {
        var resolver = new DnsResolver(new[] { _lab.Lab.DnsEndPoint });
        var r = await resolver.ResolveHostAsync(_lab.Host("cname-to-loopback"));
        Assert.Equal(DnsStatus.NoError, r.Status);
        Assert.Equal(new[] { "loopback." + LabHostZones.Outside }, r.CnameChain);
        Assert.Contains(IPAddress.Loopback, r.Addresses);
    }

    [Fact]
    public async Task Truncated_udp_answers_fall_back_to_tcp()
    {
        var resolver = new DnsResolver(new[] { _lab.Lab.DnsEndPoint });
        var answer = await resolver.QueryAsync("big-txt." + _lab.Lab.Zone, QueryType.TXT);
        Assert.Equal(DnsStatus.NoError, answer.Status);
        var text = string.Concat(answer.Answers.OfType<TxtRecord>().SelectMany(t => t.Text));
        Assert.True(text.Length > 3000, $"expected the whole 4 KB TXT over TCP, got {text.Length} chars");
    }

    [Fact]
    public async Task Dropped_udp_packets_are_recovered_by_retries()
    {
        var server = new ApiThreat.Lab.Dns.LabDnsServer(IPAddress.Loopback) { DropEveryNthUdp = 2 };
        server.AddZone(new ApiThreat.Lab.Dns.LabZone("drops.test").Add(ApiThreat.Lab.Dns.LabRecord.A("x.drops.test", "192.0.2.1")));
        server.Start();
        await using var _ = server;
        var resolver = new DnsResolver(new[] { server.EndPoint }, TimeSpan.FromMilliseconds(200), retries: 3, useCache: false);
        for (var i = 0; i < 10; i++)
        {
            var r = await resolver.QueryAsync("x.drops.test", QueryType.A);
            Assert.Equal(DnsStatus.NoError, r.Status);
        }
    }

    [Fact]
    public async Task A_dead_resolver_gives_a_timeout_not_a_hang()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // bound, never answers
        var resolver = new DnsResolver(new[] { (IPEndPoint)socket.LocalEndPoint! }, TimeSpan.FromMilliseconds(100), retries: 1);
        var started = DateTime.UtcNow;
        var r = await resolver.QueryAsync("anything.test", QueryType.A);
        Assert.Equal(DnsStatus.Timeout, r.Status);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Http_connects_where_the_lab_dns_says_and_captures_the_certificate()
    {
        using var net = _lab.Network();
        net.Scope.AddImplicitHost(_lab.Host("plain"));
        var r = await net.Http.GetAsync(_lab.HttpsUri("plain"), default);
        Assert.Equal(200, r.StatusCode);
        Assert.NotNull(r.Certificate);
        Assert.Contains(_lab.Host("plain"), r.Certificate!.Subject);
        Assert.Equal(System.Net.Security.SslPolicyErrors.None, r.CertificateErrors); // the Lab root is a trusted anchor here
    }

    [Theory]
    [InlineData("plain", true, System.Net.Security.SslPolicyErrors.None)]
    [InlineData("plain", false, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors)] // no Lab anchor
    [InlineData("cert-wrong-name", true, System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch)]
    [InlineData("cert-expired", true, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors)]
    [InlineData("cert-self-signed", true, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors)]
    [InlineData("cert-incomplete-chain", true, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors)] // no download of the missing intermediate
    public async Task Http_certificate_errors_are_those_a_default_client_reports(string scenario, bool labAnchor, System.Net.Security.SslPolicyErrors expected)
    {
        // The handshake builds its chain against no anchors; the prober judges each chain once, against the system store
        // and the user's anchors. Asked twice: the second answer comes from the verdict cache and must not differ.
        var options = _lab.Options();
        using var net = labAnchor ? _lab.Network()
            : new NetworkContext(new ScanOptions { Resolvers = options.Resolvers, Scope = options.Scope, Timeout = options.Timeout });
        net.Scope.AddImplicitHost(_lab.Host(scenario));
        for (var i = 0; i < 2; i++)
        {
            using var session = net.Http.OpenSession(preferHttp2: true);
            var r = await session.GetAsync(_lab.HttpsUri(scenario), default);
            Assert.NotNull(r.Certificate);
            Assert.Equal(expected, r.CertificateErrors);
        }
    }

    [Fact]
    public async Task Redirect_out_of_scope_is_recorded_not_followed()
    {
        using var net = _lab.Network();
        net.Scope.AddImplicitHost(_lab.Host("redirect-out-of-scope"));
        _lab.Lab.Web.Requests.Clear();
        var r = await net.Http.GetAsync(_lab.HttpUri("redirect-out-of-scope"), default);
        Assert.Equal(302, r.StatusCode);
        Assert.Contains("out of scope", r.RedirectStopped);
        Assert.DoesNotContain(_lab.Lab.Web.Requests, q => q.Contains("evil." + LabHostZones.Outside));
    }

    [Theory]
    [InlineData("redirect-to-loopback", "127.0.0.1")]
    [InlineData("redirect-to-metadata", "169.254.169.254")]
    [InlineData("redirect-to-file", "file:")]
    [InlineData("redirect-loop", "loop")]
    public async Task Dangerous_redirects_stop(string scenario, string expected)
    {
        using var net = _lab.Network(scope: new[] { _lab.Lab.Zone });
        var r = await net.Http.GetAsync(_lab.HttpUri(scenario), default);
        Assert.Equal(302, r.StatusCode);
        Assert.Contains(expected, r.RedirectStopped);
    }

    [Fact]
    public async Task In_scope_redirects_are_followed()
    {
        using var net = _lab.Network(scope: new[] { _lab.Lab.Zone });
        var r = await net.Http.GetAsync(_lab.HttpUri("redirect-in-scope"), default);
        Assert.Equal(200, r.StatusCode);
        Assert.Single(r.Redirects);
        Assert.Equal(_lab.Host("plain"), r.FinalUri.Host);
    }

    [Fact]
    public async Task Cname_to_loopback_is_refused_without_allow_private()
    {
        using var net = _lab.Network(allowPrivate: false);
        net.Scope.AddImplicitHost(_lab.Host("cname-to-loopback"));
        var ex = await Assert.ThrowsAsync<OutOfScopeException>(() => net.Http.GetAsync(_lab.HttpUri("cname-to-loopback"), default));
        Assert.Contains("loopback", ex.Message);
    }

    [Fact]
    public async Task Cname_to_metadata_is_refused_even_with_private_allowed_when_scoped_by_cidr()
    {
        using var net = new NetworkContext(new ScanOptions
        {
            Resolvers = new[] { _lab.Lab.DnsEndPoint },
            Scope = new ScopeGuard(new[] { _lab.Lab.Zone, "127.0.0.0/8" }, new[] { "169.254.0.0/16" }, allowPrivateAddress: true),
        });
        await Assert.ThrowsAsync<OutOfScopeException>(() => net.Http.GetAsync(_lab.HttpUri("cname-to-metadata"), default));
    }

    [Fact]
    public async Task Slow_servers_time_out_with_a_target_error()
    {
        using var net = _lab.Network(timeout: TimeSpan.FromMilliseconds(500));
        net.Scope.AddImplicitHost(_lab.Host("slow"));
        var ex = await Assert.ThrowsAsync<TargetException>(() => net.Http.GetAsync(_lab.HttpUri("slow"), default));
        Assert.Equal("HttpTimeout", ex.ErrorId);
    }

    [Fact]
    public async Task Tls_handshake_captures_chain_protocol_and_cipher()
    {
        using var net = _lab.Network();
        var s = await net.Tls.HandshakeAsync(_lab.Host("plain"), _lab.Lab.Web.HttpsPort, null, default);
        Assert.Equal(2, s.ChainAsSent.Count); // leaf + intermediate
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, s.Protocol);
        Assert.NotNull(s.CipherSuite);
        Assert.Equal(System.Net.Security.SslPolicyErrors.None, s.PolicyErrors);
    }

    [Fact]
    public async Task Tls_policy_errors_judged_on_demand_match_a_default_client()
    {
        var options = _lab.Options();
        using var bare = new NetworkContext(new ScanOptions { Resolvers = options.Resolvers, Scope = options.Scope, Timeout = options.Timeout });
        var untrusted = await bare.Tls.HandshakeAsync(_lab.Host("plain"), _lab.Lab.Web.HttpsPort, null, default);
        Assert.Equal(System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors, untrusted.PolicyErrors); // no Lab anchor
        using var net = _lab.Network();
        var mismatch = await net.Tls.HandshakeAsync(_lab.Host("cert-wrong-name"), _lab.Lab.Web.HttpsPort, null, default);
        Assert.Equal(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch, mismatch.PolicyErrors);
    }

    [Fact]
    public async Task Rate_limit_spaces_requests_to_one_host()
    {
        var limiter = new HostRateLimiter(20);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 11; i++) await limiter.WaitAsync("h", default);
        Assert.True(sw.ElapsedMilliseconds >= 450, $"11 requests at 20/s took {sw.ElapsedMilliseconds} ms");
        // Another host does not queue behind "h": at 2/s its turn would come 500 ms later; 250 ms leaves a busy machine room.
        var slow = new HostRateLimiter(2);
        await slow.WaitAsync("h", default);
        sw.Restart();
        await slow.WaitAsync("other", default);
        Assert.True(sw.ElapsedMilliseconds < 250, $"another host waited {sw.ElapsedMilliseconds} ms");
    }
}

internal static class LabHostZones
{
    public const string Outside = ApiThreat.Lab.LabHost.OutsideZone;
}
