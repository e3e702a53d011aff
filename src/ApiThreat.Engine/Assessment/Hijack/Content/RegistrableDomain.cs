namespace ApiThreat.Engine.Assessment.Hijack.Content;

/// <summary>
/// The registrable domain ("site") of a host, without the full Public Suffix List: the last two labels, or three
/// when the second-level label is a common country-code second level (co.uk, com.au, ...). Used to tell first-
/// from third-party resources; an approximation, stated as such.
/// </summary>
public static class RegistrableDomain
{
    private static readonly HashSet<string> s_secondLevels = new(StringComparer.Ordinal) { "co", "com", "net", "org", "gov", "ac", "edu", "ne", "or", "go", "gob", "nic", "mil" };

    public static string? Of(string? host)
    {
        if (string.IsNullOrEmpty(host)) return null;
        host = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        if (System.Net.IPAddress.TryParse(host, out _)) return host;
        var labels = host.Split('.');
        if (labels.Length <= 2) return host;
        var take = labels[^1].Length == 2 && s_secondLevels.Contains(labels[^2]) ? 3 : 2;
        return string.Join('.', labels[^take..]);
    }

    /// <summary>The registrable domain of a script src (absolute or protocol-relative), or null.</summary>
    public static string? OfUrl(string url)
    {
        var u = url.StartsWith("//", StringComparison.Ordinal) ? "https:" + url : url;
        return Uri.TryCreate(u, UriKind.Absolute, out var uri) ? Of(uri.Host) : null;
    }
}
