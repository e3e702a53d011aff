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
    // Address -> the discovered names seen on it, in first-seen order of addresses.
    private readonly Dictionary<IPAddress, List<string>> _addresses = new();
    private readonly List<string> _namesToResolve = new();
    private readonly HashSet<string> _addressless = new(StringComparer.OrdinalIgnoreCase);
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
            var path = CloudRangePath is not null ? GetUnresolvedProviderPathFromPSPath(CloudRangePath) : DataPaths.CloudRanges(this);
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
        var name = HostName is null ? null : HostName.Trim().TrimEnd('.').ToLowerInvariant();
        if (Address is not { Length: > 0 })
        {
            if (name is not null)
            {
                _namesToResolve.Add(name);
                // Piped with an empty Addresses (a dangling CNAME Find-Subdomain found): finding no address again is normal.
                if (Address is { Length: 0 }) _addressless.Add(name);
            }
            else WriteError(new ErrorRecord(new ArgumentException("Give -Address, or pipe objects with Addresses or HostName."), "NoAddress", ErrorCategory.InvalidArgument, null));
            return;
        }
        foreach (var ip in Address) Add(ip, name);
    }

    private void Add(IPAddress ip, string? name)
    {
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (!_addresses.TryGetValue(ip, out var names)) _addresses[ip] = names = new List<string>();
        if (name is not null && !names.Contains(name, StringComparer.OrdinalIgnoreCase)) names.Add(name);
    }

    /// <summary>Shared hosting needs every name first: the lookups start once all input is in.</summary>
    protected override void EndProcessing()
    {
        foreach (var name in _namesToResolve.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            try
            {
                var resolution = Network.Resolver.ResolveHostAsync(name, CancellationToken).GetAwaiter().GetResult();
                if (resolution.Addresses.Count == 0 && _addressless.Contains(name))
                    WriteVerbose($"{name}: no address to inspect ({resolution.Status}); it had none when it was discovered either");
                else if (resolution.Addresses.Count == 0)
                    WriteError(new ErrorRecord(new InvalidOperationException($"Host '{name}' has no address ({resolution.Status})."), "HostNotFound", ErrorCategory.ObjectNotFound, name));
                foreach (var ip in resolution.Addresses) Add(ip, name);
            }
            catch (OperationCanceledException) { return; }
        }
        foreach (var (ip, names) in _addresses)
        {
            var request = new IpRequest { Address = ip, HostNames = names, ReverseLookup = !NoReverseLookup.IsPresent, SharedHostingThreshold = SharedHostingThreshold };
            Start(ip.ToString(), async (sink, ct) =>
                await sink.OutputAsync(await IpInspector.InspectAsync(Network, request, _ranges, _asn, _country, ct).ConfigureAwait(false)).ConfigureAwait(false));
        }
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
