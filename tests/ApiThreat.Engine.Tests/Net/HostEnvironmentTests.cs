using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Net;

/// <summary>The one classifier of what a host name says about its environment (API discovery and the spec checks share it).</summary>
public class HostEnvironmentTests
{
    [Theory]
    [InlineData("api-staging.contoso.com", true)]
    [InlineData("dev.api.contoso.com", true)]
    [InlineData("uat2.contoso.co", true)]
    [InlineData("sandbox-payments.contoso.com", true)]
    [InlineData("payments-pre-prod.contoso.com", true)]
    [InlineData("api.eu-int.contoso.com", true)]
    [InlineData("developer.contoso.com", false)]
    [InlineData("api.contoso.com", false)]
    [InlineData("contest.com", false)]
    [InlineData("testing.com", false)]
    [InlineData("latest.contoso.com", false)]
    [InlineData("10.0.0.1", false)]
    public void Non_production_host_names_are_recognised(string host, bool expected) =>
        Assert.Equal(expected, HostEnvironment.IsNonProduction(host));

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("[::1]", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("api.corp", true)]
    [InlineData("billing.svc.internal", true)]
    [InlineData("intranet.contoso.com", true)]
    [InlineData("api.lan-eu.contoso.com", true)]
    [InlineData("petstore.swagger.io", false)]
    [InlineData("93.184.216.34", false)]
    [InlineData("internal.com", false)]
    [InlineData("api.contoso.com", false)]
    public void Internal_names_and_addresses_are_recognised(string host, bool expected) =>
        Assert.Equal(expected, HostEnvironment.IsInternal(host));
}
