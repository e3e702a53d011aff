namespace ApiThreat.Engine.Fingerprints;

/// <summary>
/// Orders version strings as people mean them: numeric runs numerically, letter runs alphabetically, and a
/// trailing letter after numbers as a later patch (OpenSSL "1.0.2k" &gt; "1.0.2"); a pre-release word after a '-'
/// (1.2.0-beta) sorts before the release.
/// </summary>
public sealed class VersionComparer : IComparer<string?>
{
    public static readonly VersionComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var a = Tokens(x);
        var b = Tokens(y);
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            // A missing part equals zero (3.5 == 3.5.0); a missing pre-release word sorts after it (1.0 > 1.0-rc1).
            if (i >= a.Count) { if (b[i].Number == 0) continue; return b[i].PreRelease ? 1 : -1; }
            if (i >= b.Count) { if (a[i].Number == 0) continue; return a[i].PreRelease ? -1 : 1; }
            var (ta, tb) = (a[i], b[i]);
            if (ta.PreRelease != tb.PreRelease) return ta.PreRelease ? -1 : 1;
            int c;
            if (ta.Number is long na && tb.Number is long nb) c = na.CompareTo(nb);
            else if (ta.Number is not null) c = 1;  // 1.2.3 > 1.2.beta
            else if (tb.Number is not null) c = -1;
            else c = string.Compare(ta.Text, tb.Text, StringComparison.OrdinalIgnoreCase);
            if (c != 0) return c;
        }
        return 0;
    }

    private readonly record struct Token(long? Number, string Text, bool PreRelease);

    private static List<Token> Tokens(string version)
    {
        var tokens = new List<Token>();
        var i = 0;
        var v = version.Trim().TrimStart('v', 'V');
        while (i < v.Length)
        {
            var c = v[i];
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < v.Length && char.IsAsciiDigit(v[i])) i++;
                tokens.Add(new Token(long.TryParse(v.AsSpan(start, Math.Min(i - start, 18)), out var n) ? n : long.MaxValue, "", false));
            }
            else if (char.IsAsciiLetter(c))
            {
                var start = i;
                while (i < v.Length && char.IsAsciiLetter(v[i])) i++;
                var word = v[start..i];
                var isPre = start > 0 && v[start - 1] is '-' or '~' || word.ToLowerInvariant() is "alpha" or "beta" or "rc" or "pre" or "dev" or "snapshot" or "preview" or "b" or "a";
                // A letter glued to a number (1.0.2k) is a later patch level, not a pre-release.
                if (start > 0 && char.IsAsciiDigit(v[start - 1]) && word.Length == 1 && word is not ("a" or "b")) isPre = false;
                tokens.Add(new Token(null, word, isPre));
            }
            else i++;
        }
        return tokens;
    }

    /// <summary>
    /// True when <paramref name="version"/> is surely at least <paramref name="min"/> (inclusive) and below
    /// <paramref name="below"/> (exclusive); null bounds are open. A version less precise than a bound it shares a
    /// prefix with ("7" against below "7.58") could lie on either side: that is not a match.
    /// </summary>
    public static bool InRange(string version, string? min, string? below)
    {
        if (min is not null && (IsAmbiguous(version, min) || Instance.Compare(version, min) < 0)) return false;
        if (below is not null && (IsAmbiguous(version, below) || Instance.Compare(version, below) >= 0)) return false;
        return true;
    }

    private static bool IsAmbiguous(string version, string bound)
    {
        var v = Tokens(version);
        var b = Tokens(bound);
        if (v.Count >= b.Count) return false;
        for (var i = 0; i < v.Count; i++) if (v[i] != b[i]) return false;
        // The bound goes on past the version: only zeros (7 vs 7.0) keep it unambiguous.
        return b.Skip(v.Count).Any(t => t.Number is not 0);
    }
}
