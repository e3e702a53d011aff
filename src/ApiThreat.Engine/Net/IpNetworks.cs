using System.Net;
using System.Net.Sockets;

namespace ApiThreat.Engine.Net;

/// <summary>
/// CIDR blocks are the platform's <see cref="IPNetwork"/>. What it leaves to callers: user input and provider files
/// write "10.0.0.5/8" (host bits set: the block is meant) or a bare address (one host), and an IPv4 address can arrive
/// IPv4-mapped (::ffff:a.b.c.d) from a dual-stack socket; both are normalised here.
/// </summary>
public static class IpNetworks
{
    /// <summary>Parses "a.b.c.d/n", "x::/n" or a bare address (a /32 or /128); host bits are cleared.</summary>
    public static bool TryParse(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var slash = text.IndexOf('/');
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out var address)) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = max;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out length) || length > max))
            return false;
        network = Create(address, length);
        return true;
    }

    public static IPNetwork Parse(string text) =>
        TryParse(text, out var network) ? network : throw new FormatException($"'{text}' is not a CIDR block (e.g. 10.0.0.0/8 or 2001:db8::/32).");

    /// <summary>The block of <paramref name="prefixLength"/> bits holding <paramref name="address"/> (host bits cleared).</summary>
    public static IPNetwork Create(IPAddress address, int prefixLength)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        if (prefixLength < 0 || prefixLength > bytes.Length * 8) throw new FormatException($"Prefix length /{prefixLength} is out of range for {address}.");
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] &= (byte)(0xFF << (8 - Math.Clamp(prefixLength - i * 8, 0, 8)));
        return new IPNetwork(new IPAddress(bytes), prefixLength);
    }

    /// <summary><see cref="IPNetwork.Contains"/>, with an IPv4-mapped IPv6 address taken as the IPv4 address it maps.</summary>
    public static bool ContainsAddress(this IPNetwork network, IPAddress address) =>
        network.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
