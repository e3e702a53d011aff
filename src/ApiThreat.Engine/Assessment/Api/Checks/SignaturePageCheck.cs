using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-002..004 from every response of the passive phase (the site root and folders, error probes, unknown
/// paths): framework debug pages at any status, default pages and directory listings on 2xx. One finding per host
/// and signature, naming the paths where it showed.
/// </summary>
public sealed class SignaturePageCheck : ICheck<ApiEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.DebugPage, ExposureRules.DefaultPage, ExposureRules.DirectoryListing };

    public IEnumerable<Finding> Run(ApiEvidence e)
    {
        var hits = new Dictionary<(ThreatRule Rule, string Name), (List<string> Where, string Excerpt)>();
        foreach (var (r, authenticated) in e.Responses)
        {
            if (authenticated || r.Body.Length == 0 || r.Method is "OPTIONS" or "HEAD") continue;
            var text = r.Text;
            Add(hits, ExposureRules.DebugPage, ExposureSignatures.First(ExposureSignatures.DebugPages, text), r);
            if (r.StatusCode is < 200 or >= 300) continue;
            Add(hits, ExposureRules.DefaultPage, ExposureSignatures.First(ExposureSignatures.DefaultPages, text), r);
            Add(hits, ExposureRules.DirectoryListing, ExposureSignatures.First(ExposureSignatures.DirectoryListings, text), r);
        }
        foreach (var ((rule, name), (where, excerpt)) in hits)
            yield return e.Probe.Finding(rule, name, $"{name} at {string.Join(", ", where.Take(5))}{(where.Count > 5 ? $" and {where.Count - 5} more" : "")}: {excerpt}",
                Confidence.Confirmed);
    }

    private static void Add(Dictionary<(ThreatRule, string), (List<string>, string)> hits, ThreatRule rule, (string Name, string Excerpt)? hit, HttpProbeResult r)
    {
        if (hit is not { } h) return;
        var where = $"{r.Method} {r.FinalUri.PathAndQuery} ({r.StatusCode})";
        if (hits.TryGetValue((rule, h.Name), out var known)) { if (!known.Item1.Contains(where)) known.Item1.Add(where); }
        else hits[(rule, h.Name)] = (new List<string> { where }, h.Excerpt);
    }
}
