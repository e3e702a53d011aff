namespace ApiThreat;

/// <summary>A live name found under a domain, with how it was found.</summary>
public sealed class DiscoveredHost
{
    public string HostName { get; set; } = "";
    /// <summary>The input domain under which the name was found.</summary>
    public string Domain { get; set; } = "";
    public string[] Addresses { get; set; } = Array.Empty<string>();
    public string[] CnameChain { get; set; } = Array.Empty<string>();
    /// <summary>Every source that found the name (Wordlist, ZoneTransfer, CertificateTransparency, a passive provider, TlsSan, Permutation, Recursive, ReverseDns).</summary>
    public string[] Sources { get; set; } = Array.Empty<string>();
    /// <summary>True when the answers only matched a wildcard record.</summary>
    public bool IsWildcard { get; set; }
    /// <summary>DNS problems seen while resolving the name (a dangling CNAME).</summary>
    public Finding[] Findings { get; set; } = Array.Empty<Finding>();
    /// <summary>
    /// False for a candidate of -IpRange/-Asn: a name seen on the organisation's addresses that is not under its domains
    /// (or does not resolve). Candidates are never contacted; filter with Where-Object InScope before scanning.
    /// </summary>
    public bool InScope { get; set; } = true;
    /// <summary>How the name was found on the organisation's addresses ("PTR 203.0.113.7 -> api.contoso.com", "certificate of ...").</summary>
    public string[] Evidence { get; set; } = Array.Empty<string>();
    public DateTimeOffset FirstSeen { get; set; } = DateTimeOffset.UtcNow;

    public override string ToString() => HostName;
}
