using System.Net;

namespace ApiThreat.Engine.Net;

/// <summary>Classifies addresses: public, private, loopback, link-local, metadata, reserved (bogon).</summary>
public static class AddressClassifier
{
    private static readonly (IPNetwork Network, string Class)[] s_special =
    {
        (IPNetwork.Parse("169.254.169.254/32"), "Metadata"),
        (IPNetwork.Parse("fd00:ec2::254/128"), "Metadata"),
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

    /// <summary>"Public" or the special class the address falls in.</summary>
    public static string Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var (network, cls) in s_special)
            if (network.Contains(address)) return cls;
        return "Public";
    }

    /// <summary>True for anything a scan must not reach without -AllowPrivateAddress.</summary>
    public static bool IsNonPublic(IPAddress address) => Classify(address) != "Public";
}
