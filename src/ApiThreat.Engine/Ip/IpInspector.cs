using System.Net;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using DnsClient;
using DnsClient.Protocol;

namespace ApiThreat.Engine.Ip;

/// <summary>What to look up for one address.</summary>
public sealed class IpRequest
{
    public required IPAddress Address { get; init; }
    /// <summary>Discovered names that resolve to the address (from piped DiscoveredHosts).</summary>
    public IReadOnlyList<string> HostNames { get; init; } = Array.Empty<string>();
    public bool ReverseLookup { get; init; } = true;
    /// <summary>Names on one address from which it counts as shared hosting.</summary>
    public int SharedHostingThreshold { get; init; } = 5;
}

/// <summary>
/// Get-IpIntelligence's engine: classification (private, reserved, bogon, metadata), forward-confirmed reverse
/// DNS through the scan's resolver, cloud provider/service/region from the range table, ASN/organisation/country
/// from a MaxMind database, and shared hosting from the names seen on the address. Only DNS is sent: the address
/// itself is never contacted.
/// </summary>
public static class IpInspector
{
    public static async Task<IpIntelligence> InspectAsync(NetworkContext network, IpRequest request, CloudRangeTable ranges, AsnDatabase? asn,
        AsnDatabase? country, CancellationToken cancellationToken)
    {
        var address = request.Address.IsIPv4MappedToIPv6 ? request.Address.MapToIPv4() : request.Address;
        var classification = AddressClassifier.Classify(address);
        var info = new IpIntelligence
        {
            Address = address.ToString(),
            Classification = classification,
            IsPrivate = classification != "Public",
            HostNames = request.HostNames.Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToArray(),
        };
        if (ranges.Lookup(address) is { } range)
        {
            info.CloudProvider = range.Provider;
            info.CloudService = range.Service;
            info.CloudRegion = range.Region;
            info.CloudRange = range.Network.ToString();
        }
        var a = asn?.Lookup(address);
        var c = country is null ? null : country.Lookup(address);
        info.Asn = a?.Asn ?? c?.Asn;
        info.Organization = a?.Organization ?? c?.Organization;
        info.Country = c?.Country ?? a?.Country;
        info.SharedHosting = info.HostNames.Length >= request.SharedHostingThreshold;
        if (request.ReverseLookup)
        {
            network.Log($"PTR {address.GetArpaName()}");
            var ptr = await network.Resolver.QueryAsync(address.GetArpaName(), QueryType.PTR, cancellationToken).ConfigureAwait(false);
            var name = ptr.Answers.OfType<PtrRecord>().Select(p => DnsResolver.Trim(p.PtrDomainName.Value)).FirstOrDefault();
            if (name is not null && ScanTarget.TryHost(name, out var clean, out _))
            {
                info.ReverseName = clean;
                var forward = await network.Resolver.ResolveHostAsync(clean, cancellationToken).ConfigureAwait(false);
                info.ForwardConfirmed = forward.Addresses.Any(f => f.Equals(address));
            }
        }
        info.Findings = Findings(info, address).ToArray();
        return info;
    }

    private static IEnumerable<Finding> Findings(IpIntelligence info, IPAddress address)
    {
        var names = info.HostNames.Length > 0 ? $" ({string.Join(", ", info.HostNames.Take(20))}{(info.HostNames.Length > 20 ? ", ..." : "")})" : "";
        if (info.HostNames.Length > 0)
        {
            if (info.Classification is "Private" or "Loopback" or "LinkLocal" or "SharedAddressSpace")
                yield return IpRules.PrivateAddressPublished.ToFinding(info.Address, $"{info.Address} is {info.Classification}; resolved from{names}");
            else if (info.Classification != "Public")
                yield return IpRules.ReservedAddressPublished.ToFinding(info.Address, $"{info.Address} is {info.Classification}; resolved from{names}",
                    severity: info.Classification == "Metadata" ? Severity.High : null);
        }
        if (info.SharedHosting)
            yield return IpRules.SharedHosting.ToFinding(info.Address, $"{info.HostNames.Length} discovered names on {info.Address}{names}");
        if (info.ReverseName is not null && !info.ForwardConfirmed)
            yield return IpRules.ReverseDnsNotConfirmed.ToFinding(info.Address, $"PTR {address.GetArpaName()} -> {info.ReverseName}, which does not resolve back to {info.Address}");
    }
}
