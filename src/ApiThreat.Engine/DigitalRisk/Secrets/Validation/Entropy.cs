namespace ApiThreat.Engine.DigitalRisk.Secrets.Validation;

/// <summary>Shannon entropy of a value in bits per character: random keys score high, words and repeats low.</summary>
public static class Entropy
{
    public static double Shannon(string value)
    {
        if (value.Length == 0) return 0;
        Span<int> ascii = stackalloc int[128];
        Dictionary<char, int>? other = null;
        foreach (var c in value)
        {
            if (c < 128) ascii[c]++;
            else { other ??= new(); other[c] = other.GetValueOrDefault(c) + 1; }
        }
        double bits = 0, n = value.Length;
        foreach (var count in ascii) if (count > 0) bits -= count / n * Math.Log2(count / n);
        if (other is not null) foreach (var count in other.Values) bits -= count / n * Math.Log2(count / n);
        return bits;
    }
}
