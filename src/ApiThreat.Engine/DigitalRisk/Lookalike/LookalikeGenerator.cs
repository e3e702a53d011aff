using System.Text.RegularExpressions;

namespace ApiThreat.Engine.DigitalRisk.Lookalike;

/// <summary>One permutation of a domain: ASCII (punycode) and Unicode forms, the fuzzer that made it, and its suffix.</summary>
public sealed record LookalikeCandidate(string Domain, string UnicodeDomain, string Fuzzer, string Tld);

/// <summary>What to generate.</summary>
public sealed class LookalikeGeneratorOptions
{
    /// <summary>Fuzzers to run (null: all of <see cref="LookalikeFuzzers.Names"/>; dictionary and tld-swap need their lists).</summary>
    public IReadOnlySet<string>? Fuzzers { get; init; }
    /// <summary>Words for the dictionary fuzzer.</summary>
    public IReadOnlyList<string> Dictionary { get; init; } = Array.Empty<string>();
    /// <summary>Suffixes for the tld-swap fuzzer.</summary>
    public IReadOnlyList<string> Tlds { get; init; } = Array.Empty<string>();
    /// <summary>Upper bound of candidates per domain (the homoglyph fuzzer grows fast with long labels).</summary>
    public int MaxCandidates { get; init; } = 200_000;
}

/// <summary>
/// Turns a domain into its lookalike candidates: every fuzzer over the registrable label, suffix swaps and the
/// "various" forms, each encoded to IDNA ASCII (a candidate IDNA refuses cannot be registered and is dropped), checked
/// as a host name, de-duplicated (the first fuzzer in <see cref="LookalikeFuzzers.Names"/> order keeps it) and never
/// the original itself. Streams: nothing but the de-duplication set is held.
/// </summary>
public static partial class LookalikeGenerator
{
    private static readonly Regex s_hostName = HostName();

    // Source-generated: no Reflection.Emit or JIT in a new process, and precompiled with the engine.
    [GeneratedRegex(@"^(?=.{4,253}$)((?!-)[a-z0-9-]{1,63}(?<!-)\.)+[a-z0-9-]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();

    public static IEnumerable<LookalikeCandidate> Generate(string domain, LookalikeGeneratorOptions? options = null)
    {
        options ??= new LookalikeGeneratorOptions();
        var parts = DomainParts.Parse(domain);
        var original = ToAscii(parts.Original) ?? parts.Original;
        var seen = new HashSet<string>(StringComparer.Ordinal) { original };
        var produced = 0;
        foreach (var (fuzzer, unicode, tld) in Raw(parts, options))
        {
            var ascii = ToAscii(unicode);
            if (ascii is null || !s_hostName.IsMatch(ascii) || HasReservedHyphens(ascii) || !seen.Add(ascii)) continue;
            if (++produced > options.MaxCandidates) yield break;
            string display;
            try { display = DomainParts.Idn.GetUnicode(ascii); } catch (ArgumentException) { display = ascii; }
            yield return new LookalikeCandidate(ascii, display, fuzzer, tld);
        }
    }

    private static IEnumerable<(string Fuzzer, string Domain, string Tld)> Raw(DomainParts p, LookalikeGeneratorOptions options)
    {
        bool On(string name) => options.Fuzzers is null || options.Fuzzers.Contains(name);
        var d = p.Label;
        IEnumerable<(string, IEnumerable<string>)> labelFuzzers = new (string, IEnumerable<string>)[]
        {
            ("addition", LookalikeFuzzers.Addition(d)),
            ("bitsquatting", LookalikeFuzzers.Bitsquatting(d)),
            ("cyrillic", LookalikeFuzzers.Cyrillic(d)),
            ("homoglyph", Lazy(() => LookalikeFuzzers.Homoglyph(d))),
            ("hyphenation", LookalikeFuzzers.Hyphenation(d)),
            ("insertion", LookalikeFuzzers.Insertion(d)),
            ("omission", LookalikeFuzzers.Omission(d)),
            ("repetition", LookalikeFuzzers.Repetition(d)),
            ("replacement", LookalikeFuzzers.Replacement(d)),
            ("subdomain", LookalikeFuzzers.Subdomain(d)),
            ("transposition", LookalikeFuzzers.Transposition(d)),
            ("vowel-swap", LookalikeFuzzers.VowelSwap(d)),
            ("plural", LookalikeFuzzers.Plural(d)),
            ("dictionary", LookalikeFuzzers.Dictionary(d, options.Dictionary)),
        };
        foreach (var (name, labels) in labelFuzzers)
        {
            if (!On(name)) continue;
            foreach (var label in labels) yield return (name, p.With(label), p.Tld);
        }
        if (On("tld-swap"))
            foreach (var raw in options.Tlds)
            {
                var tld = raw.Trim().Trim('.').ToLowerInvariant();
                if (tld.Length > 0 && tld != p.Tld) yield return ("tld-swap", p.With(d, tld), tld);
            }
        if (!On("various")) yield break;
        if (p.Tld.Contains('.'))
        {
            var last = p.Tld[(p.Tld.LastIndexOf('.') + 1)..];
            yield return ("various", p.With(d, last), last);                        // example.co.uk -> example.uk
            yield return ("various", Join(p.Subdomain, d + p.Tld), last);            // example.co.uk -> exampleco.uk
        }
        else
        {
            yield return ("various", p.With(d + p.Tld), p.Tld);                      // example.com -> examplecom.com
            if (p.Tld != "com") yield return ("various", p.With(d + "-" + p.Tld, "com"), "com"); // example.de -> example-de.com
        }
        if (p.Subdomain.Length > 0)
        {
            yield return ("various", $"{p.Subdomain}{d}.{p.Tld}", p.Tld);                              // www.example.com -> wwwexample.com
            yield return ("various", $"{p.Subdomain.Replace(".", "", StringComparison.Ordinal)}{d}.{p.Tld}", p.Tld);
            yield return ("various", $"{p.Subdomain}-{d}.{p.Tld}", p.Tld);                             // www-example.com
            yield return ("various", $"{p.Subdomain.Replace('.', '-')}-{d}.{p.Tld}", p.Tld);
        }
    }

    private static string Join(string sub, string rest) => sub.Length == 0 ? rest : $"{sub}.{rest}";

    private static IEnumerable<string> Lazy(Func<IEnumerable<string>> make)
    {
        foreach (var x in make()) yield return x;
    }

    /// <summary>IDNA ASCII form, lower-case; null when IDNA refuses the name (it could not be registered).</summary>
    public static string? ToAscii(string domain)
    {
        try { return DomainParts.Idn.GetAscii(domain).ToLowerInvariant(); }
        catch (ArgumentException) { return null; }
    }

    // IDNA 2008 reserves "--" in the third and fourth positions for encodings such as "xn--".
    private static bool HasReservedHyphens(string ascii)
    {
        foreach (var label in ascii.Split('.'))
            if (label.Length >= 4 && label[2] == '-' && label[3] == '-' && !label.StartsWith("xn--", StringComparison.Ordinal)) return true;
        return false;
    }
}
