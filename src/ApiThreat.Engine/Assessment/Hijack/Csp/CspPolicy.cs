using ApiThreat.Engine.Text;
namespace ApiThreat.Engine.Assessment.Hijack.Csp;

/// <summary>Where a policy came from: it decides what the browser enforces and which directives count.</summary>
public enum CspDelivery { Header, Meta, ReportOnly }

/// <summary>One directive as written: its lower-cased name and source expressions in order.</summary>
public sealed record CspDirective(string Name, IReadOnlyList<string> Sources);

/// <summary>
/// One serialized policy parsed per CSP Level 3 ("parse a serialized CSP"): directives split on ';', names
/// case-insensitive, the first occurrence of a name wins and later ones are reported. Problems a browser would
/// silently work around are collected in <see cref="Issues"/>.
/// </summary>
public sealed class CspPolicy
{
    private static readonly HashSet<string> s_known = new(StringComparer.Ordinal)
    {
        "default-src", "script-src", "script-src-elem", "script-src-attr", "style-src", "style-src-elem", "style-src-attr",
        "img-src", "font-src", "connect-src", "media-src", "object-src", "frame-src", "child-src", "worker-src",
        "manifest-src", "prefetch-src", "fenced-frame-src", "base-uri", "form-action", "frame-ancestors", "navigate-to",
        "sandbox", "report-uri", "report-to", "upgrade-insecure-requests", "block-all-mixed-content",
        "require-trusted-types-for", "trusted-types", "require-sri-for", "plugin-types", "webrtc",
    };

    /// <summary>Directives a &lt;meta http-equiv&gt; policy may not carry (HTML: they are ignored there).</summary>
    public static readonly IReadOnlySet<string> IgnoredInMeta = new HashSet<string>(StringComparer.Ordinal) { "frame-ancestors", "report-uri", "sandbox" };

    private static readonly HashSet<string> s_unquotedKeywords = new(StringComparer.Ordinal)
    { "self", "none", "unsafe-inline", "unsafe-eval", "strict-dynamic", "unsafe-hashes", "report-sample", "wasm-unsafe-eval" };

    public CspPolicy(string text, CspDelivery delivery)
    {
        Text = text;
        Delivery = delivery;
        var directives = new List<CspDirective>();
        var issues = new List<string>();
        var duplicates = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in text.Split(';'))
        {
            var tokens = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0) continue;
            var name = tokens[0].ToLowerInvariant();
            if (!IsDirectiveName(name)) { issues.Add($"'{TextSafety.Truncate(tokens[0], 60)}' is not a valid directive name"); continue; }
            if (!seen.Add(name)) { duplicates.Add(name); continue; }
            if (!s_known.Contains(name)) issues.Add($"unknown directive '{name}'");
            if (delivery == CspDelivery.Meta && IgnoredInMeta.Contains(name)) issues.Add($"'{name}' is ignored in a <meta> policy");
            var sources = tokens.Skip(1).Select(t => t.ToLowerInvariant()).ToList();
            foreach (var s in sources)
                if (s_unquotedKeywords.Contains(s) || s.StartsWith("nonce-", StringComparison.Ordinal) || s.StartsWith("sha256-", StringComparison.Ordinal))
                    issues.Add($"{name}: '{s}' must be single-quoted ('{s}'); unquoted it is read as a host name");
            directives.Add(new CspDirective(name, sources));
        }
        Directives = directives;
        Duplicates = duplicates;
        if (Directives.Count == 0) issues.Add("the policy has no directives");
        var script = Effective("script-src");
        if (script is not null && script.Contains("'strict-dynamic'") && !HasNonceOrHash(script))
            issues.Add("'strict-dynamic' without a nonce or hash allows no script at all");
        Issues = issues;
    }

    public string Text { get; }
    public CspDelivery Delivery { get; }
    public IReadOnlyList<CspDirective> Directives { get; }
    /// <summary>Directive names that occurred again after their first occurrence (ignored by browsers).</summary>
    public IReadOnlyList<string> Duplicates { get; }
    public IReadOnlyList<string> Issues { get; }

    public IReadOnlyList<string>? Get(string name)
    {
        if (Delivery == CspDelivery.Meta && IgnoredInMeta.Contains(name)) return null;
        foreach (var d in Directives) if (d.Name == name) return d.Sources;
        return null;
    }

    /// <summary>The list in force for a fetch directive: itself, else default-src; null = unrestricted.</summary>
    public IReadOnlyList<string>? Effective(string name) => Get(name) ?? (name.EndsWith("-src", StringComparison.Ordinal) ? Get("default-src") : null);

    public static bool HasNonceOrHash(IEnumerable<string> sources) =>
        sources.Any(s => s.StartsWith("'nonce-", StringComparison.Ordinal) || s.StartsWith("'sha256-", StringComparison.Ordinal)
                      || s.StartsWith("'sha384-", StringComparison.Ordinal) || s.StartsWith("'sha512-", StringComparison.Ordinal));

    /// <summary>Splits a header value into its policies (a comma separates policies in one header field).</summary>
    public static IEnumerable<CspPolicy> ParseHeader(string value, CspDelivery delivery)
    {
        foreach (var part in value.Split(','))
            if (part.Trim().Length > 0) yield return new CspPolicy(part.Trim(), delivery);
    }

    private static bool IsDirectiveName(string name)
    {
        foreach (var c in name) if (!(char.IsAsciiLetterOrDigit(c) || c == '-')) return false;
        return name.Length > 0;
    }

    public override string ToString() => Text;
}
