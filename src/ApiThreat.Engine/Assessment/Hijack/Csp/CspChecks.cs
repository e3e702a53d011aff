using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Hijack.Csp;

/// <summary>
/// Evaluates the policies a browser enforces for script execution. With several enforced policies a resource
/// must pass all of them, so a weakness is reported only when every enforced policy has it.
/// </summary>
public static class CspChecks
{
    private static readonly HashSet<string> s_broadScript = new(StringComparer.Ordinal)
    { "*", "http:", "https:", "data:", "blob:", "ftp:", "http://*", "https://*", "http://*.*", "https://*.*", "filesystem:" };

    public static IEnumerable<Finding> Evaluate(string target, IReadOnlyList<CspPolicy> policies)
    {
        var enforced = policies.Where(p => p.Delivery != CspDelivery.ReportOnly && p.Directives.Count > 0).ToList();
        if (enforced.Count == 0)
        {
            var reportOnly = policies.FirstOrDefault(p => p.Delivery == CspDelivery.ReportOnly);
            yield return reportOnly is not null
                ? HijackRules.CspReportOnly.ToFinding(target, $"Content-Security-Policy-Report-Only: {reportOnly.Text}")
                : HijackRules.CspMissing.ToFinding(target, "no Content-Security-Policy header and no <meta http-equiv=\"Content-Security-Policy\">");
            yield break;
        }

        var inline = enforced.Select(p => (p, why: InlineAllowed(p))).ToList();
        if (inline.All(x => x.why is not null))
            yield return HijackRules.CspUnsafeInline.ToFinding(target, string.Join(" | ", inline.Select(x => $"{Where(x.p)}: {x.why}")));

        if (enforced.All(p => p.Effective("script-src") is null || p.Effective("script-src")!.Contains("'unsafe-eval'")))
            yield return HijackRules.CspUnsafeEval.ToFinding(target, string.Join(" | ", enforced.Select(p =>
                $"{Where(p)}: script-src {(p.Effective("script-src") is null ? "not restricted" : "contains 'unsafe-eval'")}")));

        var broad = enforced.Select(p => (p, why: BroadScript(p))).ToList();
        if (broad.All(x => x.why is not null))
            yield return HijackRules.CspBroadScriptSource.ToFinding(target, string.Join(" | ", broad.Select(x => $"{Where(x.p)}: {x.why}")));

        if (enforced.All(p => p.Effective("object-src") is not { } o || o.Any(s => s_broadScript.Contains(s))))
            yield return HijackRules.CspObjectSrcMissing.ToFinding(target, string.Join(" | ", enforced.Select(p =>
                p.Effective("object-src") is { } o ? $"{Where(p)}: object-src {string.Join(' ', o)}" : $"{Where(p)}: neither object-src nor default-src")));

        if (enforced.All(p => p.Get("base-uri") is not { } b || b.Any(s => s_broadScript.Contains(s))))
            yield return HijackRules.CspBaseUriMissing.ToFinding(target, $"base-uri not restricted in {string.Join(", ", enforced.Select(Where))} (base-uri has no default-src fallback)");

        var problems = policies.SelectMany(p => p.Duplicates.Select(d => $"{Where(p)}: directive '{d}' repeated (only the first counts)").Concat(p.Issues.Select(i => $"{Where(p)}: {i}"))).ToList();
        if (problems.Count > 0)
            yield return HijackRules.CspMalformed.ToFinding(target, string.Join(" | ", problems.Take(10)));
    }

    private static string Where(CspPolicy p) => p.Delivery switch
    {
        CspDelivery.Meta => "<meta> policy",
        CspDelivery.ReportOnly => "report-only policy",
        _ => "header policy",
    };

    /// <summary>Why inline script runs under this policy, or null when it is blocked.</summary>
    public static string? InlineAllowed(CspPolicy p)
    {
        var script = p.Effective("script-src");
        if (script is null) return "no script-src or default-src: inline script is not restricted";
        if (script.Contains("'unsafe-inline'") && !CspPolicy.HasNonceOrHash(script)) return $"script-src {string.Join(' ', script)}";
        return null;
    }

    /// <summary>Why script may load from anywhere (or from plain HTTP) under this policy, or null.</summary>
    public static string? BroadScript(CspPolicy p)
    {
        var script = p.Effective("script-src");
        if (script is null) return "no script-src or default-src: scripts may load from anywhere";
        // With 'strict-dynamic' and a nonce or hash, browsers ignore host and scheme sources.
        if (script.Contains("'strict-dynamic'") && CspPolicy.HasNonceOrHash(script)) return null;
        var bad = script.Where(s => s_broadScript.Contains(s) || s.StartsWith("http://", StringComparison.Ordinal) || s.StartsWith("*.", StringComparison.Ordinal) && s.Count(c => c == '.') < 2).ToList();
        return bad.Count > 0 ? $"script-src allows {string.Join(' ', bad)}" : null;
    }
}
