namespace ApiThreat;

/// <summary>Who owns an address, what it is, and what else lives on it.</summary>
public sealed class IpIntelligence
{
    public string Address { get; set; } = "";
    public string? ReverseName { get; set; }
    public bool ForwardConfirmed { get; set; }
    public string Classification { get; set; } = "Public";
    public bool IsPrivate { get; set; }
    public int? Asn { get; set; }
    public string? Organization { get; set; }
    public string? Country { get; set; }
    public string? CloudProvider { get; set; }
    public string? CloudService { get; set; }
    public string? CloudRegion { get; set; }
    /// <summary>The published prefix that matched (longest match).</summary>
    public string? CloudRange { get; set; }
    public string[] HostNames { get; set; } = Array.Empty<string>();
    public bool SharedHosting { get; set; }
    public Finding[] Findings { get; set; } = Array.Empty<Finding>();

    public override string ToString() => Address;
}
