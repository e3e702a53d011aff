using ApiThreat.Engine.Discovery.Apis;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Discovery;

public class PortFailurePolicyTests
{
    private static TargetException Refused(int port) =>
        new($"h.example:{port}", "ConnectFailed", TargetErrorKind.ConnectionError, $"port {port} refused");

    private static HostDiscoveryResult Result(int answered, params int[] failedPorts)
    {
        var result = new HostDiscoveryResult { OriginsAnswered = answered };
        result.Failures.AddRange(failedPorts.Select(Refused));
        return result;
    }

    [Fact]
    public void Every_failure_of_a_port_the_user_named_is_an_error()
    {
        var request = new ApiDiscoveryRequest { Host = "h.example", Ports = new[] { 8080, 8443 }, PortsExplicit = true };
        Assert.Equal(new[] { "h.example:8080", "h.example:8443" }, PortFailurePolicy.Errors(request, Result(0, 8080, 8443)).Select(e => e.Target));
    }

    [Fact]
    public void Closed_default_ports_are_normal_when_one_answered()
    {
        var request = new ApiDiscoveryRequest { Host = "h.example" };
        Assert.Empty(PortFailurePolicy.Errors(request, Result(1, 8080, 8443)));
        Assert.Empty(PortFailurePolicy.Errors(request, Result(0)));
    }

    [Fact]
    public void A_host_that_answered_on_no_default_port_is_one_error_naming_the_ports()
    {
        var request = new ApiDiscoveryRequest { Host = "h.example", Ports = new[] { 443, 80 } };
        var error = Assert.Single(PortFailurePolicy.Errors(request, Result(0, 443, 80)));
        Assert.Equal("NoPortAnswered", error.ErrorId);
        Assert.Equal(TargetErrorKind.ConnectionError, error.Kind);
        Assert.Contains("443, 80", error.Message);
        Assert.NotNull(error.RecommendedAction);
    }
}
