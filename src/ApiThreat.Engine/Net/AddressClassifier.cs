using System.Net;
using System.Net.Sockets;

namespace ApiThreat.Engine.Net;

/// <summary>Classifies addresses: public, private, loopback, link-local, metadata, reserved (bogon). A pure function.</summary>
public static class AddressClassifier
{
    public const string Metadata = "Metadata";

    /// <summary>
    /// Cloud instance metadata and platform endpoints: they hand out the machine's credentials and secrets to whoever
    /// can make it ask (SSRF, a hostile CNAME). metadata.google.internal resolves to 169.254.169.254.
    /// </summary>
    private static readonly IPNetwork[] s_metadata =
    {
        IPNetwork.Parse("169.254.169.254/32"),  // AWS, Azure IMDS, Google, Oracle, DigitalOcean, OpenStack, Hetzner, Linode
        IPNetwork.Parse("169.254.170.2/32"),    // AWS ECS task metadata and credentials
        IPNetwork.Parse("169.254.170.23/32"),   // AWS EKS Pod Identity agent
        IPNetwork.Parse("169.254.0.23/32"),     // Tencent Cloud
        IPNetwork.Parse("169.254.42.42/32"),    // Scaleway
        IPNetwork.Parse("100.100.100.200/32"),  // Alibaba Cloud
        IPNetwork.Parse("192.0.0.192/32"),      // Oracle Cloud (legacy)
        IPNetwork.Parse("168.63.129.16/32"),    // Azure WireServer (a public-looking platform address)
        IPNetwork.Parse("fd00:ec2::254/128"),   // AWS IMDS over IPv6
        IPNetwork.Parse("fd00:ec2::23/128"),    // AWS EKS Pod Identity over IPv6
        IPNetwork.Parse("fd00:42::42/128"),     // Scaleway over IPv6
    };

    private static readonly (IPNetwork Network, string Class)[] s_special =
    {
        (IPNetwork.Parse("0.0.0.0/8"), "Reserved"),
        (IPNetwork.Parse("10.0.0.0/8"), "Private"),
        (IPNetwork.Parse("100.64.0.0/10"), "SharedAddressSpace"),
        (IPNetwork.Parse("127.0.0.0/8"), "Loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "LinkLocal"),
        (IPNetwork.Parse("172.16.0.0/12"), "Private"),
        (IPNetwork.Parse("192.0.0.0/24"), "Reserved"),
        (IPNetwork.Parse("192.0.2.0/24"), "Documentation"),
        (IPNetwork.Parse("192.88.99.0/24"), "Reserved"),
        (IPNetwork.Parse("192.168.0.0/16"), "Private"),
        (IPNetwork.Parse("198.18.0.0/15"), "Benchmarking"),
        (IPNetwork.Parse("198.51.100.0/24"), "Documentation"),
        (IPNetwork.Parse("203.0.113.0/24"), "Documentation"),
        (IPNetwork.Parse("224.0.0.0/4"), "Multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "Reserved"),
        (IPNetwork.Parse("::/128"), "Reserved"),
        (IPNetwork.Parse("::1/128"), "Loopback"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "Private"),
        (IPNetwork.Parse("100::/64"), "Reserved"),
        (IPNetwork.Parse("2001:db8::/32"), "Documentation"),
        (IPNetwork.Parse("fc00::/7"), "Private"),
        (IPNetwork.Parse("fe80::/10"), "LinkLocal"),
        (IPNetwork.Parse("ff00::/8"), "Multicast"),
    };

    // IPv6 forms that carry an IPv4 address a gateway will reach: NAT64 (64:ff9b::/96), IPv4-compatible (::/96) and
    // 6to4 (2002::/16). Classified as the IPv4 address they carry, so 64:ff9b::a9fe:a9fe is metadata, not public.
    private static readonly IPNetwork s_nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork s_compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork s_sixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>"Public" or the special class the address falls in (Metadata before the range that holds it).</summary>
    public static string Classify(IPAddress address)
    {
        address = Unwrap(address);
        foreach (var network in s_metadata)
            if (network.Contains(address)) return Metadata;
        foreach (var (network, cls) in s_special)
            if (network.Contains(address)) return cls;
        return "Public";
    }

    /// <summary>True for anything a scan must not reach without -AllowPrivateAddress.</summary>
    public static bool IsNonPublic(IPAddress address) => Classify(address) != "Public";

    /// <summary>The IPv4 address an IPv4-mapped, NAT64, IPv4-compatible or 6to4 address stands for; else the address.</summary>
    internal static IPAddress Unwrap(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address;
        var bytes = address.GetAddressBytes();
        if (s_nat64.Contains(address) || (s_compatible.Contains(address) && !IPAddress.IPv6Any.Equals(address) && !IPAddress.IPv6Loopback.Equals(address)))
            return new IPAddress(bytes.AsSpan(12, 4));
        if (s_sixToFour.Contains(address)) return new IPAddress(bytes.AsSpan(2, 4));
        return address;
    }
}
