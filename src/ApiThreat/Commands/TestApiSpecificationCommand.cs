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

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>URLs of specification documents; binds from SpecUrl of piped objects.</summary>
    [Parameter(Mandatory = true, ParameterSetName = UrlSet, ValueFromPipelineByPropertyName = true)]
    [Alias("SpecUrl")]
    [ValidateNotNullOrEmpty]
    public Uri[] Url { get; set; } = Array.Empty<Uri>();

    /// <summary>ApiEndpoint objects (Get-ApiInventory): their SpecUrl is linted; endpoints without one are skipped.</summary>
    [Parameter(Mandatory = true, ParameterSetName = EndpointSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public ApiEndpoint[] InputObject { get; set; } = Array.Empty<ApiEndpoint>();

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
                foreach (var p in Path)
                {
                    Collection<string> resolved;
                    try { resolved = GetResolvedProviderPathFromPSPath(p, out _); }
                    catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException)
                    {
                        WriteError(new ErrorRecord(ex, "SpecFileNotFound", ErrorCategory.ObjectNotFound, p)
                        { ErrorDetails = new ErrorDetails($"No file matches '{p}'.") { RecommendedAction = "Check the path; use -LiteralPath for names with wildcard characters." } });
                        continue;
                    }
                    foreach (var file in resolved) LintFile(file);
                }
                break;
            case LiteralPathSet:
                foreach (var p in LiteralPath) LintFile(GetUnresolvedProviderPathFromPSPath(p));
                break;
            case UrlSet:
                foreach (var u in Url) LintUrl(u, u);
                break;
            case EndpointSet:
                foreach (var endpoint in InputObject)
                {
                    if (string.IsNullOrEmpty(endpoint.SpecUrl)) { WriteVerbose($"{endpoint.Url}: no specification URL, skipped."); continue; }
                    if (!Uri.TryCreate(endpoint.SpecUrl, UriKind.Absolute, out var spec))
                    {
                        WriteError(new ErrorRecord(new ArgumentException($"SpecUrl '{endpoint.SpecUrl}' is not an absolute URL."), "InvalidSpecUrl", ErrorCategory.InvalidArgument, endpoint));
                        continue;
                    }
                    LintUrl(spec, endpoint);
                }
                break;
        }
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
