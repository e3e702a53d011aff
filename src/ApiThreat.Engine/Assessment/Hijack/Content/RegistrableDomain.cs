namespace ApiThreat.Engine.Assessment.Hijack.Content;

/// <summary>
/// The registrable domain ("site") of a host by the Public Suffix List (<see cref="Text.PublicSuffixList"/>): used to
/// tell first- from third-party resources. An IP address, or a name that is itself a public suffix, is its own site.
/// </summary>
public static class RegistrableDomain
{
    public static string? Of(string? host)
    {
        if (string.IsNullOrEmpty(host)) return null;
        host = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        return Text.PublicSuffixList.Current.RegistrableDomain(host) ?? host;
    }

    /// <summary>The registrable domain of a script src (absolute or protocol-relative), or null.</summary>
    public static string? OfUrl(string url)
    {
        var u = url.StartsWith("//", StringComparison.Ordinal) ? "https:" + url : url;
        return Uri.TryCreate(u, UriKind.Absolute, out var uri) ? Of(uri.Host) : null;
    }
}
