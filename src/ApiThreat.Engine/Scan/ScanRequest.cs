using ApiThreat.Engine.Discovery.Apis;

namespace ApiThreat.Engine.Scan;

/// <summary>What Invoke-ApiThreatScan asks of the scan pipeline: the domains, how deep, where data and results go.</summary>
public sealed class ScanRequest
{
    public required IReadOnlyList<string> Domains { get; init; }
    public ScanProfile Profile { get; init; } = ScanProfile.Standard;
    /// <summary>Web ports to inventory; null = the inventory's usual ports (<see cref="ApiPathCatalog.DefaultPorts"/>).</summary>
    public IReadOnlyList<int>? Ports { get; init; }
    /// <summary>TLS ports for certificates, transport and the site-level assessments.</summary>
    public IReadOnlyList<int> TlsPorts { get; init; } = new[] { 443 };
    public string? WordlistPath { get; init; }
    public Uri? CertificateTransparencyUri { get; init; }
    public int NameServerPort { get; init; } = 53;
    /// <summary>DNS queries in flight during subdomain brute force.</summary>
    public int QueriesInFlight { get; init; } = 500;
    /// <summary>Hosts assessed at once.</summary>
    public int HostConcurrency { get; init; } = 24;
    public string? Organization { get; init; }
    public required ScanDataPaths Data { get; init; }
    public ShardSpec Shard { get; init; } = ShardSpec.Whole;
    /// <summary>Shared by every shard of one scan; the inventory snapshot they write together.</summary>
    public string ScanId { get; init; } = Guid.NewGuid().ToString("n");
    /// <summary>How long a shard waits for a sibling that has not started before doing its share itself (shards that save into one store).</summary>
    public TimeSpan ShardStartGrace { get; init; } = ShardParts.DefaultStartGrace;
    /// <summary>A resume file: finished units are restored, not probed again.</summary>
    public string? JournalPath { get; init; }
    /// <summary>An inventory (SQLite file or PostgreSQL location) to compare with.</summary>
    public string? Baseline { get; init; }
    /// <summary>An inventory to save the snapshot into (may be the baseline).</summary>
    public string? SaveTo { get; init; }
    public System.Net.NetworkCredential? StoreCredential { get; init; }
    public string? ReportPath { get; init; }
    public bool MarkdownReport { get; init; }
    /// <summary>-Force: a read-only report file is replaced too.</summary>
    public bool ReplaceReadOnlyReport { get; init; }
    /// <summary>Run the secret detectors on every answer the inventory stage fetches (no extra request).</summary>
    public bool IncludeSecrets { get; init; }
}

/// <summary>The data files the stages read (the module's own or the user's refreshed copies).</summary>
public sealed class ScanDataPaths
{
    public required string FingerprintDirectory { get; init; }
    public IReadOnlyList<string> TakeoverSignatureFiles { get; init; } = Array.Empty<string>();
    public string? HstsPreloadFile { get; init; }
    public string? CloudRangeFile { get; init; }
    public required string ScoringPolicyFile { get; init; }
}
