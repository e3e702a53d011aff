using System.Management.Automation;
using System.Net;
using ApiThreat.Engine.Ip;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>Reverse DNS, classification, cloud provider/service/region, ASN/organisation/country and shared hosting of addresses.</summary>
[Cmdlet(VerbsCommon.Get, "IpIntelligence")]
[OutputType(typeof(IpIntelligence))]
public sealed class GetIpIntelligenceCommand : NetworkCmdlet
{
    private readonly IpTargetSet _targets = new();
    private CloudRangeTable _ranges = CloudRangeTable.Empty;
    private AsnDatabase? _asn;
    private AsnDatabase? _country;

    /// <summary>IPv4/IPv6 addresses; binds the Addresses property of DiscoveredHost objects.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Addresses", "IPAddress", "IP")]
    [AllowEmptyCollection]
    public IPAddress[]? Address { get; set; }

    /// <summary>The discovered name the piped addresses belong to (DiscoveredHost, ApiEndpoint); resolved when no address is piped.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? HostName { get; set; }

    /// <summary>A MaxMind-format ASN database (GeoLite2-ASN.mmdb or compatible).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AsnDatabase { get; set; }

    /// <summary>A MaxMind-format country or city database (GeoLite2-Country.mmdb or compatible).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CountryDatabase { get; set; }

    /// <summary>The cloud range data file (default: the one Update-ApiThreatData wrote, else the module's).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CloudRangePath { get; set; }

    [Parameter]
    public SwitchParameter NoReverseLookup { get; set; }

    [Parameter]
    [ValidateRange(2, 100000)]
    public int SharedHostingThreshold { get; set; } = 5;

    protected override void OnNetworkReady()
    {
        try
        {
            var path = CloudRangePath is not null ? GetUnresolvedProviderPathFromPSPath(CloudRangePath) : DataPaths.CloudRanges;
            _ranges = CloudRangeTable.Load(path);
            WriteVerbose($"Cloud ranges: {_ranges.Count} prefixes from {path} ({string.Join(", ", _ranges.Sources.Select(s => $"{s.Provider} {s.Date:yyyy-MM-dd}"))})");
            if (AsnDatabase is not null) _asn = Engine.Ip.AsnDatabase.Open(GetUnresolvedProviderPathFromPSPath(AsnDatabase));
            if (CountryDatabase is not null) _country = Engine.Ip.AsnDatabase.Open(GetUnresolvedProviderPathFromPSPath(CountryDatabase));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidDataFile", ErrorCategory.InvalidArgument, null)
            { ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = "Give a readable .mmdb file, or a range file written by Update-ApiThreatData." } });
        }
    }

    protected override void ProcessRecord()
    {
        if (Address is { Length: > 0 }) foreach (var ip in Address) _targets.Add(ip, HostName);
        // Piped with an empty Addresses (a dangling CNAME Find-Subdomain found): finding no address again is normal.
        else if (HostName is not null) _targets.AddName(HostName, hadNoAddress: Address is { Length: 0 });
        else WriteError(new ErrorRecord(new ArgumentException("Give -Address, or pipe objects with Addresses or HostName."), "NoAddress", ErrorCategory.InvalidArgument, null));
    }

    /// <summary>Shared hosting needs every name first: the lookups start once all input is in.</summary>
    protected override void EndProcessing()
    {
        try
        {
            foreach (var (name, status, expected) in _targets.ResolveAsync(Network, CancellationToken).GetAwaiter().GetResult())
            {
                if (expected) WriteVerbose($"{name}: no address to inspect ({status}); it had none when it was discovered either");
                else WriteError(new ErrorRecord(new InvalidOperationException($"Host '{name}' has no address ({status})."), "HostNotFound", ErrorCategory.ObjectNotFound, name));
            }
        }
        catch (OperationCanceledException) { return; }
        foreach (var request in _targets.Requests(!NoReverseLookup.IsPresent, SharedHostingThreshold))
            Start(request.Address.ToString(), async (sink, ct) =>
                await sink.OutputAsync(await IpInspector.InspectAsync(Network, request, _ranges, _asn, _country, ct).ConfigureAwait(false)).ConfigureAwait(false));
        base.EndProcessing();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _asn?.Dispose();
            _country?.Dispose();
        }
        base.Dispose(disposing);
    }
}
