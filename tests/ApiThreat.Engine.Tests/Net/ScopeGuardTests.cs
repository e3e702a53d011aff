using System.Net;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Net;

public class ScopeGuardTests
{
    [Theory]
    [InlineData("contoso.com", "contoso.com", true)]
    [InlineData("contoso.com", "api.contoso.com", true)]
    [InlineData("contoso.com", "evilcontoso.com", false)]
    [InlineData("contoso.com", "contoso.com.evil.net", false)]
    [InlineData("*.contoso.com", "contoso.com", false)]
    [InlineData("*.contoso.com", "a.b.contoso.com", true)]
    [InlineData("CONTOSO.com.", "Api.Contoso.COM", true)]
    public void Host_patterns_match_the_domain_and_its_subdomains(string scope, string host, bool expected)
    {
        var guard = new ScopeGuard(new[] { scope });
        Assert.Equal(expected, guard.IsHostInScope(host, out _));
    }

    [Fact]
    public void Exclusions_win_over_inclusions()
    {
        var guard = new ScopeGuard(new[] { "contoso.com" }, new[] { "legacy.contoso.com" });
        Assert.True(guard.IsHostInScope("api.contoso.com", out _));
        Assert.False(guard.IsHostInScope("x.legacy.contoso.com", out var reason));
        Assert.Contains("ExcludeScope", reason);
    }

    [Fact]
    public void Without_scope_only_inputs_are_in_scope()
    {
        var guard = new ScopeGuard();
        guard.AddImplicitHost("api.contoso.com");
        guard.AddImplicitDomain("fabrikam.com");
        Assert.True(guard.IsHostInScope("api.contoso.com", out _));
        Assert.False(guard.IsHostInScope("login.contoso.com", out _));
        Assert.True(guard.IsHostInScope("dev.fabrikam.com", out _));
    }

    [Theory]
    [InlineData("127.0.0.1", "Loopback")]
    [InlineData("10.1.2.3", "Private")]
    [InlineData("172.20.0.1", "Private")]
    [InlineData("192.168.1.1", "Private")]
    [InlineData("169.254.169.254", "Metadata")]
    [InlineData("169.254.10.1", "LinkLocal")]
    [InlineData("::1", "Loopback")]
    [InlineData("fe80::1", "LinkLocal")]
    [InlineData("fd12::1", "Private")]
    [InlineData("::ffff:10.0.0.1", "Private")]
    [InlineData("100.64.0.1", "SharedAddressSpace")]
    [InlineData("8.8.8.8", "Public")]
    [InlineData("2606:4700::1111", "Public")]
    public void Addresses_are_classified(string address, string expected) =>
        Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("10.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Private_addresses_are_refused_unless_allowed(string address)
    {
        Assert.False(new ScopeGuard().IsAddressAllowed(IPAddress.Parse(address), out var reason));
        Assert.Contains("AllowPrivateAddress", reason);
        Assert.True(new ScopeGuard(allowPrivateAddress: true).IsAddressAllowed(IPAddress.Parse(address), out _));
    }

    [Fact]
    public void A_scope_cidr_allows_its_private_range_only()
    {
        var guard = new ScopeGuard(new[] { "10.1.0.0/16" });
        Assert.True(guard.IsAddressAllowed(IPAddress.Parse("10.1.2.3"), out _));
        Assert.False(guard.IsAddressAllowed(IPAddress.Parse("10.2.0.1"), out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad domain")]
    [InlineData("*.*.contoso.com")]
    [InlineData("10.0.0.0/33")]
    public void Invalid_scope_entries_are_rejected_with_the_entry_named(string entry)
    {
        if (entry.Length == 0) { Assert.NotNull(new ScopeGuard(new[] { entry })); return; }
        var ex = Assert.Throws<ArgumentException>(() => new ScopeGuard(new[] { entry }));
        Assert.Contains(entry, ex.Message);
    }
}
