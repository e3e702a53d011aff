using System.Net;

namespace ApiThreat.Engine.Scoring;

/// <summary>
/// Decides which domain a host is scored under, in this order:
/// 1. the longest domain the user named (-Domain) that the host equals or sits under;
/// 2. the longest domain the input itself names (DiscoveredHost.Domain, DnsIntelligence.Domain);
/// 3. its registrable domain by the Public Suffix List (example.co.uk, app.herokuapp.com).
/// IP addresses, single-label names and public suffixes themselves belong to no domain (they are still scored as
/// hosts and in -Organization).
/// </summary>
public sealed class DomainGrouper
{
    private readonly string[] _given;
    private readonly string[] _learned;

    public DomainGrouper(IEnumerable<string>? given, IEnumerable<string>? learned = null)
    {
        _given = Normalise(given);
        _learned = Normalise(learned);
    }

    public static string? Normalise(string? domain)
    {
        if (string.IsNullOrWhiteSpace(domain)) return null;
        var d = domain.Trim().TrimEnd('.').ToLowerInvariant();
        if (d.StartsWith("*.", StringComparison.Ordinal)) d = d[2..];
        return d.Length == 0 ? null : d;
    }

    // Longest first so that api.eu.contoso.com goes to eu.contoso.com when both are named.
    private static string[] Normalise(IEnumerable<string>? domains) =>
        (domains ?? Array.Empty<string>()).Select(Normalise).OfType<string>().Distinct(StringComparer.Ordinal)
            .OrderByDescending(d => d.Length).ThenBy(d => d, StringComparer.Ordinal).ToArray();

    public string? DomainOf(string host)
    {
        var h = host.TrimEnd('.').ToLowerInvariant();
        if (h.Length == 0 || IPAddress.TryParse(h.Trim('[', ']'), out _)) return null;
        foreach (var d in _given) if (IsUnder(h, d)) return d;
        foreach (var d in _learned) if (IsUnder(h, d)) return d;
        return Registrable(h);
    }

    /// <summary>The registrable domain by the Public Suffix List; null for single-label names and public suffixes.</summary>
    public static string? Registrable(string host) => Text.PublicSuffixList.Current.RegistrableDomain(host);

    private static bool IsUnder(string host, string domain) =>
        host.Length == domain.Length ? host == domain
        : host.Length > domain.Length && host[host.Length - domain.Length - 1] == '.' && host.EndsWith(domain, StringComparison.Ordinal);
}
