using System.Globalization;

namespace ApiThreat.Engine.Assessment.Hijack.Observatory;

/// <summary>A policy list the Observatory refuses to parse (csp-header-invalid).</summary>
public sealed class ObservatoryCspException : Exception
{
    public ObservatoryCspException(string message) : base(message) { }
}

/// <summary>
/// The HTTP Observatory's reading of one or more CSP strings, reproduced for grade compatibility: policies shorter
/// than "img-sr" or with a repeated directive (other than report-uri/report-to) are invalid; several policies are
/// merged so that, for directives present in more than one, a source counts only when the later policy repeats
/// it (path-prefix aware); an empty -src directive means 'none'.
/// </summary>
public static class ObservatoryCsp
{
    private const int ShortestPolicy = 6; // "img-src".Length - 1
    private static readonly HashSet<string> s_allowedDuplicates = new(StringComparer.Ordinal) { "report-uri", "report-to" };
    private static readonly CompareInfo s_compare = CultureInfo.GetCultureInfo("en").CompareInfo;

    public sealed record Result(Dictionary<string, HashSet<string>> Directives, bool HasDuplicateWarnings);

    private sealed class Source
    {
        public required string Value { get; init; }
        public required int Index { get; init; }
        public bool Keep { get; set; }
    }

    public static Result Parse(IReadOnlyList<string> policies)
    {
        var clean = policies.Select(p => p.Replace("\r", "").Replace("\n", "").Trim()).ToList();
        var map = new Dictionary<string, List<Source>>(StringComparer.Ordinal);
        var duplicateWarnings = false;
        if (clean.Count == 0) return new Result(new(StringComparer.Ordinal), false);
        foreach (var p in clean)
            if (p.Length < ShortestPolicy) throw new ObservatoryCspException($"Invalid policy: '{p}'");

        for (var index = 0; index < clean.Count; index++)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in clean[index].Split(';'))
            {
                var parts = entry.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 0) continue;
                var directive = parts[0].ToLowerInvariant();
                if (!seen.Add(directive))
                {
                    if (s_allowedDuplicates.Contains(directive)) duplicateWarnings = true;
                    else throw new ObservatoryCspException($"Duplicate directive {directive} in policy {index}");
                }
                var keep = index == 0;
                var values = parts.Skip(1).Select(v => new Source { Value = v.Trim().ToLowerInvariant(), Index = index, Keep = keep }).ToList();
                if (values.Count == 0 && directive.EndsWith("-src", StringComparison.Ordinal))
                    values.Add(new Source { Value = "'none'", Index = index, Keep = keep });
                var combined = index == 0 ? values : (map.TryGetValue(directive, out var old) ? old.Concat(values).ToList() : values);
                combined = combined.OrderBy(s => s.Value, Comparer<string>.Create((a, b) => s_compare.Compare(a, b))).ToList();
                for (var i = 1; i < combined.Count; i++)
                {
                    var source = combined[i];
                    var prev = combined[i - 1];
                    if (source.Index == prev.Index && source.Value.StartsWith(prev.Value, StringComparison.Ordinal)) source.Keep = false;
                    if (source.Index != prev.Index && PathPartMatch(prev.Value, source.Value)) source.Keep = true;
                }
                var kept = combined.Where(s => s.Keep).ToList();
                map[directive] = kept;
                if (index == 0 && clean.Count > 1) foreach (var s in kept) s.Keep = false;
            }
        }
        var final = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (directive, sources) in map)
            final[directive] = sources.Count > 0 ? sources.Select(s => s.Value).ToHashSet(StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal) { "'none'" };
        return new Result(final, duplicateWarnings);
    }

    /// <summary>Parses &lt;meta&gt; policies and drops the directives HTML ignores there.</summary>
    public static Result ParseMeta(IReadOnlyList<string> policies)
    {
        var r = Parse(policies);
        foreach (var d in Csp.CspPolicy.IgnoredInMeta) r.Directives.Remove(d);
        return r;
    }

    private static bool PathPartMatch(string a, string b)
    {
        if (a.Length == 0) return true;
        if (a == "/" && b.Length == 0) return true;
        var exact = !a.EndsWith('/');
        var listA = a.Split('/').ToList();
        var listB = b.Split('/');
        if (listA.Count > listB.Length) return false;
        if (exact && listA.Count != listB.Length) return false;
        if (!exact) listA.RemoveAt(listA.Count - 1);
        for (var i = 0; i < listA.Count; i++)
            if (Unescape(listA[i]) != Unescape(listB[i])) return false;
        return true;
    }

    private static string Unescape(string s)
    {
        try { return Uri.UnescapeDataString(s); } catch (UriFormatException) { return s; }
    }
}
