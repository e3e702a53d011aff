using System.Net;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Net;

public class IpNetworksTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("10.1.2.3/8", "10.0.0.0/8")]          // host bits set: the block is meant
    [InlineData("203.0.113.7", "203.0.113.7/32")]      // a bare address is one host
    [InlineData("2001:db8::1/32", "2001:db8::/32")]
    [InlineData("::1", "::1/128")]
    public void Parses_blocks_the_way_users_and_provider_files_write_them(string text, string expected)
    {
        Assert.Equal(expected, IpNetworks.Parse(text).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/ 8")]
    [InlineData("example.com/8")]
    [InlineData("2001:db8::/129")]
    public void Refuses_what_is_not_a_block(string text)
    {
        Assert.False(IpNetworks.TryParse(text, out _));
        Assert.Throws<FormatException>(() => IpNetworks.Parse(text));
    }

    [Fact]
    public void An_IPv4_mapped_address_is_read_as_the_IPv4_address_it_maps()
    {
        Assert.Equal("192.0.2.1/32", IpNetworks.Parse("::ffff:192.0.2.1").ToString());
        Assert.Equal("192.0.2.0/24", IpNetworks.Parse("::ffff:192.0.2.1/24").ToString());
    }

    [Fact]
    public void Contains_takes_an_IPv4_mapped_address_as_its_IPv4_address()
    {
        var block = IpNetworks.Parse("10.0.0.0/8");
        Assert.True(block.ContainsAddress(IPAddress.Parse("::ffff:10.9.9.9")));
        Assert.True(block.ContainsAddress(IPAddress.Parse("10.255.0.1")));
        Assert.False(block.ContainsAddress(IPAddress.Parse("11.0.0.1")));
        Assert.False(IpNetworks.Parse("::/0").ContainsAddress(IPAddress.Parse("10.0.0.1")));
        Assert.Equal("Private", AddressClassifier.Classify(IPAddress.Parse("::ffff:192.168.1.1")));
        Assert.Equal("Metadata", AddressClassifier.Classify(IPAddress.Parse("169.254.169.254")));
    }
}
