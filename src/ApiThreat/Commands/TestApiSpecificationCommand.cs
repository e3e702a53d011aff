using System.Management.Automation;
using ApiThreat.Engine.Specs;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Lints OpenAPI 2.0/3.0/3.1 documents (files or URLs) for security design flaws and writes one Finding per rule
/// and place (ATR-SPEC-*). Files are read locally; URLs are fetched through the scan's network layer.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ApiSpecification", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Finding))]
public sealed class TestApiSpecificationCommand : NetworkCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string UrlSet = "Url";
    private const string EndpointSet = "InputObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>URLs of specification documents.</summary>
    [Parameter(Mandatory = true, ParameterSetName = UrlSet)]
    [Alias("SpecUrl")]
    [ValidateNotNullOrEmpty]
    public Uri[] Url { get; set; } = Array.Empty<Uri>();

    /// <summary>
    /// Pipeline input: ApiEndpoint objects (their SpecUrl), files (Get-ChildItem), strings (a URL, or a path with
    /// wildcards), or objects with a SpecUrl or PSPath property. One pipeline parameter, so binding is unambiguous.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = EndpointSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object[] InputObject { get; set; } = Array.Empty<object>();

    /// <summary>Only findings of this severity or worse.</summary>
    [Parameter]
    public Severity MinimumSeverity { get; set; } = Severity.Info;

    /// <summary>Largest document read, in MB.</summary>
    [Parameter]
    [ValidateRange(1, 500)]
    public int MaximumSizeMB { get; set; } = 20;

    private SpecLoadOptions LoadOptions => new()
    {
        MaxBytes = MaximumSizeMB * 1024L * 1024L,
        Timeout = TimeSpan.FromSeconds(Math.Max(30, TimeoutSec)),
        LintTimeout = TimeSpan.FromSeconds(Math.Max(30, TimeoutSec)),
    };

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case PathSet: foreach (var p in Path) LintPattern(p); break;
            case LiteralPathSet: foreach (var p in LiteralPath) LintFile(GetUnresolvedProviderPathFromPSPath(p)); break;
            case UrlSet: foreach (var u in Url) LintUrl(u.OriginalString, u); break;
            default: foreach (var item in InputObject) LintInput(item); break;
        }
    }

    private void LintInput(object item)
    {
        switch (ModelRehydrator.Unwrap(item))
        {
            case ApiEndpoint { SpecUrl: null or "" } endpoint: WriteVerbose($"{endpoint.Url}: no specification URL, skipped."); return;
            case ApiEndpoint endpoint: LintUrl(endpoint.SpecUrl, endpoint); return;
            case FileSystemInfo file: LintFile(file.FullName); return;
            case Uri uri: LintUrl(uri.OriginalString, uri); return;
            case string text when text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase):
                LintUrl(text, text);
                return;
            case string text: LintPattern(text); return;
        }
        var wrapped = PSObject.AsPSObject(item);
        if (wrapped.Properties["SpecUrl"]?.Value is { } specUrl) LintUrl(specUrl.ToString()!, item);
        else if (wrapped.Properties["PSPath"]?.Value is { } psPath) LintFile(GetUnresolvedProviderPathFromPSPath(psPath.ToString()!));
        else WriteError(InputErrors.InvalidInput(item, "SpecUrl or PSPath property", "ApiEndpoint objects, files, paths or URLs"));
    }

    private void LintPattern(string pattern)
    {
        foreach (var file in this.ResolveFiles(pattern, "SpecFileNotFound")) LintFile(file);
    }

    private void LintFile(string file)
    {
        if (Directory.Exists(file))
        {
            WriteError(new ErrorRecord(new ArgumentException($"'{file}' is a directory."), "SpecPathIsDirectory", ErrorCategory.InvalidArgument, file)
            { ErrorDetails = new ErrorDetails($"'{file}' is a directory.") { RecommendedAction = "Give a file, e.g. -Path ./specs/*.yaml." } });
            return;
        }
        var options = LoadOptions;
        Start(file, async (sink, ct) => await WriteAsync(sink, await SpecAssessment.FromFileAsync(file, options, ct).ConfigureAwait(false)).ConfigureAwait(false));
    }

    private void LintUrl(string text, object target)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            var message = $"'{text}' is not an http(s) URL.";
            WriteError(new ErrorRecord(new ArgumentException(message), "InvalidSpecUrl", ErrorCategory.InvalidArgument, target)
            { ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Give the http:// or https:// URL of the document, or use -Path for files." } });
            return;
        }
        Network.Scope.AddImplicitHost(url.IdnHost);
        var options = LoadOptions;
        Start(target, async (sink, ct) => await WriteAsync(sink, await SpecAssessment.FromUrlAsync(Network, url, options, ct).ConfigureAwait(false)).ConfigureAwait(false));
    }

    private async Task WriteAsync(ResultSink sink, SpecAssessmentResult result)
    {
        var (spec, findings) = (result.Spec, result.Lint.Findings);
        if (result.Lint.Warning is { } cut) await sink.WarningAsync(cut).ConfigureAwait(false);
        sink.Verbose($"{spec.Title} {spec.Version} (OpenAPI {spec.SpecVersion}, {spec.Operations.Length} operations): {findings.Count} findings.");
        foreach (var warning in spec.Warnings.Take(5)) sink.Verbose("Reader: " + warning);
        foreach (var f in findings.OrderByDescending(f => f.Severity).ThenBy(f => f.RuleId, StringComparer.Ordinal))
            if (f.Severity >= MinimumSeverity) await sink.OutputAsync(f).ConfigureAwait(false);
    }
}
