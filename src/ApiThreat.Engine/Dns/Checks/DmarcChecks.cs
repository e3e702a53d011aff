using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Dns.Checks;

/// <summary>ATR-DNS-008: no DMARC record, judged only on an answered _dmarc lookup.</summary>
public sealed class DmarcMissingCheck : ICheck<DomainEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DnsRules.DmarcMissing };

    public IEnumerable<Finding> Run(DomainEvidence e)
    {
        if (e.DmarcLookup.Answered && e.DmarcRecords.Count == 0)
            yield return DnsRules.DmarcMissing.ToFinding(e.Domain, $"No DMARC record at _dmarc.{e.Domain}.");
    }
}

/// <summary>ATR-DNS-011: several DMARC records or one receivers cannot read.</summary>
public sealed class DmarcInvalidCheck : ICheck<DomainEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DnsRules.DmarcInvalid };

    public IEnumerable<Finding> Run(DomainEvidence e)
    {
        if (e.DmarcRecords.Count > 1)
            yield return DnsRules.DmarcInvalid.ToFinding(e.Domain,
                $"{e.DmarcRecords.Count} DMARC records: receivers ignore them all: {string.Join(" | ", e.DmarcRecords)}");
        else if (e.DmarcRecords.Count == 1 && DmarcRecordParser.Parse(e.DmarcRecords[0]) is { IsValid: false } parsed)
            yield return DnsRules.DmarcInvalid.ToFinding(e.Domain, $"{parsed.Raw}: {string.Join("; ", parsed.Errors)}");
    }
}

/// <summary>ATR-DNS-009, 010 and 018: a valid DMARC policy that only monitors, applies to part of the mail, or asks for no reports.</summary>
public sealed class DmarcPolicyCheck : ICheck<DomainEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DnsRules.DmarcMonitorOnly, DnsRules.DmarcPartial, DnsRules.DmarcNoReporting };

    public IEnumerable<Finding> Run(DomainEvidence e)
    {
        if (e.DmarcRecords.Count != 1 || DmarcRecordParser.Parse(e.DmarcRecords[0]) is not { IsValid: true } parsed) yield break;
        if (parsed.Policy == "none") yield return DnsRules.DmarcMonitorOnly.ToFinding(e.Domain, parsed.Raw);
        else if (parsed.Percent < 100) yield return DnsRules.DmarcPartial.ToFinding(e.Domain, $"pct={parsed.Percent}: {parsed.Raw}");
        if (parsed.Rua.Count == 0) yield return DnsRules.DmarcNoReporting.ToFinding(e.Domain, parsed.Raw);
    }
}
