using System.Globalization;

namespace ApiThreat.Engine.DigitalRisk.Lookalike;

/// <summary>
/// A domain split the way lookalikes are made: the labels in front (kept), the registrable label (fuzzed, in Unicode)
/// and the public suffix. Without a public-suffix list the suffix is the last label, or the last two when the
/// second-to-last is a generic second level (co, com, org, net, gov, edu, ac, mil, nom, info, biz: example.co.uk,
/// example.com.au) — the rule dnstwist uses when it has no suffix list either.
/// </summary>
public sealed record DomainParts(string Subdomain, string Label, string Tld)
{
    private static readonly HashSet<string> s_genericSecondLevels = new(StringComparer.Ordinal)
    {
        "org", "com", "net", "gov", "edu", "co", "mil", "nom", "ac", "info", "biz",
    };

    internal static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    /// <summary>Splits a domain given in ASCII, punycode or Unicode; throws ArgumentException for what is not a domain.</summary>
    public static DomainParts Parse(string domain)
    {
        var d = (domain ?? "").Trim().TrimEnd('.');
        if (d.Length == 0) throw new ArgumentException("The domain is empty.");
        string ascii;
        try { ascii = Idn.GetAscii(d).ToLowerInvariant(); }
        catch (ArgumentException) { throw new ArgumentException($"'{domain}' is not a valid domain name (IDNA)."); }
        var labels = ascii.Split('.');
        if (labels.Length < 2) throw new ArgumentException($"'{domain}' has no public suffix: give a registrable domain such as contoso.com.");
        int tldLabels = labels.Length >= 3 && s_genericSecondLevels.Contains(labels[^2]) ? 2 : 1;
        var tld = string.Join('.', labels[^tldLabels..]);
        var label = labels[^(tldLabels + 1)];
        var sub = string.Join('.', labels[..^(tldLabels + 1)]);
        string unicodeLabel;
        try { unicodeLabel = Idn.GetUnicode(label); }
        catch (ArgumentException) { unicodeLabel = label; }
        return new DomainParts(sub, unicodeLabel, tld);
    }

    /// <summary>The domain with another registrable label and suffix, subdomain kept.</summary>
    public string With(string label, string? tld = null) =>
        Subdomain.Length == 0 ? $"{label}.{tld ?? Tld}" : $"{Subdomain}.{label}.{tld ?? Tld}";

    public string Original => With(Label);
}
