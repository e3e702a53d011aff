using System.Globalization;
using System.Net;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Export.Siem;

/// <summary>A destination the user gave that cannot be used; <see cref="ErrorId"/> is the stable error id.</summary>
public sealed class InvalidDestinationException : ArgumentException
{
    public InvalidDestinationException(string message, string errorId) : base(message) => ErrorId = errorId;

    public string ErrorId { get; }
}

/// <summary>Reads the destinations of Send-ApiThreatEvent: a syslog host[:port] and a Splunk HEC URI with its token.</summary>
public static class EventDestinations
{
    /// <summary>host, host:port, an IPv4 address or [IPv6]:port; the default port is 514 (6514 for TLS).</summary>
    public static EventDestination Syslog(string text, EventTransport transport, string? serverName, SyslogFacility facility, SyslogPayload payload)
    {
        var (host, port) = HostPort(text, transport == EventTransport.Tls ? 6514 : 514);
        return new EventDestination { Transport = transport, Host = host, Port = port, ServerName = serverName, Facility = facility, Payload = payload };
    }

    /// <summary>An http(s) HEC endpoint without credentials or query (the token goes in a header); a bare host gets /services/collector/event.</summary>
    public static EventDestination Hec(Uri uri, string? token, string? index, string? sourceType)
    {
        if (!uri.IsAbsoluteUri || uri.Scheme is not ("https" or "http"))
            throw new InvalidDestinationException($"-HecUri '{uri}' is not an http(s) URL.", "InvalidHecUri");
        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query))
            throw new InvalidDestinationException("-HecUri must not carry credentials or a query string: give the token with -HecToken or -Credential.", "InvalidHecUri");
        if (uri.AbsolutePath is "" or "/") uri = new Uri(uri, "/services/collector/event");
        if (token is null)
            throw new InvalidDestinationException("Give the HEC token with -HecToken (a SecureString) or -Credential (the token as password).", "MissingHecToken");
        if (string.IsNullOrWhiteSpace(token)) throw new InvalidDestinationException("The HEC token is empty.", "MissingHecToken");
        return new EventDestination { Transport = EventTransport.Hec, HecUri = uri, HecToken = token, Index = index, SourceType = sourceType };
    }

    private static (string Host, int Port) HostPort(string text, int defaultPort)
    {
        var t = text.Trim();
        InvalidDestinationException Invalid(string why) => new($"-Syslog '{text}' {why}", "InvalidSyslogDestination");
        if (t.Contains("://", StringComparison.Ordinal)) throw Invalid("must be host or host:port, not a URL (choose the transport with -Protocol).");
        var host = t;
        var port = defaultPort;
        var portText = (string?)null;
        if (t.StartsWith('['))
        {
            var end = t.IndexOf(']');
            if (end < 0) throw Invalid("has an unclosed '['.");
            host = t[1..end];
            var rest = t[(end + 1)..];
            if (rest.Length > 0)
            {
                if (!rest.StartsWith(':')) throw Invalid("has text after the address: give [address]:port.");
                portText = rest[1..];
            }
        }
        else if (t.Count(c => c == ':') == 1)
        {
            var i = t.IndexOf(':');
            host = t[..i];
            portText = t[(i + 1)..];
        }
        if (portText is not null && !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port)) throw Invalid("has an invalid port.");
        if (port is < 1 or > 65535) throw Invalid("has a port outside 1-65535.");
        if (!IPAddress.TryParse(host, out _) && Uri.CheckHostName(host) != UriHostNameType.Dns) throw Invalid($"names '{host}', which is not a host name or address.");
        return (host, port);
    }

    /// <summary>For messages: the HEC URI without anything that could hold a secret.</summary>
    public static string Display(Uri uri) => DestinationConnector.SafeUri(uri);
}
