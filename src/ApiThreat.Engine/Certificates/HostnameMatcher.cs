using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace ApiThreat.Engine.Certificates;

/// <summary>
/// RFC 6125 host name verification as browsers do it: Subject Alternative Names only (the CN is ignored when
/// SANs exist), a wildcard only as the whole left-most label, matching exactly one label, never a bare suffix.
/// </summary>
public static class HostnameMatcher
{
    public static bool Matches(string host, IEnumerable<string> dnsNames, IEnumerable<IPAddress> ipAddresses)
    {
        host = host.Trim().TrimEnd('.').ToLowerInvariant();
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
            return ipAddresses.Any(a => a.Equals(ip) || (a.IsIPv4MappedToIPv6 && a.MapToIPv4().Equals(ip)));
        return dnsNames.Any(n => MatchesName(host, n));
    }

    public static bool MatchesName(string host, string pattern)
    {
        pattern = pattern.Trim().TrimEnd('.').ToLowerInvariant();
        host = host.Trim().TrimEnd('.').ToLowerInvariant();
        if (pattern.Length == 0 || host.Length == 0) return false;
        if (!pattern.StartsWith("*.", StringComparison.Ordinal)) return !pattern.Contains('*') && pattern == host;
        var suffix = pattern[1..]; // ".example.com"
        // "*.com" style wildcards are refused: at least two labels after the wildcard.
        if (suffix.Count(c => c == '.') < 2 || suffix[1..].Contains('*')) return false;
        if (!host.EndsWith(suffix, StringComparison.Ordinal)) return false;
        var label = host[..^suffix.Length];
        return label.Length > 0 && !label.Contains('.');
    }

    /// <summary>The DNS and IP Subject Alternative Names of a certificate.</summary>
    public static (string[] Dns, IPAddress[] Ip) SubjectAlternativeNames(X509Certificate2 certificate)
    {
        var dns = new List<string>();
        var ips = new List<IPAddress>();
        foreach (var ext in certificate.Extensions)
        {
            if (ext is not X509SubjectAlternativeNameExtension san) continue;
            try
            {
                dns.AddRange(san.EnumerateDnsNames());
                ips.AddRange(san.EnumerateIPAddresses());
            }
            catch (System.Security.Cryptography.CryptographicException) { } // malformed SAN: treat as absent
        }
        return (dns.Distinct(StringComparer.OrdinalIgnoreCase).ToArray(), ips.Distinct().ToArray());
    }
}
