using System.Management.Automation;
using ApiThreat.Engine.Discovery.Subdomains;
using ApiThreat.Engine.Inventory;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Scan;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// The one-call audit: discovery, DNS/certificate/transport/IP intelligence, API inventory, technology, hijack, API and
/// specification assessments, scores, drift against a baseline, the snapshot and the report, in one engine pipeline
/// (<see cref="ScanPipeline"/>) with one progress display and one ScanResult. -Shard splits it over workers.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ApiThreatScan", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(ScanResult))]
public sealed class InvokeApiThreatScanCommand : SubdomainSourceCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Domain { get; set; } = Array.Empty<string>();

    /// <summary>Passive: reading only. Standard: adds spec and path discovery and TLS enumeration. Active: adds probes.</summary>
    [Parameter]
    public ScanProfile Profile { get; set; } = ScanProfile.Standard;

    /// <summary>Web ports to inventory (default: the inventory's usual ports).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int[]? Port { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Report { get; set; }

    [Parameter]
    public ReportFormat ReportFormat { get; set; } = ReportFormat.Html;

    /// <summary>Replace a read-only -Report file (the exporters' file policy).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Refuse to replace an existing -Report file: the scan does not start.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>An inventory to compare this scan with: an SQLite file, or a PostgreSQL URI or connection string.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Baseline { get; set; }

    /// <summary>An inventory to save this scan's snapshot into (may be the baseline): an SQLite file or PostgreSQL.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SaveTo { get; set; }

    /// <summary>User name and password for a PostgreSQL inventory (instead of putting them in the connection string).</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Shared by every shard of one scan: their snapshots merge into one. Default: $env:APITHREAT_SCAN_ID, else new.</summary>
    [Parameter]
    [ValidatePattern("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")]
    public string? ScanId { get; set; }

    /// <summary>A resume file: finished work recorded there is not probed again; the scan records its progress there.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ResumeFrom { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Organization { get; set; }

    /// <summary>Also run Find-ExposedSecret's detectors on every answer the inventory stage fetches (no extra request); findings ATR-SECRET-*.</summary>
    [Parameter]
    public SwitchParameter IncludeSecrets { get; set; }

    private readonly List<string> _domains = new();

    protected override int Concurrency => 1;

    protected override string ProgressActivity => "ApiThreat scan";

    /// <summary>The scan shards inside the pipeline (by host), not by its input domains.</summary>
    protected override string? ShardKey(object target) => null;

    /// <summary>The pipeline reports silence itself, in its summary.</summary>
    protected override bool QuietUnanswered => false;

    protected override void ProcessRecord()
    {
        foreach (var d in Domain)
        {
            if (!ScanTarget.TryDomain(d, out var host, out var error)) WriteError(InputErrors.InvalidDomain(d, error));
            else if (!_domains.Contains(host)) _domains.Add(host);
        }
    }

    protected override void EndProcessing()
    {
        if (_domains.Count > 0 && BuildRequest() is { } request)
        {
            Start(string.Join(",", _domains), (sink, ct) => ScanObserver.RunAsync(sink, request, Network, string.Join(", ", _domains), ct));
        }
        base.EndProcessing();
    }

    private ScanRequest? BuildRequest()
    {
        var wordlist = WordlistPath();
        var ct = CertificateTransparencyEndpoint();
        var report = Report is null ? null : GetUnresolvedProviderPathFromPSPath(Report);
        // The file policy is checked before the scan, not after twenty minutes of it (missing folder, -NoClobber, read-only).
        if (report is not null) OutputFile.Check(this, report, Force.IsPresent, NoClobber.IsPresent, action: null);
        var baseline = Baseline is null ? null : this.StoreLocation(Baseline);
        var saveTo = SaveTo is null ? null : this.StoreLocation(SaveTo);
        if (!ShouldProcess(string.Join(", ", _domains), ScanSummary.Action(Profile, WorkShare, report, ReportFormat.ToString(), saveTo))) return null;
        var scanId = ScanSummary.ScanId(ScanId, Environment.GetEnvironmentVariable, WorkShare, out var shardWarning);
        if (shardWarning is not null) WriteWarning(shardWarning);
        return new ScanRequest
        {
            Domains = _domains.ToArray(),
            Profile = Profile,
            Ports = Port,
            TlsPorts = TlsPort,
            WordlistPath = wordlist,
            CertificateTransparencyUri = ct,
            NameServerPort = NameServerPort,
            QueriesInFlight = QueriesInFlight(floor: 16),
            HostConcurrency = Math.Clamp(ThrottleLimit, 1, 64),
            Organization = Organization,
            Data = DataPaths.Scan,
            Shard = WorkShare,
            ScanId = scanId,
            JournalPath = ResumeFrom is null ? null : GetUnresolvedProviderPathFromPSPath(ResumeFrom),
            Baseline = baseline,
            SaveTo = saveTo,
            StoreCredential = Credential?.GetNetworkCredential(),
            ReportPath = report,
            MarkdownReport = ReportFormat == ReportFormat.Markdown,
            ReplaceReadOnlyReport = Force.IsPresent,
            IncludeSecrets = IncludeSecrets.IsPresent,
        };
    }
}
