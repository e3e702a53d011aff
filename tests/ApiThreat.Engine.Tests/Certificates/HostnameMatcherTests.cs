using System.Net;
using ApiThreat.Engine.Certificates;

namespace ApiThreat.Engine.Tests.Certificates;

public sealed class HostnameMatcherTests
{
    [Theory]
    [InlineData("api.contoso.com", "api.contoso.com", true)]
    [InlineData("API.Contoso.com.", "api.contoso.com", true)]
    [InlineData("api.contoso.com", "*.contoso.com", true)]
    [InlineData("contoso.com", "*.contoso.com", false)]           // the wildcard needs a label
    [InlineData("a.b.contoso.com", "*.contoso.com", false)]       // exactly one label
    [InlineData("api.contoso.com", "*.com", false)]               // no wildcard over a TLD
    [InlineData("api.contoso.com", "a*.contoso.com", false)]      // partial-label wildcards are not honoured
    [InlineData("api.contoso.com", "api.*.com", false)]
    [InlineData("api.contoso.com", "*.*.com", false)]
    [InlineData("xapi.contoso.com", "api.contoso.com", false)]
    [InlineData("api.contoso.com.evil.net", "*.contoso.com", false)]
    [InlineData("api.contoso.com", "", false)]
    public void Names_match_as_browsers_do(string host, string pattern, bool expected) =>
        Assert.Equal(expected, HostnameMatcher.MatchesName(host, pattern));

    [Fact]
    public void IP_hosts_match_only_IP_SANs()
    {
        var ips = new[] { IPAddress.Parse("192.0.2.10"), IPAddress.Parse("2001:db8::1") };
        Assert.True(HostnameMatcher.Matches("192.0.2.10", new[] { "192.0.2.10" }, ips));
        Assert.True(HostnameMatcher.Matches("[2001:db8::1]", Array.Empty<string>(), ips));
        Assert.False(HostnameMatcher.Matches("192.0.2.11", new[] { "192.0.2.11" }, ips));
    }
}
