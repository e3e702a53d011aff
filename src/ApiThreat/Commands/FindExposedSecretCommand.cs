using System.Management.Automation;
using ApiThreat.Completers;
using ApiThreat.Engine.Discovery.Crawl;
using ApiThreat.Engine.DigitalRisk.Secrets;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Credentials (cloud keys, tokens, private keys, passwords in connection strings) that sites serve to anyone — in
/// their pages, same-origin scripts and source maps, configuration files at well-known paths, API descriptions, HTML
/// comments and error pages — or that local files (a build's output) would serve. Every value is masked; -Verify asks
/// each provider's read-only identity endpoint whether a secret works, after confirmation.
/// </summary>
[Cmdlet(VerbsCommon.Find, "ExposedSecret", DefaultParameterSetName = UrlSet, SupportsShouldProcess = true)]
[OutputType(typeof(ExposedSecret))]
public sealed class FindExposedSecretCommand : SecretVerificationCmdlet
{
    private const string UrlSet = "Url";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    /// <summary>Sites to read: URLs, host names or host:port (each origin is crawled from the page given).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = UrlSet)]
    [Alias("HostName", "Uri", "Target")]
    [ValidateNotNullOrEmpty]
    public string[] Url { get; set; } = Array.Empty<string>();

    /// <summary>Local files or folders to read instead (wildcards allowed): bundles, source maps, .env, a build's output.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Local files or folders, taken literally (no wildcards).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>Only these credential types (detector ids such as github-pat, aws-access-key-pair); default: all.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SecretTypeCompleter))]
    public string[]? Type { get; set; }

    /// <summary>Requests the crawl of one origin may make (pages, scripts, source maps); 0 reads only the page given, the error page and the well-known files.</summary>
    [Parameter(ParameterSetName = UrlSet)]
    [ValidateRange(0, 100_000)]
    public int? CrawlPageLimit { get; set; }

    /// <summary>Body bytes the crawl of one origin may read.</summary>
    [Parameter(ParameterSetName = UrlSet)]
    [ValidateRange(0, 1L << 34)]
    public long? CrawlByteLimit { get; set; }

    /// <summary>Do not ask for the configuration files and API descriptions at well-known paths (/.env, /config.js, /openapi.json...).</summary>
    [Parameter(ParameterSetName = UrlSet)]
    public SwitchParameter SkipWellKnownFile { get; set; }

    private SecretCatalog _catalog = null!;
    private SecretSiteOptions _site = null!;
    private SecretHarvester? _files;

    protected override string ProgressActivity => "Looking for exposed secrets";

    protected override void OnNetworkReady()
    {
        _catalog = SecretCatalog.Bundled;
        try { _catalog = Type is { Length: > 0 } ? _catalog.Only(Type) : _catalog; }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(InputErrors.Parameter(ex.Message, "UnknownSecretType", Type, "Name types from the list (Tab completes them), or leave -Type out for all.", ex));
        }
        var verifier = CreateVerifier();
        var budget = CrawlBudget.Standard with { MaxBytes = 32L * 1024 * 1024 };
        _site = new SecretSiteOptions
        {
            Catalog = _catalog,
            Crawl = budget with { MaxPages = CrawlPageLimit ?? budget.MaxPages, MaxBytes = CrawlByteLimit ?? budget.MaxBytes },
            WellKnownFiles = !SkipWellKnownFile.IsPresent,
            Verifier = verifier,
            ApproveVerification = verifier is null ? null : ApproveVerificationAsync,
        };
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case UrlSet:
                foreach (var input in Url)
                {
                    if (!AcceptTarget(input, out var target)) continue;
                    var finder = new SecretSiteFinder(Network, _site);
                    Start(input, async (sink, ct) =>
                    {
                        var stats = await finder.ScanAsync(target, s => sink.OutputAsync(s), ct).ConfigureAwait(false);
                        sink.Verbose($"{input}: {stats}");
                    });
                }
                break;
            default:
                var literal = ParameterSetName == LiteralPathSet;
                foreach (var given in literal ? LiteralPath : Path) StartPath(given, literal);
                break;
        }
    }

    private void StartPath(string given, bool literal)
    {
        var roots = literal ? this.ResolveLiteral(given, "PathNotFound", "Check the path (a file, or a folder to read every file under it).") : this.ResolveFiles(given, "PathNotFound");
        _files ??= new SecretHarvester(new SecretScanner(_catalog));
        var harvester = _files;
        foreach (var root in roots)
        {
            var r = root;
            Start(r, async (sink, ct) =>
            {
                var files = await SecretFileRun.ScanAsync(harvester, r, _site, s => sink.OutputAsync(s),
                    (file, ex) => sink.ErrorAsync(new ErrorRecord(ex, "FileUnreadable", ErrorCategory.ReadError, file)
                    { ErrorDetails = new ErrorDetails($"'{file}' could not be read: {ex.Message}") { RecommendedAction = "Check the file's permissions; the other files were read." } }),
                    Network.DebugEnabled ? Network.Debug : null, ct).ConfigureAwait(false);
                sink.Verbose($"{r}: {files} file(s) read");
            });
        }
    }
}
