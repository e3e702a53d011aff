using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Scan;
using ApiThreat.Infrastructure;
using ApiThreat.Scan;

namespace ApiThreat.Commands;

/// <summary>
/// The one-call audit: discovery, DNS/certificate/transport/IP intelligence, API inventory, technology, hijack and API
/// assessments, scoring, optional drift comparison, save and report, with one progress display and one ScanResult.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ApiThreatScan")]
[OutputType(typeof(ScanResult))]
public sealed class InvokeApiThreatScanCommand : NetworkCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Domain { get; set; } = Array.Empty<string>();

    /// <summary>Passive: reading only. Standard: adds spec and path discovery and TLS enumeration. Active: adds probes with -Active.</summary>
    [Parameter]
    [ValidateSet("Passive", "Standard", "Active")]
    public string Profile { get; set; } = "Standard";

    /// <summary>Web ports to inventory and assess (default: each stage's own defaults).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int[]? Port { get; set; }

    /// <summary>TLS ports for certificate and transport checks (default 443).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int[] TlsPort { get; set; } = { 443 };

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Report { get; set; }

    [Parameter]
    [ValidateSet("Html", "Markdown")]
    public string ReportFormat { get; set; } = "Html";

    /// <summary>An inventory database to compare this scan against (Compare-ApiInventory).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Baseline { get; set; }

    /// <summary>An inventory database to save this scan's snapshot into (Save-ApiInventory); may be the baseline.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SaveTo { get; set; }

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
    public int? NameServerPort { get; set; }

    private readonly List<string> _domains = new();

    protected override int Concurrency => 1;

    protected override string ProgressActivity => "ApiThreat scan";

    protected override void ProcessRecord()
    {
        foreach (var d in Domain)
        {
            if (!Engine.Net.ScanTarget.TryHost(d, out var host, out var error))
            {
                WriteError(new ErrorRecord(new ArgumentException($"'{d}' is not a domain name: {error}."), "InvalidDomain", ErrorCategory.InvalidArgument, d)
                { ErrorDetails = new ErrorDetails($"'{d}' is not a domain name: {error}.") { RecommendedAction = "Give a domain such as contoso.com." } });
                continue;
            }
            if (!_domains.Contains(host)) _domains.Add(host);
        }
    }

    protected override void EndProcessing()
    {
        if (_domains.Count > 0)
        {
            var plan = new ScanPlan(this, _domains.ToArray(), DataPaths.Manifest);
            Start(string.Join(",", _domains), (sink, ct) => plan.RunAsync(sink, ct));
        }
        base.EndProcessing();
    }

    /// <summary>The parameters every stage receives (each stage takes those it has).</summary>
    internal Hashtable SharedParameters()
    {
        var p = new Hashtable(StringComparer.OrdinalIgnoreCase)
        {
            ["ThrottleLimit"] = ThrottleLimit,
            ["RateLimit"] = RateLimit,
            ["TimeoutSec"] = TimeoutSec,
        };
        if (Resolver is not null) p["Resolver"] = Resolver;
        if (Scope is not null) p["Scope"] = Scope;
        else p["Scope"] = _domains.ToArray(); // the scan's domains are its scope: redirects inside them are followed
        if (ExcludeScope is not null) p["ExcludeScope"] = ExcludeScope;
        if (AllowPrivateAddress) p["AllowPrivateAddress"] = SwitchParameter.Present;
        if (TrustedRootCertificate is not null) p["TrustedRootCertificate"] = TrustedRootCertificate.Select(GetUnresolvedProviderPathFromPSPath).ToArray();
        if (Proxy is not null) p["Proxy"] = Proxy;
        return p;
    }

    internal string ResolvePath(string path) => GetUnresolvedProviderPathFromPSPath(path);
}
