using System.Diagnostics;
using System.Net;
using ApiThreat.Engine.Certificates;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Tests.Infrastructure;
using ApiThreat.Engine.Transport;
using ApiThreat.Lab.Scenarios;

namespace ApiThreat.Engine.Tests.Net;

/// <summary>
/// Hostile DNS against the one scope decision every connect takes: a CNAME out of the scope, a CNAME to a metadata
/// address (a loopback stand-in), a name with a hundred unreachable addresses. Listeners prove what never connected.
/// </summary>
[Collection(LabCollection.Name)]
public class ScopeEnforcementTests
{
    private readonly LabFixture _lab;

    public ScopeEnforcementTests(LabFixture lab) => _lab = lab;

    private ScanOptions Options(IEnumerable<string> scope, bool allowMetadata = false, IReadOnlyCollection<IPAddress>? metadata = null,
        TimeSpan? timeout = null)
    {
        var o = _lab.Options(scope, timeout: timeout);
        return new ScanOptions
        {
            Resolvers = o.Resolvers,
            Timeout = o.Timeout,
            TrustedRoots = o.TrustedRoots,
            Scope = new ScopeGuard(scope, null, allowPrivateAddress: true, allowMetadataAddress: allowMetadata, metadata ?? Array.Empty<IPAddress>()),
        };
    }

