using System.Net.Sockets;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-API-023: after every other check, whether the target stopped answering. A real framework did (SAP CAP 9.9 exits
/// on one GET with a malformed percent-escape). Raised only when a request after the baseline got no answer and the
/// port then refuses connections three times over a second: a service that comes back, or whose first failure was a
/// timeout (slow, or a filter dropping packets), is not reported. The evidence names the request that went unanswered and the last one
/// answered before it; which of them stopped the service, or whether a block did, the user can tell by replaying them.
/// </summary>
public sealed class ServiceStoppedCheck : IAsyncCheck<ApiAftermath>
{
    private static readonly TimeSpan s_recheckGap = TimeSpan.FromMilliseconds(500);

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.ServiceStopped };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiAftermath context, CancellationToken cancellationToken)
    {
        var probe = context.Probe;
        // A timeout is a slow or filtering target, not a stopped one: no recheck (it could cost another timeout).
        if (probe.FirstFailure is not { TimedOut: false } failure) return Array.Empty<Finding>();
        var url = probe.Request.Url;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (attempt > 0) await Task.Delay(s_recheckGap, cancellationToken).ConfigureAwait(false);
            if (!await RefusedAsync(probe.Network, url, cancellationToken).ConfigureAwait(false))
            {
                probe.Network.Log($"Test-ApiSecurity: {failure.Request} got no answer, but {url.Authority} still accepts connections");
                return Array.Empty<Finding>();
            }
        }
        var before = failure.LastAnswered is null ? "" : $" The last request it answered: {failure.LastAnswered}.";
        return new[]
        {
            probe.Finding(ApiRules.ServiceStopped, failure.Request.Split(' ', 2)[1],
                $"{failure.Request} got no answer ({failure.Reason}), and from then on {url.Authority} refused connections (3 tries over a second).{before}",
                Confidence.Tentative),
        };
    }

    /// <summary>True when a connection to the API's port is refused (nothing listens); an answer or a timeout is not.</summary>
    private static async Task<bool> RefusedAsync(NetworkContext network, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            await network.Http.SendAsync(new HttpProbeRequest { Uri = url, Method = "HEAD", FollowRedirects = false }, cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (TargetException ex) when (ex is not OutOfScopeException)
        {
            return ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
                || ex.InnerException?.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };
        }
    }
}
