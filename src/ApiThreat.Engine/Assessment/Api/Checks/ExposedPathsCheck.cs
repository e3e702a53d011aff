using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-005..007: files that must never be served (.git, .svn, .DS_Store, .env, backups, dumps, swap files), each
/// validated by its content; and the site root, usual asset folders and the servlet containers' sample applications
/// (/examples/), fetched so that the checks reading every response see directory listings, default pages and debug pages. One finding per host and kind of file.
/// </summary>
public sealed class ExposedPathsCheck : IAsyncCheck<ApiProbe>
{
    /// <summary>Folders that often have no index page, where a listing shows if the server makes them.</summary>
    internal static readonly string[] Folders = { "/", "/static/", "/uploads/", "/files/", "/images/", "/assets/", "/media/", "/backup/", "/examples/" };

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.RepositoryExposed, ExposureRules.SecretFileExposed, ExposureRules.BackupFileExposed };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var origin = ApiProbe.Origin(probe.Request.Url);
        foreach (var folder in Folders) await probe.GetOnceAsync(new Uri(origin, folder)).ConfigureAwait(false);

        var hits = new List<(ExposedFiles.Candidate Candidate, int Bytes)>();
        foreach (var candidate in ExposedFiles.All)
        {
            var r = await probe.SendAsync(new Uri(origin, candidate.Path), followRedirects: false, maxBodyBytes: 256 * 1024).ConfigureAwait(false);
            if (r is null || r.StatusCode is < 200 or >= 300 || !candidate.IsReal(r)) continue;
            hits.Add((candidate, r.Body.Length));
        }
        return hits.GroupBy(h => (h.Candidate.Rule.Id, h.Candidate.What)).Select(g =>
        {
            var first = g.First().Candidate;
            var paths = string.Join(", ", g.Select(h => $"{h.Candidate.Path} ({h.Bytes} bytes)"));
            return probe.Finding(first.Rule, first.What, $"{first.What} served without credentials: {paths}", Confidence.Confirmed);
        }).ToList();
    }
}
