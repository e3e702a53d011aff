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
public sealed class InvokeApiThreatScanCommand : NetworkCmdlet
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

    /// <summary>TLS ports for certificate, transport and site checks (default 443).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int[] TlsPort { get; set; } = { 443 };

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

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Wordlist { get; set; }

    [Parameter]
    public Uri? CertificateTransparencyUri { get; set; }

    /// <summary>The port authoritative name servers answer on, for zone transfers and NS checks (default 53).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int NameServerPort { get; set; } = 53;

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
            if (!ScanTarget.TryHost(d, out var host, out var error) || System.Net.IPAddress.TryParse(host, out _) || !host.Contains('.'))
            {
                var message = $"'{d}' is not a domain name{(error.Length > 0 ? ": " + error : "")}.";
                WriteError(new ErrorRecord(new ArgumentException(message), "InvalidDomain", ErrorCategory.InvalidArgument, d)
                { ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Give a domain such as contoso.com." } });
                continue;
            }
            if (!_domains.Contains(host)) _domains.Add(host);
        }
    }

    protected override void EndProcessing()
    {
        if (_domains.Count > 0 && BuildRequest() is { } request)
        {
            Start(string.Join(",", _domains), async (sink, ct) =>
            {
                using var pipeline = new ScanPipeline(request, Network, new ScanObserver(sink, string.Join(", ", _domains)));
                ScanResult result;
                try { result = await pipeline.RunAsync(ct).ConfigureAwait(false); }
                catch (InvalidDataException ex)
                {
                    await sink.ErrorAsync(new ErrorRecord(ex, "InvalidScanData", ErrorCategory.InvalidData, null)
                    { ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = "Reinstall the module, or fix the file named." } }).ConfigureAwait(false);
                    return;
                }
                if (result.UnansweredHosts > 0 || result.ErrorGroups.Length > 0)
                {
                    var failed = result.ErrorGroups.Sum(g => g.Count);
                    await sink.WarningAsync($"{result.UnansweredHosts:N0} name(s) had no web port; {failed:N0} failed{(failed > 0 ? ", see $Error and the result's ErrorGroups" : "")}.").ConfigureAwait(false);
                }
                await sink.OutputAsync(result).ConfigureAwait(false);
            });
        }
        base.EndProcessing();
    }

    private ScanRequest? BuildRequest()
    {
        string? wordlist = Wordlist is null ? DataPaths.SubdomainWordlist : GetUnresolvedProviderPathFromPSPath(Wordlist);
        if (Engine.Discovery.Subdomains.Wordlist.Validate(wordlist) is { } invalid)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(invalid), "InvalidWordlist", ErrorCategory.InvalidArgument, Wordlist ?? wordlist)
            { ErrorDetails = new ErrorDetails(invalid) { RecommendedAction = "Give -Wordlist a readable text file with one label per line." } });
        }
        var ct = CertificateTransparencyUri ?? CertificateTransparencySource.DefaultEndpoint;
        if (!ct.IsAbsoluteUri || ct.Scheme is not ("http" or "https"))
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-CertificateTransparencyUri '{ct}' is not an http(s) URL."),
                "InvalidCertificateTransparencyUri", ErrorCategory.InvalidArgument, ct));
        var report = Report is null ? null : GetUnresolvedProviderPathFromPSPath(Report);
        // The file policy is checked before the scan, not after twenty minutes of it (missing folder, -NoClobber, read-only).
        if (report is not null) OutputFile.Check(this, report, Force.IsPresent, NoClobber.IsPresent, action: null);
        var baseline = Store(Baseline);
        var saveTo = Store(SaveTo);
        var writes = new List<string>();
        if (report is not null) writes.Add($"write the {ReportFormat} report {report}");
        if (saveTo is not null) writes.Add($"save a snapshot to {InventoryStores.Display(saveTo)}");
        var what = $"{Profile} scan{(WorkShare.IsWhole ? "" : $" (shard {WorkShare})")}" + (writes.Count > 0 ? ", then " + string.Join(" and ", writes) : "");
        if (!ShouldProcess(string.Join(", ", _domains), what)) return null;
        var scanId = ScanId ?? (Environment.GetEnvironmentVariable("APITHREAT_SCAN_ID") is { Length: > 0 } fromEnvironment ? fromEnvironment : null);
        if (scanId is null && !WorkShare.IsWhole)
            WriteWarning($"Shard {WorkShare} runs without -ScanId (or APITHREAT_SCAN_ID): its snapshot will not merge with the other shards'.");
        return new ScanRequest
        {
            Domains = _domains.ToArray(),
            Profile = Profile,
            Ports = Port,
            TlsPorts = TlsPort,
            WordlistPath = wordlist,
            CertificateTransparencyUri = ct,
            NameServerPort = NameServerPort,
            QueriesInFlight = MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)) ? Math.Max(ThrottleLimit, 16) : 500,
            HostConcurrency = Math.Clamp(ThrottleLimit, 1, 64),
            Organization = Organization,
            Data = new ScanDataPaths
            {
                FingerprintDirectory = DataPaths.Fingerprints,
                TakeoverSignatureFiles = new[] { DataPaths.TakeoverSignatures },
                HstsPreloadFile = DataPaths.HstsPreload,
                CloudRangeFile = DataPaths.CloudRanges,
                ScoringPolicyFile = DataPaths.ScoringPolicy,
            },
            Shard = WorkShare,
            ScanId = scanId ?? Guid.NewGuid().ToString("n"),
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

    /// <summary>A PostgreSQL location as given; a file path resolved against the current location.</summary>
    private string? Store(string? location) =>
        location is null ? null : InventoryStores.IsPostgres(location) ? location : GetUnresolvedProviderPathFromPSPath(location);
}
