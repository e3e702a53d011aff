using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// Asks for a path with a malformed percent-escape: a plain GET that many stacks answer with their default error
/// page. What the answer shows is judged by <see cref="VerboseErrorCheck"/>, with every other response.
/// </summary>
public sealed class ErrorProbeCheck : IAsyncCheck<ApiProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.VerboseError };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        await probe.SendAsync(new Uri(probe.ApiBase(), $"atr-{probe.Nonce}%")).ConfigureAwait(false);
        return Array.Empty<Finding>();
    }
}
