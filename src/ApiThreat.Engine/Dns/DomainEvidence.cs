using System.Net;
using ApiThreat.Engine.Net;
using DnsClient.Protocol;

namespace ApiThreat.Engine.Dns;

/// <summary>
/// How one DNS question ended. Answered (records or a definite "none": NOERROR, NODATA, NXDOMAIN) is evidence; a
/// failure (SERVFAIL, REFUSED, timeout, a broken answer) says nothing about the records, so the rules that need the
/// answer are not checked rather than read as a missing record.
/// </summary>
public sealed record LookupOutcome(string Name, string Type, DnsStatus Status, string? Error = null)
{
    public bool Answered => Status is DnsStatus.NoError or DnsStatus.NoData or DnsStatus.NxDomain;

    public static LookupOutcome Of(DnsAnswer answer) => new(answer.Name, answer.Type.ToString(), answer.Status, answer.Error);

    public override string ToString() => $"{Type} {Name}: {(Error is null ? Status.ToString() : $"{Status} ({Error})")}";
}

/// <summary>What one endpoint of an authoritative server said about the zone when asked directly.</summary>
public enum NameServerReply
{
    /// <summary>An authoritative SOA for the zone.</summary>
    Authoritative,
    /// <summary>It answered but does not serve the zone: REFUSED, NXDOMAIN, no SOA, or no AA bit.</summary>
    NotServing,
    /// <summary>No usable answer (timeout, broken answer): lame only if other servers of the zone did answer.</summary>
    Silent,
    /// <summary>Not asked: the scope refused the address (private without -AllowPrivateAddress, excluded, metadata).</summary>
    NotAsked,
}

public sealed record NameServerAnswer(IPEndPoint EndPoint, NameServerReply Reply, string Detail, uint? Serial = null, IReadOnlyList<string>? NsSet = null);

/// <summary>One NS name of the zone: how its own name resolved, and what each of its addresses answered.</summary>
public sealed record NameServerEvidence(string Name, DnsStatus NameStatus, string? NameError, IReadOnlyList<NameServerAnswer> Answers);

/// <summary>
/// Everything the DNS checks judge for one domain, each lookup with its outcome. Gathered once by
/// <see cref="DomainIntelligenceCollector"/>; every DNS rule is a check over it (<see cref="Rules.ICheck{TEvidence}"/>).
/// </summary>
public sealed class DomainEvidence
{
    public required string Domain { get; init; }

    public required LookupOutcome NsLookup { get; init; }
    /// <summary>The NS set the resolver gave, sorted.</summary>
    public IReadOnlyList<string> NsSet { get; init; } = Array.Empty<string>();
    public IReadOnlyList<NameServerEvidence> NameServers { get; init; } = Array.Empty<NameServerEvidence>();

    public required LookupOutcome TxtLookup { get; init; }
    /// <summary>The apex TXT records that start with v=spf1.</summary>
    public IReadOnlyList<string> SpfRecords { get; init; } = Array.Empty<string>();
    /// <summary>The one SPF record, parsed; null unless there is exactly one.</summary>
    public SpfParseResult? Spf { get; init; }
    /// <summary>Its lookups counted through nested include/redirect; null unless <see cref="Spf"/> is set.</summary>
    public SpfLookupCounter.Walk? SpfWalk { get; init; }

    public required LookupOutcome DmarcLookup { get; init; }
    /// <summary>The _dmarc TXT records that mention DMARC.</summary>
    public IReadOnlyList<string> DmarcRecords { get; init; } = Array.Empty<string>();

    /// <summary>The first CAA lookup that failed on the way up the tree (then CAA is not checked), or null.</summary>
    public LookupOutcome? CaaFailure { get; init; }
    public string CaaOwner { get; init; } = "";
    public IReadOnlyList<CaaRecord> Caa { get; init; } = Array.Empty<CaaRecord>();

    public required LookupOutcome DsLookup { get; init; }
    public required LookupOutcome DnskeyLookup { get; init; }
    public IReadOnlyList<DsRecord> Ds { get; init; } = Array.Empty<DsRecord>();
    public bool HasDnskey { get; init; }

    /// <summary>Zone transfer attempts (empty when skipped).</summary>
    public IReadOnlyList<ZoneTransferResult> Transfers { get; init; } = Array.Empty<ZoneTransferResult>();
    /// <summary>Host names the open transfers revealed.</summary>
    public IReadOnlyList<string> TransferNames { get; init; } = Array.Empty<string>();

    /// <summary>What random names under the domain resolved to, or null when none did.</summary>
    public string? Wildcard { get; init; }

    /// <summary>Names whose CNAME chain ends in a name that does not exist (an answered NXDOMAIN).</summary>
    public IReadOnlyList<HostResolution> DanglingCnames { get; init; } = Array.Empty<HostResolution>();
}
