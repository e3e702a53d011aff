using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-EXPO-014: an HTML page with a password field that is served over http://, or whose form posts to an http:// URL.</summary>
public sealed class PasswordOverHttpCheck : ICheck<ApiEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.PasswordOverHttp };

    public IEnumerable<Finding> Run(ApiEvidence e)
    {
        foreach (var (r, _) in e.Responses)
        {
            if (r.StatusCode is < 200 or >= 300 || !LoginPage.IsHtml(r) || r.Text.IndexOf("password", StringComparison.OrdinalIgnoreCase) < 0) continue;
            if (PasswordForms.Insecure(r) is { } why)
            {
                yield return e.Probe.Finding(ExposureRules.PasswordOverHttp, r.FinalUri.AbsolutePath, why, Confidence.Confirmed);
                yield break;
            }
        }
    }
}
