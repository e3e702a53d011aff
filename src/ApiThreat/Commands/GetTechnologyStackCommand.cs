using System.Management.Automation;
using ApiThreat.Engine.Discovery;
using ApiThreat.Engine.Fingerprints;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Identifies the technologies behind URLs (servers, frameworks, gateways, CDNs/WAFs, identity providers, libraries)
/// from our fingerprint database, with versions, CPE names and findings for end-of-life or vulnerable versions.
/// </summary>
// The pipeline set is the default so that piped objects bind by value to -InputObject first: a response that
// carries Headers (HttpProbe) is then analysed as it is, instead of binding its Url by name and fetching again.
[Cmdlet(VerbsCommon.Get, "TechnologyStack", DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(Technology))]
public sealed class GetTechnologyStackCommand : NetworkCmdlet
{
    private const string UrlSet = "Url";
    private const string InputObjectSet = "InputObject";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = UrlSet)]
    [Alias("HostName", "Uri")]
    [ValidateNotNullOrEmpty]
    public string[] Url { get; set; } = Array.Empty<string>();

    /// <summary>Already-fetched responses (HttpProbe, Invoke-WebRequest results, or objects with Url, Headers, Body),
    /// analysed without a request; objects with only a Url or HostName are fetched.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public object[] InputObject { get; set; } = Array.Empty<object>();

    [Parameter]
    public TechnologyScanDepth Depth { get; set; } = TechnologyScanDepth.Standard;

    /// <summary>Extra fingerprint files or folders in the Wappalyzer JSON schema.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? FingerprintPath { get; set; }

    private TechnologyStack _stack = null!;

    protected override string ProgressActivity => "Identifying technologies";

    protected override void OnNetworkReady()
    {
        var dataDirectory = DataPaths.Fingerprints;
        var extra = (FingerprintPath ?? Array.Empty<string>()).Select(GetUnresolvedProviderPathFromPSPath).ToList();
        try { _stack = TechnologyStack.Load(dataDirectory, extra); }
        catch (FormatException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidVulnerableVersionTable", ErrorCategory.InvalidData, dataDirectory));
            return;
        }
        foreach (var error in _stack.Database.Errors)
        {
            WriteError(new ErrorRecord(new InvalidDataException(error.ToString()), "InvalidFingerprint", ErrorCategory.InvalidData, error.File)
            {
                ErrorDetails = new ErrorDetails(error.ToString())
                {
                    RecommendedAction = error.Technology is null
                        ? "Fix or remove the file: it must be a JSON object of technology name → definition (Wappalyzer schema). The other files were loaded."
                        : "Fix that technology's definition (a pattern must be a valid .NET regular expression). The other technologies were loaded.",
                },
            });
        }
        WriteVerbose($"Loaded {_stack.Database.Technologies.Count} technologies ({_stack.Database.PatternCount} patterns) in {_stack.Database.LoadTime.TotalMilliseconds:0} ms.");
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == UrlSet)
        {
            foreach (var input in Url) Fetch(input, input);
            return;
        }
        foreach (var raw in InputObject)
        {
            if (raw is null) continue;
            var item = PSObject.AsPSObject(raw);
            if (item.BaseObject is string s) { Fetch(s, s); continue; }
            if (ResponseInput.TryRead(PropertyBag.From(item), PropertyBag.TypeNames(item), out var evidence, out var url))
                Start(url ?? (object)item, (sink, _) => Output(sink, evidence!));
            else if (url is not null) Fetch(url, item);
            else WriteError(InputErrors.InvalidInput(item, "Url, HostName or response Headers", "URLs, ApiEndpoint or HttpProbe objects, or objects with Url, Headers and Body"));
        }
    }

    private void Fetch(string input, object targetObject)
    {
        if (!AcceptTarget(input, out var target, targetObject)) return;
        var deep = Depth == TechnologyScanDepth.Deep;
        Start(input, async (sink, ct) => await Output(sink, await WebProbe.FetchEvidenceAsync(Network, target, deep, ct).ConfigureAwait(false)).ConfigureAwait(false));
    }

    private async Task Output(ResultSink sink, ResponseEvidence evidence)
    {
        var warnings = new List<string>();
        var technologies = _stack.Identify(evidence, warnings.Add);
        foreach (var warning in warnings) await sink.WarningAsync(warning).ConfigureAwait(false);
        foreach (var technology in technologies) await sink.OutputAsync(technology).ConfigureAwait(false);
    }
}
