using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Dns.Checks;

/// <summary>ATR-DNS-003: no SPF record, judged only on an answered TXT lookup.</summary>
public sealed class SpfMissingCheck : ICheck<DomainEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DnsRules.SpfMissing };

    public IEnumerable<Finding> Run(DomainEvidence e)
    {
        if (e.TxtLookup.Answered && e.SpfRecords.Count == 0)
            yield return DnsRules.SpfMissing.ToFinding(e.Domain, $"No TXT record at {e.Domain} starts with v=spf1.");
    }
}

/// <summary>ATR-DNS-007: several SPF records, syntax errors, or an include/redirect target without one.</summary>
public sealed class SpfInvalidCheck : ICheck<DomainEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DnsRules.SpfInvalid };

    public IEnumerable<Finding> Run(DomainEvidence e)
    {
        if (e.SpfRecords.Count > 1)
            yield return DnsRules.SpfInvalid.ToFinding(e.Domain, $"{e.SpfRecords.Count} SPF records: {string.Join(" | ", e.SpfRecords)}");
        else if (e.Spf is { } spf && e.SpfWalk is { } walk && (spf.Errors.Count > 0 || walk.Errors.Count > 0))
            yield return DnsRules.SpfInvalid.ToFinding(e.Domain, $"{spf.Raw}: {string.Join("; ", spf.Errors.Concat(walk.Errors))}");
    }
}

/// <summary>ATR-DNS-004 and 005: the policy for unlisted senders (+all; ?all or none). A redirect whose record could not be read leaves it unknown.</summary>
public sealed class SpfAllCheck : ICheck<DomainEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DnsRules.SpfPassAll, DnsRules.SpfWeakAll };

    public IEnumerable<Finding> Run(DomainEvidence e)
    {
        if (e.Spf is not { } spf || e.SpfWalk is not { } walk) yield break;
        var all = spf.AllQualifier ?? walk.RedirectAllQualifier;
        if (all is null && walk.RedirectUnresolved) yield break; // the redirect's policy is unknown, not absent
        if (all == '+')
            yield return DnsRules.SpfPassAll.ToFinding(e.Domain, spf.Raw);
        else if (all is null or '?')
            yield return DnsRules.SpfWeakAll.ToFinding(e.Domain, all is null ? $"{spf.Raw} (no all and no redirect)" : spf.Raw);
    }
}

/// <summary>ATR-DNS-006: more than 10 DNS-querying terms across nested includes (a lower bound when some could not be read).</summary>
public sealed class SpfLookupLimitCheck : ICheck<DomainEvidence>
{
    private const int Limit = 10;

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DnsRules.SpfTooManyLookups };

    public IEnumerable<Finding> Run(DomainEvidence e)
    {
        if (e.SpfWalk is not { } walk || walk.Lookups <= Limit) yield break;
        yield return DnsRules.SpfTooManyLookups.ToFinding(e.Domain, $"{walk.Lookups} DNS lookups (limit 10): {string.Join(", ", walk.Path)}"
            + (walk.Unresolved.Count > 0 ? $"; not counted, their TXT query failed: {string.Join(", ", walk.Unresolved)}" : ""));
    }
}

/// <summary>ATR-DNS-020: the deprecated ptr mechanism.</summary>
public sealed class SpfPtrCheck : ICheck<DomainEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DnsRules.SpfPtrMechanism };

    public IEnumerable<Finding> Run(DomainEvidence e)
    {
        if (e.Spf is { } spf && e.SpfWalk is { UsesPtr: true })
            yield return DnsRules.SpfPtrMechanism.ToFinding(e.Domain, spf.Raw);
    }
}
