using System.Net;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Ip;

/// <summary>
/// Get-IpIntelligence's input gathered whole: each address with the names seen on it (shared hosting needs them
/// all), and the names given without an address, resolved once every input is in. Addresses keep first-seen order.
/// </summary>
public sealed class IpTargetSet
{
    private readonly Dictionary<IPAddress, List<string>> _addresses = new();
    private readonly List<string> _names = new();
    private readonly HashSet<string> _addressless = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>An address, with the discovered name it belongs to when known (IPv4-mapped IPv6 reads as IPv4).</summary>
    public void Add(IPAddress address, string? hostName)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (!_addresses.TryGetValue(address, out var names)) _addresses[address] = names = new List<string>();
        var name = Normalize(hostName);
        if (name is not null && !names.Contains(name, StringComparer.OrdinalIgnoreCase)) names.Add(name);
    }

    /// <summary>
    /// A name whose addresses are to be looked up (<see cref="ResolveAsync"/>). <paramref name="hadNoAddress"/>: it came
    /// with an empty address list (a dangling CNAME Find-Subdomain found), so finding none again is no failure.
    /// </summary>
    public void AddName(string hostName, bool hadNoAddress = false)
    {
        if (Normalize(hostName) is not { } name) return;
        if (!_names.Contains(name, StringComparer.OrdinalIgnoreCase)) _names.Add(name);
        if (hadNoAddress) _addressless.Add(name);
    }

    /// <summary>
    /// Resolves the names given without an address; returns those that have none, with the DNS status and whether that
    /// was already so when they were discovered (Expected: a normal outcome, not an error).
    /// </summary>
    public async Task<IReadOnlyList<(string Name, DnsStatus Status, bool Expected)>> ResolveAsync(NetworkContext network, CancellationToken cancellationToken)
    {
        var unresolved = new List<(string, DnsStatus, bool)>();
        foreach (var name in _names)
        {
            var resolution = await network.Resolver.ResolveHostAsync(name, cancellationToken).ConfigureAwait(false);
            if (resolution.Addresses.Count == 0) unresolved.Add((name, resolution.Status, _addressless.Contains(name)));
            foreach (var ip in resolution.Addresses) Add(ip, name);
        }
        _names.Clear();
        return unresolved;
    }

    /// <summary>One request an address, with every name seen on it.</summary>
    public IEnumerable<IpRequest> Requests(bool reverseLookup, int sharedHostingThreshold) =>
        _addresses.Select(a => new IpRequest { Address = a.Key, HostNames = a.Value, ReverseLookup = reverseLookup, SharedHostingThreshold = sharedHostingThreshold });

    private static string? Normalize(string? name) => name is null ? null : name.Trim().TrimEnd('.').ToLowerInvariant();
}
