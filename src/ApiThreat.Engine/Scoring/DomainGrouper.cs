using System.Net;

namespace ApiThreat.Engine.Scoring;

/// <summary>
/// Decides which domain a host is scored under. Without a public-suffix list (no well-kept offline one ships with
/// .NET, and a stale copy is worse than an honest rule), in this order:
/// 1. the longest domain the user named (-Domain) that the host equals or sits under;
/// 2. the longest domain the input itself names (DiscoveredHost.Domain, DnsIntelligence.Domain);
/// 3. the last two labels, or the last three when the last two are a common multi-label public suffix
///    (<see cref="MultiLabelSuffixes"/>: co.uk, com.au, ...). Other private registries (e.g. city.state.us) are
///    grouped by their last two labels: name the domain with -Domain to group them exactly.
/// IP addresses and single-label names belong to no domain (they are still scored as hosts and in -Organization).
/// </summary>
public sealed class DomainGrouper
{
    /// <summary>Second-level public suffixes under which organisations register names (a deliberate, small list).</summary>
    public static readonly IReadOnlySet<string> MultiLabelSuffixes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk", "nhs.uk", "police.uk",
        "com.au", "net.au", "org.au", "edu.au", "gov.au", "asn.au", "id.au",
        "co.nz", "net.nz", "org.nz", "govt.nz", "ac.nz", "school.nz",
        "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "ad.jp", "ed.jp", "gr.jp", "lg.jp",
        "co.kr", "or.kr", "ne.kr", "go.kr", "ac.kr",
        "com.br", "net.br", "org.br", "gov.br", "edu.br",
        "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn",
        "com.hk", "org.hk", "gov.hk", "edu.hk", "net.hk",
        "com.tw", "org.tw", "gov.tw", "edu.tw", "net.tw",
        "com.sg", "org.sg", "gov.sg", "edu.sg", "net.sg",
        "co.in", "net.in", "org.in", "gov.in", "ac.in", "firm.in", "gen.in", "ind.in",
        "co.za", "org.za", "gov.za", "ac.za", "net.za",
        "com.mx", "org.mx", "gob.mx", "edu.mx", "net.mx",
        "com.ar", "gob.ar", "org.ar", "net.ar",
        "com.co", "gov.co", "org.co", "net.co",
        "com.tr", "org.tr", "gov.tr", "edu.tr", "net.tr",
        "co.il", "org.il", "ac.il", "gov.il", "net.il",
        "co.id", "or.id", "ac.id", "go.id", "web.id",
        "com.my", "org.my", "gov.my", "net.my", "edu.my",
        "com.ph", "org.ph", "gov.ph", "net.ph",
        "com.vn", "gov.vn", "net.vn", "org.vn",
        "co.th", "ac.th", "go.th", "or.th", "in.th",
        "com.ua", "gov.ua", "org.ua", "net.ua",
        "com.eg", "gov.eg", "com.sa", "gov.sa", "com.pk", "gov.pk", "com.ng", "gov.ng", "co.ke", "go.ke",
        "com.pe", "gob.pe", "com.ec", "com.uy", "com.ve", "com.bd", "com.np", "com.lk", "com.qa", "com.kw",
        "co.at", "or.at", "ac.at", "gv.at", "com.pl", "net.pl", "org.pl", "gov.pl",
        "com.es", "org.es", "gob.es", "com.pt", "gov.pt", "com.gr", "gov.gr", "com.cy", "com.mt",
    };

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

    /// <summary>Last two labels, or three under a known multi-label public suffix; null for single-label names.</summary>
    public static string? Registrable(string host)
    {
        var labels = host.Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length < 2) return null;
        var lastTwo = labels[^2] + "." + labels[^1];
        if (MultiLabelSuffixes.Contains(lastTwo))
            return labels.Length >= 3 ? labels[^3] + "." + lastTwo : null;
        return lastTwo;
    }

    private static bool IsUnder(string host, string domain) =>
        host.Length == domain.Length ? host == domain
        : host.Length > domain.Length && host[host.Length - domain.Length - 1] == '.' && host.EndsWith(domain, StringComparison.Ordinal);
}
