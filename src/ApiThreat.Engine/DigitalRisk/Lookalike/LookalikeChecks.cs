using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.DigitalRisk.Lookalike;

/// <summary>What the lookalike checks judge: one resolved and enriched lookalike, and the thresholds of the run.</summary>
public sealed class LookalikeEvidence
{
    public required LookalikeDomain Domain { get; init; }
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
    /// <summary>Registered within this many days counts as newly registered.</summary>
    public int NewlyRegisteredDays { get; init; } = 30;
    /// <summary>Page similarity (0-100) from which a lookalike's page counts as a copy.</summary>
    public int SimilarityThreshold { get; init; } = 80;

    /// <summary>Registered, not a wildcard's answer, and not the organisation's own defensive registration.</summary>
    public bool IsForeignRegistration =>
        Domain.Status == LookalikeStatus.Registered && !Domain.IsWildcard && !PointsHome(Domain.MailServers) && !PointsHome(Domain.NameServers);

    // A lookalike whose NS or MX hosts sit under the original domain is run by the organisation (a defensive registration).
    private bool PointsHome(string[] hosts) =>
        hosts.Length > 0 && hosts.All(h => Under(h, Domain.OriginalDomain));

    internal static bool Under(string host, string domain)
    {
        var h = host.TrimEnd('.').ToLowerInvariant();
        var d = domain.TrimEnd('.').ToLowerInvariant();
        return h == d || h.EndsWith("." + d, StringComparison.Ordinal);
    }

    internal Finding Make(ThreatRule rule, string evidence)
    {
        var f = rule.ToFinding(Domain.Domain, evidence, Confidence.Firm, DetectionMethod.Passive);
        f.HostName = Domain.OriginalDomain; // the organisation's exposure: scored under the domain imitated
        f.Location = Domain.Domain;
        return f;
    }
}

/// <summary>ATR-DRP-001: a registered lookalike with mail exchangers that are not the organisation's.</summary>
public sealed class LookalikeMailCheck : ICheck<LookalikeEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DigitalRiskRules.LookalikeReceivesMail };

    public IEnumerable<Finding> Run(LookalikeEvidence e)
    {
        if (!e.IsForeignRegistration || e.Domain.MailServers.Length == 0) yield break;
        yield return e.Make(DigitalRiskRules.LookalikeReceivesMail,
            $"{e.Domain.UnicodeDomain} ({e.Domain.Fuzzer} of {e.Domain.OriginalDomain}) has MX {string.Join(", ", e.Domain.MailServers)}");
    }
}

/// <summary>ATR-DRP-002: the lookalike's own page (not a redirect to the organisation) is a near copy of the original's.</summary>
public sealed class LookalikePageCheck : ICheck<LookalikeEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DigitalRiskRules.LookalikeServesSimilarPage };

    public IEnumerable<Finding> Run(LookalikeEvidence e)
    {
        if (!e.IsForeignRegistration || e.Domain.PageSimilarity is not { } score || score < e.SimilarityThreshold) yield break;
        yield return e.Make(DigitalRiskRules.LookalikeServesSimilarPage,
            $"{e.Domain.PageUrl} is {score}% similar to the page of {e.Domain.OriginalDomain} (threshold {e.SimilarityThreshold})");
    }
}

/// <summary>ATR-DRP-003: RDAP dates the registration within the last days.</summary>
public sealed class NewlyRegisteredLookalikeCheck : ICheck<LookalikeEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DigitalRiskRules.NewlyRegisteredLookalike };

    public IEnumerable<Finding> Run(LookalikeEvidence e)
    {
        if (!e.IsForeignRegistration || e.Domain.RegistrationDate is not { } registered) yield break;
        var age = e.Now - registered;
        if (age > TimeSpan.FromDays(e.NewlyRegisteredDays) || age < TimeSpan.FromDays(-1)) yield break;
        yield return e.Make(DigitalRiskRules.NewlyRegisteredLookalike,
            $"{e.Domain.UnicodeDomain} was registered {registered:yyyy-MM-dd} ({Math.Max(0, (int)age.TotalDays)} days ago, RDAP {e.Domain.RdapSource})"
            + (e.Domain.Registrar is null ? "" : $" through {e.Domain.Registrar}"));
    }
}
