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
    private static readonly IpNetwork[] s_metadata =
    {
        IpNetwork.Parse("169.254.169.254/32"),  // AWS, Azure IMDS, Google, Oracle, DigitalOcean, OpenStack, Hetzner, Linode
        IpNetwork.Parse("169.254.170.2/32"),    // AWS ECS task metadata and credentials
        IpNetwork.Parse("169.254.170.23/32"),   // AWS EKS Pod Identity agent
        IpNetwork.Parse("169.254.0.23/32"),     // Tencent Cloud
        IpNetwork.Parse("169.254.42.42/32"),    // Scaleway
        IpNetwork.Parse("100.100.100.200/32"),  // Alibaba Cloud
        IpNetwork.Parse("192.0.0.192/32"),      // Oracle Cloud (legacy)
        IpNetwork.Parse("168.63.129.16/32"),    // Azure WireServer (a public-looking platform address)
        IpNetwork.Parse("fd00:ec2::254/128"),   // AWS IMDS over IPv6
        IpNetwork.Parse("fd00:ec2::23/128"),    // AWS EKS Pod Identity over IPv6
        IpNetwork.Parse("fd00:42::42/128"),     // Scaleway over IPv6
    };

    private static readonly (IpNetwork Network, string Class)[] s_special =
    {
        (IpNetwork.Parse("0.0.0.0/8"), "Reserved"),
        (IpNetwork.Parse("10.0.0.0/8"), "Private"),
        (IpNetwork.Parse("100.64.0.0/10"), "SharedAddressSpace"),
        (IpNetwork.Parse("127.0.0.0/8"), "Loopback"),
        (IpNetwork.Parse("169.254.0.0/16"), "LinkLocal"),
        (IpNetwork.Parse("172.16.0.0/12"), "Private"),
        (IpNetwork.Parse("192.0.0.0/24"), "Reserved"),
        (IpNetwork.Parse("192.0.2.0/24"), "Documentation"),
        (IpNetwork.Parse("192.88.99.0/24"), "Reserved"),
        (IpNetwork.Parse("192.168.0.0/16"), "Private"),
        (IpNetwork.Parse("198.18.0.0/15"), "Benchmarking"),
        (IpNetwork.Parse("198.51.100.0/24"), "Documentation"),
        (IpNetwork.Parse("203.0.113.0/24"), "Documentation"),
        (IpNetwork.Parse("224.0.0.0/4"), "Multicast"),
        (IpNetwork.Parse("240.0.0.0/4"), "Reserved"),
        (IpNetwork.Parse("::/128"), "Reserved"),
        (IpNetwork.Parse("::1/128"), "Loopback"),
        (IpNetwork.Parse("64:ff9b:1::/48"), "Private"),
        (IpNetwork.Parse("100::/64"), "Reserved"),
        (IpNetwork.Parse("2001:db8::/32"), "Documentation"),
        (IpNetwork.Parse("fc00::/7"), "Private"),
        (IpNetwork.Parse("fe80::/10"), "LinkLocal"),
        (IpNetwork.Parse("ff00::/8"), "Multicast"),
    };

    // IPv6 forms that carry an IPv4 address a gateway will reach: NAT64 (64:ff9b::/96), IPv4-compatible (::/96) and
    // 6to4 (2002::/16). Classified as the IPv4 address they carry, so 64:ff9b::a9fe:a9fe is metadata, not public.
    private static readonly IpNetwork s_nat64 = IpNetwork.Parse("64:ff9b::/96");
    private static readonly IpNetwork s_compatible = IpNetwork.Parse("::/96");
    private static readonly IpNetwork s_sixToFour = IpNetwork.Parse("2002::/16");

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

/// <summary>An IPv4 or IPv6 CIDR block.</summary>
public readonly struct IpNetwork
{
    private readonly byte[] _prefix;

    public IpNetwork(IPAddress address, int prefixLength)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        Family = address.AddressFamily;
        var max = Family == AddressFamily.InterNetwork ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) throw new FormatException($"Prefix length /{prefixLength} is out of range for {address}.");
        PrefixLength = prefixLength;
        _prefix = Mask(address.GetAddressBytes(), prefixLength);
    }

    public AddressFamily Family { get; }
    public int PrefixLength { get; }
    public IPAddress Network => new(_prefix);

    public static IpNetwork Parse(string text)
    {
        if (!TryParse(text, out var network)) throw new FormatException($"'{text}' is not a CIDR block (e.g. 10.0.0.0/8 or 2001:db8::/32).");
        return network;
    }

    public static bool TryParse(string? text, out IpNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address)) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = max;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], out length) || length < 0 || length > max)) return false;
        network = new IpNetwork(address, length);
        return true;
    }

    public bool Contains(IPAddress address)
    {
        if (_prefix is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != Family) return false;
        var masked = Mask(address.GetAddressBytes(), PrefixLength);
        return masked.AsSpan().SequenceEqual(_prefix);
    }

    private static byte[] Mask(byte[] bytes, int prefixLength)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(prefixLength - i * 8, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }
        return bytes;
    }

    public override string ToString() => $"{Network}/{PrefixLength}";
}
