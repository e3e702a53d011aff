using ApiThreat.Engine.Discovery.Apis;
using ApiThreat.Engine.Discovery.Crawl;
using ApiThreat.Engine.Discovery.Subdomains.Passive;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Discovery;

/// <summary>Get-ApiInventory's port choice and crawl budget, and Find-Subdomain's provider-name rules, now in the engine.</summary>
public sealed class InventoryRequestsTests
{
    [Theory]
    [InlineData("api.contoso.com:8443", "8443", true)]
    [InlineData("https://api.contoso.com", "443", true)]
    [InlineData("http://api.contoso.com/v1", "80", true)]
    public void A_target_names_its_own_port_or_its_schemes(string input, string ports, bool isExplicit)
    {
        var (list, named, scan) = InventoryRequests.PortsFor(ScanTarget.Parse(input), null);
        Assert.Equal(ports, string.Join(",", list));
        Assert.Equal(isExplicit, named);
        Assert.Null(scan);
    }

    [Fact]
    public void A_bare_host_gets_the_default_api_ports_not_marked_explicit()
    {
        var (list, named, _) = InventoryRequests.PortsFor(ScanTarget.Parse("api.contoso.com"), null);
        Assert.Equal(ApiPathCatalog.DefaultPorts, list.ToArray());
        Assert.False(named);
    }

    [Fact]
    public void Only_the_limits_named_change_the_depths_budget()
    {
        var budget = InventoryRequests.Budget(DiscoveryDepth.Standard, 7, null, null, 30);
        Assert.Equal(7, budget.MaxPages);
        Assert.Equal(CrawlBudget.Standard.MaxDepth, budget.MaxDepth);
        Assert.Equal(CrawlBudget.Standard.MaxBytes, budget.MaxBytes);
        Assert.Equal(TimeSpan.FromSeconds(30), budget.MaxTime);
        Assert.Equal(CrawlBudget.Deep, InventoryRequests.Budget(DiscoveryDepth.Deep, null, null, null, null));
    }

    [Fact]
    public void Provider_names_are_matched_without_case_and_an_unknown_one_lists_the_known()
    {
        var known = PassiveProvider.All.Keys.First();
        Assert.Equal(known, PassivePlanner.ProviderName(known.ToUpperInvariant(), "-ApiKey"));
        var ex = Assert.Throws<PassiveParameterException>(() => PassivePlanner.ProviderName("nope\u001b[31m", "-ApiKey"));
        Assert.Equal("UnknownProvider", ex.ErrorId);
        Assert.False(ex.Message.Contains((char)27), ex.Message);
        Assert.Contains(known, ex.Fix);
    }

    [Fact]
    public void A_provider_endpoint_must_be_http_or_https()
    {
        Assert.Equal("https://mirror.example/v1/", PassivePlanner.Endpoint("Shodan", "https://mirror.example/v1/").ToString());
        Assert.Equal("InvalidProviderEndpoint", Assert.Throws<PassiveParameterException>(() => PassivePlanner.Endpoint("Shodan", "ftp://x/")).ErrorId);
    }
}
