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

/// <summary>Cloud metadata addresses: classified by a pure function (no packet is ever sent to them), opened only by their own switch.</summary>
public class MetadataAddressTests
{
    [Theory]
    [InlineData("169.254.169.254")] // AWS, Azure, Google (metadata.google.internal), Oracle, DigitalOcean, OpenStack
    [InlineData("169.254.170.2")]   // AWS ECS credentials
    [InlineData("169.254.170.23")]  // AWS EKS Pod Identity
    [InlineData("100.100.100.200")] // Alibaba
    [InlineData("169.254.0.23")]    // Tencent
    [InlineData("169.254.42.42")]   // Scaleway
    [InlineData("192.0.0.192")]     // Oracle (legacy)
    [InlineData("168.63.129.16")]   // Azure WireServer
    [InlineData("fd00:ec2::254")]
    [InlineData("fd00:ec2::23")]
    [InlineData("::ffff:169.254.169.254")] // IPv4-mapped
    [InlineData("64:ff9b::a9fe:a9fe")]     // NAT64 of 169.254.169.254
    [InlineData("2002:a9fe:a9fe::1")]      // 6to4 of 169.254.169.254
    [InlineData("::169.254.169.254")]      // IPv4-compatible
    public void Metadata_addresses_are_classified_in_every_form(string address) =>
        Assert.Equal("Metadata", AddressClassifier.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("64:ff9b::7f00:1", "Loopback")]
    [InlineData("64:ff9b::a00:1", "Private")]
    [InlineData("64:ff9b::808:808", "Public")]
    [InlineData("169.254.169.253", "LinkLocal")]
    public void Embedded_ipv4_addresses_are_classified_as_what_they_reach(string address, string expected) =>
        Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("fd00:ec2::254")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("100.100.100.200")]
    public void AllowPrivateAddress_and_a_scope_cidr_do_not_open_metadata_only_its_own_switch_does(string text)
    {
        var address = IPAddress.Parse(text);
        Assert.False(new ScopeGuard(allowPrivateAddress: true).IsAddressAllowed(address, out var reason));
        Assert.Contains("AllowMetadataAddress", reason);
        Assert.False(new ScopeGuard(new[] { "169.254.0.0/16", "100.64.0.0/10", "fd00::/8", "64:ff9b::/96" }, null, true).IsAddressAllowed(address, out _));
        Assert.True(new ScopeGuard(allowPrivateAddress: true, allowMetadataAddress: true).IsAddressAllowed(address, out _));
        Assert.True(new ScopeGuard(allowMetadataAddress: true).IsAddressAllowed(address, out _));
    }

    [Fact]
    public void Exclusions_apply_to_the_ipv4_address_an_ipv6_form_reaches()
    {
        var guard = new ScopeGuard(null, new[] { "10.0.0.0/8" }, allowPrivateAddress: true);
        Assert.False(guard.IsAddressAllowed(IPAddress.Parse("64:ff9b::a00:1"), out var reason));
        Assert.Contains("ExcludeScope", reason);
    }
}
