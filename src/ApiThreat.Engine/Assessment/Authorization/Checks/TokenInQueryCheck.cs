using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Authorization.Checks;

/// <summary>
/// Credentials in the URL: the request that tells an identity's credentials apart is sent without any header, its
/// token in a query parameter instead (access_token, token, api_key, apikey, jwt, or the name of its key header). The
/// token is accepted there when the answer is the one its header gets. One identity is enough.
/// </summary>
public sealed class TokenInQueryCheck : IAsyncCheck<AuthorizationContext>
{
    private static readonly string[] s_names = { "access_token", "token", "api_key", "apikey", "jwt" };

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { AuthorizationRules.TokenInQueryAccepted };

    public async Task<IReadOnlyList<Finding>> RunAsync(AuthorizationContext context, CancellationToken cancellationToken)
    {
        var evidence = context.Evidence;
        foreach (var identity in evidence.Identities.Where(i => !i.IsAnonymous && i.Headers.Count == 1))
        {
            var (header, value) = identity.Headers[0];
            if (header.Equals("Cookie", StringComparison.OrdinalIgnoreCase)) continue;
            if (context.ProbeFor(identity) is not { } probe) continue;
            var token = identity.Tokens().FirstOrDefault();
            if (string.IsNullOrEmpty(token)) continue;
            var url = context.UrlOf(probe.Path);
            var genuine = await context.Client.SendAsync(identity, "GET", url, cancellationToken, harvest: false).ConfigureAwait(false);
            if (!genuine.IsSuccess) continue;
            var names = s_names.ToList();
            if (!header.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
                names.Insert(0, header.ToLowerInvariant().Replace('-', '_'));
            foreach (var name in names.Distinct())
            {
                var separator = string.IsNullOrEmpty(url.Query) ? "?" : "&";
                var withToken = new Uri(url.AbsoluteUri + separator + name + "=" + Uri.EscapeDataString(token));
                var answer = await context.Client.SendAsync(identity, "GET", withToken, cancellationToken,
                    headers: Array.Empty<KeyValuePair<string, string>>(), harvest: false).ConfigureAwait(false);
                if (!answer.IsSuccess || genuine.Shape.SimilarityTo(answer.Shape) < 0.8) continue;
                return new[]
                {
                    AuthorizationRules.TokenInQueryAccepted.ToFinding(evidence.Target,
                        $"GET {probe.Path}?{name}=[{identity.Name}'s token] without any header answered {answer.StatusCode}, the answer the {header} header gets (without credentials: {probe.Cell(AuthIdentity.AnonymousName)?.StatusCode}).",
                        Confidence.Confirmed, DetectionMethod.Active, location: probe.Path + "?" + name),
                };
            }
            return Array.Empty<Finding>();
        }
        return Array.Empty<Finding>();
    }
}
