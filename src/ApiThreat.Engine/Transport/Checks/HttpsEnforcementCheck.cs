using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Transport.Checks;

/// <summary>HTTPS not enforced: plain HTTP served without a redirect, HSTS missing, or HSTS too short or invalid.</summary>
internal sealed class HttpsEnforcementCheck : ICheck<TransportEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { TransportRules.NoHttpsRedirect, TransportRules.HstsMissing, TransportRules.HstsWeak };

    public IEnumerable<Finding> Run(TransportEvidence evidence)
    {
        if (evidence.RedirectsToHttps == false)
            yield return TransportRules.NoHttpsRedirect.ToFinding(evidence.Target, "a plain-HTTP request was answered without a redirect to https://");
        if (!evidence.HstsTested) yield break;
        if (evidence.Hsts is null)
            yield return TransportRules.HstsMissing.ToFinding(evidence.Target, "no Strict-Transport-Security header on the HTTPS response");
        else if (evidence.HstsMaxAge is null || evidence.HstsMaxAge < TransportGrader.HstsMinimumMaxAge)
            yield return TransportRules.HstsWeak.ToFinding(evidence.Target, $"Strict-Transport-Security: {evidence.Hsts}");
    }
}
