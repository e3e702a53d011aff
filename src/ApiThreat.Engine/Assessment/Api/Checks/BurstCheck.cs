using System.Collections.Concurrent;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-API-021 (-Active): a bounded burst (at most five in flight, stopped at the first 429) that meets no 429 and no rate-limit header.</summary>
public sealed class BurstCheck : IAsyncCheck<ApiActiveProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.NoRateLimitUnderBurst };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiActiveProbe active, CancellationToken cancellationToken)
    {
        var probe = active.Probe;
        var count = Math.Max(1, probe.Request.BurstSize);
        var statuses = new ConcurrentBag<int>();
        var signalled = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        async Task Worker()
        {
            while (!stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= count) return;
                HttpProbeResult r;
                try
                {
                    // The cache-buster keeps caches and CDNs from answering in the origin's place.
                    r = await probe.Network.Http.SendAsync(new HttpProbeRequest { Uri = ApiProbe.WithQuery(probe.Request.Url, "_atr", $"{probe.Nonce}{i}"), MaxBodyBytes = 64 * 1024 }, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested) { return; }
                catch (TargetException) { continue; }
                statuses.Add(r.StatusCode);
                if (ResponseHeuristics.HasRateLimitHeaders(r)) Interlocked.Increment(ref signalled);
                if (r.StatusCode == 429) stop.Cancel();
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Min(5, count)).Select(_ => Worker())).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (statuses.Contains(429) || signalled > 0 || statuses.IsEmpty) return Array.Empty<Finding>();
        var summary = string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Count()}x {g.Key}"));
        return new[]
        {
            probe.Finding(ApiRules.NoRateLimitUnderBurst, probe.Request.Url.AbsolutePath,
                $"{statuses.Count} requests in a burst: {summary}; no 429, no rate-limit header", Confidence.Firm, DetectionMethod.Active),
        };
    }
}
