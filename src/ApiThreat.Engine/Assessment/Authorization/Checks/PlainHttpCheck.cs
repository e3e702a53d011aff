using System.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Authorization.Checks;

/// <summary>
/// Credentials over plain HTTP. An API served over http:// that accepted an identity's credentials (the request that
/// tells them apart succeeded) is the finding itself, no request added, unless the host is a loopback address (that
/// traffic never leaves the machine). For an https:// API, -Active sends that request once to the host's plain-HTTP
/// port (80, or -PlainHttpPort) with the identity's credentials: the same answer there, rather than a redirect or a
/// refusal, is the finding. (That request carries the test identity's token in clear, which is why it needs -Active.)
/// </summary>
public sealed class PlainHttpCheck : IAsyncCheck<AuthorizationContext>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { AuthorizationRules.TokenOverPlainHttp };

    public async Task<IReadOnlyList<Finding>> RunAsync(AuthorizationContext context, CancellationToken cancellationToken)
    {
        var evidence = context.Evidence;
        var baseUrl = evidence.BaseUrl;
        if (baseUrl.Scheme == "http" && await IsLoopbackAsync(context, baseUrl.IdnHost, cancellationToken).ConfigureAwait(false)) return Array.Empty<Finding>();
        if (baseUrl.Scheme == "https" && !context.Request.Active) return Array.Empty<Finding>();
        foreach (var identity in evidence.Identities.Where(i => !i.IsAnonymous))
        {
            if (context.ProbeFor(identity) is not { } probe) continue;
            if (baseUrl.Scheme == "http")
            {
                return new[]
                {
                    AuthorizationRules.TokenOverPlainHttp.ToFinding(evidence.Target,
                        $"The API is served over plain HTTP and accepted {identity.Name}'s credentials: {evidence.Row(probe)}.",
                        Confidence.Confirmed, DetectionMethod.Passive, location: probe.Path),
                };
            }
            var secure = context.UrlOf(probe.Path);
            var genuine = await context.Client.SendAsync(identity, "GET", secure, cancellationToken, harvest: false).ConfigureAwait(false);
            if (!genuine.IsSuccess) continue;
            var plain = new UriBuilder(secure) { Scheme = "http", Port = context.Request.PlainHttpPort }.Uri;
            var answer = await context.Client.SendAsync(identity, "GET", plain, cancellationToken, headers: identity.Headers, harvest: false).ConfigureAwait(false);
            if (!answer.IsSuccess || genuine.Shape.SimilarityTo(answer.Shape) < 0.8) return Array.Empty<Finding>();
            return new[]
            {
                AuthorizationRules.TokenOverPlainHttp.ToFinding(evidence.Target,
                    $"GET {plain.GetLeftPart(UriPartial.Path)} (plain HTTP, port {plain.Port}) with {identity.Name}'s credentials answered {answer.StatusCode}, the answer HTTPS gives, instead of a redirect or a refusal (without credentials over HTTPS: {probe.Cell(AuthIdentity.AnonymousName)?.StatusCode}).",
                    Confidence.Confirmed, DetectionMethod.Active, location: probe.Path),
            };
        }
        return Array.Empty<Finding>();
    }

    /// <summary>A loopback literal, "localhost", or a name that resolves to loopback addresses only.</summary>
    private static async Task<bool> IsLoopbackAsync(AuthorizationContext context, string host, CancellationToken ct)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)) return true;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address)) return IPAddress.IsLoopback(address);
        var resolved = await context.Client.Network.Resolver.ResolveHostAsync(host, ct).ConfigureAwait(false);
        return resolved.Addresses.Count > 0 && resolved.Addresses.All(IPAddress.IsLoopback);
    }
}
