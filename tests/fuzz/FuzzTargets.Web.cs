using System.Text;
using ApiThreat.Engine.Assessment.Hijack.Content;
using ApiThreat.Engine.Assessment.Hijack.Cookies;
using ApiThreat.Engine.Assessment.Hijack.Csp;
using ApiThreat.Engine.Assessment.Hijack.Observatory;
using ApiThreat.Engine.Fingerprints;

namespace ApiThreat.Fuzz;

/// <summary>What a web server sends: CSP (header and meta), Set-Cookie, and the technology fingerprint matcher.</summary>
public static partial class FuzzTargets
{
    /// <summary>A CSP header value: our parser and checks, and the Observatory grader's parser (its own exception).</summary>
    public static void CspHeader(byte[] data)
    {
        if (data.Length == 0) return;
        var text = Encoding.UTF8.GetString(data, 1, data.Length - 1);
        var policies = CspPolicy.ParseHeader(text, (data[0] & 1) == 0 ? CspDelivery.Header : CspDelivery.ReportOnly).ToList();
        Evaluate(policies);
        try { ObservatoryCsp.Parse(new[] { text }); }
        catch (ObservatoryCspException) { }
    }

    /// <summary>An HTML page: the &lt;meta http-equiv&gt; policies it carries, parsed as the hijack checks parse them.</summary>
    public static void CspMeta(byte[] data)
    {
        var facts = HtmlFacts.Parse(Encoding.UTF8.GetString(data));
        var policies = facts.MetaCsp.SelectMany(m => CspPolicy.ParseHeader(m, CspDelivery.Meta)).ToList();
        Evaluate(policies);
        try { ObservatoryCsp.ParseMeta(facts.MetaCsp.ToList()); }
        catch (ObservatoryCspException) { }
    }

    private static void Evaluate(List<CspPolicy> policies)
    {
        _ = CspChecks.Evaluate("https://a.test/", policies).ToList();
        foreach (var p in policies)
        {
            _ = CspChecks.InlineAllowed(p);
            _ = CspChecks.BroadScript(p);
        }
    }

    public static void Cookie(byte[] data)
    {
        foreach (var line in Encoding.UTF8.GetString(data).Split('\n'))
        {
            var cookie = SetCookie.Parse(line);
            if (cookie is null) continue;
            _ = cookie.PrefixViolation();
            _ = cookie.AcceptedBy("www.a.test", overHttps: true);
            _ = cookie.AcceptedBy("a.test", overHttps: false);
            _ = (cookie.SameSiteValid, cookie.SameSiteRestricts, cookie.SameSiteNone, cookie.LooksLikeSession, cookie.LooksLikeAntiCsrf);
        }
    }

    // In a holder class: the statics of FuzzTargets itself must not touch the instrumented engine before AFL
    // attaches (its coverage map is not mapped yet, and even loading an engine type runs instrumented code).
    private static class Fingerprints
    {
        public static readonly TechnologyStack Stack = TechnologyStack.Load(FingerprintDirectory());
    }

    /// <summary>
    /// A response as text: "Name: value" header lines, an empty line, then the body. Runs the whole bundled
    /// database (about 1,000 regexes under a timeout) over it; the harness flags any input slower than <see cref="Budget"/>.
    /// </summary>
    public static void Fingerprint(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var body = split < 0 ? "" : text[(split + 2)..];
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in head.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        _ = Fingerprints.Stack.Identify(new ResponseEvidence { Url = "https://a.test/", StatusCode = 200, Headers = headers, Body = body });
    }

    /// <summary>module/data/fingerprints above the running binary (the harness runs from output/fuzz/bin or a test bin).</summary>
    private static string FingerprintDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "module", "data", "fingerprints");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("module/data/fingerprints was not found above " + AppContext.BaseDirectory);
    }
}
