using System.Net;
using System.Net.Sockets;

namespace ApiThreat.Engine.Net;

/// <summary>Parses -Resolver values: host, host:port, IPv4, IPv4:port, IPv6, [IPv6]:port.</summary>
public static class ResolverEndpoint
{
    public const int DefaultPort = 53;

    public static IPEndPoint Parse(string value)
    {
        if (!TryParse(value, out var endPoint, out var error))
            throw new ArgumentException(error, nameof(value));
        return endPoint!;
    }

    public static bool TryParse(string? value, out IPEndPoint? endPoint, out string error)
    {
        endPoint = null;
        error = "";
        var text = (value ?? "").Trim();
        if (text.Length == 0) { error = "The resolver is empty. Give host, host:port or [IPv6]:port."; return false; }

        string host = text;
        int port = DefaultPort;
        if (text.StartsWith('['))
        {
            var end = text.IndexOf(']');
            if (end < 0) { error = $"Resolver '{text}' has an unclosed '['. Write IPv6 with a port as [2001:db8::53]:53."; return false; }
            host = text[1..end];
            var rest = text[(end + 1)..];
            if (rest.Length > 0 && (!rest.StartsWith(':') || !TryPort(rest[1..], out port)))
            { error = $"Resolver '{text}' has an invalid port. Write [IPv6]:port with a port from 1 to 65535."; return false; }
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':');
            host = text[..colon];
            if (!TryPort(text[(colon + 1)..], out port))
            { error = $"Resolver '{text}' has an invalid port. Write host:port with a port from 1 to 65535."; return false; }
        }

        if (IPAddress.TryParse(host, out var address))
        {
            endPoint = new IPEndPoint(address, port);
            return true;
        }
        if (Uri.CheckHostName(host) != UriHostNameType.Dns)
        { error = $"Resolver '{text}' is neither an IP address nor a host name."; return false; }
        try
        {
            var addresses = System.Net.Dns.GetHostAddresses(host);
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            if (chosen is null) { error = $"Resolver host '{host}' has no address."; return false; }
            endPoint = new IPEndPoint(chosen, port);
            return true;
        }
        catch (SocketException ex)
        {
            error = $"Resolver host '{host}' could not be resolved: {ex.Message}. Give its IP address instead.";
            return false;
        }
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, null, out port) && port is > 0 and <= 65535;
}
