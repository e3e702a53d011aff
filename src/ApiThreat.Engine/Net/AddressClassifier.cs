using System.Net;
using System.Net.Sockets;

namespace ApiThreat.Engine.Net;

/// <summary>Classifies addresses: public, private, loopback, link-local, metadata, reserved (bogon).</summary>
public static class AddressClassifier
{
    private static readonly (IpNetwork Network, string Class)[] s_special =
    {
        (IpNetwork.Parse("169.254.169.254/32"), "Metadata"),
        (IpNetwork.Parse("fd00:ec2::254/128"), "Metadata"),
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
