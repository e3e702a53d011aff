using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-EXPO-001: products with versions named by any response's headers or error-page footers; one Low finding per host.</summary>
public sealed class VersionDisclosureCheck : ICheck<ApiEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.VersionDisclosed };

    public IEnumerable<Finding> Run(ApiEvidence e)
    {
        var seen = new List<string>();
        foreach (var (r, _) in e.Responses)
            foreach (var (where, product) in VersionDisclosure.Read(r))
            {
                var item = $"{where}: {product}";
                if (!seen.Contains(item) && seen.Count < 8) seen.Add(item);
            }
        if (seen.Count > 0)
            yield return e.Probe.Finding(ExposureRules.VersionDisclosed, e.Request.Url.IdnHost, string.Join("; ", seen), Confidence.Confirmed);
    }
}
