namespace ApiThreat;

/// <summary>Everything one Invoke-ApiThreatScan run (or one shard of it) produced.</summary>
public sealed class ScanResult
{
    /// <summary>Shared by every shard of one scan; names the inventory snapshot they write together.</summary>
    public string ScanId { get; set; } = "";
    /// <summary>"i/n" when this result is one shard of a split scan; empty for a whole scan.</summary>
    public string? Shard { get; set; }
    public string[] Domains { get; set; } = Array.Empty<string>();
    public string Profile { get; set; } = "Standard";
    public DateTimeOffset Started { get; set; }
    public DateTimeOffset Finished { get; set; }
    public DiscoveredHost[] Hosts { get; set; } = Array.Empty<DiscoveredHost>();
    public DnsIntelligence[] Dns { get; set; } = Array.Empty<DnsIntelligence>();
    public CertificateInfo[] Certificates { get; set; } = Array.Empty<CertificateInfo>();
    public TransportAssessment[] Transport { get; set; } = Array.Empty<TransportAssessment>();
    public IpIntelligence[] Ips { get; set; } = Array.Empty<IpIntelligence>();
    public ApiEndpoint[] Inventory { get; set; } = Array.Empty<ApiEndpoint>();
    public Technology[] Technologies { get; set; } = Array.Empty<Technology>();
    public HijackAssessment[] Assessments { get; set; } = Array.Empty<HijackAssessment>();
    public Finding[] Findings { get; set; } = Array.Empty<Finding>();
    public RiskScore[] Scores { get; set; } = Array.Empty<RiskScore>();
    public InventoryChange[] Changes { get; set; } = Array.Empty<InventoryChange>();
    /// <summary>Failures a user must act on, one line per stage and cause: "Stage: ErrorId ×count (samples)".</summary>
    public string[] Errors { get; set; } = Array.Empty<string>();
    /// <summary>The same failures grouped by stage and cause, with counts and sample targets.</summary>
    public ScanErrorGroup[] ErrorGroups { get; set; } = Array.Empty<ScanErrorGroup>();
    /// <summary>Discovered names that answered on no web or TLS port (a normal outcome: not errors).</summary>
    public int UnansweredHosts { get; set; }
    public string? ReportPath { get; set; }
    /// <summary>The inventory snapshot this scan wrote (-SaveTo), when it wrote one.</summary>
    public InventorySnapshot? Snapshot { get; set; }

    public override string ToString() => $"{string.Join(",", Domains)}: {Hosts.Length} hosts, {Findings.Length} findings";
}

/// <summary>Failures of one scan stage with one cause: how many targets, and a few of them.</summary>
public sealed class ScanErrorGroup
{
    public string Stage { get; set; } = "";
    /// <summary>The stable error id (ConnectFailed, TlsHandshakeFailed, OutOfScope...).</summary>
    public string ErrorId { get; set; } = "";
    public string Category { get; set; } = "";
    public int Count { get; set; }
    public string[] Samples { get; set; } = Array.Empty<string>();
    /// <summary>The first message seen for this cause.</summary>
    public string Message { get; set; } = "";

    public override string ToString() => $"{Stage}: {ErrorId} ×{Count} ({string.Join(", ", Samples)})";
}
