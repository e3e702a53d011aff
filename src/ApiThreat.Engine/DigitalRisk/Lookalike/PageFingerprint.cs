using System.IO.Hashing;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ApiThreat.Engine.DigitalRisk.Lookalike;

/// <summary>
/// A fuzzy hash of a web page: MinHash over three-token shingles of the normalised page (markup and text, lower-case,
/// the page's own host names replaced, numbers and whitespace folded), 64 slots of 16 bits, so two hashes estimate the
/// Jaccard similarity of the pages: 100 for a clone, near 0 for unrelated pages. A clone on a lookalike keeps the
/// original's structure and words but carries its own domain, nonces and dates: normalising them away is what lets
/// the score say "same page".
/// </summary>
public static partial class PageFingerprint
{
    private const int Slots = 64;
    private const string Prefix = "mh64:";
    private static readonly Regex s_tokens = Tokens();
    private static readonly ulong[] s_seeds = Seeds();

    /// <summary>The hash of a page, or null when the page has no content to compare.</summary>
    public static string? Compute(string html, params string[] ownHosts)
    {
        if (string.IsNullOrWhiteSpace(html)) return null;
        var text = Normalise(html, ownHosts);
        var tokens = s_tokens.Matches(text).Select(m => m.Value).ToArray();
        if (tokens.Length == 0) return null;
        Span<ulong> mins = stackalloc ulong[Slots];
        mins.Fill(ulong.MaxValue);
        var width = Math.Min(3, tokens.Length);
        for (var i = 0; i + width <= tokens.Length; i++)
        {
            var shingle = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(string.Join('\u0001', tokens, i, width)));
            for (var s = 0; s < Slots; s++)
            {
                var h = Mix(shingle ^ s_seeds[s]);
                if (h < mins[s]) mins[s] = h;
            }
        }
        var bytes = new byte[Slots * 2];
        for (var s = 0; s < Slots; s++) { bytes[2 * s] = (byte)(mins[s] >> 8); bytes[2 * s + 1] = (byte)mins[s]; }
        return Prefix + Convert.ToBase64String(bytes);
    }

    /// <summary>0-100: the share of slots two hashes agree on; null when either is not a hash of this kind.</summary>
    public static int? Compare(string? a, string? b)
    {
        if (Decode(a) is not { } x || Decode(b) is not { } y) return null;
        var same = 0;
        for (var s = 0; s < Slots; s++) if (x[2 * s] == y[2 * s] && x[2 * s + 1] == y[2 * s + 1]) same++;
        return (int)Math.Round(100.0 * same / Slots);
    }

    /// <summary>Lower-case, entities decoded, host names of the page replaced by one token, digits folded, whitespace collapsed.</summary>
    public static string Normalise(string html, IEnumerable<string> ownHosts)
    {
        var text = WebUtility.HtmlDecode(html).ToLowerInvariant();
        foreach (var host in ownHosts.Where(h => !string.IsNullOrEmpty(h)).OrderByDescending(h => h.Length))
            text = text.Replace(host.ToLowerInvariant(), " ownhost ", StringComparison.Ordinal);
        text = Regex.Replace(text, @"\d+", "0", RegexOptions.CultureInvariant);
        return Regex.Replace(text, @"\s+", " ", RegexOptions.CultureInvariant);
    }

    private static byte[]? Decode(string? hash)
    {
        if (hash is null || !hash.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        try
        {
            var bytes = Convert.FromBase64String(hash[Prefix.Length..]);
            return bytes.Length == Slots * 2 ? bytes : null;
        }
        catch (FormatException) { return null; }
    }

    // SplitMix64 finaliser: independent-looking permutations of the shingle hash, one per slot.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong[] Seeds()
    {
        var seeds = new ulong[Slots];
        var x = 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < Slots; i++) seeds[i] = Mix(x += 0x9E3779B97F4A7C15UL);
        return seeds;
    }

    // Source-generated: no Reflection.Emit or JIT in a new process, and precompiled with the engine.
    [GeneratedRegex(@"[\p{L}\p{Nd}_]+|[<>/=""]", RegexOptions.CultureInvariant)]
    private static partial Regex Tokens();
}
