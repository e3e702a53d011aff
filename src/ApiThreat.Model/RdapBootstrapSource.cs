namespace ApiThreat;

/// <summary>The RDAP bootstrap registry Update-ApiThreatData wrote (IANA dns.json): which RDAP server serves each TLD.</summary>
public sealed class RdapBootstrapSource
{
    /// <summary>The registry's publication date.</summary>
    public string Publication { get; set; } = "";
    public int TldCount { get; set; }
    public string Path { get; set; } = "";

    public override string ToString() => $"RDAP bootstrap {Publication} ({TldCount} TLDs)";
}
