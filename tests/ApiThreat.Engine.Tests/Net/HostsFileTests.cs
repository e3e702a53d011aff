using System.Net;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Tests.Infrastructure;

namespace ApiThreat.Engine.Tests.Net;

/// <summary>The system hosts file is read before DNS when the system's resolvers are used, and bypassed by -Resolver.</summary>
[Collection(LabCollection.Name)]
public sealed class HostsFileTests : IDisposable
{
    private readonly LabFixture _lab;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"apithreat-hosts-{Guid.NewGuid():n}");

    public HostsFileTests(LabFixture lab)
    {
        _lab = lab;
        File.WriteAllText(_path, """
            # a comment line
            127.0.0.1   localhost
            ::1         localhost ip6-localhost   # trailing comment
            127.0.0.7   app.internal.test App-Alias.test.
            127.0.0.8   app.internal.test
            fe80::1%lo0 linklocal.test
            not-an-address broken.test
            127.0.0.9
            """);
    }

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Lines_aliases_comments_and_several_addresses_are_read_as_the_system_reads_them()
    {
        var hosts = new HostsFile(_path);
        Assert.Equal(new[] { IPAddress.Parse("127.0.0.1"), IPAddress.IPv6Loopback }, hosts.Lookup("localhost"));
        Assert.Equal(new[] { IPAddress.Parse("127.0.0.7"), IPAddress.Parse("127.0.0.8") }, hosts.Lookup("APP.internal.test"));
        Assert.Equal(new[] { IPAddress.Parse("127.0.0.7") }, hosts.Lookup("app-alias.test."));
        Assert.Equal(new[] { IPAddress.Parse("fe80::1") }, hosts.Lookup("linklocal.test"));
        Assert.Empty(hosts.Lookup("broken.test"));
        Assert.Empty(hosts.Lookup("unknown.test"));
        Assert.Empty(new HostsFile(_path + "-missing").Lookup("localhost"));
    }

    [Fact]
    public async Task Without_a_resolver_names_in_the_hosts_file_resolve_from_it_before_dns()
    {
        var resolver = new DnsResolver(hostsFile: new HostsFile(_path));
        var r = await resolver.ResolveHostAsync("app.internal.test");
        Assert.Equal(DnsStatus.NoError, r.Status);
        Assert.Equal(new[] { IPAddress.Parse("127.0.0.7"), IPAddress.Parse("127.0.0.8") }, r.Addresses);
        Assert.Empty(r.CnameChain);
    }

    [Fact]
    public async Task A_chosen_resolver_bypasses_the_hosts_file()
    {
        var name = _lab.Host("hijack-clean");
        File.AppendAllText(_path, $"\n127.0.0.77 {name}\n");
        var resolver = new DnsResolver(new[] { _lab.Lab.DnsEndPoint }, hostsFile: new HostsFile(_path));
        Assert.Null(resolver.Hosts);
        var r = await resolver.ResolveHostAsync(name);
        Assert.DoesNotContain(IPAddress.Parse("127.0.0.77"), r.Addresses);
        Assert.NotEmpty(r.Addresses);
    }

    [Fact]
    public void The_system_file_is_the_platform_one() =>
        Assert.Equal(OperatingSystem.IsWindows() ? "hosts" : "/etc/hosts", OperatingSystem.IsWindows() ? Path.GetFileName(HostsFile.SystemPath()) : HostsFile.SystemPath());
}
