using System.Management.Automation;
using ApiThreat.Engine.Assessment.Hijack;
using ApiThreat.Engine.Assessment.Hijack.Observatory;
using ApiThreat.Engine.Assessment.Hijack.Takeover;
using ApiThreat.Engine.Net;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Assesses sites for session hijack, XSS, CSRF, clickjacking, CORS and subdomain-takeover exposure; with
/// -Summary, one HTTP Observatory-compatible grade per site.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "HijackSusceptibility", SupportsShouldProcess = true)]
[OutputType(typeof(Finding), typeof(HijackAssessment))]
public sealed class TestHijackSusceptibilityCommand : NetworkCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("HostName", "Uri")]
    [ValidateNotNullOrEmpty]
    public string[] Url { get; set; } = Array.Empty<string>();

    /// <summary>One HijackAssessment per target (score, grade, Observatory test results, findings) instead of findings.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    /// <summary>Also probe for reflected input (a harmless marker with markup characters in a query parameter).</summary>
    [Parameter]
    public SwitchParameter Active { get; set; }

    /// <summary>Only the Observatory's own requests: no crafted Origin headers, no made-up session cookie.</summary>
    [Parameter]
    public SwitchParameter Passive { get; set; }

    /// <summary>Port of the plain-HTTP entry point (default 80, or the target's port for host:port).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int? HttpPort { get; set; }

    /// <summary>Port of the HTTPS site (default 443, or the target's port).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int? HttpsPort { get; set; }

    /// <summary>Extra takeover signature files (same format as data/takeover/signatures.json), added to the bundled one.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TakeoverSignaturePath { get; set; }

    /// <summary>An HSTS preload list (Chromium's transport_security_state_static.json format) instead of the module's dated copy.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HstsPreloadPath { get; set; }

    private HijackRequest _request = null!;

    protected override void OnNetworkReady()
    {
        if (Active.IsPresent && Passive.IsPresent)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Active and -Passive cannot be used together: -Active adds probes, -Passive removes them."),
                "ConflictingProbeSwitches", ErrorCategory.InvalidArgument, null));
        var files = new List<string>();
        if (File.Exists(DataPaths.TakeoverSignatures)) files.Add(DataPaths.TakeoverSignatures);
        foreach (var p in TakeoverSignaturePath ?? Array.Empty<string>())
        {
            var resolved = GetUnresolvedProviderPathFromPSPath(p);
            if (!File.Exists(resolved))
                ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"-TakeoverSignaturePath '{p}' does not exist.", resolved),
                    "TakeoverSignatureFileNotFound", ErrorCategory.ObjectNotFound, p));
            files.Add(resolved);
        }
        TakeoverSignatureSet signatures;
        try { signatures = TakeoverSignatureSet.Load(files); }
        catch (InvalidDataException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidTakeoverSignatureFile", ErrorCategory.InvalidData, TakeoverSignaturePath));
            return;
        }
        _request = new HijackRequest
        {
            Active = Active.IsPresent, Passive = Passive.IsPresent, HttpPort = HttpPort, HttpsPort = HttpsPort, Signatures = signatures,
            Preload = LoadPreload(),
        };
    }

    private HstsPreloadList LoadPreload()
    {
        var path = HstsPreloadPath is not null ? GetUnresolvedProviderPathFromPSPath(HstsPreloadPath) : DataPaths.HstsPreload;
        if (HstsPreloadPath is null && !File.Exists(path)) return HstsPreloadList.Empty;
        try
        {
            var list = HstsPreloadList.Load(path);
            WriteVerbose($"HSTS preload list {path}: {list.Count} force-https entries dated {list.Date:yyyy-MM-dd}");
            return list;
        }
        catch (FileNotFoundException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "HstsPreloadFileNotFound", ErrorCategory.ObjectNotFound, HstsPreloadPath));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidHstsPreloadFile", ErrorCategory.InvalidData, path)
            { ErrorDetails = new ErrorDetails($"{path}: {ex.Message}") { RecommendedAction = "Give Chromium's transport_security_state_static.json, or refresh the module's list with Update-ApiThreatData." } });
        }
        return HstsPreloadList.Empty;
    }

    protected override void ProcessRecord()
    {
        var action = Active.IsPresent ? "Assess for hijack susceptibility, with active reflection probes"
            : Passive.IsPresent ? "Assess for hijack susceptibility (passive)" : "Assess for hijack susceptibility (CORS origin and session probes)";
        var summary = Summary.IsPresent;
        foreach (var input in Url)
        {
            if (!AcceptTarget(input, out var target) || !ShouldProcess(input, action)) continue;
            Start(input, async (sink, ct) =>
            {
                // The target's own connection pool: closed when it is assessed, so thousands of targets keep memory flat.
                using var targetNetwork = Network.ForTarget();
                var assessment = await HijackAssessor.AssessAsync(targetNetwork, target, _request, ct).ConfigureAwait(false);
                if (summary) { await sink.OutputAsync(assessment).ConfigureAwait(false); return; }
                foreach (var f in assessment.Findings) await sink.OutputAsync(f).ConfigureAwait(false);
            });
        }
    }
}
