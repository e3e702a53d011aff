using System.Management.Automation;
using ApiThreat.Engine.DigitalRisk.Buckets;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Storage buckets and containers named after the organisation (contoso-backup, contosologs...) on S3-compatible,
/// Azure Blob and Google Cloud Storage endpoints: exists, public list, public read, and with -Active public write.
/// </summary>
[Cmdlet(VerbsCommon.Find, "ExposedBucket", SupportsShouldProcess = true)]
[OutputType(typeof(ExposedBucket))]
public sealed class FindExposedBucketCommand : NetworkCmdlet
{
    private BucketOptions? _options;

    /// <summary>Organisation names (Contoso, "Contoso Bank") and domains (contoso.com) the candidates are made from.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Domain", "Organization")]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Storage services to check (default: all three).</summary>
    [Parameter]
    public StorageProvider[]? Provider { get; set; }

    /// <summary>Words joined to the names (default: the module's data/digitalrisk/bucket-words.txt).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Word { get; set; }

    /// <summary>The S3 endpoint (default https://s3.amazonaws.com); an S3-compatible server's URL.</summary>
    [Parameter]
    public Uri? S3Endpoint { get; set; }

    /// <summary>Path-style S3 URLs (endpoint/bucket) instead of virtual-host style (bucket.endpoint).</summary>
    [Parameter]
    public SwitchParameter S3PathStyle { get; set; }

    /// <summary>The Azure Blob endpoint suffix (default https://blob.core.windows.net); an emulator's URL for path style.</summary>
    [Parameter]
    public Uri? AzureBlobEndpoint { get; set; }

    /// <summary>Google Cloud Storage's XML API endpoint (default https://storage.googleapis.com).</summary>
    [Parameter]
    public Uri? GcsEndpoint { get; set; }

    /// <summary>Azure storage accounts to check instead of guessing them from the names.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? AzureAccount { get; set; }

    /// <summary>Azure containers to try in each account.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? AzureContainer { get; set; }

    /// <summary>Also write candidates that do not exist.</summary>
    [Parameter]
    public SwitchParameter IncludeMissing { get; set; }

    /// <summary>Probe public write: write a small object into each existing bucket, then delete it (asks for confirmation; -WhatIf skips it).</summary>
    [Parameter]
    public SwitchParameter Active { get; set; }

    protected override int Concurrency => Math.Min(ThrottleLimit, 16);

    protected override void OnNetworkReady()
    {
        var endpoints = new StorageEndpoints
        {
            S3 = Endpoint(S3Endpoint, StorageEndpoints.DefaultS3, nameof(S3Endpoint)),
            AzureBlob = Endpoint(AzureBlobEndpoint, StorageEndpoints.DefaultAzureBlob, nameof(AzureBlobEndpoint)),
            Gcs = Endpoint(GcsEndpoint, StorageEndpoints.DefaultGcs, nameof(GcsEndpoint)),
            S3PathStyle = S3PathStyle.IsPresent,
        };
        var words = Word ?? ReadWords(DataPaths.Bundled("digitalrisk", "bucket-words.txt"));
        var probeWrite = Active.IsPresent && ShouldProcess(string.Join(", ", Name),
            "Probe public write: upload a small object to each existing candidate bucket, then delete it");
        _options = new BucketOptions
        {
            Words = words.Select(w => w.Trim().ToLowerInvariant()).Where(w => w.Length > 0).Distinct().ToArray(),
            Providers = (Provider ?? Enum.GetValues<StorageProvider>()).Distinct().ToArray(),
            Endpoints = endpoints,
            AzureAccounts = AzureAccount ?? Array.Empty<string>(),
            AzureContainers = AzureContainer ?? Array.Empty<string>(),
            ProbeWrite = probeWrite,
            IncludeMissing = IncludeMissing.IsPresent,
            Concurrency = Math.Clamp(ThrottleLimit, 1, 64),
        };
    }

    private Uri Endpoint(Uri? given, Uri fallback, string parameter)
    {
        if (given is null) return fallback;
        if (given.IsAbsoluteUri && given.Scheme is "http" or "https") return given;
        var message = $"-{parameter} '{given}' is not an http(s) URL.";
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), "InvalidStorageEndpoint", ErrorCategory.InvalidArgument, given)
        { ErrorDetails = new ErrorDetails(message) { RecommendedAction = $"Give -{parameter} an endpoint URL such as {fallback}." } });
        return fallback;
    }

    private static string[] ReadWords(string path) =>
        File.Exists(path) ? File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray() : Array.Empty<string>();

    protected override void ProcessRecord()
    {
        foreach (var input in Name)
        {
            if (string.IsNullOrWhiteSpace(input) || !input.Any(char.IsLetterOrDigit) || input.Contains("://", StringComparison.Ordinal) || input.Length > 200)
            {
                var message = $"'{input}' is not an organisation name or domain to make bucket names from.";
                WriteError(new ErrorRecord(new ArgumentException(message), "InvalidName", ErrorCategory.InvalidArgument, input)
                { ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Give a name such as Contoso or a domain such as contoso.com (no scheme or path)." } });
                continue;
            }
            var finder = new BucketFinder(Network, _options!);
            var n = input;
            Start(input, async (sink, ct) => await finder.RunAsync(n, b => sink.OutputAsync(b), ct).ConfigureAwait(false));
        }
    }
}
