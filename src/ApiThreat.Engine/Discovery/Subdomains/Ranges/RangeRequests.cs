namespace ApiThreat.Engine.Discovery.Subdomains.Ranges;

/// <summary>Find-Subdomain -IpRange/-Asn as a sweep request: the owned blocks, the organisation's domains, the user's scope.</summary>
public static class RangeRequests
{
    /// <summary>Addresses worked on at once: the throttle, at most 256 (each holds a reverse lookup and TLS handshakes).</summary>
    public const int MaxInFlight = 256;

    public static RangeExpansionRequest For(IReadOnlyList<OwnedRange> ranges, IReadOnlyList<string> domains, IReadOnlyList<int> tlsPorts, int throttleLimit,
        string[]? scope, string[]? excludeScope) => new()
    {
        Ranges = ranges,
        Domains = domains,
        TlsPorts = tlsPorts,
        MaxInFlight = Math.Clamp(throttleLimit, 1, MaxInFlight),
        Scope = scope ?? Array.Empty<string>(),
        ExcludeScope = excludeScope ?? Array.Empty<string>(),
    };
}
