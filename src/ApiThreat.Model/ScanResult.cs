namespace ApiThreat;

/// <summary>Everything one Invoke-ApiThreatScan run produced.</summary>
public sealed class ScanResult
{
    public string[] Domains { get; set; } = Array.Empty<string>();
    public string Profile { get; set; } = "Standard";
    public DateTimeOffset Started { get; set; }
    public DateTimeOffset Finished { get; set; }
    public DiscoveredHost[] Hosts { get; set; } = Array.Empty<DiscoveredHost>();
    public DnsIntelligence[] Dns { get; set; } = Array.Empty<DnsIntelligence>();
    public CertificateInfo[] Certificates { get; set; } = Array.Empty<CertificateInfo>();
    public IpIntelligence[] Ips { get; set; } = Array.Empty<IpIntelligence>();
    public ApiEndpoint[] Inventory { get; set; } = Array.Empty<ApiEndpoint>();
    public Technology[] Technologies { get; set; } = Array.Empty<Technology>();
    public HijackAssessment[] Assessments { get; set; } = Array.Empty<HijackAssessment>();
    public Finding[] Findings { get; set; } = Array.Empty<Finding>();
    public RiskScore[] Scores { get; set; } = Array.Empty<RiskScore>();
    public InventoryChange[] Changes { get; set; } = Array.Empty<InventoryChange>();
    public string[] Errors { get; set; } = Array.Empty<string>();
    public string? ReportPath { get; set; }

    public override string ToString() => $"{string.Join(",", Domains)}: {Hosts.Length} hosts, {Findings.Length} findings";
}
