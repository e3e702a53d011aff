using System.Net;
using ApiThreat.Engine.Ip;

namespace ApiThreat.Engine.Tests.Ip;

public class IpTargetSetTests
{
    [Fact]
    public void Addresses_gather_every_name_seen_on_them_in_first_seen_order()
    {
        var set = new IpTargetSet();
        set.Add(IPAddress.Parse("192.0.2.10"), "API.contoso.com.");
        set.Add(IPAddress.Parse("::ffff:192.0.2.10"), "www.contoso.com");
        set.Add(IPAddress.Parse("2001:db8::1"), null);
        set.Add(IPAddress.Parse("192.0.2.10"), "api.contoso.com");
        var requests = set.Requests(reverseLookup: false, sharedHostingThreshold: 2).ToList();
        Assert.Equal(new[] { "192.0.2.10", "2001:db8::1" }, requests.Select(r => r.Address.ToString()));
        Assert.Equal(new[] { "api.contoso.com", "www.contoso.com" }, requests[0].HostNames);
        Assert.Empty(requests[1].HostNames);
        Assert.All(requests, r => Assert.False(r.ReverseLookup));
    }
}
