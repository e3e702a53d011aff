using ApiThreat.Engine.Net.Tls;

namespace ApiThreat.Engine.Transport.Checks;

/// <summary>What the transport checks are given about one TLS endpoint: the versions and suites it offered, the plain-HTTP redirect and HSTS.</summary>
public sealed class TransportEvidence
{
    /// <summary>"host:port", the target of the findings.</summary>
    public required string Target { get; init; }
    /// <summary>Every version tried, with its status (Offered, NotOffered, NotTested) and the suites accepted.</summary>
    public required IReadOnlyList<VersionEnumeration> Versions { get; init; }
    /// <summary>The distinct suites offered over all offered versions.</summary>
    public required IReadOnlyList<CipherSuite> Suites { get; init; }
    /// <summary>True when plain HTTP redirects to https, false when it serves content, null when not checked or closed.</summary>
    public bool? RedirectsToHttps { get; init; }
    /// <summary>Whether an HTTPS response was read for HSTS.</summary>
    public bool HstsTested { get; init; }
    /// <summary>The Strict-Transport-Security header, as sent.</summary>
    public string? Hsts { get; init; }
    public long? HstsMaxAge { get; init; }

    /// <summary>Offered, NotOffered or NotTested for one version.</summary>
    public string Status(TlsVersion version) => Versions.FirstOrDefault(x => x.Version == version)?.Status ?? "NotTested";
}
