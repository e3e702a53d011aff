using System.Collections.ObjectModel;
using System.Management.Automation;
using ApiThreat.Engine.Assessment.Spec;
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
    };

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case PathSet:
                foreach (var p in Path) LintPattern(p);
                break;
            case LiteralPathSet:
                foreach (var p in LiteralPath) LintFile(GetUnresolvedProviderPathFromPSPath(p));
                break;
            case UrlSet:
                foreach (var u in Url) LintUrl(u, u);
                break;
            case EndpointSet:
                foreach (var item in InputObject) LintInput(item);
                break;
        }
    }

    private void LintInput(object item)
    {
        var value = ModelRehydrator.Unwrap(item);
        switch (value)
        {
            case ApiEndpoint endpoint:
                if (string.IsNullOrEmpty(endpoint.SpecUrl)) { WriteVerbose($"{endpoint.Url}: no specification URL, skipped."); return; }
                LintUrlText(endpoint.SpecUrl, endpoint);
                return;
            case FileSystemInfo file:
                LintFile(file.FullName);
                return;
            case Uri uri:
                LintUrl(uri, uri);
                return;
            case string text:
                if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) LintUrlText(text, text);
                else LintPattern(text);
                return;
        }
        var wrapped = PSObject.AsPSObject(item);
        if (wrapped.Properties["SpecUrl"]?.Value is { } specUrl) { LintUrlText(specUrl.ToString()!, item); return; }
        if (wrapped.Properties["PSPath"]?.Value is { } psPath) { LintFile(GetUnresolvedProviderPathFromPSPath(psPath.ToString()!)); return; }
        WriteError(new ErrorRecord(new ArgumentException("The input object has no SpecUrl or PSPath property."), "InvalidInput", ErrorCategory.InvalidArgument, item)
        { ErrorDetails = new ErrorDetails("The input object has no SpecUrl or PSPath property.") { RecommendedAction = "Pipe ApiEndpoint objects, files, paths or URLs." } });
    }

    private void LintUrlText(string text, object target)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            WriteError(new ErrorRecord(new ArgumentException($"'{text}' is not an absolute URL."), "InvalidSpecUrl", ErrorCategory.InvalidArgument, target)
            { ErrorDetails = new ErrorDetails($"'{text}' is not an absolute URL.") { RecommendedAction = "Give the http:// or https:// URL of the document." } });
            return;
        }
        LintUrl(uri, target);
    }

    private void LintPattern(string p)
    {
        Collection<string> resolved;
        try { resolved = GetResolvedProviderPathFromPSPath(p, out _); }
        catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException)
        {
            NotFound(p, ex);
            return;
        }
        if (resolved.Count == 0) { NotFound(p, new ItemNotFoundException($"No file matches '{p}'.")); return; }
        foreach (var file in resolved) LintFile(file);
    }

    private void NotFound(string p, Exception ex) =>
        WriteError(new ErrorRecord(ex, "SpecFileNotFound", ErrorCategory.ObjectNotFound, p)
        { ErrorDetails = new ErrorDetails($"No file matches '{p}'.") { RecommendedAction = "Check the path; use -LiteralPath for names with wildcard characters." } });

    private void LintFile(string file)
    {
        if (Directory.Exists(file))
        {
            WriteError(new ErrorRecord(new ArgumentException($"'{file}' is a directory."), "SpecPathIsDirectory", ErrorCategory.InvalidArgument, file)
            { ErrorDetails = new ErrorDetails($"'{file}' is a directory.") { RecommendedAction = "Give a file, e.g. -Path ./specs/*.yaml." } });
            return;
        }
        var options = LoadOptions;
        Start(file, async (sink, ct) =>
        {
            var (spec, findings) = await SpecAssessment.FromFileAsync(file, options, ct).ConfigureAwait(false);
            await WriteAsync(sink, spec, findings).ConfigureAwait(false);
        });
    }

    private void LintUrl(Uri url, object target)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
        {
            WriteError(new ErrorRecord(new ArgumentException($"'{url}' is not an http(s) URL."), "InvalidSpecUrl", ErrorCategory.InvalidArgument, target)
            { ErrorDetails = new ErrorDetails($"'{url}' is not an http(s) URL.") { RecommendedAction = "Give the http:// or https:// URL of the document, or use -Path for files." } });
            return;
        }
        Network.Scope.AddImplicitHost(url.IdnHost);
        var options = LoadOptions;
        Start(target, async (sink, ct) =>
        {
            var (spec, findings) = await SpecAssessment.FromUrlAsync(Network, url, options, ct).ConfigureAwait(false);
            await WriteAsync(sink, spec, findings).ConfigureAwait(false);
        });
    }

    private async Task WriteAsync(ResultSink sink, SpecDocument spec, IReadOnlyList<Finding> findings)
    {
        sink.Verbose($"{spec.Title} {spec.Version} (OpenAPI {spec.SpecVersion}, {spec.Operations.Length} operations): {findings.Count} findings.");
        foreach (var warning in spec.Warnings.Take(5)) sink.Verbose("Reader: " + warning);
        foreach (var f in findings.OrderByDescending(f => f.Severity).ThenBy(f => f.RuleId, StringComparer.Ordinal))
            if (f.Severity >= MinimumSeverity) await sink.OutputAsync(f).ConfigureAwait(false);
    }
}
