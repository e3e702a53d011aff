using System.Globalization;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-API-020 (-Active): the neighbouring numeric id of an object read without credentials returns another object.</summary>
public sealed class AdjacentReadCheck : IAsyncCheck<ApiActiveProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.AdjacentObjectRead };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiActiveProbe active, CancellationToken cancellationToken)
    {
        var probe = active.Probe;
        var findings = new List<Finding>();
        foreach (var (uri, first) in probe.OpenReads.DistinctBy(o => o.Url.AbsoluteUri).Take(10))
        {
            if (!ResponseHeuristics.IsJson(first) || probe.PublicByContract.Contains(uri.AbsoluteUri)) continue;
            var segments = uri.AbsolutePath.Split('/');
            var index = Array.FindLastIndex(segments, s => s.Length is > 0 and <= 12 && s.All(char.IsAsciiDigit));
            if (index < 0 || !long.TryParse(segments[index], out var id)) continue;
            foreach (var neighbour in new[] { id + 1, id - 1 })
            {
                if (neighbour < 0) continue;
                var copy = (string[])segments.Clone();
                copy[index] = neighbour.ToString(CultureInfo.InvariantCulture);
                var next = new Uri(uri.GetLeftPart(UriPartial.Authority) + string.Join('/', copy) + uri.Query);
                var r = await probe.SendAsync(next).ConfigureAwait(false);
                if (!probe.IsRealContent(r) || !ResponseHeuristics.IsJson(r!) || r!.Body.AsSpan().SequenceEqual(first.Body)) continue;
                findings.Add(probe.Finding(ApiRules.AdjacentObjectRead, uri.AbsolutePath,
                    $"GET {uri.AbsolutePath} and GET {next.AbsolutePath} both answered {r.StatusCode} with different objects, without credentials",
                    Confidence.Firm, DetectionMethod.Active));
                break;
            }
        }
        return findings;
    }
}
