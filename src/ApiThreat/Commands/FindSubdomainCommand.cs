using System.Management.Automation;
using ApiThreat.Engine.Discovery.Subdomains;
using ApiThreat.Engine.Discovery.Subdomains.Ranges;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Finds live subdomains of each domain (wordlist brute force, zone transfer, Certificate Transparency, TLS
/// certificate names, permutations, -Recurse) and writes each as a DiscoveredHost as soon as it resolves.
/// </summary>
[Cmdlet(VerbsCommon.Find, "Subdomain", DefaultParameterSetName = DomainSet)]
[OutputType(typeof(DiscoveredHost))]
public sealed class FindSubdomainCommand : SubdomainSearchCmdlet
{
    private SubdomainFinder? _finder;

    private const string DomainSet = "Domain";
    private const string IpRangeSet = "IpRange";
    private const string AsnSet = "Asn";

    /// <summary>The domains to enumerate; with -IpRange/-Asn, the organisation's domains (names under them are hosts, others candidates).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = DomainSet)]
    [Parameter(ParameterSetName = IpRangeSet)]
    [Parameter(ParameterSetName = AsnSet)]
    [ValidateNotNullOrEmpty]
    public string[] Domain { get; set; } = Array.Empty<string>();

    /// <summary>Address blocks the organisation owns (CIDR): their reverse DNS and certificates name its hosts.</summary>
    // Only in its own set: with -Asn too, the IpRange set (where -Asn is optional) is the one match, not an ambiguity.
    [Parameter(Mandatory = true, ParameterSetName = IpRangeSet)]
    [ValidateNotNullOrEmpty]
    public string[]? IpRange { get; set; }

    /// <summary>Autonomous systems the organisation owns: their prefixes come from -AsnDatabase or -PrefixFile.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AsnSet)]
    [Parameter(ParameterSetName = IpRangeSet)]
    [ValidateRange(1, int.MaxValue)]
    public int[]? Asn { get; set; }

    /// <summary>A MaxMind-format ASN database (.mmdb: GeoLite2-ASN, DB-IP, IPinfo) listing each ASN's networks.</summary>
    [Parameter(ParameterSetName = IpRangeSet)]
    [Parameter(ParameterSetName = AsnSet)]
    [ValidateNotNullOrEmpty]
    public string? AsnDatabase { get; set; }

    /// <summary>A text file of prefixes and their ASNs, one pair a line (203.0.113.0/24 64500).</summary>
    [Parameter(ParameterSetName = IpRangeSet)]
    [Parameter(ParameterSetName = AsnSet)]
    [ValidateNotNullOrEmpty]
    public string? PrefixFile { get; set; }

    protected override int Concurrency => Math.Min(ThrottleLimit, 16);

    protected override void OnNetworkReady() => _finder = CreateFinder();

    private IReadOnlyList<OwnedRange>? _ranges;

    protected override void ProcessRecord()
    {
        if (ParameterSetName != DomainSet)
        {
            if (_ranges is null) StartRanges();
            return;
        }
        foreach (var input in Domain)
        {
            if (!AcceptDomain(input, out var domain)) continue;
            Start(input, (sink, ct) => _finder!.RunAsync(domain, h => sink.OutputAsync(h), w => sink.WarningAsync(w), e => sink.ErrorAsync(e, e.Target), ct));
        }
    }

    /// <summary>-IpRange/-Asn: one sweep of the owned blocks, the -Domain values deciding what is a host and what a candidate.</summary>
    private void StartRanges()
    {
        try
        {
            _ranges = OwnedRanges.Build(IpRange ?? Array.Empty<string>(), Asn ?? Array.Empty<int>(),
                AsnDatabase is null ? null : GetUnresolvedProviderPathFromPSPath(AsnDatabase),
                PrefixFile is null ? null : GetUnresolvedProviderPathFromPSPath(PrefixFile));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or FileNotFoundException or IOException)
        {
            ThrowTerminatingError(InputErrors.Parameter(ex.Message, "InvalidRange", IpRange ?? (object?)Asn, "Give -IpRange CIDR blocks (203.0.113.0/24), or -Asn with -AsnDatabase or -PrefixFile.", ex));
            return;
        }
        var domains = new List<string>();
        foreach (var input in Domain)
            if (AcceptDomain(input, out var d)) domains.Add(d);
        foreach (var r in _ranges) WriteVerbose($"Range {r.Network} from {r.Origin}");
        var request = RangeRequests.For(_ranges, domains, TlsPort, ThrottleLimit, Scope, ExcludeScope);
        Start(string.Join(", ", _ranges.Select(r => r.Network.ToString())), async (sink, ct) =>
            await RangeExpander.RunAsync(Network, request, h => sink.OutputAsync(h), ct).ConfigureAwait(false));
    }
}
