namespace ApiThreat.Engine.Discovery.Subdomains;

/// <summary>
/// Alterations of found names, the way organisations actually name things: numbers stepped (api3 -> api2, api4),
/// environment and version words added before or after (payments -> payments-dev, staging-payments, payments-v2),
/// and environment words swapped (dev-auth -> qa-auth). Only the first label changes; the parent stays.
/// </summary>
public static class Permutations
{
    private static readonly string[] s_words =
    {
        "dev", "test", "qa", "uat", "stage", "staging", "prod", "preprod", "sandbox", "int", "internal", "beta", "demo",
        "old", "new", "legacy", "v1", "v2", "v3", "api", "admin", "backup",
    };

    public static IEnumerable<string> For(string host)
    {
        var dot = host.IndexOf('.');
        if (dot <= 0) yield break;
        var label = host[..dot];
        var parent = host[(dot + 1)..];
        var seen = new HashSet<string>(StringComparer.Ordinal) { label };
        foreach (var candidate in Labels(label))
            if (candidate.Length <= 63 && seen.Add(candidate)) yield return $"{candidate}.{parent}";
    }

    private static IEnumerable<string> Labels(string label)
    {
        // Numbers stepped: the trailing number of the label.
        var end = label.Length;
        var start = end;
        while (start > 0 && char.IsAsciiDigit(label[start - 1])) start--;
        if (start < end && end - start <= 3 && start > 0)
        {
            var n = int.Parse(label.AsSpan(start), System.Globalization.CultureInfo.InvariantCulture);
            var stem = label[..start];
            var width = end - start;
            foreach (var m in new[] { n - 1, n + 1, n + 2, n + 3 })
                if (m >= 0) yield return stem + m.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0');
        }
        else
        {
            yield return label + "2";
            yield return label + "-2";
        }
        foreach (var w in s_words)
        {
            yield return $"{w}-{label}";
            yield return $"{label}-{w}";
        }
        // Swap environment words inside hyphenated labels.
        var parts = label.Split('-');
        if (parts.Length > 1)
            for (var i = 0; i < parts.Length; i++)
            {
                if (Array.IndexOf(s_words, parts[i]) < 0) continue;
                foreach (var w in s_words)
                {
                    if (w == parts[i]) continue;
                    var copy = (string[])parts.Clone();
                    copy[i] = w;
                    yield return string.Join('-', copy);
                }
            }
    }
}
