using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api;

/// <summary>
/// Assesses one live API from outside (Test-ApiSecurity). The evidence is gathered once (the baseline, the answer to
/// an unknown path, the reads of the specification's operations); then the probing checks
/// (<see cref="IAsyncCheck{ApiProbe}"/>: GET, HEAD, OPTIONS and read-only GraphQL queries), the checks that read every
/// response (<see cref="ICheck{ApiEvidence}"/>), and only when asked the active ones
/// (<see cref="IAsyncCheck{ApiActiveProbe}"/>: canaries, adjacent reads, a bounded burst), and last what the
/// assessment did to the target (<see cref="IAsyncCheck{ApiAftermath}"/>: did it stop answering?). Every request goes through
/// the engine's prober: scope guard, per-host rate limit, caps and timeouts. Findings of one rule at one location are
/// reported once.
/// </summary>
public static class ApiSecurityScanner
{
    public static async Task<IReadOnlyList<Finding>> ScanAsync(NetworkContext net, ApiSecurityRequest request, CancellationToken cancellationToken)
    {
        var probe = new ApiProbe(net, request, cancellationToken);
        var url = request.Url;
        net.Log($"Test-ApiSecurity: {url} (passive{(request.Active ? " + active" : "")})");
        await GatherAsync(probe).ConfigureAwait(false);

        var findings = new Findings();
        foreach (var check in Checks<ApiProbe>.AllAsync)
            findings.AddRange(await check.RunAsync(probe, cancellationToken).ConfigureAwait(false));
        findings.AddRange(Checks<ApiEvidence>.Run(new ApiEvidence { Probe = probe, Responses = probe.Responses }));

        if (request.Active)
        {
            net.Log($"Test-ApiSecurity: active checks on {url}");
            var active = new ApiActiveProbe(probe);
            foreach (var check in Checks<ApiActiveProbe>.AllAsync)
                findings.AddRange(await check.RunAsync(active, cancellationToken).ConfigureAwait(false));
        }
        var aftermath = new ApiAftermath(probe);
        foreach (var check in Checks<ApiAftermath>.AllAsync)
            findings.AddRange(await check.RunAsync(aftermath, cancellationToken).ConfigureAwait(false));
        return findings.List;
    }

    /// <summary>The evidence every check shares, fetched once.</summary>
    private static async Task GatherAsync(ApiProbe probe)
    {
        var request = probe.Request;
        var url = request.Url;
        // The baseline: the URL as given, without credentials and without following redirects (a redirect to HTTPS
        // is the right answer of a plain-HTTP listener and must be seen as such).
        probe.Baseline = await probe.SendAsync(url, followRedirects: false).ConfigureAwait(false)
            ?? throw new TargetException(probe.Target, "ApiUnreachable", TargetErrorKind.ConnectionError,
                $"{url} did not answer.", "Check that the API is up and in scope.");
        probe.Soft404 = await probe.SendAsync(new Uri(ApiProbe.Origin(url), $"/atr-missing-{probe.Nonce}")).ConfigureAwait(false);
        if (request.AuthHeaders.Count > 0) probe.AuthenticatedBaseline = await probe.SendAsync(url, authenticated: true).ConfigureAwait(false);
        if (ApiProbe.IsSuccess(probe.Baseline)) probe.OpenReads.Add((url, probe.Baseline));

        foreach (var op in request.Operations.Where(o => o.Method is "GET" or "HEAD").Take(request.MaxOperations))
        {
            var uri = probe.OperationUri(op.Path);
            var r = await probe.SendAsync(uri, op.Method).ConfigureAwait(false);
            probe.OperationReads.Add(new OperationRead(op, uri, r));
            if (!probe.IsRealContent(r)) continue;
            probe.OpenReads.Add((uri, r!));
            if (op.AllowsAnonymous) probe.PublicByContract.Add(uri.AbsoluteUri);
        }
    }

    /// <summary>Findings in the order found, one per rule and location.</summary>
    private sealed class Findings
    {
        private readonly HashSet<(string, string?)> _seen = new();
        public List<Finding> List { get; } = new();

        public void AddRange(IEnumerable<Finding> findings)
        {
            foreach (var f in findings) if (_seen.Add((f.RuleId, f.Location))) List.Add(f);
        }
    }
}