    private static Task Connect(NetworkContext net, string kind, string host, int port) => kind switch
    {
        "http" => net.Http.GetAsync(new Uri($"http://{host}:{port}/"), default),
        "tls" => net.Tls.HandshakeAsync(host, port, null, default),
        "raw" => net.Raw.SendAsync(host, port, new byte[] { 0x16, 3, 1 }, _ => true, default),
        "certificate" => CertificateGrabber.GrabAsync(net, new CertificateRequest { HostName = host, Port = port }, default),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [InlineData("http")]
    [InlineData("tls")]
    [InlineData("raw")]
    [InlineData("certificate")]
    public async Task A_cname_leaving_an_explicit_scope_stops_every_kind_of_connect(string kind)
    {
        using var listener = new CountingListener();
        var host = _lab.Host("hostile-cname-out-of-scope");
        using var net = new NetworkContext(Options(new[] { host }));
        var ex = await Assert.ThrowsAsync<OutOfScopeException>(() => Connect(net, kind, host, listener.Port));
        Assert.Contains(HostileScenarios.OutOfScopeTarget, ex.Message);
        Assert.Contains("not followed", ex.Message);
        await Task.Delay(200);
        Assert.Equal(0, listener.Accepted);
    }

    [Fact]
    public async Task The_same_cname_is_followed_once_its_target_is_in_scope()
    {
        using var listener = new CountingListener();
        var host = _lab.Host("hostile-cname-out-of-scope");
        using var net = new NetworkContext(Options(new[] { host, HostileScenarios.OutOfScopeTarget }));
        var (socket, _) = await net.Connector.ConnectAsync(host, listener.Port, default);
        socket.Dispose();
        await WaitFor(() => listener.Accepted == 1);
    }

    [Fact]
    public void Implicit_scope_follows_an_input_names_own_alias_but_exclusions_stop_it()
    {
        var implicitScope = new ScopeGuard(allowPrivateAddress: true);
        implicitScope.AddImplicitHost("api.contoso.com");
        var loopback = new[] { IPAddress.Loopback };
        Assert.Single(implicitScope.Admit("api.contoso.com", new[] { "contoso.azurewebsites.net" }, loopback));

        var excluded = new ScopeGuard(null, new[] { "azurewebsites.net" }, allowPrivateAddress: true);
        excluded.AddImplicitHost("api.contoso.com");
        var ex = Assert.Throws<OutOfScopeException>(() => excluded.Admit("api.contoso.com", new[] { "contoso.azurewebsites.net" }, loopback));
        Assert.Contains("ExcludeScope", ex.Message);

        var explicitScope = new ScopeGuard(new[] { "contoso.com" }, null, allowPrivateAddress: true);
        Assert.Throws<OutOfScopeException>(() => explicitScope.Admit("api.contoso.com", new[] { "edge.contoso.com", "contoso.azurewebsites.net" }, loopback));
        Assert.Single(explicitScope.Admit("api.contoso.com", new[] { "edge.contoso.com" }, loopback));
    }

    [Fact]
    public async Task A_cname_to_a_metadata_address_needs_its_own_switch_beyond_AllowPrivateAddress()
    {
        using var listener = new CountingListener(IPAddress.Parse(HostileScenarios.MetadataStandIn));
        var host = _lab.Host("hostile-cname-metadata");
        var standIn = new[] { IPAddress.Parse(HostileScenarios.MetadataStandIn) };
        using (var refused = new NetworkContext(Options(new[] { _lab.Lab.Zone }, allowMetadata: false, metadata: standIn)))
        {
            foreach (var kind in new[] { "http", "tls", "raw" })
            {
                var ex = await Assert.ThrowsAsync<OutOfScopeException>(() => Connect(refused, kind, host, listener.Port));
                Assert.Contains("AllowMetadataAddress", ex.Message);
            }
            await Task.Delay(200);
            Assert.Equal(0, listener.Accepted);
        }
        using var allowed = new NetworkContext(Options(new[] { _lab.Lab.Zone }, allowMetadata: true, metadata: standIn));
        var (socket, address) = await allowed.Connector.ConnectAsync(host, listener.Port, default);
        socket.Dispose();
        Assert.Equal(standIn[0], address);
        await WaitFor(() => listener.Accepted == 1);
    }

    [Fact]
    public async Task A_name_with_a_hundred_unreachable_addresses_costs_one_deadline_and_a_few_syns()
    {
        using var hole = Blackhole.Create(HostileScenarios.ManyAddresses().Select(IPAddress.Parse));
        var host = _lab.Host("hostile-many-addresses");
        // The eighth attempt starts 1.75 s in (250 ms apart); a 4 s deadline leaves room for timers that lag on a busy machine.
        var timeout = TimeSpan.FromSeconds(4);
        using var net = new NetworkContext(Options(new[] { _lab.Lab.Zone }, timeout: timeout));
        var sw = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<TargetException>(() => net.Tls.HandshakeAsync(host, hole.Port, null, default));
        Assert.Equal("ConnectTimeout", ex.ErrorId);
        Assert.InRange(sw.Elapsed, timeout - TimeSpan.FromMilliseconds(100), timeout + TimeSpan.FromSeconds(2));
        Assert.Equal(Connector.MaxAddressesPerTarget, net.Connector.AttemptsStarted);

        // The target's further connects (an enumeration makes dozens) fail at once: no more SYNs, no more waiting.
        sw.Restart();
        var report = await TransportAssessor.AssessAsync(net, new TransportRequest { HostName = host, Port = hole.Port, HttpPort = null, CheckHsts = false }, default)
            .ContinueWith(t => t.Exception?.InnerException);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"took {sw.Elapsed}");
        Assert.Equal(Connector.MaxAddressesPerTarget, net.Connector.AttemptsStarted);
        _ = report;
    }

    [Fact]
    public async Task A_certificate_grab_of_the_many_address_name_ends_within_the_timeout()
    {
        using var hole = Blackhole.Create(HostileScenarios.ManyAddresses().Select(IPAddress.Parse));
        var host = _lab.Host("hostile-many-addresses");
        var timeout = TimeSpan.FromSeconds(2);
        using var net = new NetworkContext(Options(new[] { _lab.Lab.Zone }, timeout: timeout));
        var sw = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<TargetException>(() => CertificateGrabber.GrabAsync(net, new CertificateRequest { HostName = host, Port = hole.Port }, default));
        Assert.True(sw.Elapsed < timeout + TimeSpan.FromSeconds(2), $"took {sw.Elapsed}");
        Assert.True(net.Connector.AttemptsStarted <= 2 * Connector.MaxAddressesPerTarget, $"{net.Connector.AttemptsStarted} SYNs");
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        for (var i = 0; i < 50 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition());
    }
}
