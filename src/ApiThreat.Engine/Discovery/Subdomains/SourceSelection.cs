namespace ApiThreat.Engine.Discovery.Subdomains;

/// <summary>Find-Subdomain's -Source values as one set of sources, and what that set needs.</summary>
public static class SourceSelection
{
    /// <summary>What -Source takes, for the error that names a value without a source.</summary>
    public const string Accepted = "-Source takes Wordlist, ZoneTransfer, CertificateTransparency, TlsSan, Permutation, Passive or a provider's name (recursion is -Recurse).";

    /// <summary>The values combined (the default sources when none is given); null when they name no source to search.</summary>
    public static SubdomainSources? Combine(IReadOnlyCollection<SubdomainSources>? source)
    {
        var sources = source?.Aggregate(SubdomainSources.None, (all, one) => all | one) ?? SubdomainSources.Default;
        return sources == SubdomainSources.None || (sources & ~(SubdomainSources.Default | SubdomainSources.Passive)) != 0 ? null : sources;
    }

    /// <summary>Whether the run reads the wordlist: its own source, or -Recurse (which brute-forces under found names).</summary>
    public static bool NeedsWordlist(SubdomainSources sources, int recurseDepth) => (sources & SubdomainSources.Wordlist) != 0 || recurseDepth > 0;
}
