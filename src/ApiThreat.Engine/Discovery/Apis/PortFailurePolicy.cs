using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// What a host's unanswered ports mean to the user. Ports the user named are expected to answer: each failure is an
/// error of its own. The default port list is a guess: closed ports there are normal, and only a host that answered
/// on none of them is an error (NoPortAnswered), one for the host.
/// </summary>
public static class PortFailurePolicy
{
    public static IReadOnlyList<TargetException> Errors(ApiDiscoveryRequest request, HostDiscoveryResult result)
    {
        if (request.PortsExplicit) return result.Failures;
        if (result.OriginsAnswered > 0 || result.Failures.Count == 0) return Array.Empty<TargetException>();
        var first = result.Failures[0];
        return new[]
        {
            new TargetException(request.Host, "NoPortAnswered", first.Kind,
                $"None of the ports {string.Join(", ", request.Ports)} of {request.Host} answered HTTP or HTTPS (for example: {first.Message})",
                "Check that the host serves HTTP, or name its ports with -Port.", first),
        };
    }
}
