using System.Text;

namespace ApiThreat.Engine.DigitalRisk.Lookalike;

/// <summary>
/// The permutation fuzzers: each takes the registrable label (Unicode) and yields altered labels. They follow the
/// typo and deception families dnstwist defines (so every dnstwist permutation is produced), plus plural forms and
/// single-letter Cyrillic swaps. Pure functions of their input; duplicates are removed by the caller.
/// </summary>
public static class LookalikeFuzzers
{
    /// <summary>Every fuzzer name, in the order that decides which one a candidate is credited to.</summary>
    public static readonly string[] Names =
    {
        "addition", "bitsquatting", "cyrillic", "homoglyph", "hyphenation", "insertion", "omission", "repetition",
        "replacement", "subdomain", "transposition", "vowel-swap", "plural", "dictionary", "tld-swap", "various",
    };

    private const string Vowels = "aeiou";
    private const string DnsChars = "abcdefghijklmnopqrstuvwxyz0123456789-";

    /// <summary>A letter or digit appended: example1, examplea.</summary>
    public static IEnumerable<string> Addition(string d)
    {
        for (var c = '0'; c <= '9'; c++) yield return d + c;
        for (var c = 'a'; c <= 'z'; c++) yield return d + c;
    }

    /// <summary>One bit of one character flipped (memory and transmission errors), when the result is still a DNS character.</summary>
    public static IEnumerable<string> Bitsquatting(string d)
    {
        for (var i = 0; i < d.Length; i++)
            for (var bit = 0; bit < 8; bit++)
            {
                var flipped = (char)(d[i] ^ (1 << bit));
                if (DnsChars.Contains(flipped)) yield return Replace(d, i, flipped.ToString());
            }
    }

    /// <summary>Cyrillic lookalikes: the whole label when every letter has one, and each letter alone.</summary>
    public static IEnumerable<string> Cyrillic(string d)
    {
        var whole = new StringBuilder(d.Length);
        var all = true;
        foreach (var c in d)
        {
            if (Glyphs.Cyrillic.TryGetValue(c, out var cy)) whole.Append(cy);
            else { whole.Append(c); all = false; }
        }
        if (all) yield return whole.ToString();
        for (var i = 0; i < d.Length; i++)
            if (Glyphs.Cyrillic.TryGetValue(d[i], out var cy)) yield return Replace(d, i, cy.ToString());
    }

    /// <summary>
    /// Homoglyphs in two rounds: in every window of the label, every occurrence of one character replaced by one of its
    /// lookalikes; then the same again on each result (two different characters swapped).
    /// </summary>
    public static IEnumerable<string> Homoglyph(string d)
    {
        var first = new HashSet<string>(Mix(d), StringComparer.Ordinal);
        var all = new HashSet<string>(first, StringComparer.Ordinal);
        foreach (var r in first) all.UnionWith(Mix(r));
        return all;
    }

    private static IEnumerable<string> Mix(string d)
    {
        for (var w = 1; w < d.Length; w++)
            for (var i = 0; i + w <= d.Length; i++)
            {
                var window = d.Substring(i, w);
                foreach (var c in window.Distinct())
                {
                    if (!Glyphs.Latin.TryGetValue(c, out var lookalikes)) continue;
                    foreach (var g in lookalikes)
                        yield return string.Concat(d.AsSpan(0, i), window.Replace(c.ToString(), g, StringComparison.Ordinal), d.AsSpan(i + w));
                }
            }
    }

    /// <summary>A hyphen between two characters.</summary>
    public static IEnumerable<string> Hyphenation(string d)
    {
        for (var i = 1; i < d.Length; i++) yield return d[..i] + "-" + d[i..];
    }

    /// <summary>A neighbouring key pressed with the intended one, before or after it (not at the ends).</summary>
    public static IEnumerable<string> Insertion(string d)
    {
        for (var i = 1; i < d.Length - 1; i++)
            foreach (var layout in Keyboards.Layouts)
                if (layout.TryGetValue(d[i], out var near))
                    foreach (var c in near)
                    {
                        yield return d[..i] + c + d[i..];
                        yield return d[..(i + 1)] + c + d[(i + 1)..];
                    }
    }

    /// <summary>One character left out.</summary>
    public static IEnumerable<string> Omission(string d)
    {
        for (var i = 0; i < d.Length; i++) yield return d.Remove(i, 1);
    }

    /// <summary>One character typed twice.</summary>
    public static IEnumerable<string> Repetition(string d)
    {
        for (var i = 0; i < d.Length; i++) yield return d.Insert(i, d[i].ToString());
    }

    /// <summary>One character replaced by a neighbouring key.</summary>
    public static IEnumerable<string> Replacement(string d)
    {
        for (var i = 0; i < d.Length; i++)
            foreach (var layout in Keyboards.Layouts)
                if (layout.TryGetValue(d[i], out var near))
                    foreach (var c in near) yield return Replace(d, i, c.ToString());
    }

    /// <summary>A dot inside the label: the tail becomes a registrable domain of its own (exa.mple.com).</summary>
    public static IEnumerable<string> Subdomain(string d)
    {
        for (var i = 1; i < d.Length - 1; i++)
            if (d[i] is not ('-' or '.') && d[i - 1] is not ('-' or '.')) yield return d[..i] + "." + d[i..];
    }

    /// <summary>Two neighbouring characters swapped.</summary>
    public static IEnumerable<string> Transposition(string d)
    {
        for (var i = 0; i < d.Length - 1; i++)
            yield return string.Concat(d.AsSpan(0, i), d[i + 1].ToString(), d[i].ToString(), d.AsSpan(i + 2));
    }

    /// <summary>One vowel replaced by another.</summary>
    public static IEnumerable<string> VowelSwap(string d)
    {
        for (var i = 0; i < d.Length; i++)
            if (Vowels.Contains(d[i]))
                foreach (var v in Vowels)
                    if (v != d[i]) yield return Replace(d, i, v.ToString());
    }

    /// <summary>Plural forms: at the end (-s, -es after s/x/z) and after any inner character (compound names: bankscorp).</summary>
    public static IEnumerable<string> Plural(string d)
    {
        yield return d + Suffix(d[^1]);
        for (var i = 2; i < d.Length - 2; i++) yield return d[..(i + 1)] + Suffix(d[i]) + d[(i + 1)..];
        static string Suffix(char c) => c is 's' or 'x' or 'z' ? "es" : "s";
    }

    /// <summary>Dictionary words before or after the label, with and without a hyphen, and in place of a hyphenated part.</summary>
    public static IEnumerable<string> Dictionary(string d, IEnumerable<string> words)
    {
        var list = words.ToArray();
        foreach (var word in list)
        {
            if (d.StartsWith(word, StringComparison.Ordinal) && d.EndsWith(word, StringComparison.Ordinal)) continue;
            yield return d + "-" + word;
            yield return d + word;
            yield return word + "-" + d;
            yield return word + d;
        }
        if (!d.Contains('-')) yield break;
        var parts = d.Split('-');
        foreach (var word in list)
        {
            yield return string.Join('-', parts[..^1]) + "-" + word;
            yield return word + "-" + string.Join('-', parts[1..]);
        }
    }

    private static string Replace(string d, int i, string with) => string.Concat(d.AsSpan(0, i), with, d.AsSpan(i + 1));
}
