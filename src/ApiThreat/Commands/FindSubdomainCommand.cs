using System.Management.Automation;
using ApiThreat.Engine.Discovery.Subdomains;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Finds live subdomains of each domain (wordlist brute force, zone transfer, Certificate Transparency, TLS
/// certificate names, permutations, -Recurse) and writes each as a DiscoveredHost as soon as it resolves.
/// </summary>
[Cmdlet(VerbsCommon.Find, "Subdomain")]
[OutputType(typeof(DiscoveredHost))]
public sealed class FindSubdomainCommand : NetworkCmdlet
{
    private const int DefaultQueriesInFlight = 500;
    private SubdomainFinder? _finder;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Domain { get; set; } = Array.Empty<string>();

    /// <summary>Sources to use (default: all that need no API key).</summary>
    [Parameter]
    public SubdomainSources[]? Source { get; set; }

    /// <summary>A file of labels, one per line (default: the bundled API and cloud wordlist).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Wordlist { get; set; }

    /// <summary>A crt.sh-compatible search endpoint (default https://crt.sh/).</summary>
    [Parameter]
    public Uri? CertificateTransparencyUri { get; set; }

    /// <summary>Ports whose TLS certificates are read for more names (default 443).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int[] TlsPort { get; set; } = { 443 };

    /// <summary>Levels of brute force under found names (uses the first 256 labels of the wordlist).</summary>
    [Parameter]
    [ValidateRange(0, 5)]
    public int Recurse { get; set; }

    /// <summary>Also write names that only matched a wildcard (IsWildcard = $true).</summary>
    [Parameter]
    public SwitchParameter IncludeWildcard { get; set; }

    /// <summary>Port of the authoritative name servers for zone transfers (NS records carry no port).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int NameServerPort { get; set; } = 53;

    protected override int Concurrency => Math.Min(ThrottleLimit, 16);

    protected override void OnNetworkReady()
    {
        var sources = Source?.Aggregate(SubdomainSources.None, (all, one) => all | one) ?? SubdomainSources.Default;
        if (sources == SubdomainSources.None || (sources & ~SubdomainSources.Default) != 0)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Source '{string.Join(", ", Source!)}' names no source to search."),
                "InvalidSource", ErrorCategory.InvalidArgument, Source)
            { ErrorDetails = new ErrorDetails("-Source takes Wordlist, ZoneTransfer, CertificateTransparency, TlsSan or Permutation (recursion is -Recurse).") });
        string? wordlist = null;
        if ((sources & SubdomainSources.Wordlist) != 0 || Recurse > 0)
        {
            wordlist = Wordlist is null ? DataPaths.SubdomainWordlist : GetUnresolvedProviderPathFromPSPath(Wordlist);
            if (ApiThreat.Engine.Discovery.Subdomains.Wordlist.Validate(wordlist) is { } error)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(error), "InvalidWordlist", ErrorCategory.InvalidArgument, Wordlist ?? wordlist)
                { ErrorDetails = new ErrorDetails(error) { RecommendedAction = "Give -Wordlist a readable text file with one label per line." } });
            }
        }
        var ct = CertificateTransparencyUri ?? CertificateTransparencySource.DefaultEndpoint;
        if (!ct.IsAbsoluteUri || ct.Scheme is not ("http" or "https"))
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-CertificateTransparencyUri '{ct}' is not an http(s) URL."),
                "InvalidCertificateTransparencyUri", ErrorCategory.InvalidArgument, ct));
        if ((sources & SubdomainSources.CertificateTransparency) != 0) Network.Scope.AddImplicitHost(ct.Host);
        _finder = new SubdomainFinder(Network, new SubdomainOptions
        {
            Sources = sources,
            WordlistPath = wordlist,
            CertificateTransparencyUri = ct,
            TlsPorts = TlsPort,
            RecurseDepth = Recurse,
            IncludeWildcard = IncludeWildcard.IsPresent,
            NameServerPort = NameServerPort,
            MaxInFlight = MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)) ? ThrottleLimit : DefaultQueriesInFlight,
        });
    }

    protected override void ProcessRecord()
    {
        foreach (var input in Domain)
        {
            if (!AcceptDomain(input, out var domain)) continue;
            Start(input, (sink, ct) => _finder!.RunAsync(domain, h => sink.OutputAsync(h), w => sink.WarningAsync(w), ct));
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _finder?.Dispose();
        base.Dispose(disposing);
    }
}
