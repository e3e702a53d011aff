using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// Plain GETs that stacks answer with their error pages, so that the checks reading every response (verbose errors,
/// debug pages) see them: a path with a malformed percent-escape under the API, and for each read operation of the
/// specification one malformed value (an invalid UTF-8 escape in its path parameter, else in a query parameter).
/// Nothing here changes state.
/// </summary>
public sealed class ErrorProbeCheck : IAsyncCheck<ApiProbe>
{
    private const string Malformed = "atr%E0%A4";

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.VerboseError };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        await probe.SendAsync(new Uri(probe.ApiBase(), $"atr-{probe.Nonce}%")).ConfigureAwait(false);
        foreach (var op in probe.Request.Operations.Where(o => o.Method == "GET").Take(probe.Request.MaxOperations))
        {
            var uri = op.Path.Contains('{')
                ? probe.OperationUri(op.Path, Malformed)
                : new Uri(probe.OperationUri(op.Path).GetLeftPart(UriPartial.Path) + "?atr=" + Malformed);
            await probe.SendAsync(uri, followRedirects: false).ConfigureAwait(false);
        }
        return Array.Empty<Finding>();
    }
}
