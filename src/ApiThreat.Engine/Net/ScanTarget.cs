using System.Globalization;
using System.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Net;

/// <summary>
/// A target as a user typed it: a host name, host:port, an IP literal ([v6]:port), or an http(s) URL.
/// Parsing is strict and the error says what form is expected.
/// </summary>
public sealed class ScanTarget
{
    private static readonly IdnMapping s_idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    public required string Input { get; init; }
    public required string Host { get; init; }
    public int? Port { get; init; }
    public string? Scheme { get; init; }
    public string PathAndQuery { get; init; } = "/";
    public bool IsAddress => IPAddress.TryParse(Host, out _);

    public Uri ToUri(string scheme, int? port = null)
    {
        var p = port ?? Port;
        var host = Host.Contains(':') ? $"[{Host}]" : Host;
        var defaultPort = scheme == "https" ? 443 : 80;
        var authority = p is null || p == defaultPort ? host : $"{host}:{p}";
        return new Uri($"{scheme}://{authority}{PathAndQuery}");
    }

    public static ScanTarget Parse(string input)
    {
        if (!TryParse(input, out var target, out var error)) throw new ArgumentException(error);
        return target!;
    }

    public static bool TryParse(string? input, out ScanTarget? target, out string error)
    {
        target = null;
        error = "";
        var text = (input ?? "").Trim();
        if (text.Length == 0) { error = "The target is empty. Give a host name, host:port or an http(s) URL."; return false; }
        if (text.Length > 2048) { error = $"The target '{TextSafety.Truncate(text, 80)}' is longer than 2048 characters."; return false; }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            { error = $"'{text}' is not an http or https URL."; return false; }
            if (!TryHost(uri.Host.Trim('[', ']'), out var h, out error)) { error = $"'{text}': {error}"; return false; }
            target = new ScanTarget
            {
                Input = text, Host = h, Scheme = uri.Scheme, Port = uri.IsDefaultPort ? null : uri.Port,
                PathAndQuery = string.IsNullOrEmpty(uri.PathAndQuery) ? "/" : uri.PathAndQuery,
            };
            return true;
        }

        string hostPart = text;
        int? port = null;
        if (text.StartsWith('['))
        {
            var end = text.IndexOf(']');
            if (end < 0) { error = $"'{text}' has an unclosed '['."; return false; }
            hostPart = text[1..end];
            var rest = text[(end + 1)..];
            if (rest.Length > 0)
            {
                if (!rest.StartsWith(':') || !int.TryParse(rest[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var pp) || pp is < 1 or > 65535)
                { error = $"'{text}' has an invalid port."; return false; }
                port = pp;
            }
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':');
            hostPart = text[..colon];
            if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pp) || pp is < 1 or > 65535)
            { error = $"'{text}' has an invalid port: give host:port with a port from 1 to 65535."; return false; }
            port = pp;
        }
        var slash = hostPart.IndexOf('/');
        var path = "/";
        if (slash >= 0) { path = hostPart[slash..]; hostPart = hostPart[..slash]; }
        if (!TryHost(hostPart, out var host, out error)) { error = $"'{text}': {error}"; return false; }
        target = new ScanTarget { Input = text, Host = host, Port = port, PathAndQuery = path };
        return true;
    }

    /// <summary>Validates and normalises a host name (IDN to punycode, lower case, no trailing dot) or IP literal.</summary>
    public static bool TryHost(string? value, out string host, out string error)
    {
        host = "";
        error = "";
        var text = (value ?? "").Trim().TrimEnd('.');
        if (IPAddress.TryParse(text, out var address)) { host = address.ToString(); return true; }
        if (text.Length == 0) { error = "the host name is empty"; return false; }
        try { text = s_idn.GetAscii(text); }
        catch (ArgumentException) { error = $"'{value}' is not a valid host name"; return false; }
        text = text.ToLowerInvariant();
        if (text.Length > 253) { error = "the host name is longer than 253 characters"; return false; }
        foreach (var label in text.Split('.'))
        {
            if (label.Length is 0 or > 63) { error = $"'{value}' has an empty or over-long label"; return false; }
            foreach (var c in label)
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                { error = $"'{value}' contains '{c}', which is not allowed in a host name"; return false; }
            if (label.StartsWith('-') || label.EndsWith('-')) { error = $"'{value}' has a label that starts or ends with '-'"; return false; }
        }
        host = text;
        return true;
    }

    /// <summary>A DNS domain (contoso.com): a valid host name with at least two labels, not an address.</summary>
    public static bool TryDomain(string? value, out string domain, out string error)
    {
        if (!TryHost(value, out domain, out error)) return false;
        if (!IPAddress.TryParse(domain, out _) && domain.Contains('.')) return true;
        error = "give a DNS domain such as contoso.com";
        domain = "";
        return false;
    }

    public override string ToString() => Input;
}
