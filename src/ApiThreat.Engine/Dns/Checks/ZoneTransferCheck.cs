using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Dns.Checks;

/// <summary>ATR-DNS-001: an authoritative server hands the whole zone to anyone (AXFR).</summary>
public sealed class ZoneTransferCheck : ICheck<DomainEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DnsRules.ZoneTransferOpen };

    public IEnumerable<Finding> Run(DomainEvidence e)
    {
        var open = e.Transfers.Where(t => t.Allowed).ToArray();
        if (open.Length == 0) yield break;
        var names = e.TransferNames;
        yield return DnsRules.ZoneTransferOpen.ToFinding(e.Domain,
            $"AXFR of {e.Domain} answered by {string.Join(", ", open.Select(t => t.Server))}: {open.Max(t => t.Records.Count)} records " +
            $"({string.Join(", ", names.Take(10))}{(names.Count > 10 ? ", ..." : "")})" +
            (open.Any(t => t.SkippedRecords > 0) ? $"; {open.Max(t => t.SkippedRecords)} unreadable record(s) skipped" : ""));
    }
}
