using ApiThreat.Engine.Discovery.Subdomains;

namespace ApiThreat.Engine.Tests.Discovery;

public class HostRecordTests
{
    [Fact]
    public void The_head_gives_name_wildcard_and_addresses_and_the_json_follows_whole()
    {
        var host = new DiscoveredHost { HostName = "api.example.test", IsWildcard = true, Addresses = new[] { "127.0.0.5", "::1" } };
        var record = HostRecord.Write(host, "{\"HostName\":\"api.example.test\",\"x\":\"a\\tb\"}");

        Assert.True(HostRecord.TryReadHead(record, out var name, out var wildcard, out var addresses, out var jsonLength));
        Assert.Equal("api.example.test", name);
        Assert.True(wildcard);
        Assert.Equal(new[] { "127.0.0.5", "::1" }, addresses);
        Assert.Equal("{\"HostName\":\"api.example.test\",\"x\":\"a\\tb\"}", record[^jsonLength..]);
    }

    [Fact]
    public void A_host_without_addresses_reads_back_with_none()
    {
        var record = HostRecord.Write(new DiscoveredHost { HostName = "gone.example.test" }, "{}");
        Assert.True(HostRecord.TryReadHead(record, out _, out var wildcard, out var addresses, out var jsonLength));
        Assert.False(wildcard);
        Assert.Empty(addresses);
        Assert.Equal("{}", record[^jsonLength..]);
    }

    [Theory]
    [InlineData("tab\there.example.test")]
    [InlineData("line\nbreak.example.test")]
    public void A_name_with_a_control_character_is_written_as_json_alone(string hostName)
    {
        var record = HostRecord.Write(new DiscoveredHost { HostName = hostName }, "{\"HostName\":\"escaped\"}");
        Assert.Equal("{\"HostName\":\"escaped\"}", record);
        Assert.False(HostRecord.TryReadHead(record, out _, out _, out _, out _));
    }
}
